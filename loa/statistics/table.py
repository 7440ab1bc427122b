"""From a :class:`~loa.statistics.data.Dataset` to the table a reader sees (pure, no Pelican).

Rows are the CSV's (period, area) pairs in file order, columns its measures in the order of the
``.yaml`` file. A dimension with a single value (one period, or one area) is not a column: it is
said once under the caption. When at least two summable measures are parts of one whole
(``add_measures``), a total column adds them; when a summable measure has two rows or more, a
total row adds it. Every count then goes through
:func:`loa.statistics.suppress.suppress`: the table holds the *kind* of each cell, never a hidden
value.
"""
from __future__ import annotations

from dataclasses import dataclass

from loa.statistics.data import Dataset
from loa.statistics.suppress import PRIMARY, SECONDARY, suppress

COUNT, SMALL, HIDDEN, MISSING, BLANK = "count", "small", "hidden", "missing", "blank"


@dataclass(frozen=True)
class Cell:
    """A shown cell: ``kind`` is ``count`` (``value`` is the count), ``small`` (1 to threshold-1,
    shown as "fewer than N"), ``hidden`` (secondary suppression), ``missing`` (no count in the
    data) or ``blank`` (no total for a measure that may not be added). ``value`` is ``None``
    unless ``kind`` is ``count``."""

    kind: str
    value: int | None = None


@dataclass(frozen=True)
class DisplayTable:
    """``row_keys``: ``[(period, area)]``; ``row_dims``: which of ``"period"``, ``"area"`` label the
    rows (the others are constant: ``constant`` ``{dim: value}``); ``measures``: measure keys;
    ``cells[r][c]``: :class:`Cell`; ``row_total``: a :class:`Cell` per row or ``None``;
    ``total_row``: a :class:`Cell` per measure or ``None``; ``grand_total``: :class:`Cell` or
    ``None``; ``threshold``."""

    row_keys: tuple
    row_dims: tuple
    constant: dict
    measures: tuple
    cells: tuple
    row_total: tuple | None
    total_row: tuple | None
    grand_total: Cell | None
    threshold: int

    def all_cells(self) -> list[Cell]:
        """Every cell shown, inner cells and totals."""
        found = [cell for row in self.cells for cell in row]
        found += list(self.row_total or ()) + list(self.total_row or ())
        return found + ([self.grand_total] if self.grand_total else [])


def missing_summable(dataset: Dataset) -> list[tuple[str, str, str]]:
    """``[(period, area, measure)]``: summable counts the CSV does not give (totals would be wrong)."""
    keys = list(dict.fromkeys((r.period, r.area) for r in dataset.rows))
    given = {(r.period, r.area, r.measure) for r in dataset.rows}
    present = {r.measure for r in dataset.rows}
    return [(p, a, m) for p, a in keys for m in dataset.summable if m in present and (p, a, m) not in given]


def build_table(dataset: Dataset, threshold: int = 5) -> DisplayTable:
    """The suppressed table of ``dataset`` (see the module docstring). ``threshold``: counts from
    1 to ``threshold - 1`` are hidden (the ``STATISTICS_THRESHOLD`` setting)."""
    row_keys = tuple(dict.fromkeys((r.period, r.area) for r in dataset.rows))
    present = {r.measure for r in dataset.rows}
    measures = tuple(m for m in dataset.measures if m in present)
    counts = {(r.period, r.area, r.measure): r.count for r in dataset.rows}
    periods = list(dict.fromkeys(p for p, _ in row_keys))
    areas = list(dict.fromkeys(a for _, a in row_keys))
    row_dims = tuple(d for d, values in (("period", periods), ("area", areas)) if len(values) > 1) or ("area",)
    constant = {d: values[0] for d, values in (("period", periods), ("area", areas))
                if len(values) == 1 and d not in row_dims}

    summable = [i for i, m in enumerate(measures) if m in dataset.summable]
    row_totals = dataset.add_measures and len(summable) >= 2
    column_totals = bool(summable) and len(row_keys) >= 2
    grid = [[counts.get((p, a, m), 0) for m in measures] for p, a in row_keys]
    result = suppress(grid, threshold, summable, row_totals, column_totals)
    n_rows, n_cols = len(row_keys), len(measures)

    def cell(r: int, c: int) -> Cell:
        inner = r < n_rows and c < n_cols
        if inner and (row_keys[r] + (measures[c],)) not in counts:
            return Cell(MISSING)
        if (r, c) not in result.state:
            return Cell(BLANK)
        state = result.state[(r, c)]
        if state == PRIMARY:
            return Cell(SMALL)
        if state == SECONDARY:
            return Cell(HIDDEN)
        return Cell(COUNT, result.values[(r, c)])

    cells = tuple(tuple(cell(r, c) for c in range(n_cols)) for r in range(n_rows))
    row_total = tuple(cell(r, n_cols) for r in range(n_rows)) if row_totals else None
    total_row = tuple(cell(n_rows, c) for c in range(n_cols)) if column_totals else None
    grand = cell(n_rows, n_cols) if row_totals and column_totals else None
    return DisplayTable(row_keys, row_dims, constant, measures, cells, row_total, total_row, grand, threshold)
