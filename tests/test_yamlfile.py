"""YAML data is read with line numbers; no input makes the reader crash."""
from hypothesis import given, settings, strategies as st

from loa.problems import Problems
from loa.yamlfile import load_with_lines


def load(tmp_path, text: str):
    path = tmp_path / "data.yaml"
    path.write_text(text, encoding="utf-8")
    problems = Problems()
    return load_with_lines(path, problems), [str(p) for p in problems.items]


def test_mappings_remember_their_lines(tmp_path):
    data, found = load(tmp_path, "a: 1\nitems:\n  - key: x\n    value: 2\n")
    assert found == []
    assert data.line_of("items") == 2 and data["items"][0].line_of("value") == 4


def test_a_duplicate_key_is_reported_with_both_lines(tmp_path):
    _, found = load(tmp_path, "a: 1\nb: 2\na: 3\n")
    assert found == [f"{tmp_path / 'data.yaml'}:3: duplicate key 'a' (first at line 1)"]


def test_an_impossible_date_is_a_problem_on_its_line(tmp_path):
    data, found = load(tmp_path, "key: x\nverified_on: 2026-13-45\n")
    assert len(found) == 1 and found[0].startswith(f"{tmp_path / 'data.yaml'}:2: '2026-13-45' is not a valid value")


def test_a_control_character_is_a_problem_not_a_crash(tmp_path):
    data, found = load(tmp_path, "a: 1\nb: x\x07y\n")
    assert data is None and found and "not valid YAML" in found[0] and ":2:" in found[0]


def test_text_that_is_not_utf8_is_a_problem(tmp_path):
    path = tmp_path / "data.yaml"
    path.write_bytes("a: Lai Châu\n".encode("cp1258"))
    problems = Problems()
    assert load_with_lines(path, problems) is None
    assert "not UTF-8" in problems.items[0].message


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_any_text_gives_data_or_problems_never_an_exception(tmp_path_factory, text):
    path = tmp_path_factory.mktemp("y") / "data.yaml"
    path.write_bytes(text.encode("utf-8", errors="replace"))
    problems = Problems()
    load_with_lines(path, problems)
    for p in problems.items:
        assert p.line >= 1
