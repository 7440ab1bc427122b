"""The spoken channel's pure core: parsing scripts, spoken numbers, syllables, lengths,
programmes and the checks that name file and line."""
from pathlib import Path

import pytest

from loa.site.registry import load_registry
from loa.problems import Problems
from loa.spoken import core
from loa.spoken.collect import check_script_text, collect
from loa.spoken.programmes import read_programmes, running_order
from loa.spoken.speech import read_speech

VI_DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
EN_DIGITS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
VI = core.Speech("vi", VI_DIGITS, 3.0, "words")
EN = core.Speech("en", EN_DIGITS, 3.0, "vowels")
HMN = core.Speech("hmn", None, 3.0, "words")
NUMBERS = {"111": "111", "113": "113"}
FIXTURE = Path(__file__).parent / "fixtures" / "site"


def script(body: str, kind: str = "spot", title: str = "Thử", extra: str = "") -> str:
    return f"title: {title}\nkind: {kind}\n{extra}\n{body}\n"


@pytest.mark.parametrize("number, digits, expected", [
    ("111", VI_DIGITS, ["một", "một", "một"]),
    ("113", EN_DIGITS, ["one", "one", "three"]),
    ("1800 1567", VI_DIGITS, ["một", "tám", "không", "không", "một", "năm", "sáu", "bảy"]),
])
def test_a_number_is_spoken_digit_by_digit_with_the_languages_digit_names(number, digits, expected):
    assert core.spoken_number(number, digits) == expected


def test_digit_names_must_be_ten():
    with pytest.raises(ValueError):
        core.spoken_number("111", ("một", "hai"))


@pytest.mark.parametrize("text, rule, expected", [
    ("Thưa bà con, đây là loa.", "words", 6),
    ("một – một – một", "words", 3),
    ("Trẻ dưới 18 tuổi", "words", 6),          # 18 read as a number: 3 by the estimate
    ("Good day, everyone.", "vowels", 5),     # good, day, ev-ery-one (final e silent)
    ("Call the hotline", "vowels", 4),        # call, the, hot-line
    ("", "words", 0),
])
def test_syllables_are_counted_by_the_languages_rule(text, rule, expected):
    assert core.count_syllables(text, rule) == expected


@pytest.mark.parametrize("seconds, text", [(0, "0:00"), (59.4, "0:59"), (75.4, "1:15"), (600, "10:00")])
def test_a_length_is_shown_as_minutes_and_seconds(seconds, text):
    assert core.format_length(seconds) == text


@pytest.mark.parametrize("kind, seconds, problem", [
    ("spot", 45, False), ("spot", 90, False), ("spot", 91, True), ("spot", 14, True),
    ("talk", 150, False), ("talk", 119, True), ("talk", 301, True),
])
def test_spots_and_talks_must_keep_to_their_lengths(kind, seconds, problem):
    assert (core.length_problem(kind, seconds) is not None) is problem


def test_spoken_length_is_syllables_over_the_rate_plus_pauses():
    assert core.spoken_seconds(90, 3.0, 2) == pytest.approx(34.0)


def test_a_script_is_parsed_into_paragraphs_with_repeats_pauses_and_pronunciation_notes():
    parsed, problems = core.parse_script(script(
        "Đây là loa xã. Gọi [[hotline:111]].\nĐọc [[say:Mường Tè|mường tè]].\n\n[[pause]]\n\n> Nhớ: [[hotline:111]]."),
        tag="vi", name="x")
    assert problems == []
    first, pause, repeat = parsed.paragraphs
    assert (first.line, first.repeat, pause.is_pause, repeat.repeat, repeat.line) == (4, False, True, True, 9)
    say = [s for s in first.segments if s.kind == "say"][0]
    assert (say.text, say.note, say.line) == ("Mường Tè", "mường tè", 5)
    assert [s.key for s in parsed.hotlines()] == ["111", "111"]


def test_the_hotline_counts_as_its_spoken_digits_and_a_pause_adds_two_seconds():
    parsed, _ = core.parse_script(script("Gọi [[hotline:111]].\n\n[[pause]]"), tag="vi", name="x")
    numbers = core.spoken_numbers(parsed, NUMBERS, VI, VI)
    assert numbers["111"].words == "một – một – một"
    assert core.syllables(parsed, numbers, VI, VI) == 1 + 1 + 3   # title, "Gọi", three digits
    assert core.pauses(parsed) == 1


def test_a_language_without_digit_names_reads_vietnamese_digits_marked_as_such():
    parsed, _ = core.parse_script(script("Hu [[hotline:111]]."), tag="hmn", name="x")
    spoken = core.spoken_numbers(parsed, NUMBERS, HMN, VI)["111"]
    assert (spoken.words, spoken.lang, spoken.fallback) == ("một – một – một", "vi", True)


@pytest.mark.parametrize("text, line, message", [
    ("title: A\n\nLời.\n", 1, "this script has no 'kind'"),
    ("title: A\nkind: song\n\nLời.\n", 2, "kind must be 'spot' or 'talk', not 'song'"),
    ("title: A\nkind: spot\n\nGọi 0912 345 678 nhé.\n", 4, "phone number '0912 345 678' typed in the text"),
    ("title: A\nkind: spot\n\nGọi 111 nhé.\n", 4, "phone number '111' typed in the text"),
    ("title: A\nkind: spot\n\nGọi [[hotline:999]].\n", 4, "unknown hotline '999'; known: 111, 113"),
    ("title: A\nkind: spot\n\nĐọc [[say:Tè]].\n", 4, "'[[say:Tè]]' has no note on how to say it"),
    ("title: A\nkind: spot\n\nĐọc [[loud]].\n", 4, "unknown mark '[[loud]]' in a script"),
    ("title: A\nkind: spot\n\n<script>x</script>\n", 4, "a <script> element is not allowed in a script"),
    ("title: A\nkind: spot\npage: khong-co\n\nLời.\n", 3, "page 'khong-co' does not exist"),
    ("title: A\nkind: spot\nsumary: x\n\nLời.\n", 3, "unknown metadata key 'sumary'"),
])
def test_script_mistakes_are_reported_at_their_line(text, line, message):
    _, problems = check_script_text(text, tag="vi", name="a", path="a.md", is_source=True, numbers=NUMBERS,
                                    pages={"noi-nhan-giup-do"})
    assert (line, message) in [(p[0], p[1]) for p in problems]


def test_a_correct_script_has_no_problems():
    _, problems = check_script_text(script("Gọi [[hotline:111]].", extra="page: noi-nhan-giup-do\n"), tag="vi",
                                    name="a", path="a.md", is_source=True, numbers=NUMBERS, pages={"noi-nhan-giup-do"})
    assert problems == []


def _site(tmp_path, scripts: dict[str, str], programme: str | None = None):
    content = tmp_path / "content"
    (content / "pages" / "vi").mkdir(parents=True)
    (content / "pages" / "vi" / "noi-nhan-giup-do.md").write_text("title: A\n\nB\n", encoding="utf-8")
    (content / "languages.yaml").write_text((FIXTURE / "languages.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    for relative, text in scripts.items():
        path = content / "scripts" / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    if programme is not None:
        (content / "programmes").mkdir()
        (content / "programmes" / "chu-nhat.yaml").write_text(programme, encoding="utf-8")
    return content


SPOT = script(" ".join(["Thưa bà con, đây là loa xã."] * 12) + "\n\n> Gọi [[hotline:111]].")   # 85 syllables


def test_every_problem_in_every_script_is_reported_at_once(tmp_path):
    long_spot = script(" ".join(["Thưa bà con, đây là loa truyền thanh của xã."] * 30))
    content = _site(tmp_path, {"vi/dai.md": long_spot, "vi/khong-kind.md": "title: A\n\nLời nói đủ dài.\n",
                               "vi/so.md": script("Gọi 0912 345 678."), "vi/ok.md": SPOT})
    registry = load_registry(content / "languages.yaml")
    problems = Problems(root=tmp_path)
    result = collect(content, registry, NUMBERS, {"vi": VI}, problems)
    found = {(p.path, p.line, p.message.split(",")[0]) for p in problems.errors}
    assert ("content/scripts/vi/dai.md", 2, "a spot runs 1:40") in found
    assert ("content/scripts/vi/khong-kind.md", 1, "this script has no 'kind'") in found
    assert ("content/scripts/vi/so.md", 4, "phone number '0912 345 678' typed in the text") in found
    assert list(result.sources) == ["ok"]


def test_a_changed_vietnamese_script_makes_its_english_translation_stale(tmp_path):
    from loa.site.policy import hash_file_text

    content = _site(tmp_path, {"vi/ok.md": SPOT})
    english = f"title: Test\nkind: spot\nsource_hash: {hash_file_text(SPOT)}\ntranslation_status: draft\n\n" \
              + " ".join(["Good day, this is the loudspeaker."] * 9) + "\n\n> Call [[hotline:111]].\n"
    (content / "scripts" / "en" / "ok.md").parent.mkdir(parents=True)
    (content / "scripts" / "en" / "ok.md").write_text(english, encoding="utf-8")
    registry = load_registry(content / "languages.yaml")
    speech = {"vi": VI, "en": EN}
    before = collect(content, registry, NUMBERS, speech, Problems(root=tmp_path)).planned("en")["ok"].status
    (content / "scripts" / "vi" / "ok.md").write_text(SPOT.replace("loa xã", "loa của xã", 1), encoding="utf-8")
    after = collect(content, registry, NUMBERS, speech, Problems(root=tmp_path)).planned("en")["ok"].status
    assert (before, after) == ("draft", "stale")


def test_a_missing_translation_falls_back_to_the_vietnamese_script(tmp_path):
    content = _site(tmp_path, {"vi/ok.md": SPOT})
    result = collect(content, load_registry(content / "languages.yaml"), NUMBERS, {"vi": VI}, Problems(root=tmp_path))
    planned = result.planned("hmn")["ok"]
    assert (planned.status, planned.reason, planned.content_lang) == ("fallback", "missing", "vi")


def test_a_programme_is_timed_with_its_gaps_and_names_an_unknown_script_at_its_line(tmp_path):
    content = _site(tmp_path, {"vi/ok.md": SPOT},
                    "title: Sáng Chủ nhật\ngap_seconds: 5\nitems:\n  - ok\n  - khong-co\n  - ok\n")
    problems = Problems(root=tmp_path)
    programmes = read_programmes(content / "programmes", ["ok"], ("vi", "en"), problems)
    assert [(p.line, p.message) for p in problems.errors] == [(5, "unknown script 'khong-co' in programme 'chu-nhat'")]
    assert programmes == []
    fixed = _site(tmp_path / "b", {"vi/ok.md": SPOT}, "title: Sáng Chủ nhật\ngap_seconds: 5\nitems:\n  - ok\n  - ok\n")
    registry = load_registry(fixed / "languages.yaml")
    result = collect(fixed, registry, NUMBERS, {"vi": VI}, Problems())
    [programme] = read_programmes(fixed / "programmes", result.sources, registry.tags, Problems())
    order = running_order(programme, "vi", result.planned("vi"))
    one = result.planned("vi")["ok"].seconds
    assert order.total == pytest.approx(2 * one + 5)
    assert [item.starts_at for item in order.items] == [0, pytest.approx(one + 5)]


@pytest.mark.parametrize("yaml_text, message", [
    ("title: P\ngap_seconds: -3\nitems: [ok]\n", "gap_seconds must be a number of seconds from 0 to 60, not '-3'"),
    ("title: P\nitems: []\n", "the programme has no items"),
    ("items: [ok]\n", "the programme has no title"),
    ("title: P\nitems: [ok]\nlanguages: [xx]\n", "unknown language 'xx'; known: vi, en"),
])
def test_programme_mistakes_are_named(tmp_path, yaml_text, message):
    folder = tmp_path / "programmes"
    folder.mkdir()
    (folder / "p.yaml").write_text(yaml_text, encoding="utf-8")
    problems = Problems(root=tmp_path)
    read_programmes(folder, ["ok"], ("vi", "en"), problems)
    assert message in [p.message for p in problems.errors]


def test_a_programme_over_fifteen_minutes_is_over_the_limit(tmp_path):
    content = _site(tmp_path, {"vi/ok.md": SPOT}, "title: P\ngap_seconds: 60\nitems: [" + ", ".join(["ok"] * 12) + "]\n")
    registry = load_registry(content / "languages.yaml")
    result = collect(content, registry, NUMBERS, {"vi": VI}, Problems())
    [programme] = read_programmes(content / "programmes", result.sources, registry.tags, Problems())
    assert running_order(programme, "vi", result.planned("vi")).over_limit


@pytest.mark.parametrize("entry, message", [
    ("    digits: [một, hai]\n", "language 'vi': 'digits' must list ten names, for 0 to 9"),
    ("    speaking_rate: 12\n", "language 'vi': speaking_rate must be a number of syllables a second from 1 to 6, not '12'"),
    ("    syllables: letters\n", "language 'vi': syllables must be 'words' or 'vowels', not 'letters'"),
])
def test_wrong_speech_settings_in_languages_yaml_are_named(tmp_path, entry, message):
    text = (FIXTURE / "languages.yaml").read_text(encoding="utf-8").replace("    source: true\n", "    source: true\n" + entry, 1)
    path = tmp_path / "languages.yaml"
    path.write_text(text, encoding="utf-8")
    problems = Problems(root=tmp_path)
    read_speech(path, problems)
    assert [p.message for p in problems.errors] == [message]


def test_the_real_languages_file_speaks_vietnamese_and_english_digits():
    speech = read_speech(Path(__file__).parent.parent / "content" / "languages.yaml", Problems())
    assert (speech["vi"].digits[1], speech["en"].digits[1], speech["vi"].rate) == ("một", "one", 3.0)


def test_a_translation_made_by_scripts_new_takes_its_kind_from_the_vietnamese_script(tmp_path):
    from loa.freshness.files import translation_template

    content = _site(tmp_path, {"vi/ok.md": SPOT})
    english = translation_template(SPOT).replace("Thưa bà con, đây là loa xã.", "Good day, this is the loudspeaker.")
    (content / "scripts" / "en").mkdir()
    (content / "scripts" / "en" / "ok.md").write_text(english, encoding="utf-8")
    problems = Problems(root=tmp_path)
    result = collect(content, load_registry(content / "languages.yaml"), NUMBERS, {"vi": VI, "en": EN}, problems)
    assert "kind:" not in english and problems.errors == []
    assert result.planned("en")["ok"].shown.kind == "spot"
