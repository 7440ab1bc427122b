"""Content rules (loa.checks.content): on the real content, and on small bad examples in
``tmp_path`` that prove each rule can fail and names file and line.

The same functions run in ``invoke check`` and ``invoke build`` (the ``loa.checks`` plugin);
these tests also hold the repository to the stricter rule that every translation records its
source's current hash.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from loa.checks import content as rules
from loa.checks.content import (
    check_content,
    check_nfc,
    check_outdated_facts,
    check_pictograms,
    check_sentence_length,
    check_source_metadata,
    check_translation_hashes,
    load_outdated,
    sentences,
    syllables,
)
from loa.site.policy import hash_file_text
from loa.problems import WARNING

ROOT = Path(__file__).resolve().parent.parent
PAGES = ROOT / "content" / "pages"
PICTOGRAMS = ROOT / "content" / "pictograms"
OUTDATED = ROOT / "content" / "data" / "outdated.yaml"
SOURCE_LANGUAGE = "vi"


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def lines(problems) -> list[str]:
    return [str(p) for p in problems]


def real_facts():
    facts, problems = load_outdated(OUTDATED, ROOT)
    assert problems == []
    return facts


# --- the real content -------------------------------------------------------------------------


def test_real_source_pages_have_summary_sources_and_review_date():
    assert lines(check_source_metadata(PAGES, ROOT)) == []


def test_real_outdated_facts_file_lists_the_2011_law_and_the_old_hotline():
    facts = real_facts()
    assert len(facts) >= 2
    assert any(f.pattern.search("Luật số 66/2011/QH12") for f in facts)
    assert any(f.pattern.search("1800 1567") for f in facts)


def test_real_pages_do_not_state_an_outdated_fact_as_current():
    assert lines(check_outdated_facts(PAGES, real_facts(), ROOT)) == []


def test_real_pictograms_exist_and_are_small():
    assert lines(check_pictograms(PAGES, PICTOGRAMS, ROOT)) == []


def test_real_translations_match_a_source_and_its_current_hash():
    assert lines(check_translation_hashes(PAGES, ROOT)) == []


def test_real_pages_are_nfc():
    assert lines(check_nfc(PAGES, ROOT)) == []


def test_the_build_finds_no_error_in_the_real_content():
    errors = [p for p in check_content(ROOT / "content", ROOT, production=True) if p.severity != WARNING]
    assert lines(errors) == []


def test_the_staff_handbook_is_marked_and_left_out_of_the_sentence_length_warning():
    assert rules.audience(_read(PAGES / "vi" / "so-tay-can-bo.md")) == "staff"
    assert not any("so-tay-can-bo" in p.path for p in check_sentence_length(PAGES, ROOT))


def test_real_content_has_at_least_fifteen_source_pages_each_with_english():
    sources = {p.name for p in (PAGES / SOURCE_LANGUAGE).glob("*.md")}
    english = {p.name for p in (PAGES / "en").glob("*.md")}
    assert len(sources) >= 15
    assert sources <= english, sorted(sources - english)


@pytest.mark.parametrize("path", sorted(PICTOGRAMS.glob("*.svg")), ids=lambda p: p.name)
def test_real_pictogram_is_a_plain_48_box_drawing(path):
    svg = _read(path)
    assert 'viewBox="0 0 48 48"' in svg
    assert "<title" not in svg and "<text" not in svg
    colours = set(re.findall(r'(?:fill|stroke)="([^"]+)"', svg))
    assert colours <= {"none", "currentColor"}, colours


# --- the checkers can fail --------------------------------------------------------------------

GOOD_SOURCE = """title: Trang thử
summary: Tóm tắt ngắn.
sources: Luật Phòng, chống mua bán người số 53/2024/QH15 (có hiệu lực từ 01/7/2025)
reviewed_on: 2026-11-29

Nội dung.
"""


def _write(root: Path, relative: str, text: str) -> Path:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_good_fixture_passes_every_check(tmp_path):
    _write(tmp_path, "vi/trang.md", GOOD_SOURCE)
    _write(tmp_path, "en/trang.md", f"title: Test\nsource_hash: {hash_file_text(GOOD_SOURCE)}\n\nBody.\n")
    assert check_source_metadata(tmp_path) == []
    assert check_outdated_facts(tmp_path, real_facts()) == []
    assert check_translation_hashes(tmp_path) == []
    assert check_sentence_length(tmp_path) == []


@pytest.mark.parametrize(
    "text, expected",
    [
        ("title: T\nsources: x\nreviewed_on: 2026-11-29\n\nBody\n", "vi/trang.md:1: missing 'summary'"),
        ("title: T\nsummary: s\nreviewed_on: 2026-11-29\n\nBody\n", "vi/trang.md:1: missing 'sources'"),
        ("title: T\nsummary: s\nsources: x\n\nBody\n", "vi/trang.md:1: missing 'reviewed_on'"),
        ("title: T\nsummary: " + "a" * 161 + "\nsources: x\nreviewed_on: 2026-11-29\n\nBody\n", "vi/trang.md:2: summary is 161 characters"),
        ("title: T\nsummary: s\nsources: x\nreviewed_on: 2026-11-29\naudience: cadres\n\nBody\n", "vi/trang.md:5: audience 'cadres' is not known"),
    ],
)
def test_source_metadata_check_names_file_and_line(tmp_path, text, expected):
    _write(tmp_path, "vi/trang.md", text)
    assert any(str(p).startswith(expected) for p in check_source_metadata(tmp_path, tmp_path))


def test_missing_metadata_can_be_a_warning_for_development_builds(tmp_path):
    _write(tmp_path, "vi/trang.md", "title: T\nsummary: s\nreviewed_on: 2026-11-29\n\nBody\n")
    (problem,) = check_source_metadata(tmp_path, tmp_path, missing=WARNING)
    assert str(problem).startswith("vi/trang.md:1: warning: missing 'sources'")


@pytest.mark.parametrize(
    "body, line",
    [
        ("Theo Luật số 66/2011/QH12, bạn có quyền.\n", 3),
        ("Intro.\n\nLuật Phòng, chống mua bán người năm 2011 quy định rằng…\n", 5),
        ("Under the 2011 law you may ask for help.\n", 3),
        ("Gọi 1800 1567 để được giúp.\n", 3),
        ("Call 1800.1567 now.\n", 3),
        ("Gọi 18001567.\n", 3),
    ],
)
def test_outdated_fact_check_finds_old_law_and_old_hotline(tmp_path, body, line):
    _write(tmp_path, "hmn/trang.md", "title: T\n\n" + body)
    (problem,) = check_outdated_facts(tmp_path, real_facts(), tmp_path)
    assert str(problem).startswith(f"hmn/trang.md:{line}: outdated fact: "), problem
    assert problem.hint.startswith("write instead: ")


@pytest.mark.parametrize(
    "body",
    [
        "Luật 53/2024/QH15 đã thay thế Luật số 66/2011/QH12.\n",
        "Law 53/2024/QH15 replaced the 2011 law.\n",
        "Luật số 66/2011/QH12 đã hết hiệu lực.\n",
        "Số 1800 1567 không còn dùng nữa.\n",
        "The old line 1800 1567 is no longer in service.\n",
    ],
)
def test_outdated_fact_check_allows_historical_mentions(tmp_path, body):
    _write(tmp_path, "vi/trang.md", "title: T\n\n" + body)
    assert check_outdated_facts(tmp_path, real_facts()) == []


def test_historical_word_must_be_in_the_same_paragraph(tmp_path):
    _write(tmp_path, "vi/trang.md", "title: T\n\nLuật cũ đã bị thay thế.\n\nTheo Luật số 66/2011/QH12, bạn có quyền.\n")
    (problem,) = check_outdated_facts(tmp_path, real_facts(), tmp_path)
    assert str(problem).startswith("vi/trang.md:5: "), problem


def test_a_communicator_can_add_an_outdated_fact_as_data(tmp_path):
    facts_file = _write(tmp_path, "outdated.yaml", "outdated:\n  - pattern: 'cấp huyện'\n"
                                                   "    allowed_with: 'không còn'\n"
                                                   "    reason: districts were abolished on 1 July 2025\n"
                                                   "    current: say 'xã' or 'tỉnh'\n")
    facts, problems = load_outdated(facts_file, tmp_path)
    assert problems == []
    _write(tmp_path, "pages/vi/trang.md", "title: T\n\nHỏi cán bộ cấp huyện.\n")
    (problem,) = check_outdated_facts(tmp_path / "pages", facts, tmp_path)
    assert (problem.line, problem.message) == (3, "outdated fact: districts were abolished on 1 July 2025")
    assert problem.hint == ("write instead: say 'xã' or 'tỉnh'; "
                            "or say in the same paragraph that it is history (không còn)")


@pytest.mark.parametrize(
    "yaml_text, expected",
    [
        ("outdated:\n  - pattern: 'x'\n    reason: r\n", "outdated.yaml:2: this outdated fact has no 'current'"),
        ("outdated:\n  - pattern: 'x'\n    reason: r\n    current: c\n    note: n\n", "outdated.yaml:5: unknown key 'note'"),
        ("outdated:\n  - pattern: 'x('\n    reason: r\n    current: c\n", "outdated.yaml:2: 'pattern' is not a valid pattern"),
        ("outdated:\n  - just words\n", "outdated.yaml:2: each outdated fact must be an entry"),
        ("facts: []\n", "outdated.yaml:1: the file must start with 'outdated:'"),
        ("outdated:\n  - pattern: 'x\n", "outdated.yaml:"),
    ],
)
def test_a_bad_outdated_facts_file_is_reported_at_its_line(tmp_path, yaml_text, expected):
    facts_file = _write(tmp_path, "outdated.yaml", yaml_text)
    facts, problems = load_outdated(facts_file, tmp_path)
    assert facts == []
    assert [str(p) for p in problems if str(p).startswith(expected)], [str(p) for p in problems]


def test_pictogram_check_finds_unknown_large_and_unlabelled_pictograms(tmp_path):
    pictograms = tmp_path / "pictograms"
    _write(tmp_path, "pictograms/phone.svg", '<svg viewBox="0 0 48 48"/>')
    _write(tmp_path, "pictograms/big.svg", "<svg>" + " " * 2000 + "</svg>")
    pages = tmp_path / "pages"
    _write(pages, "vi/trang.md", "title: T\n\n[[picto:phone|Điện thoại]]\n\n[[picto:ghost|Ma]]\n\n[[picto:big|To]]\n\n[[picto:phone|]]\n")
    problems = lines(check_pictograms(pages, pictograms, pages))
    assert any(p.startswith("vi/trang.md:5: unknown pictogram 'ghost'") for p in problems), problems
    assert any(p.startswith("vi/trang.md:7: pictogram 'big' is") for p in problems), problems
    assert any(p.startswith("vi/trang.md:9: pictogram 'phone' has no alt text") for p in problems), problems
    assert not any(":3:" in p for p in problems), problems
    (size,) = rules.check_pictogram_sizes(pictograms, tmp_path)
    assert str(size).startswith("pictograms/big.svg:1: pictogram 'big' is 2011 bytes")


def test_translation_check_finds_orphans_and_stale_hashes(tmp_path):
    _write(tmp_path, "vi/trang.md", GOOD_SOURCE)
    _write(tmp_path, "en/trang.md", "title: Test\ntranslator: Loa team\nsource_hash: 0000000000000000\n\nBody.\n")
    _write(tmp_path, "en/khong-co.md", "title: Orphan\n\nBody.\n")
    _write(tmp_path, "hni/trang.md", "title: Draft\n\nBody.\n")
    problems = lines(check_translation_hashes(tmp_path, tmp_path))
    assert any(p.startswith("en/khong-co.md:1: no source page vi/khong-co.md") for p in problems), problems
    assert any(p.startswith("en/trang.md:3: source_hash is 0000000000000000") for p in problems), problems
    assert any(p.startswith("hni/trang.md:1: source_hash is missing") for p in problems), problems


def test_the_build_reports_a_malformed_hash_but_not_a_stale_one(tmp_path):
    _write(tmp_path, "vi/trang.md", GOOD_SOURCE)
    _write(tmp_path, "en/trang.md", "title: Test\nsource_hash: 0000000000000000\n\nBody.\n")
    _write(tmp_path, "hmn/trang.md", "title: Test\nsource_hash: 12ab\n\nBody.\n")
    assert lines(check_translation_hashes(tmp_path, tmp_path, stale=False)) == [
        "hmn/trang.md:2: source_hash '12ab' is not a hash (16 letters a-f and digits)\n"
        "    hint: copy it again from 'invoke i18n.status', or run 'invoke i18n.stamp'"]


def test_translation_goes_stale_when_the_source_body_changes(tmp_path):
    _write(tmp_path, "vi/trang.md", GOOD_SOURCE)
    _write(tmp_path, "en/trang.md", f"title: Test\nsource_hash: {hash_file_text(GOOD_SOURCE)}\n\nBody.\n")
    assert check_translation_hashes(tmp_path) == []
    _write(tmp_path, "vi/trang.md", GOOD_SOURCE.replace("Nội dung.", "Nội dung mới."))
    assert len(check_translation_hashes(tmp_path)) == 1


def test_nfc_check_finds_decomposed_text(tmp_path):
    _write(tmp_path, "vi/trang.md", "title: T\n\nTie\u0302\u0301ng Vie\u0323\u0302t\n")
    (problem,) = check_nfc(tmp_path, tmp_path)
    assert str(problem).startswith("vi/trang.md:3: text is not in Unicode NFC"), problem


LONG = " ".join(["một"] * 26) + "."
SHORT = " ".join(["một"] * 25) + "."


@pytest.mark.parametrize(
    "body, expected_lines",
    [
        (SHORT + "\n", []),
        (LONG + "\n", [6]),
        ("Câu ngắn. " + LONG + "\n", [6]),
        ("- " + SHORT + "\n- " + SHORT + "\n", []),
        ("Dòng đầu\n" + " ".join(["hai"] * 24) + ".\n", [6]),
        ("## " + " ".join(["tiêu"] * 26) + "\n", [6]),
        ("Gọi [[hotline:111]] hoặc xem [trang này](https://example.org/a/b/c) " + " ".join(["x"] * 20) + ".\n", []),
        ("| a | " + " ".join(["ô"] * 26) + " |\n", [6]),
        ("Đoạn một.\n\n" + LONG + "\n", [8]),
    ],
)
def test_sentence_length_warning_counts_syllables_per_sentence(tmp_path, body, expected_lines):
    _write(tmp_path, "vi/trang.md", GOOD_SOURCE.replace("Nội dung.\n", body))
    problems = check_sentence_length(tmp_path, tmp_path)
    assert [p.line for p in problems] == expected_lines
    assert all(p.severity == WARNING and "pages for villagers keep to 25" in p.message for p in problems)


def test_sentence_length_leaves_staff_pages_and_translations_alone(tmp_path):
    _write(tmp_path, "vi/so-tay.md", GOOD_SOURCE.replace("reviewed_on", "audience: staff\nreviewed_on").replace("Nội dung.", LONG))
    _write(tmp_path, "en/trang.md", "title: T\n\n" + " ".join(["word"] * 40) + ".\n")
    assert check_sentence_length(tmp_path) == []


@pytest.mark.parametrize("sentence, count", [("Gọi 111 ngay, miễn phí.", 5), ("— Đừng đi! —", 2), ("", 0)])
def test_syllables_are_space_separated_tokens_with_a_letter_or_digit(sentence, count):
    assert syllables(sentence) == count


def test_sentences_start_at_their_own_line():
    text = "title: T\n\nMột câu. Hai câu\ndài hơn.\n\n- Mục\n"
    assert list(sentences(text, 3)) == [(3, "Một câu."), (3, "Hai câu dài hơn."), (6, "Mục")]


def content_rule_messages() -> list[str]:
    """The fixed part of every message loa/checks/content.py writes: the third argument of
    each ``_problem(path, line, message, …)`` call, and the message of each ``(line, message,
    hint)`` that a per-text rule (``…_in_text``) returns."""
    import ast

    from tests.test_errors_doc import stable_fragment

    tree = ast.parse(Path(rules.__file__).read_text(encoding="utf-8"))
    messages = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "_problem" and len(node.args) >= 3:
            messages.append(node.args[2])
        if isinstance(node, ast.FunctionDef) and node.name.endswith("_in_text"):
            messages += [t.elts[1] for t in ast.walk(node) if isinstance(t, ast.Tuple) and len(t.elts) == 3]
    found = []
    for message in messages:
        fragment = stable_fragment(message)
        if fragment and fragment.strip():
            found.append(fragment)
    return found


def test_the_content_rule_messages_are_found_in_the_code():
    assert "text is not in Unicode NFC" in content_rule_messages()
    assert len(content_rule_messages()) >= 12


@pytest.mark.parametrize("fragment", content_rule_messages())
def test_every_content_rule_message_is_described_in_errors_md(fragment):
    doc = (ROOT / "docs" / "errors.md").read_text(encoding="utf-8")
    assert fragment in doc, f"docs/errors.md does not explain: {fragment!r}"


# --- the rules run in the build ---------------------------------------------------------------


def test_invoke_build_stops_on_an_outdated_fact_and_warns_about_a_long_sentence(site):
    from loa.problems import ProblemsFound

    site.write("data/outdated.yaml", OUTDATED.read_text(encoding="utf-8"))
    page = site.write("pages/vi/cu.md", GOOD_SOURCE.replace("Nội dung.", "Gọi 1800 1567 để được giúp.\n\n" + LONG))
    with pytest.raises(ProblemsFound) as caught:
        site.build(keep_output=False)
    found = [str(p).split("\n")[0] for p in caught.value.problems]
    assert f"{page}:6: outdated fact: the old hotline 1800 1567 was replaced by 111 on 6 December 2017 (research/domain.md)" in found
    assert any(p.startswith(f"{page}:8: warning: a sentence of 26 syllables") for p in found), found


def test_missing_sources_warn_in_development_and_stop_a_production_build(site):
    from loa.problems import ProblemsFound

    page = site.write("pages/vi/moi.md", "title: Mới\nsummary: Trang mới.\nreviewed_on: 2026-12-01\n\nNội dung.\n")
    result = site.build(keep_output=False)
    assert f"{page}:1: warning: missing 'sources' in the metadata block" in [str(w).split("\n")[0] for w in result.warnings]
    with pytest.raises(ProblemsFound) as caught:
        site.build(production=True, keep_output=False)
    assert f"{page}:1: missing 'sources' in the metadata block" in [str(p).split("\n")[0] for p in caught.value.problems]
