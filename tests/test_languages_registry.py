import pytest

from loa.site.registry import load_registry
from loa.problems import ProblemsFound

GOOD = """languages:
  - tag: vi
    source: true
    native_name: Tiếng Việt
    english_name: Vietnamese
    script: Latn
    direction: ltr
  - tag: hni
    native_name: Haqniq
    english_name: Hani
    script: Latn
    direction: ltr
"""


def load(tmp_path, text):
    path = tmp_path / "languages.yaml"
    path.write_text(text, encoding="utf-8")
    return load_registry(path)


def problems_of(tmp_path, text) -> list[str]:
    with pytest.raises(ProblemsFound) as caught:
        load(tmp_path, text)
    return [str(p) for p in caught.value.problems]


def test_the_real_languages_file_has_the_six_languages_with_vietnamese_first():
    from conftest import ROOT

    registry = load_registry(ROOT / "content" / "languages.yaml")
    assert registry.tags == ("vi", "hmn", "blt", "ium", "hni", "en")
    assert registry.source.tag == "vi"
    assert registry["blt"].script == "Tavt"


def test_a_tag_without_cldr_data_gets_one_plural_form_by_default(tmp_path):
    registry = load(tmp_path, GOOD)
    assert registry["hni"].plural_forms == "nplurals=1; plural=0;"
    assert registry["hni"].native_name == "Haqniq"


@pytest.mark.parametrize("change, expected", [
    ("tag: hni", "languages.yaml:8: language tag 'HNI' is not a lower-case BCP 47 tag"),
    ("native_name: Haqniq", "languages.yaml:9: language entry is missing 'native_name'"),
    ("direction: ltr\n", "languages.yaml:13: unknown field 'colour'"),
])
def test_every_mistake_in_the_languages_file_names_its_line(tmp_path, change, expected):
    replacement = {"tag: hni": "tag: HNI", "native_name: Haqniq": "native_name: ''",
                   "direction: ltr\n": "direction: ltr\n    colour: red\n"}[change]
    text = GOOD[::-1].replace(change[::-1], replacement[::-1], 1)[::-1]
    messages = problems_of(tmp_path, text)
    assert [m.split("\n")[0] for m in messages] == [f"{tmp_path}/{expected}"]


def test_a_duplicate_tag_and_a_missing_source_are_both_reported_at_once(tmp_path):
    text = GOOD.replace("tag: hni", "tag: vi").replace("    source: true\n", "")
    messages = problems_of(tmp_path, text)
    assert any("listed twice (first at line 2)" in m for m in messages)
    assert any("exactly one language must have 'source: true'" in m for m in messages)


def test_broken_yaml_is_reported_with_its_line(tmp_path):
    messages = problems_of(tmp_path, GOOD + "  - tag: [oops\n")
    assert len(messages) == 1
    assert messages[0].startswith(f"{tmp_path / 'languages.yaml'}:14: not valid YAML: "), messages


def test_english_drafts_stay_on_the_production_site_and_minority_drafts_do_not():
    """English is translated by the Loa team with no second reader, so its pages are drafts; the
    English site must still publish them (with the draft notice). Minority-language drafts
    written without a native speaker stay out of production."""
    from pathlib import Path

    from loa.site.policy import decide

    registry = load_registry(Path(__file__).resolve().parent.parent / "content" / "languages.yaml")
    shown = {lang.tag: decide(is_source_language=False, has_translation=True, recorded_hash="a" * 16,
                              current_hash="a" * 16, review="draft", critical=True, production=True,
                              drafts_allowed=lang.publish_drafts).show_translation
             for lang in registry if not lang.is_source}
    assert shown == {"hmn": False, "blt": False, "ium": False, "hni": False, "en": True}
