"""The text of a leaflet in one language: which page versions, which sections, what status.

Pure functions over the site plan (:class:`loa.site.plan.PlannedPage`): a leaflet follows
exactly the status rules of the pages it is made from, so a draft translation gives a draft
leaflet (marked), and a missing, or for a critical page stale, translation gives the Vietnamese
text marked ``lang="vi"``.

Sections are ``##`` headings (``<h2>`` in the rendered HTML). A definition names them by their
Vietnamese heading; a translation's section is the one at the same position, so a translation
with a different number of sections cannot be matched and its leaflet uses the source text
for that page (with a warning).
"""
from __future__ import annotations

import html as htmllib
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Callable

from loa.problems import WARNING, Problem
from loa.site import policy

_H2 = re.compile(r"(?=<h2[\s>])")
_TAGS = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class Section:
    """A piece of a page's HTML: ``heading`` (plain text of its ``<h2>``, ``None`` for the text
    before the first heading) and ``html`` (the heading included)."""

    heading: str | None
    html: str


@dataclass(frozen=True)
class Part:
    """A section as a leaflet shows it: ``lang`` of its text, ``page`` (file name) and ``path``
    (the Markdown file the text comes from, for messages)."""

    heading: str | None
    html: str
    lang: str
    page: str
    path: str


@dataclass
class LeafletText:
    """Everything a leaflet in language ``tag`` says: ``title``/``summary`` of the first page
    (in ``title_lang``/``summary_lang``), ``parts`` in order, ``statuses`` of the pages used, ``fallback_reasons``,
    ``page`` (the first page's name: the QR code links to it), ``title_path``/``summary_path``
    (the Markdown files they come from, for messages) and ``warnings`` (:class:`~loa.problems.Problem`
    with severity warning, in the page file)."""

    tag: str
    title: str
    title_lang: str
    summary: str
    page: str
    summary_lang: str = ""
    title_path: str = ""
    summary_path: str = ""
    parts: list[Part] = field(default_factory=list)
    statuses: list[str] = field(default_factory=list)
    fallback_reasons: list[str] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    @property
    def is_draft(self) -> bool:
        return policy.DRAFT in self.statuses

    @property
    def is_stale(self) -> bool:
        return policy.STALE in self.statuses

    @property
    def has_fallback(self) -> bool:
        return policy.FALLBACK in self.statuses

    @property
    def fallback_reason(self) -> str:
        """Why the leaflet carries source-language text, for its notice: ``stale-critical`` if any
        of its pages falls back for that reason, else ``draft`` if one does, else ``missing``
        (the most pressing reason first: the reader should know the translation is being fixed)."""
        for reason in ("stale-critical", "draft"):
            if reason in self.fallback_reasons:
                return reason
        return "missing"

    def text(self) -> str:
        """All visible text (tags removed, entities decoded), for the font coverage check."""
        pieces = [self.title, self.summary] + [p.html for p in self.parts]
        return htmllib.unescape(_TAGS.sub(" ", "\n".join(pieces)))


def plain(html: str) -> str:
    """Text of an HTML fragment: tags removed, entities decoded, spaces collapsed, NFC."""
    text = htmllib.unescape(_TAGS.sub("", html))
    return unicodedata.normalize("NFC", " ".join(text.split()))


def split_sections(html: str) -> list[Section]:
    """Split a page's HTML at each ``<h2>``. The text before the first heading, if any, is a
    section with heading ``None``."""
    sections = []
    for chunk in _H2.split(html or ""):
        if not chunk.strip():
            continue
        match = re.match(r"<h2[^>]*>(.*?)</h2>", chunk, re.S)
        sections.append(Section(plain(match.group(1)) if match else None, chunk.strip()))
    return sections


def find_sections(sections: list[Section], wanted) -> tuple[list[int], list[str]]:
    """Positions of the ``wanted`` headings among ``sections`` (compared case-insensitively,
    NFC, spaces collapsed), and the headings not found."""
    def norm(text):
        return " ".join(unicodedata.normalize("NFC", text or "").split()).casefold()

    headings = [norm(s.heading) for s in sections]
    positions, missing = [], []
    for heading in wanted:
        try:
            positions.append(headings.index(norm(heading)))
        except ValueError:
            missing.append(heading)
    return positions, missing


def leaflet_text(definition, tag: str, planned: dict, content_of: Callable) -> LeafletText:
    """The text of ``definition`` in language ``tag``.

    ``planned`` maps page names to that language's :class:`PlannedPage`; ``content_of(planned,
    version)`` returns the HTML of a page version as shown in that language (content filters
    applied). Definitions are assumed checked: every page exists and every section is found in
    the source (see :func:`check_definition`).
    """
    first = planned[definition.pages[0].page]
    own_summary = str(first.shown.meta.get("summary") or "")
    text = LeafletText(tag, first.shown.title, first.content_lang,
                       own_summary or str(first.source.meta.get("summary") or ""), first.name,
                       summary_lang=first.content_lang if own_summary else first.source.tag,
                       title_path=str(first.shown.path or ""),
                       summary_path=str((first.shown if own_summary else first.source).path or ""))
    for ref in definition.pages:
        page = planned[ref.page]
        text.statuses.append(page.status)
        if page.is_fallback:
            text.fallback_reasons.append(page.reason)
        shown = page.shown
        sections = split_sections(content_of(page, shown))
        if ref.sections:
            source_sections = split_sections(content_of(page, page.source))
            positions, _ = find_sections(source_sections, ref.sections)
            if shown is not page.source and len(sections) != len(source_sections):
                text.warnings.append(Problem(
                    str(shown.path), 1, f"leaflet '{definition.name}': has {len(sections)} sections where the "
                    f"source has {len(source_sections)}; leaflet uses the Vietnamese text of '{ref.page}'",
                    severity=WARNING))
                shown, sections = page.source, source_sections
            sections = [sections[i] for i in positions]
        if definition.body:
            text.parts.extend(Part(s.heading, s.html, shown.tag, ref.page, shown.path) for s in sections)
    return text


def check_definition(definition, source_pages: dict, content_of: Callable, problems) -> bool:
    """Check that every page a definition names exists (``source_pages``: name → PageVersion of
    the source language) and has the sections named. Adds ``path:line`` problems; returns
    whether the definition can be rendered."""
    ok = True
    for ref in definition.pages:
        source = source_pages.get(ref.page)
        if source is None:
            known = ", ".join(sorted(source_pages)) or "none"
            problems.add(definition.path, ref.line, f"leaflet '{definition.name}': no page '{ref.page}'",
                         f"name a file of content/pages/vi/ without .md; known: {known}")
            ok = False
            continue
        if ref.sections:
            sections = split_sections(content_of(None, source))
            _, missing = find_sections(sections, ref.sections)
            headings = [s.heading for s in sections if s.heading]
            for heading in missing:
                line = ref.section_lines[ref.sections.index(heading)] if ref.section_lines else ref.line
                problems.add(definition.path, line,
                             f"page '{ref.page}' has no section '## {heading}'",
                             f"its sections: {', '.join(headings) or 'none (write ## headings in the page)'}")
                ok = False
    return ok
