"""Loudspeaker programmes: ``content/programmes/<name>.yaml`` read and timed (no Pelican).

A programme is a running order of scripts::

    title: Chương trình phát thanh sáng Chủ nhật
    gap_seconds: 5          # silence (or a jingle) between two items
    languages: [vi, en]     # optional: the languages it is made in (default: all)
    items:
      - goi-111
      - viec-nhe-luong-cao

Its length is every item's spoken length plus one gap between each two items.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from loa.problems import Problems
from loa.spoken.core import PROGRAMME_WARNING_SECONDS, format_length
from loa.yamlfile import load_with_lines

NAME_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
KEYS = ("title", "items", "gap_seconds", "languages")


@dataclass(frozen=True)
class Programme:
    """One programme file: ``name``, ``path``, ``title``, ``items`` ``[(script name, line)]``,
    ``gap_seconds``, ``languages`` (tags, or ``None`` for every language), ``line`` of ``items``."""

    name: str
    path: str
    title: str
    items: tuple[tuple[str, int], ...]
    gap_seconds: float
    languages: tuple[str, ...] | None
    line: int = 1

    def for_language(self, tag: str) -> bool:
        return self.languages is None or tag in self.languages


def read_programmes(folder, known_scripts, tags, problems: Problems) -> list[Programme]:
    """Every ``*.yaml`` in ``folder`` (missing folder: none). ``known_scripts`` are the source
    scripts' names, ``tags`` the configured languages. Problems (``path:line: message``): not a
    mapping, unknown key, no title, no items, an item that is not a known script, a gap that is
    not a number of seconds from 0 to 60, an unknown language. A programme with an error is left
    out."""
    programmes = []
    folder = Path(folder)
    if not folder.is_dir():
        return programmes
    for path in sorted(folder.iterdir()):
        if path.name.startswith(".") or not path.is_file():
            continue
        if path.suffix not in (".yaml", ".yml"):
            problems.add(path, 1, "only programme files (.yaml) belong in content/programmes",
                         "rename it to end in .yaml, or move it out")
            continue
        before = len(problems.errors)
        programme = _read(path, set(known_scripts), tuple(tags), problems)
        if programme is not None and len(problems.errors) == before:
            programmes.append(programme)
    return programmes


def _read(path: Path, known: set, tags: tuple, problems: Problems) -> Programme | None:
    data = load_with_lines(path, problems)
    if data is None:
        return None
    if not isinstance(data, dict):
        problems.add(path, 1, "a programme must be 'title:', 'gap_seconds:' and 'items:' lines",
                     "see docs/scripts.md, Programmes")
        return None
    if not NAME_RE.match(path.stem):
        problems.add(path, 1, f"file name '{path.name}' must be lower case letters, digits and '-'",
                     "rename it (no accents, no spaces)")
    for key in data:
        if key not in KEYS:
            problems.add(path, data.line_of(key), f"unknown programme field '{key}'", f"known fields: {', '.join(KEYS)}")
    title = str(data.get("title") or "").strip()
    if not title:
        problems.add(path, data.line_of("title"), "the programme has no title", "add 'title: …'")
    items = data.get("items")
    found: list[tuple[str, int]] = []
    if not isinstance(items, list) or not items:
        problems.add(path, data.line_of("items"), "the programme has no items",
                     "list the scripts to read, in order, under 'items:' (one '- name' a line)")
    else:
        for index, item in enumerate(items):
            line = _item_line(path, data.line_of("items"), index)
            name = str(item).strip()
            if name.endswith(".md"):
                name = name[:-3]
            if name not in known:
                problems.add(path, line, f"unknown script '{name}' in programme '{path.stem}'",
                             f"known scripts: {', '.join(sorted(known)) or 'none'} (content/scripts/vi/)")
            found.append((name, line))
    gap = data.get("gap_seconds", 0)
    if isinstance(gap, bool) or not isinstance(gap, (int, float)) or not 0 <= gap <= 60:
        problems.add(path, data.line_of("gap_seconds"),
                     f"gap_seconds must be a number of seconds from 0 to 60, not '{gap}'",
                     "the silence between two items, e.g. 'gap_seconds: 5'")
        gap = 0
    languages = data.get("languages")
    if languages is not None:
        if not isinstance(languages, list):
            languages = [languages]
        for tag in languages:
            if str(tag) not in tags:
                problems.add(path, data.line_of("languages"), f"unknown language '{tag}'; known: {', '.join(tags)}")
        languages = tuple(str(t) for t in languages)
    return Programme(path.stem, str(path), title, tuple(found), float(gap), languages, data.line_of("items"))


def _item_line(path: Path, items_line: int, index: int) -> int:
    """The line of the ``index``-th ``- item`` after ``items:`` (YAML keeps no line for scalars)."""
    count = -1
    for number, text in enumerate(path.read_text(encoding="utf-8-sig").splitlines(), start=1):
        if number > items_line and re.match(r"^\s*-\s", text):
            count += 1
            if count == index:
                return number
    return items_line


@dataclass(frozen=True)
class RunningItem:
    """One item of a running order: ``position`` (1-based), ``name``, ``seconds``, ``starts_at``
    (seconds from the start of the programme), and the planned script shown (``planned``)."""

    position: int
    name: str
    seconds: float
    starts_at: float
    planned: object


@dataclass(frozen=True)
class RunningOrder:
    """A programme in one language: its ``items``, ``total`` seconds (gaps included) and
    ``over_limit`` (longer than :data:`~loa.spoken.core.PROGRAMME_WARNING_SECONDS`)."""

    programme: Programme
    tag: str
    items: tuple[RunningItem, ...]
    total: float

    @property
    def over_limit(self) -> bool:
        return self.total > PROGRAMME_WARNING_SECONDS

    @property
    def length(self) -> str:
        return format_length(self.total)


def running_order(programme: Programme, tag: str, planned_by_name: dict, seconds_of=lambda p: p.seconds) -> RunningOrder:
    """Time ``programme`` in language ``tag``. ``planned_by_name`` maps script names to what the
    language shows (each with ``.seconds``); total = sum of items + ``gap_seconds`` × (items − 1)."""
    items, clock = [], 0.0
    for position, (name, _line) in enumerate(programme.items, start=1):
        planned = planned_by_name[name]
        if position > 1:
            clock += programme.gap_seconds
        seconds = seconds_of(planned)
        items.append(RunningItem(position, name, seconds, clock, planned))
        clock += seconds
    return RunningOrder(programme, tag, tuple(items), clock)
