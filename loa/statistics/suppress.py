"""Small-count suppression for a table of counts with optional totals (pure functions).

The rule (docs/statistics.md), as statistical offices apply cell suppression to frequency tables
(Hundepool et al., *Handbook on Statistical Disclosure Control*, 2nd ed., 2024, chapter on
tabular data; the OECD *Glossary of Statistical Disclosure Control*, "threshold rule"):

1. **Primary suppression.** Every count from 1 to ``threshold - 1`` (1–4 with the default 5) is
   hidden and shown as "fewer than 5". Zero is shown as zero. A total is a count too: a total
   of 1–4 is hidden the same way.
2. **Secondary (complementary) suppression.** A shown total lets a reader subtract. So every
   *line* (a row with its row total, a column with its column total) must hold either no hidden
   cell or at least two. A line with a single hidden cell gets a second one: the smallest
   non-zero shown cell of that line, inner cells before totals ("hide the next-smallest cell in
   the same row and column"), preferring a cell whose other line already holds a hidden cell
   (which closes a rectangle instead of starting a new chain). Zeros are never used: a zero
   stays a zero.
3. **Audit.** Two hidden cells per line is necessary, not sufficient. The hidden cells are then
   checked exactly: a hidden cell is given away when the shown totals determine it, i.e. when its
   indicator vector lies in the row space of the totals' equations over the hidden cells
   (Gaussian elimination in exact fractions). Such a cell gets one more complement, and the
   audit repeats.

4. **Bounds.** A reader also knows that a "fewer than 5" cell is 1–4 and that a hidden complement
   is at least 5 (it was not small, and not zero). A line whose shown total, with these bounds,
   pins a hidden cell to one value (a row 4, 4 with total 8; a 1 and a complement of 5 with total
   6) gets another complement, or, when none is left, its total hidden (:func:`pinned_by_bounds`).
   This checks each line on its own; it is the practical form of the "protection interval" of the
   Handbook, not a full linear-programming audit across lines.
"""
from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

SHOWN = "shown"
PRIMARY = "primary"      # a count from 1 to threshold - 1: "fewer than 5"
SECONDARY = "secondary"  # hidden so that a total does not give a small count away

Cell = tuple[int, int]


@dataclass(frozen=True)
class Suppressed:
    """The result for an ``R × C`` table of counts.

    ``values[(r, c)]``: every count, inner cells and, when shown, totals: row totals at column
    index ``C``, column totals at row index ``R``, the grand total at ``(R, C)``.
    ``state[(r, c)]``: :data:`SHOWN`, :data:`PRIMARY` or :data:`SECONDARY` for the same cells.
    ``rows``, ``columns``: ``R`` and ``C``. ``summable``: the column indexes that take part in the
    totals. ``row_totals``/``column_totals``: which totals exist.
    """

    values: dict
    state: dict
    rows: int
    columns: int
    summable: tuple[int, ...]
    row_totals: bool
    column_totals: bool

    def hidden(self) -> dict:
        """``{cell: PRIMARY | SECONDARY}`` for the hidden cells only."""
        return {cell: s for cell, s in self.state.items() if s != SHOWN}


def suppress(counts, threshold: int = 5, summable=None, row_totals: bool = False,
             column_totals: bool = False) -> Suppressed:
    """Hide small counts, and enough other cells that no shown total gives them away.

    ``counts``: ``R`` rows of ``C`` whole numbers ≥ 0 (a list of lists). ``threshold``: counts
    from 1 to ``threshold - 1`` are hidden (≥ 2; PRODUCT.md sets 5). ``summable``: indexes of the
    columns whose counts may be added (default: all). ``row_totals``: a total column (each row's
    summable cells added) is shown; ``column_totals``: a total row (each summable column added) is
    shown. The totals are computed here, never taken from the data.

    Raises ``ValueError`` for a ragged table, a count that is not a whole number ≥ 0, or a
    threshold below 2. The rule and its source: this module's docstring.
    """
    if isinstance(threshold, bool) or not isinstance(threshold, int) or threshold < 2:
        raise ValueError(f"threshold must be a whole number of at least 2, not {threshold!r}")
    rows = [list(r) for r in counts]
    n_rows = len(rows)
    n_cols = len(rows[0]) if rows else 0
    if any(len(r) != n_cols for r in rows):
        raise ValueError("every row must have the same number of counts")
    for r in rows:
        for v in r:
            if isinstance(v, bool) or not isinstance(v, int) or v < 0:
                raise ValueError(f"counts must be whole numbers ≥ 0, not {v!r}")
    summable = tuple(sorted(set(range(n_cols) if summable is None else summable)))
    row_totals = bool(row_totals and summable)
    column_totals = bool(column_totals and summable)

    values: dict[Cell, int] = {(r, c): rows[r][c] for r in range(n_rows) for c in range(n_cols)}
    if row_totals:
        for r in range(n_rows):
            values[(r, n_cols)] = sum(rows[r][c] for c in summable)
    if column_totals:
        for c in summable:
            values[(n_rows, c)] = sum(rows[r][c] for r in range(n_rows))
        if row_totals:
            values[(n_rows, n_cols)] = sum(values[(n_rows, c)] for c in summable)

    lines = _lines(n_rows, n_cols, summable, row_totals, column_totals)
    margins = {cell for cell in values if cell[0] == n_rows or cell[1] == n_cols}
    state = {cell: PRIMARY if 0 < v < threshold else SHOWN for cell, v in values.items()}

    def hide_one_more(cell: Cell, line_choices) -> bool:
        """Hide the best complement for ``cell`` among ``line_choices``; False if there is none."""
        small_primary = state[cell] == PRIMARY and values[cell] == 1
        candidates = [other for line in line_choices for other in line
                      if state[other] == SHOWN and values[other] > 0]
        if not candidates:
            return False


        def new_lone_lines(o: Cell) -> int:
            # Lines through o that hold no hidden cell yet: hiding o there would need one more
            # cell hidden; worse when that line has no other non-zero inner cell (its total
            # would have to go).
            cost = 0
            for line in lines:
                if o in line and not any(state[x] != SHOWN for x in line):
                    cost += 1
                    if not any(values[x] > 0 for x in line[:-1] if x != o):
                        cost += 1
            return cost

        best = min(candidates, key=lambda o: (
            o in margins,                                        # inner cells before totals
            new_lone_lines(o),                                   # close a rectangle when possible
            small_primary and values[o] == threshold,            # 1 + threshold would give both away
            values[o], o))
        state[best] = SECONDARY
        return True

    for _ in range(len(values) + 1):
        changed = False
        for line in lines:
            hidden = [cell for cell in line if state[cell] != SHOWN]
            if len(hidden) == 1:
                changed |= hide_one_more(hidden[0], [line])
        if changed:
            continue
        for cell in determined_cells(values, state, lines):
            if hide_one_more(cell, [line for line in lines if cell in line]):
                changed = True
                break
        if changed:
            continue
        for line in lines:
            if pinned_by_bounds(line, values, state, threshold):
                inner = [line[:-1]]
                if not hide_one_more(next(c for c in line[:-1] if state[c] != SHOWN), inner):
                    state[line[-1]] = SECONDARY   # no other cell to hide: hide the total
                changed = True
                break
        if not changed:
            break
    return Suppressed(values, state, n_rows, n_cols, summable, row_totals, column_totals)


def _lines(n_rows, n_cols, summable, row_totals, column_totals) -> list[list[Cell]]:
    """Every sum relation shown to a reader: the last cell of each line is the sum of the others."""
    lines = []
    if row_totals:
        for r in range(n_rows + (1 if column_totals else 0)):
            lines.append([(r, c) for c in summable] + [(r, n_cols)])
    if column_totals:
        for c in list(summable) + ([n_cols] if row_totals else []):
            lines.append([(r, c) for r in range(n_rows)] + [(n_rows, c)])
    return lines


def pinned_by_bounds(line, values: dict, state: dict, threshold: int) -> bool:
    """Whether a line with a shown total lets a reader pin a hidden inner cell to one value using
    what the rule itself tells: a "fewer than" cell is 1 to ``threshold - 1``, a cell hidden to
    protect one is at least ``threshold`` (it was shown before, and not zero). E.g. a row 4, 4
    with its total 8 shown, or 1 and a complement of 5 with the total 6."""
    total, inner = line[-1], line[:-1]
    hidden = [c for c in inner if state[c] != SHOWN]
    if state[total] != SHOWN or not hidden:
        return False
    rest = values[total] - sum(values[c] for c in inner if state[c] == SHOWN)
    bounds = {c: (1, threshold - 1) if state[c] == PRIMARY else (threshold, None) for c in hidden}
    for c in hidden:
        others = [bounds[o] for o in hidden if o != c]
        low = max(bounds[c][0], rest - sum(hi for _, hi in others) if all(hi is not None for _, hi in others) else bounds[c][0])
        high = rest - sum(lo for lo, _ in others)
        if bounds[c][1] is not None:
            high = min(high, bounds[c][1])
        if low == high:
            return True
    return False


def determined_cells(values: dict, state: dict, lines) -> list[Cell]:
    """Hidden cells whose value a reader can work out exactly from the shown cells and totals.

    Each line says ``sum(inner) - total = 0``. Over the hidden cells this is a linear system
    ``A x = b``; hidden cell ``i`` is determined iff ``e_i`` is in the row space of ``A``.
    Returns them in sorted order (``[]`` when the table is safe).
    """
    hidden = sorted(cell for cell, s in state.items() if s != SHOWN)
    if not hidden:
        return []
    index = {cell: i for i, cell in enumerate(hidden)}
    matrix = []
    for line in lines:
        row = [Fraction(0)] * len(hidden)
        for position, cell in enumerate(line):
            if cell in index:
                row[index[cell]] += -1 if position == len(line) - 1 else 1
        if any(row):
            matrix.append(row)
    basis = _row_echelon(matrix)
    found = []
    for cell, i in index.items():
        vector = [Fraction(0)] * len(hidden)
        vector[i] = Fraction(1)
        if not any(_reduce(vector, basis)):
            found.append(cell)
    return sorted(found)


def _row_echelon(matrix):
    """Reduced row echelon basis: ``[(pivot column, row)]``."""
    basis = []
    for row in matrix:
        row = _reduce(list(row), basis)
        pivot = next((j for j, v in enumerate(row) if v != 0), None)
        if pivot is None:
            continue
        row = [v / row[pivot] for v in row]
        basis = [(p, [a - b * r[pivot] for a, b in zip(r, row)]) if r[pivot] else (p, r) for p, r in basis]
        basis.append((pivot, row))
    return basis


def _reduce(vector, basis):
    for pivot, row in basis:
        if vector[pivot] != 0:
            factor = vector[pivot]
            vector = [a - factor * b for a, b in zip(vector, row)]
    return vector
