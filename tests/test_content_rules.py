"""Content rules that need no build: metadata of source pages, outdated facts, pictograms,
translation freshness.

Each checker takes a directory and returns a list of problems as ``path:line: message``, so the
same function runs on the real ``content/`` and on small bad fixtures in ``tmp_path`` (which
prove the checks can fail).

The facts behind the outdated-fact rules (research/domain.md, section 0 and section 2):
- Law No. 66/2011/QH12 was replaced by Law No. 53/2024/QH15, in force since 1 July 2025.
- The old hotline (a number starting 1800 that was replaced by 111 on 6 Dec 2017) must never be
  printed as current.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from loa.freshness.core import hash_file_text, split_metadata

ROOT = Path(__file__).resolve().parent.parent
PAGES = ROOT / "content" / "pages"
PICTOGRAMS = ROOT / "content" / "pictograms"

SOURCE_LANGUAGE = "vi"
REQUIRED_SOURCE_KEYS = ("summary", "sources", "reviewed_on")
SUMMARY_MAX = 160
PICTOGRAM_MAX_BYTES = 1024

OLD_LAW = re.compile(
    r"66/2011/QH12"
    r"|luật phòng,? chống mua bán người năm 2011"
    r"|luật năm 2011"
    r"|2011 law"
    r"|law (no\.? )?66/2011",
    re.IGNORECASE,
)
OLD_LAW_ALLOWED = re.compile(r"thay thế|replace|hết hiệu lực", re.IGNORECASE)
OLD_HOTLINE = re.compile(r"1800[\s.\-]?1567")
OLD_HOTLINE_ALLOWED = re.compile(r"không còn|no longer", re.IGNORECASE)


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def _where(path: Path, line: int, root: Path) -> str:
    try:
        shown = path.relative_to(root)
    except ValueError:
        shown = path
    return f"{shown}:{line}"


def _key_line(text: str, key: str) -> int:
    """1-based line of ``key:`` in the metadata block, or 1 when the key is absent."""
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            break
        if re.match(rf"^{re.escape(key)}\s*:", line, re.IGNORECASE):
            return number
    return 1


def _paragraphs(text: str):
    """Yield (first line number, list of (line number, line)) for each blank-line-separated block."""
    block: list[tuple[int, str]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            block.append((number, line))
        elif block:
            yield block
            block = []
    if block:
        yield block


def check_source_metadata(pages: Path, root: Path | None = None) -> list[str]:
    """Every source page has summary, sources and reviewed_on; a summary fits in 160 characters."""
    root = root or pages
    problems = []
    for path in sorted((pages / SOURCE_LANGUAGE).glob("*.md")):
        text = _read(path)
        meta, _ = split_metadata(text)
        for key in REQUIRED_SOURCE_KEYS:
            if not meta.get(key, "").strip():
                problems.append(f"{_where(path, 1, root)}: missing '{key}' in the metadata block; add a line '{key}: …'")
        summary = meta.get("summary", "")
        if len(summary) > SUMMARY_MAX:
            problems.append(
                f"{_where(path, _key_line(text, 'summary'), root)}: summary is {len(summary)} characters;"
                f" shorten it to {SUMMARY_MAX} or fewer"
            )
    return problems


def check_outdated_facts(pages: Path, root: Path | None = None) -> list[str]:
    """No page cites the 2011 law as current or prints the old hotline as current."""
    root = root or pages
    problems = []
    for path in sorted(pages.rglob("*.md")):
        for block in _paragraphs(_read(path)):
            joined = " ".join(line for _, line in block)
            for number, line in block:
                if OLD_LAW.search(line) and not OLD_LAW_ALLOWED.search(joined):
                    problems.append(
                        f"{_where(path, number, root)}: cites the 2011 law as if current; it was replaced by"
                        " Law 53/2024/QH15 (in force from 1 July 2025): cite that, or say 'thay thế'/'replaced'"
                    )
                if OLD_HOTLINE.search(line) and not OLD_HOTLINE_ALLOWED.search(joined):
                    problems.append(
                        f"{_where(path, number, root)}: the old hotline was replaced by 111 in 2017;"
                        " use [[hotline:111]], or say in the same paragraph that it is 'không còn'/'no longer' used"
                    )
    return problems


def check_pictograms(pages: Path, pictograms: Path, root: Path | None = None) -> list[str]:
    """Every [[picto:NAME|alt]] names an SVG in the pictograms folder of at most 1 KB, with alt text."""
    root = root or pages
    problems = []
    for path in sorted(pages.rglob("*.md")):
        for number, line in enumerate(_read(path).splitlines(), start=1):
            for match in re.finditer(r"\[\[picto:([^\]]*)\]\]", line):
                inner = match.group(1)
                name, _, alt = inner.partition("|")
                svg = pictograms / f"{name}.svg"
                if not alt.strip():
                    problems.append(f"{_where(path, number, root)}: pictogram '{name}' has no alt text; write [[picto:{name}|words]]")
                if not svg.is_file():
                    known = ", ".join(sorted(p.stem for p in pictograms.glob("*.svg"))) or "none"
                    problems.append(f"{_where(path, number, root)}: unknown pictogram '{name}'; known: {known}")
                elif svg.stat().st_size > PICTOGRAM_MAX_BYTES:
                    problems.append(
                        f"{_where(path, number, root)}: pictogram '{name}' is {svg.stat().st_size} bytes;"
                        f" keep it to {PICTOGRAM_MAX_BYTES} or fewer"
                    )
    return problems


def check_translations(pages: Path, root: Path | None = None) -> list[str]:
    """Every translation has a source page of the same name and records its current source_hash."""
    root = root or pages
    problems = []
    for folder in sorted(p for p in pages.iterdir() if p.is_dir() and p.name != SOURCE_LANGUAGE):
        for path in sorted(folder.glob("*.md")):
            source = pages / SOURCE_LANGUAGE / path.name
            if not source.is_file():
                problems.append(f"{_where(path, 1, root)}: no source page {SOURCE_LANGUAGE}/{path.name}; rename the file to match its source")
                continue
            text = _read(path)
            meta, _ = split_metadata(text)
            current = hash_file_text(_read(source))
            recorded = meta.get("source_hash", "").strip().lower()
            if recorded != current:
                what = f"is {recorded}" if recorded else "is missing"
                problems.append(
                    f"{_where(path, _key_line(text, 'source_hash'), root)}: source_hash {what}, but the source's"
                    f" hash is {current}; check the translation against the source, then set source_hash: {current}"
                )
    return problems


def check_nfc(pages: Path, root: Path | None = None) -> list[str]:
    """Every page is stored in Unicode NFC (composed Vietnamese letters, Tai Viet as typed)."""
    import unicodedata

    root = root or pages
    problems = []
    for path in sorted(pages.rglob("*.md")):
        for number, line in enumerate(_read(path).splitlines(), start=1):
            if unicodedata.normalize("NFC", line) != line:
                problems.append(f"{_where(path, number, root)}: text is not in Unicode NFC; re-save it composed (NFC)")
    return problems


# --- the real content -------------------------------------------------------------------------


def test_real_source_pages_have_summary_sources_and_review_date():
    assert check_source_metadata(PAGES, ROOT) == []


def test_real_pages_do_not_cite_the_2011_law_or_the_old_hotline_as_current():
    assert check_outdated_facts(PAGES, ROOT) == []


def test_real_pictograms_exist_and_are_small():
    assert check_pictograms(PAGES, PICTOGRAMS, ROOT) == []


def test_real_translations_match_a_source_and_its_current_hash():
    assert check_translations(PAGES, ROOT) == []


def test_real_pages_are_nfc():
    assert check_nfc(PAGES, ROOT) == []


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
    assert check_outdated_facts(tmp_path) == []
    assert check_translations(tmp_path) == []


@pytest.mark.parametrize(
    "text, expected",
    [
        ("title: T\nsources: x\nreviewed_on: 2026-11-29\n\nBody\n", "vi/trang.md:1: missing 'summary'"),
        ("title: T\nsummary: s\nreviewed_on: 2026-11-29\n\nBody\n", "vi/trang.md:1: missing 'sources'"),
        ("title: T\nsummary: s\nsources: x\n\nBody\n", "vi/trang.md:1: missing 'reviewed_on'"),
        ("title: T\nsummary: " + "a" * 161 + "\nsources: x\nreviewed_on: 2026-11-29\n\nBody\n", "vi/trang.md:2: summary is 161 characters"),
    ],
)
def test_source_metadata_check_names_file_and_line(tmp_path, text, expected):
    _write(tmp_path, "vi/trang.md", text)
    problems = check_source_metadata(tmp_path)
    assert any(p.startswith(expected) for p in problems), problems


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
    problems = check_outdated_facts(tmp_path)
    assert problems and problems[0].startswith(f"hmn/trang.md:{line}: "), problems


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
    assert check_outdated_facts(tmp_path) == []


def test_historical_word_must_be_in_the_same_paragraph(tmp_path):
    _write(tmp_path, "vi/trang.md", "title: T\n\nLuật cũ đã bị thay thế.\n\nTheo Luật số 66/2011/QH12, bạn có quyền.\n")
    problems = check_outdated_facts(tmp_path)
    assert problems and problems[0].startswith("vi/trang.md:5: "), problems


def test_pictogram_check_finds_unknown_large_and_unlabelled_pictograms(tmp_path):
    pictograms = tmp_path / "pictograms"
    _write(tmp_path, "pictograms/phone.svg", '<svg viewBox="0 0 48 48"/>')
    _write(tmp_path, "pictograms/big.svg", "<svg>" + " " * 2000 + "</svg>")
    pages = tmp_path / "pages"
    _write(pages, "vi/trang.md", "title: T\n\n[[picto:phone|Điện thoại]]\n\n[[picto:ghost|Ma]]\n\n[[picto:big|To]]\n\n[[picto:phone|]]\n")
    problems = check_pictograms(pages, pictograms)
    assert any(p.startswith("vi/trang.md:5: unknown pictogram 'ghost'") for p in problems), problems
    assert any(p.startswith("vi/trang.md:7: pictogram 'big' is") for p in problems), problems
    assert any(p.startswith("vi/trang.md:9: pictogram 'phone' has no alt text") for p in problems), problems
    assert not any(":3:" in p for p in problems), problems


def test_translation_check_finds_orphans_and_stale_hashes(tmp_path):
    _write(tmp_path, "vi/trang.md", GOOD_SOURCE)
    _write(tmp_path, "en/trang.md", "title: Test\ntranslator: Loa team\nsource_hash: 0000000000000000\n\nBody.\n")
    _write(tmp_path, "en/khong-co.md", "title: Orphan\n\nBody.\n")
    _write(tmp_path, "hni/trang.md", "title: Draft\n\nBody.\n")
    problems = check_translations(tmp_path)
    assert any(p.startswith("en/khong-co.md:1: no source page vi/khong-co.md") for p in problems), problems
    assert any(p.startswith("en/trang.md:3: source_hash is 0000000000000000") for p in problems), problems
    assert any(p.startswith("hni/trang.md:1: source_hash is missing") for p in problems), problems


def test_translation_goes_stale_when_the_source_body_changes(tmp_path):
    _write(tmp_path, "vi/trang.md", GOOD_SOURCE)
    _write(tmp_path, "en/trang.md", f"title: Test\nsource_hash: {hash_file_text(GOOD_SOURCE)}\n\nBody.\n")
    assert check_translations(tmp_path) == []
    _write(tmp_path, "vi/trang.md", GOOD_SOURCE.replace("Nội dung.", "Nội dung mới."))
    assert len(check_translations(tmp_path)) == 1


def test_nfc_check_finds_decomposed_text(tmp_path):
    _write(tmp_path, "vi/trang.md", "title: T\n\nTie\u0302\u0301ng Vie\u0323\u0302t\n")
    problems = check_nfc(tmp_path)
    assert problems and problems[0].startswith("vi/trang.md:3: "), problems
