"""Statistics without a build: the suppression rule as tables, refusal of per-person files with
their lines, the chart, the [[statistics:NAME]] grammar and the settings."""
from __future__ import annotations

import random
import re
from pathlib import Path

import markdown
import pytest

from loa.directory.scan import find_references
from loa.statistics.chart import Bar, bar_chart
from loa.statistics.data import check_csv, load_all
from loa.statistics.settings import StatisticsSettings, StatisticsSettingsError
from loa.statistics.suppress import (PRIMARY, SECONDARY, SHOWN, _lines, determined_cells,
                                     pinned_by_bounds, suppress)

P, S, o = PRIMARY, SECONDARY, SHOWN


def states(result) -> list[list[str]]:
    """The state of every cell, totals included, as rows (``None`` where no cell is shown)."""
    rows = result.rows + (1 if result.column_totals else 0)
    cols = result.columns + (1 if result.row_totals else 0)
    return [[result.state.get((r, c)) for c in range(cols)] for r in range(rows)]


# -- primary suppression -------------------------------------------------------------------
@pytest.mark.parametrize("counts, expected", [
    ([[0]], [[o]]),
    ([[1]], [[P]]),
    ([[4]], [[P]]),
    ([[5]], [[o]]),
    ([[0, 1, 2, 3, 4, 5, 6]], [[o, P, P, P, P, o, o]]),
    ([[3], [12], [0]], [[P], [o], [o]]),   # no totals shown: nothing to subtract from
])
def test_counts_from_one_to_four_are_hidden_and_zero_and_five_are_shown(counts, expected):
    assert states(suppress(counts, 5)) == expected


def test_a_lower_threshold_hides_fewer_counts():
    assert states(suppress([[1, 2, 3, 7]], 3)) == [[P, P, o, o]]
    assert states(suppress([[1, 2, 3, 7]], 5)) == [[P, P, P, o]]


# -- secondary suppression -------------------------------------------------------------------
@pytest.mark.parametrize("counts, kwargs, expected", [
    # A row of two cells with one hidden and its total shown: the other is hidden too.
    ([[3, 10]], {"row_totals": True}, [[P, S, o]]),
    # The complement is the smallest non-zero cell of the row, never a zero.
    ([[3, 0, 9, 20]], {"row_totals": True}, [[P, o, S, o, o]]),
    # Only zeros beside the small count: the total itself (3) is small, so it is hidden.
    ([[3, 0]], {"row_totals": True}, [[P, o, P]]),
    # A single-cell row with a total row: the column's next-smallest cell is hidden.
    ([[3], [12], [30]], {"column_totals": True}, [[P], [S], [o], [o]]),
    # 1 and a complement of exactly 5 with total 6 would give both away: the total goes too.
    ([[1, 5]], {"row_totals": True}, [[P, S, S]]),
    # 4 and 4 with total 8: both must be 4, so the total is hidden.
    ([[4, 4]], {"row_totals": True}, [[P, P, S]]),
    # Two small counts with a total that does not pin them: the total stays.
    ([[2, 3, 10]], {"row_totals": True}, [[P, P, o, o]]),
    # A table with row and column totals: the four hidden cells form a rectangle, and every
    # total stays shown.
    ([[3, 8, 20], [12, 9, 7], [6, 15, 30]], {"row_totals": True, "column_totals": True},
     [[P, S, o, o], [o, o, o, o], [S, S, o, o], [o, o, o, o]]),
    # A commune with 9 received and 0 supported is not used: its total would have to go.
    ([[3, 12], [9, 0], [15, 22]], {"row_totals": True, "column_totals": True},
     [[P, S, o], [o, o, o], [S, S, o], [o, o, o]]),
])
def test_secondary_suppression(counts, kwargs, expected):
    assert states(suppress(counts, 5, **kwargs)) == expected


def test_a_total_that_would_reveal_a_hidden_count_is_never_left_alone_with_it():
    # 3 hidden, 10 shown, total 13 shown would give 13 - 10 = 3.
    result = suppress([[3, 10]], 5, row_totals=True)
    shown = {cell: result.values[cell] for cell, s in result.state.items() if s == SHOWN}
    assert shown == {(0, 2): 13}
    assert determined_cells(result.values, result.state, _lines(1, 2, (0, 1), True, False)) == []


def test_measures_that_may_not_be_added_take_no_part_in_the_totals():
    result = suppress([[3, 10, 2]], 5, summable=[0, 1], row_totals=True)
    assert states(result) == [[P, S, P, o]]
    assert result.values[(0, 3)] == 13


def test_zero_is_never_hidden_to_protect_another_count():
    result = suppress([[0, 0, 3, 40], [0, 0, 25, 0]], 5, row_totals=True, column_totals=True)
    zeros = [cell for cell, v in result.values.items() if v == 0]
    assert zeros and all(result.state[cell] == SHOWN for cell in zeros)


@pytest.mark.parametrize("seed", range(40))
def test_no_hidden_count_can_be_worked_out_in_random_tables(seed):
    rng = random.Random(seed)
    rows, cols = rng.randint(1, 5), rng.randint(1, 5)
    counts = [[rng.choice([0, 0, 1, 2, 3, 4, 5, 6, 9, 14, 30]) for _ in range(cols)] for _ in range(rows)]
    row_totals, column_totals = rng.random() < .7, rng.random() < .7
    result = suppress(counts, 5, row_totals=row_totals, column_totals=column_totals)
    lines = _lines(rows, cols, result.summable, result.row_totals, result.column_totals)
    for cell, value in result.values.items():
        assert (result.state[cell] == PRIMARY) == (0 < value < 5)
    for line in lines:
        assert sum(result.state[c] != SHOWN for c in line) != 1, (counts, line)
        assert not pinned_by_bounds(line, result.values, result.state, 5), (counts, line)
    assert determined_cells(result.values, result.state, lines) == [], counts


@pytest.mark.parametrize("bad", [[[-1]], [[1.5]], [[True]], [[1, 2], [3]]])
def test_counts_that_are_not_whole_numbers_or_a_ragged_table_are_refused(bad):
    with pytest.raises(ValueError):
        suppress(bad, 5)


# -- settings --------------------------------------------------------------------------------
def test_the_threshold_defaults_to_five_and_the_data_folder_is_under_the_content():
    config = StatisticsSettings.from_settings({"PATH": "content"})
    assert config.threshold == 5
    assert config.data_path == Path("content/data/statistics")


@pytest.mark.parametrize("value", [1, 0, "5", 5.0, True, None, 101])
def test_a_wrong_threshold_names_the_setting(value):
    with pytest.raises(StatisticsSettingsError, match="STATISTICS_THRESHOLD"):
        StatisticsSettings.from_settings({"STATISTICS_THRESHOLD": value})


# -- files that look like one row per person -------------------------------------------------
GOOD = "period,area,measure,count\n2025,Xã A,received,12\n2025,Xã B,received,0\n"


def test_a_file_of_counts_is_read():
    rows, problems = check_csv(GOOD)
    assert problems == []
    assert [(r.area, r.count, r.line) for r in rows] == [("Xã A", 12, 2), ("Xã B", 0, 3)]


@pytest.mark.parametrize("text, line, fragment", [
    ("name,period,area,measure,count\nA Súa,2025,Xã A,received,1\n", 1, "column 'name' looks like data about one person"),
    ("period,area,measure,count,ngày sinh\n2025,Xã A,received,1,2001-02-03\n", 1, "column 'ngày sinh' looks like data about one person"),
    ("period,area,measure,count,cccd\n", 1, "column 'cccd' looks like data about one person"),
    ("period,area,measure,count,phone\n", 1, "column 'phone' looks like data about one person"),
    ("period,area,measure,total\n", 1, "the header must be exactly period,area,measure,count"),
    (GOOD + "2025,Xã C,received,2.5\n", 4, "the count '2.5' is not a whole number of 0 or more"),
    (GOOD + "2025,Xã C,received,-1\n", 4, "the count '-1' is not a whole number of 0 or more"),
    (GOOD + "2025,Xã C,received,\n", 4, "the count '' is not a whole number of 0 or more"),
    (GOOD + "2025,0912345678,received,7\n", 4, "'0912345678' in column area looks like a phone or ID number"),
    (GOOD + "2025,001203004567,received,7\n", 4, "'001203004567' in column area looks like a phone or ID number"),
    (GOOD + "12/05/1990,Xã C,received,7\n", 4, "'12/05/1990' in column period is a day's date"),
    (GOOD + "2025,Xã C,received,7,Lò Văn A\n", 4, "this line has 5 values, not 4"),
    (GOOD + "2025,Xã A,received,9\n", 4, "2025 / Xã A / received is given twice (also line 2)"),
])
def test_a_file_that_is_not_counts_is_refused_with_its_line(text, line, fragment):
    _, problems = check_csv(text)
    assert [(n, m) for n, m, _ in problems if fragment in m] == [(line, next(m for _, m, _ in problems if fragment in m))]


def test_a_file_of_mostly_ones_is_taken_for_a_list_of_people():
    lines = "".join(f"2025,Thôn {i},received,1\n" for i in range(8)) + "2025,Thôn X,received,12\n2025,Thôn Y,received,9\n"
    _, problems = check_csv("period,area,measure,count\n" + lines)
    assert [(n, m) for n, m, _ in problems] == [
        (2, "8 of 10 counts are 1: this looks like one row per person, not counts")]


def test_years_and_ranges_of_years_are_not_taken_for_phone_numbers():
    _, problems = check_csv("period,area,measure,count\n2021-2023,Xã A,received,9\n2025-Q1,Xã A,received,9\n")
    assert problems == []


def write_pair(folder: Path, name: str, csv_text: str, yaml_text: str):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.csv").write_text(csv_text, encoding="utf-8")
    if yaml_text is not None:
        (folder / f"{name}.yaml").write_text(yaml_text, encoding="utf-8")


YAML = """title: {vi: Tiếp nhận, en: Received}
unit: {vi: người, en: people}
source: {name: Sở Y tế, url: "https://example.org/a"}
measures:
  received: {vi: Được tiếp nhận, en: Received}
"""


def test_problems_in_both_files_are_all_reported_with_file_and_line(tmp_path):
    write_pair(tmp_path, "a", GOOD + "2025,Xã C,supported,7\n2025,Xã D,received,x\n",
               YAML + "summable: [received, given]\n")
    datasets, problems = load_all(tmp_path, ["vi", "en"])
    assert datasets == {}
    assert [(p.name, line, message) for p, line, message, _ in problems] == [
        ("a.csv", 5, "the count 'x' is not a whole number of 0 or more"),
        ("a.yaml", 6, "'summable' names 'given', which is not under 'measures'"),
        ("a.csv", 4, "measure 'supported' is not described in the .yaml file"),
    ]


def test_a_csv_without_its_description_and_a_description_without_its_csv_are_reported(tmp_path):
    write_pair(tmp_path, "a", GOOD, None)
    (tmp_path / "b.yaml").write_text(YAML, encoding="utf-8")
    _, problems = load_all(tmp_path)
    assert [(p.name, line, message) for p, line, message, _ in problems] == [
        ("a.csv", 1, "a.yaml is missing beside a.csv"), ("b.yaml", 1, "b.csv is missing beside b.yaml")]


def test_a_description_without_a_source_is_refused(tmp_path):
    write_pair(tmp_path, "a", GOOD, YAML.replace('source: {name: Sở Y tế, url: "https://example.org/a"}\n', ""))
    _, problems = load_all(tmp_path)
    assert [(p.name, m) for p, _, m, _ in problems] == [
        ("a.yaml", "'source' must name where the figures come from (source: {name: …, url: …})")]


def test_the_real_statistics_files_load_without_problems():
    root = Path(__file__).resolve().parent.parent
    datasets, problems = load_all(root / "content" / "data" / "statistics", ["vi", "en"])
    assert problems == []
    assert datasets and all(d.source_name for d in datasets.values())


# -- the chart ------------------------------------------------------------------------------
def test_a_hidden_count_gets_no_bar_only_its_words():
    svg = bar_chart([("Xã A", [Bar("Được tiếp nhận", "dưới 5", None), Bar("Được hỗ trợ", "12", 12)]),
                     ("Xã B", [Bar("Được tiếp nhận", "0", 0), Bar("Được hỗ trợ", "ẩn", None)])])
    assert svg.count("<rect") == 1
    assert 'aria-hidden="true"' in svg
    texts = re.findall(r">([^<]+)</text>", svg)
    assert texts == ["Xã A", "Được tiếp nhận", "dưới 5", "Được hỗ trợ", "12",
                     "Xã B", "Được tiếp nhận", "0", "Được hỗ trợ", "ẩn"]


def test_bars_are_as_long_as_their_counts():
    svg = bar_chart([("", [Bar("a", "10", 10), Bar("b", "20", 20)])])
    widths = [int(w) for w in re.findall(r'<rect[^>]*width="(\d+)"', svg)]
    assert widths[1] == 2 * widths[0]


# -- the [[statistics:NAME]] grammar --------------------------------------------------------
def test_a_statistics_reference_is_found_with_its_line_and_whether_it_is_a_paragraph_of_its_own():
    text = "Một\n\n[[statistics:ho-tro]]\n\nXem [[statistics:ho-tro]] nhé.\n"
    refs = [(r.kind, r.key, r.line, r.alone) for r in find_references(text)]
    assert refs == [("statistics", "ho-tro", 3, True), ("statistics", "ho-tro", 5, False)]


def test_the_markdown_extension_turns_a_statistics_paragraph_into_one_placeholder():
    html = markdown.markdown("Một\n\n[[statistics:ho-tro]]\n", extensions=["loa.directory.markdown_ext"])
    assert html == ('<p>Một</p>\n<loa-ref data-form="card" data-key="ho-tro" data-kind="statistics">'
                    '</loa-ref>')


# -- docs/errors.md keeps up with the messages ---------------------------------------------
def statistics_messages() -> list[str]:
    """The fixed text of every message loa.statistics reports: ``(line, message, hint)`` and
    ``(path, line, message, hint)`` tuples, ``problems.add(path, line, message, …)`` calls and
    settings errors, as read from the code."""
    import ast

    from tests.test_errors_doc import is_line, stable_fragment

    found = []
    for name in ("data.py", "generator.py", "settings.py"):
        tree = ast.parse((ROOT / "loa" / "statistics" / name).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            message = None
            if isinstance(node, ast.Tuple) and len(node.elts) == 3 and is_line(node.elts[0]):
                message = node.elts[1]
            elif isinstance(node, ast.Tuple) and len(node.elts) == 3 and isinstance(node.elts[0], (ast.UnaryOp, ast.Call)):
                message = node.elts[1]   # -line (a CSV line, see check_definition) or line_of(key)
            elif isinstance(node, ast.Tuple) and len(node.elts) == 2 and isinstance(node.elts[0], ast.Constant) \
                    and node.elts[0].value is None:
                message = node.elts[1]   # text_of's (None, message)
            elif isinstance(node, ast.Tuple) and len(node.elts) == 4 and is_line(node.elts[1]):
                message = node.elts[2]
            elif isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "add" and len(node.args) >= 3:
                message = node.args[2]
            elif isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "fail" and len(node.args) >= 2:
                message = node.args[1]   # a settings mistake: read.fail(key, message)
            fragment = stable_fragment(message) if message is not None else None
            if fragment and fragment.strip():
                found.append(fragment)
    return found


ROOT = Path(__file__).resolve().parent.parent
STATISTICS_MESSAGES = statistics_messages()


def test_the_statistics_messages_are_found_in_the_code():
    assert "this statistics file is empty" in STATISTICS_MESSAGES
    assert "'source' must name where the figures come from (source: {name: …, url: …})" in STATISTICS_MESSAGES
    assert len(STATISTICS_MESSAGES) >= 30


@pytest.mark.parametrize("fragment", STATISTICS_MESSAGES)
def test_every_statistics_message_is_described_in_errors_md(fragment):
    doc = (ROOT / "docs" / "errors.md").read_text(encoding="utf-8")
    assert fragment in doc, f"docs/errors.md does not explain: {fragment!r}"


def test_the_statistics_core_runs_without_pelican():
    # architecture review §5: a core a future site model can call, and a thin Pelican adapter
    import subprocess
    import sys

    code = ("import sys; import loa.statistics.data, loa.statistics.suppress, loa.statistics.table, "
            "loa.statistics.chart, loa.statistics.render, loa.statistics.settings; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] == 'pelican'))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
