"""Leaflet definitions: ``content/leaflets/<name>.yaml``, read with line numbers.

A definition says which format, which pages (optionally which ``##`` sections of them) and which
hotlines (by key, the first is the primary one)::

    name: goi-111            # optional; the file name otherwise
    format: trifold          # trifold | booklet | poster | cards | guide
    pages:
      - trang-chu            # a whole page, by its file name in content/pages/vi/
      - page: dau-hieu
        sections: ["Dấu hiệu nhận biết"]   # only these ## sections, by their Vietnamese heading
    hotlines: [111]
    body: false              # optional: title and summary only, no page text (a poster's message)
    languages: [vi, hmn]     # optional: only these languages (default: every language)

Fields of one format: ``cards`` (the picture cards, :mod:`loa.leaflets.cards`; a cards
definition needs no ``pages``), ``materials`` (a guide's cards, leaflets and scripts per step,
:mod:`loa.leaflets.guide`) and ``pictograms`` (a poster's pictogram per list item).
"""
from __future__ import annotations

import re

import yaml
from dataclasses import dataclass, field
from pathlib import Path

from loa.incremental import Memo, file_key
from loa.leaflets.settings import FORMATS
from loa.problems import Problems
from loa.yamlfile import load_with_lines

NAME_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
KEYS = ("name", "format", "pages", "hotlines", "body", "languages")
#: Fields of one format only, read and checked by that format's module (loa.leaflets.cards,
#: loa.leaflets.guide; ``pictograms`` by the poster): field → formats.
FORMAT_KEYS = {"cards": ("cards",), "materials": ("guide",), "pictograms": ("poster",)}


@dataclass(frozen=True)
class PageRef:
    """One page feeding a leaflet: ``page`` (source file name), ``sections`` (Vietnamese
    ``##`` headings, empty = the whole page), ``line`` and ``section_lines`` in the file."""

    page: str
    sections: tuple[str, ...]
    line: int
    section_lines: tuple[int, ...] = ()


@dataclass(frozen=True)
class LeafletDefinition:
    """A validated definition. ``path``/``line`` locate it for messages;
    ``hotlines`` are ``(key, line)`` pairs, the first being the primary hotline."""

    name: str
    format: str
    pages: tuple[PageRef, ...]
    hotlines: tuple[tuple[str, int], ...]
    path: Path
    line: int = 1
    format_line: int = 1
    body: bool = True
    languages: tuple[str, ...] = ()
    #: The whole file as read (:class:`loa.yamlfile.Located`), for the fields of one format.
    data: object = field(default=None, hash=False, compare=False, repr=False)

    def for_language(self, tag: str) -> bool:
        """Whether this leaflet is made in ``tag`` (every language unless ``languages`` says)."""
        return not self.languages or tag in self.languages

    @property
    def filename(self) -> str:
        return f"{self.name}-{self.format}.pdf"


def _item_lines(path: Path) -> dict[tuple, int]:
    """1-based start lines of list items: ``("pages", i)`` and ``("pages", i, j)`` for section
    *j* of page *i*, from PyYAML's node marks (the values themselves carry no position)."""
    lines: dict[tuple, int] = {}
    try:
        root = yaml.compose(path.read_text(encoding="utf-8-sig"), Loader=yaml.SafeLoader)
    except (yaml.YAMLError, OSError, UnicodeDecodeError):
        return lines
    if not isinstance(root, yaml.MappingNode):
        return lines
    for key, value in root.value:
        if key.value != "pages" or not isinstance(value, yaml.SequenceNode):
            continue
        for i, item in enumerate(value.value):
            lines[("pages", i)] = item.start_mark.line + 1
            if isinstance(item, yaml.MappingNode):
                for k, v in item.value:
                    if k.value == "sections" and isinstance(v, yaml.SequenceNode):
                        for j, section in enumerate(v.value):
                            lines[("pages", i, j)] = section.start_mark.line + 1
    return lines


def _strings(value) -> list[str] | None:
    if isinstance(value, (str, int)):
        return [str(value)]
    if isinstance(value, list) and all(isinstance(v, (str, int)) for v in value):
        return [str(v) for v in value]
    return None


def read_definition(path, problems: Problems) -> LeafletDefinition | None:
    """Read and check one definition file; add every problem found; ``None`` if unusable."""
    path = Path(path)
    data = load_with_lines(path, problems)
    if data is None:
        return None
    if not isinstance(data, dict):
        problems.add(path, 1, "a leaflet definition is a mapping: name, format, pages, hotlines")
        return None
    ok = True
    for key in data:
        if key in FORMAT_KEYS and str(data.get("format") or "") not in FORMAT_KEYS[key]:
            problems.add(path, data.line_of(key), f"field '{key}' is only for the {' and '.join(FORMAT_KEYS[key])} format")
            ok = False
        elif key not in KEYS and key not in FORMAT_KEYS:
            problems.add(path, data.line_of(key), f"unknown field '{key}'",
                         f"known fields: {', '.join(KEYS + tuple(FORMAT_KEYS))}")
            ok = False
    name = str(data.get("name") or path.stem)
    if not NAME_RE.match(name):
        problems.add(path, data.line_of("name"), f"leaflet name '{name}' must be lower-case letters, digits and -",
                     "it becomes the PDF's file name, e.g. goi-111")
        ok = False
    fmt = str(data.get("format") or "")
    if fmt not in FORMATS:
        problems.add(path, data.line_of("format"),
                     f"format must be one of {', '.join(FORMATS)}, not '{fmt or 'missing'}'")
        ok = False
    pages = []
    entries = data.get("pages")
    if fmt == "cards" and entries is None:
        from loa.leaflets.cards import card_pages

        entries = card_pages(data)  # each card names its page
    if not isinstance(entries, list) or not entries:
        problems.add(path, data.line_of("pages"), "'pages' must list at least one page",
                     "write the page's file name, e.g. '- trang-chu'")
        ok = False
        entries = []
    lines = _item_lines(path)
    for index, entry in enumerate(entries):
        line = lines.get(("pages", index), getattr(entries, "line", 1))
        if isinstance(entry, str):
            pages.append(PageRef(entry, (), line))
            continue
        if not isinstance(entry, dict) or not isinstance(entry.get("page"), str):
            problems.add(path, line,
                         "each page is a name, or 'page: <name>' with optional 'sections: [...]'")
            ok = False
            continue
        sections = _strings(entry.get("sections", []))
        if sections is None:
            problems.add(path, entry.line_of("sections"), "'sections' must be a list of ## headings")
            ok = False
            continue
        sections = [s.lstrip("#").strip() for s in sections]
        section_lines = [lines.get(("pages", index, j), entry.line_of("sections")) for j in range(len(sections))]
        pages.append(PageRef(entry["page"], tuple(sections), entry.line, tuple(section_lines)))
    hotlines = _strings(data.get("hotlines"))
    if not hotlines:
        problems.add(path, data.line_of("hotlines"), "'hotlines' must name at least one hotline by key",
                     "e.g. 'hotlines: [111]'; the first one is printed largest")
        ok = False
    body = data.get("body", True)
    if not isinstance(body, bool):
        problems.add(path, data.line_of("body"), "'body' must be true or false",
                     "false prints only the title and summary, with the hotline and QR code")
        ok = False
    languages = _strings(data.get("languages", []))
    if languages is None:
        problems.add(path, data.line_of("languages"), "'languages' must be a list of language tags",
                     "e.g. 'languages: [vi, hmn]'; leave it out to make the leaflet in every language")
        ok = False
    if not ok:
        return None
    return LeafletDefinition(name, fmt, tuple(pages), tuple((k, data.line_of("hotlines")) for k in hotlines),
                             path, data.line, data.line_of("format"), body, tuple(languages), data)


_READ = Memo(name="leaflet-definitions")  # unchanged definition files are not read again, in this process or the next


def read_definitions(folder, problems: Problems) -> list[LeafletDefinition]:
    """Every ``*.yaml`` / ``*.yml`` in ``folder`` (sorted), checked; two leaflets with the same
    name and format are a problem. A missing folder gives ``[]``."""
    folder = Path(folder)
    if not folder.is_dir():
        return []
    found: list[LeafletDefinition] = []
    seen: dict[str, Path] = {}
    for path in sorted(list(folder.glob("*.yaml")) + list(folder.glob("*.yml"))):
        def read(path=path):
            own = Problems(root=problems.root)
            return read_definition(path, own), own.items

        definition, found_problems = _READ.get((str(path), file_key(path)), read)
        for problem in found_problems:
            problems.add(problem.path, problem.line, problem.message, problem.hint, problem.severity)
        if definition is None:
            continue
        if definition.filename in seen:
            problems.add(path, definition.line, f"leaflet '{definition.filename}' is also defined in "
                         f"{problems.relative(seen[definition.filename])}", "give one of them another name")
            continue
        seen[definition.filename] = path
        found.append(definition)
    return found
