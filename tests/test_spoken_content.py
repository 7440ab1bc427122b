"""The project's own scripts and Sunday programme: checked, timed, translated."""
from pathlib import Path

import pytest

from loa.directory.load import load_directory
from loa.site.registry import load_registry
from loa.problems import Problems
from loa.spoken import core
from loa.spoken.collect import collect
from loa.spoken.programmes import read_programmes, running_order
from loa.spoken.speech import read_speech

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
TRICK_PAGES = ("viec-nhe-luong-cao", "nguoi-yeu-qua-mang", "moi-gioi-hon-nhan", "lua-dao-xuat-khau-lao-dong",
               "lua-sang-campuchia-myanmar", "ban-than-ban-noi-tang", "mang-thai-ho-thue", "nguoi-quen-ru-di")


@pytest.fixture(scope="module")
def scripts():
    registry = load_registry(CONTENT / "languages.yaml")
    problems = Problems(root=ROOT)
    directory = load_directory(CONTENT / "data", registry, Problems())
    numbers = {e.key: e.number for e in directory.hotlines if e.number}
    result = collect(CONTENT, registry, numbers, read_speech(CONTENT / "languages.yaml", problems), problems)
    return registry, result, problems


def test_the_scripts_have_no_problems(scripts):
    assert [str(p) for p in scripts[2].items] == []


def test_there_is_a_spot_for_each_trick_page_and_for_warning_signs_111_and_returnees(scripts):
    spots = {s.meta.get("page") for s in scripts[1].sources.values() if s.kind == core.SPOT}
    assert set(TRICK_PAGES) | {"dau-hieu-canh-bao", "noi-nhan-giup-do", "quyen-duoc-ho-tro"} <= spots


def test_the_two_talks_run_two_to_four_minutes(scripts):
    talks = [p for p in scripts[1].plan["vi"] if p.source.kind == core.TALK]
    assert len(talks) == 2 and all(120 <= t.seconds <= 240 for t in talks)


def test_every_script_has_an_english_draft_translation_of_the_current_vietnamese(scripts):
    english = scripts[1].plan["en"]
    assert len(english) == len(scripts[1].sources) >= 12
    assert {p.status for p in english} == {"draft"}


def test_the_sunday_programme_runs_under_fifteen_minutes_in_both_languages(scripts):
    registry, result, _ = scripts
    [programme] = read_programmes(CONTENT / "programmes", result.sources, registry.tags, Problems())
    for tag in ("vi", "en"):
        order = running_order(programme, tag, result.planned(tag))
        assert 5 * 60 < order.total <= core.PROGRAMME_WARNING_SECONDS


def test_the_scripts_keep_the_page_content_rules():
    from loa.checks.content import (check_nfc, check_outdated_facts, check_source_metadata,
                                    check_translation_hashes, load_outdated)

    folder = CONTENT / "scripts"
    facts, problems = load_outdated(CONTENT / "data" / "outdated.yaml", ROOT)
    assert (problems, check_source_metadata(folder, ROOT), check_outdated_facts(folder, facts, ROOT),
            check_nfc(folder, ROOT), check_translation_hashes(folder, ROOT)) == ([], [], [], [], [])
