"""A horizontal bar chart drawn as inline SVG at build time (pure, no Pelican, no library).

Why our own drawing: see docs/statistics.md ("The chart"), where the sizes of pygal's and
leather's SVG for the same table are measured against this one. The chart is made for phones
240 px wide and for printing in black and white:

- one group per table row, its label above; one bar per measure, the measure's name above the
  bar and the shown value after it, so no colour legend is needed;
- a hidden cell ("fewer than 5", or hidden to protect one) gets **no bar**, only its words: a bar's
  length would give the hidden count away;
- the SVG is ``aria-hidden``: the table above it is its text alternative.

The drawing is 216 units wide, the text column of a 240 px screen (the page has 12 px margins), and
is never scaled up (CSS ``max-width: 100%``), so its 14 px text stays 14 px; text is wrapped to
the width by a conservative estimate of 0.6 em per character.
"""
from __future__ import annotations

from dataclasses import dataclass

from markupsafe import escape

WIDTH = 216
FONT = 14
LINE = 18          # one line of text
BAR = 16           # bar thickness
GAP = 10           # between groups
VALUE_ROOM = 70    # room kept right of the longest bar for its value
CHAR = 0.6 * FONT  # estimated width of one character


@dataclass(frozen=True)
class Bar:
    """One bar: ``label`` (the measure's words), ``text`` (the value as shown: "1.234",
    "fewer than 5"…) and ``value`` (the count to draw, or ``None`` for no bar)."""

    label: str
    text: str
    value: int | None


def wrap(text: str, width: float = WIDTH, char: float = CHAR) -> list[str]:
    """Split ``text`` into lines that fit ``width`` units, at spaces (a word longer than a line
    gets a line of its own)."""
    limit = max(int(width // char), 1)
    lines, current = [], ""
    for word in text.split():
        if current and len(current) + 1 + len(word) > limit:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    return lines + [current] if current else lines or [""]


def bar_chart(groups, css_class: str = "loa-stat__chart") -> str:
    """An SVG bar chart. ``groups``: ``[(group_label, [Bar, …]), …]`` (a group label may be
    ``""``). Bar lengths are proportional to ``value`` over the largest value (0 draws nothing).
    Returns the ``<svg>`` element as text, ``aria-hidden="true"`` and ``focusable="false"``."""
    largest = max((b.value for _, bars in groups for b in bars if b.value), default=0)
    span = WIDTH - VALUE_ROOM
    parts, y = [], 0
    for group_label, bars in groups:
        if group_label:
            for text in wrap(group_label):
                y += LINE
                parts.append(f'<text x="0" y="{y - 3}" font-weight="bold">{escape(text)}</text>')
        for bar in bars:
            for text in wrap(bar.label):
                y += LINE
                parts.append(f'<text x="0" y="{y - 3}">{escape(text)}</text>')
            length = round(span * bar.value / largest) if bar.value and largest else 0
            if length:
                parts.append(f'<rect x="0" y="{y + 1}" width="{max(length, 2)}" height="{BAR}"/>')
            parts.append(f'<text x="{length + 4 if length else 0}" y="{y + BAR - 1}" class="v">'
                         f'{escape(bar.text)}</text>')
            y += BAR + 4
        y += GAP
    height = max(y, 1)
    return (f'<svg class="{escape(css_class)}" aria-hidden="true" focusable="false" '
            f'viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" '
            f'font-size="{FONT}" font-family="sans-serif">'
            f'<g fill="#1f3b63">{"".join(p for p in parts if p.startswith("<rect"))}</g>'
            f'<g fill="#111">{"".join(p for p in parts if not p.startswith("<rect"))}</g></svg>')
