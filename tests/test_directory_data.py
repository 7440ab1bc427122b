"""loa.directory.data: the data files are validated with path:line problems, and looked up."""
import datetime as dt
import textwrap
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from loa.directory import load_directory, primary_hotline, stale_entries
from loa.directory.data import national_digits
from loa.directory.load import parse_entries
from loa.site.registry import load_registry
from loa.problems import Problems

ROOT = Path(__file__).resolve().parent.parent
REGISTRY = load_registry(ROOT / "tests" / "fixtures" / "site" / "languages.yaml")

GOOD = """\
hotlines:
  - key: "111"
    number: "111"
    display: "111"
    free: true
    hours: 24/7
    verified_on: 2026-11-01
    source: https://example.org/111
    text:
      vi: {name: Tổng đài 111, for: Báo tin.}
      en: {name: Hotline 111, for: Report.}
"""


def parse(text: str, kind: str = "hotline"):
    problems = Problems()
    entries = parse_entries("hotlines.yaml", textwrap.dedent(text).encode("utf-8"), kind, REGISTRY, problems)
    return entries, [str(p).split("\n")[0] for p in problems.items]


def test_a_good_entry_loads_with_every_field():
    (entry,), problems = parse(GOOD)
    assert problems == []
    assert (entry.key, entry.number, entry.display, entry.free, entry.hours) == ("111", "111", "111", True, "24/7")
    assert entry.verified_on == dt.date(2026, 11, 1)
    assert entry.localised("vi", "vi").tel == "tel:111"
    assert entry.line == 2 and entry.verified_line == 7


@pytest.mark.parametrize("old, new, expected", [
    ('    source: https://example.org/111\n', "", "hotlines.yaml:2: hotline entry is missing 'source'"),
    ("verified_on: 2026-11-01", "verified_on: 2026-13-45", "hotlines.yaml:7: verified_on '2026-13-45' is not a date"),
    ("verified_on: 2026-11-01", "verified_on: 1/11/2026", "hotlines.yaml:7: verified_on '1/11/2026' is not a date"),
    ('number: "111"', 'number: "11l"', "hotlines.yaml:3: number '11l' has letters or symbols in it"),
    ('number: "111"', "number: 111", "hotlines.yaml:3: number 111 must be written in quotes"),
    ('number: "111"', 'number: "0912 345 678"', "hotlines.yaml:3: number '0912 345 678' is not written as dialled"),
    ('display: "111"', 'display: "112"', "hotlines.yaml:4: display '112' does not match number '111'"),
    ('display: "111"', 'display: "III"', "hotlines.yaml:4: display 'III' has letters or symbols in it"),
    ("free: true", "free: yes please", "hotlines.yaml:5: 'free' must be true or false, not 'yes please'"),
    ("      en:", "      xx:", "hotlines.yaml:11: unknown language 'xx'; known: vi, hmn, en"),
    ("      en:", "      EN:", "hotlines.yaml:11: language tag 'EN' must be lower case"),
    ("      vi:", "      hmn:", "hotlines.yaml:9: text must include the source language 'vi'"),
    ("https://example.org/111", "https://example.org/…", "hotlines.yaml:8: source is shortened ('…'): give the whole address or document name"),
    ("    hours: 24/7\n", "    hours: 24/7\n    colour: red\n", "hotlines.yaml:7: unknown field 'colour'"),
    ("for: Báo tin.", "for: ''", "hotlines.yaml:10: text 'vi' is missing 'for'"),
    ('key: "111"', 'key: "Child Line"', "hotlines.yaml:2: key 'Child Line' must be lower-case letters, digits and '-'"),
])
def test_each_schema_error_is_reported_with_its_line(old, new, expected):
    text = GOOD.replace(old, new, 1)
    assert text != GOOD
    entries, problems = parse(text)
    assert expected in problems
    assert entries == []


def test_a_duplicate_key_names_the_first_line():
    second = GOOD.split("\n", 1)[1]
    entries, problems = parse(GOOD + second)
    assert "hotlines.yaml:12: duplicate hotline key '111' (first at line 2)" in problems
    assert [e.key for e in entries] == ["111"]


def test_a_duplicate_field_is_reported_by_the_yaml_reader():
    _, problems = parse(GOOD.replace("    free: true\n", "    free: true\n    free: false\n"))
    assert "hotlines.yaml:6: duplicate key 'free' (first at line 5)" in problems


def test_every_problem_in_a_file_is_reported_at_once():
    text = GOOD.replace('number: "111"', 'number: "11l"').replace("2026-11-01", "soon")
    _, problems = parse(text)
    assert len(problems) == 2


def test_a_service_may_have_no_number_but_a_number_needs_display_and_free():
    service = """\
    services:
      - key: commune
        verified_on: 2026-11-01
        source: Luật Phòng, chống mua bán người số 53/2024/QH15
        text:
          vi: {name: Ủy ban nhân dân xã, for: Nơi báo tin.}
      - key: office
        number: "02133876543"
        verified_on: 2026-11-01
        source: https://example.org/office
        text:
          vi: {name: Văn phòng, for: Hỏi.}
    """
    entries, problems = parse(service, "service")
    assert [e.key for e in entries] == ["commune"]
    assert entries[0].number is None and entries[0].localised("vi", "vi").tel is None
    assert "hotlines.yaml:7: service entry is missing 'display'" in problems
    assert "hotlines.yaml:7: service entry is missing 'free'" in problems


def test_a_missing_language_falls_back_to_vietnamese():
    (entry,), _ = parse(GOOD)
    shown = entry.localised("hmn", "vi")
    assert (shown.name, shown.lang) == ("Tổng đài 111", "vi")
    assert entry.localised("en", "vi").name == "Hotline 111"


def test_a_number_that_works_from_abroad_says_so_and_others_do_not():
    (plain,), _ = parse(GOOD)
    abroad_text = GOOD.replace("    hours: 24/7\n", "    hours: 24/7\n    from_abroad: true\n")
    (abroad,), problems = parse(abroad_text)
    assert problems == []
    assert abroad.from_abroad is True and abroad.localised("en", "vi").from_abroad is True
    assert plain.from_abroad is False and plain.localised("en", "vi").from_abroad is False


@pytest.mark.parametrize("extra, expected", [
    ("    from_abroad: yes please\n", "hotlines.yaml:7: 'from_abroad' must be true or false, not 'yes please'"),
])
def test_from_abroad_must_be_true_or_false(extra, expected):
    _, problems = parse(GOOD.replace("    hours: 24/7\n", "    hours: 24/7\n" + extra))
    assert expected in problems


def test_from_abroad_on_a_place_without_a_number_is_a_problem():
    service = """\
    services:
      - key: embassy
        from_abroad: true
        verified_on: 2026-11-01
        source: https://example.org/embassy
        text:
          vi: {name: Đại sứ quán, for: Hỏi.}
    """
    entries, problems = parse(service, "service")
    assert entries == []
    assert "hotlines.yaml:3: 'from_abroad' needs a number to call" in problems


def test_a_file_that_is_not_the_expected_shape_is_one_problem():
    _, problems = parse("- just\n- a list\n")
    assert problems == ["hotlines.yaml:1: expected 'hotlines:' with a list of entries"]


def write_data(folder: Path, hotlines: str, services: str | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "hotlines.yaml").write_text(hotlines, encoding="utf-8")
    if services is not None:
        (folder / "services.yaml").write_text(services, encoding="utf-8")
    return folder


def test_load_directory_finds_the_primary_hotline(tmp_path):
    problems = Problems(root=tmp_path)
    directory = load_directory(write_data(tmp_path / "data", GOOD), REGISTRY, problems)
    assert not problems.items
    assert primary_hotline(directory).key == "111"
    assert directory.services == ()


def test_a_primary_key_that_is_not_a_hotline_is_a_problem(tmp_path):
    problems = Problems(root=tmp_path)
    load_directory(write_data(tmp_path / "data", GOOD), REGISTRY, problems, primary_key="999")
    assert [str(p).split("\n")[0] for p in problems.items] == [
        "data/hotlines.yaml:1: the primary hotline '999' is not in this file; known: 111"]


def test_a_missing_hotlines_file_is_a_problem(tmp_path):
    problems = Problems(root=tmp_path)
    directory = load_directory(tmp_path / "data", REGISTRY, problems)
    assert directory.hotlines == ()
    assert problems.errors[0].message == "the hotlines file is missing"


def test_the_real_data_files_load_without_problems():
    registry = load_registry(ROOT / "content" / "languages.yaml")
    problems = Problems(root=ROOT)
    directory = load_directory(ROOT / "content" / "data", registry, problems)
    assert problems.items == []
    assert directory.keys("hotline") == ["111", "113", "114", "115", "112", "bao-ho-cong-dan"]
    assert [e.key for e in directory.hotlines if e.from_abroad] == ["bao-ho-cong-dan"]
    assert all(e.source.startswith("https://") for e in directory)
    assert all(e.number is None for e in directory.services)  # no unverified facility numbers
    for entry in directory:   # "what it is for" fits on a small card: at most 20 syllables (issue 15)
        assert len(entry.texts["vi"].purpose.split()) <= 20, entry.key
        assert len(entry.texts["en"].purpose.split()) <= 20, entry.key


# -- staleness ---------------------------------------------------------------------------------
@pytest.mark.parametrize("today, stale", [
    (dt.date(2026, 11, 1), False),
    (dt.date(2027, 4, 30), False),   # 180 days after 2026-11-01
    (dt.date(2027, 5, 1), True),     # 181 days
])
def test_an_entry_is_stale_after_the_configured_number_of_days(tmp_path, today, stale):
    directory = load_directory(write_data(tmp_path / "data", GOOD), REGISTRY, Problems())
    assert bool(stale_entries(directory, today, 180)) is stale


def test_the_age_limit_is_configurable(tmp_path):
    directory = load_directory(write_data(tmp_path / "data", GOOD), REGISTRY, Problems())
    assert stale_entries(directory, dt.date(2026, 11, 12), 10)
    assert not stale_entries(directory, dt.date(2026, 11, 12), 11)


@pytest.mark.parametrize("written, digits", [
    ("+84 912 345 678", "0912345678"), ("(+84) 912345678", "0912345678"),
    ("0084 912 345 678", "0912345678"), ("0912.345.678", "0912345678"), ("111", "111"),
])
def test_numbers_compare_in_national_form(written, digits):
    assert national_digits(written) == digits


# -- never an exception ------------------------------------------------------------------------
yaml_ish = st.text(alphabet=st.sampled_from(list("hotlines:-key\"'{}[]!&*|>?#@ \n\t0123456789.,/vi" "…ế")), max_size=200)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(yaml_ish, st.text(max_size=200), st.sampled_from([GOOD[:n] for n in range(len(GOOD))])))
def test_any_text_gives_entries_or_problems_never_an_exception(text):
    problems = Problems()
    entries = parse_entries("hotlines.yaml", text.encode("utf-8", "surrogatepass"), "hotline", REGISTRY, problems)
    assert isinstance(entries, list)
    for entry in entries:  # whatever is returned is complete
        assert entry.key and entry.source and "vi" in entry.texts and entry.verified_on
    for problem in problems.items:
        assert problem.line >= 1 and problem.message


def test_an_invisible_control_character_is_a_problem_with_its_line():
    _, problems = parse(GOOD.replace("    free: true", "    free: true\x1f"))
    assert problems == ["hotlines.yaml:5: not valid YAML: invisible character U+001F is not allowed"]


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=120))
def test_any_bytes_give_entries_or_problems_never_an_exception(data):
    problems = Problems()
    assert isinstance(parse_entries("hotlines.yaml", data, "hotline", REGISTRY, problems), list)


THREE = GOOD + """\
  - key: "113"
    number: "113"
    display: "113"
    free: true
    hours: 24/7
    verified_on: 2026-11-01
    source: https://example.org/113
    text:
      vi: {name: Công an, for: Gọi ngay.}
  - key: "114"
    number: "114"
    display: "114"
    free: true
    hours: 24/7
    verified_on: 2026-11-01
    source: https://example.org/114
    text:
      vi: {name: Cứu hỏa, for: Gọi khi cháy.}
"""


def three_hotlines(primary_key="111"):
    from loa.directory.data import Directory

    entries, problems = parse(THREE)
    assert problems == []
    return Directory(tuple(entries), (), "vi", primary_key=primary_key)


def test_the_primary_hotline_is_given_in_the_readers_language_with_the_language_its_name_is_in():
    directory = three_hotlines()
    english, hmong = directory.primary("en"), directory.primary("hmn")
    assert (english.key, english.name, english.lang, english.tel) == ("111", "Hotline 111", "en", "tel:111")
    assert (hmong.name, hmong.lang) == ("Tổng đài 111", "vi")
    assert three_hotlines(primary_key="999").primary("vi") is None


def test_a_leaflet_carries_the_primary_hotline_first_unless_its_definition_places_it():
    directory = three_hotlines()
    assert [h.key for h in directory.hotlines_to_call(["113"], "vi")] == ["111", "113"]
    assert [h.key for h in directory.hotlines_to_call(["113", "111"], "vi")] == ["113", "111"]
    assert [h.key for h in directory.hotlines_to_call(["114", "999"], "en")] == ["111", "114"]
    assert [h.lang for h in directory.hotlines_to_call(["113"], "en")] == ["en", "vi"]


def test_loudspeaker_scripts_read_the_hotline_numbers_the_directory_gives():
    assert three_hotlines().numbers() == {"111": "111", "113": "113", "114": "114"}
