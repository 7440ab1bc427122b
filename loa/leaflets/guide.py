"""Meeting guides (format ``guide``): an A4 guide for the person who runs a village meeting on
one topic, in reading order, with the cards, leaflets and loudspeaker scripts to use at each step.

The guide's text is a page (``content/pages/vi/<name>.md``, translated like any page); its
``##`` sections are the steps. The definition says what goes with which step, by the step's
Vietnamese heading::

    format: guide
    pages: [hop-thon-viec-lam-ben-kia-bien-gioi]
    hotlines: ["111", "113"]
    materials:
      "Mở đầu (5 phút)":
        cards: [viec-nhe-luong-cao]        # a card, by its page, in any cards leaflet
        leaflets: [dau-hieu-canh-bao]      # a leaflet, by its name
        scripts: [viec-nhe-luong-cao]      # a loudspeaker script: content/scripts/vi/<name>.md

A step, card, leaflet or script that does not exist is an error at its line. A translation's
step is the section at the same position as in the Vietnamese page (as for every leaflet).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from loa.leaflets.content import find_sections, plain, split_sections

KINDS = ("cards", "leaflets", "scripts")


@dataclass(frozen=True)
class Material:
    """One thing to bring to a step: ``kind`` (``card``, ``leaflet``, ``script``), ``name``
    (card page, leaflet name or script name) and what the guide prints: ``label`` and ``file``
    (the PDF to print, ``""`` for a script)."""

    kind: str
    name: str
    label: str
    file: str
    label_lang: str = ""


def materials_of(definition) -> dict[str, dict[str, list[tuple[str, int]]]]:
    """``{heading: {kind: [(name, line)]}}`` as written in the definition (unchecked)."""
    data = definition.data
    found: dict = {}
    materials = data.get("materials") if data is not None else None
    if not isinstance(materials, dict):
        return found
    for heading, kinds in materials.items():
        found[str(heading)] = {}
        if not isinstance(kinds, dict):
            continue
        for kind, names in kinds.items():
            names = names if isinstance(names, list) else [names]
            line = kinds.line_of(kind)
            found[str(heading)][str(kind)] = [(str(name), line) for name in names if name is not None]
    return found


def check_guide(definition, definitions, source_pages: dict, content_of, scripts: Path, problems) -> bool:
    """Check a guide's ``materials``: each heading is a ``##`` step of the guide's page, each
    card is a card of some ``cards`` leaflet (by page), each leaflet exists (by name), each
    script is ``scripts/<name>.md``. Adds ``path:line`` problems; returns whether all is well."""
    data, path, ok = definition.data, definition.path, True
    materials = data.get("materials") if data is not None else None
    if materials is None:
        return True
    if not isinstance(materials, dict):
        problems.add(path, data.line_of("materials"), "'materials' maps a step's ## heading to its "
                     "cards, leaflets and scripts")
        return False
    page = source_pages.get(definition.pages[0].page)
    sections = split_sections(content_of(None, page)) if page is not None else []
    headings = [s.heading for s in sections if s.heading]
    card_names = {str(card.get("page")) for d in definitions if d.format == "cards"
                  for card in (d.data.get("cards") or []) if isinstance(card, dict)}
    leaflet_names = {d.name for d in definitions}
    script_names = {p.stem for p in scripts.glob("*.md")} if scripts.is_dir() else set()
    for heading, kinds in materials.items():
        line = materials.line_of(heading)
        if page is not None:
            _, missing = find_sections(sections, [str(heading)])
            if missing:
                problems.add(path, line, f"guide '{definition.name}': page '{definition.pages[0].page}' has no "
                             f"step '## {heading}'", f"its steps: {', '.join(headings) or 'none'}")
                ok = False
        if not isinstance(kinds, dict):
            problems.add(path, line, f"step '{heading}': list its cards, leaflets and scripts",
                         "e.g. 'cards: [viec-nhe-luong-cao]'")
            ok = False
            continue
        for kind, names in kinds.items():
            kline = kinds.line_of(kind)
            if kind not in KINDS:
                problems.add(path, kline, f"step '{heading}': unknown kind '{kind}'", f"known: {', '.join(KINDS)}")
                ok = False
                continue
            for name in names if isinstance(names, list) else [names]:
                name = str(name)
                if kind == "cards" and name not in card_names:
                    problems.add(path, kline, f"guide '{definition.name}' names card '{name}', which no cards "
                                 "leaflet has", f"cards (by page): {', '.join(sorted(card_names)) or 'none'}")
                    ok = False
                elif kind == "leaflets" and name not in leaflet_names:
                    problems.add(path, kline, f"guide '{definition.name}' names leaflet '{name}', which does not "
                                 "exist", f"leaflets: {', '.join(sorted(leaflet_names))}")
                    ok = False
                elif kind == "scripts" and name not in script_names:
                    problems.add(path, kline, f"guide '{definition.name}' names loudspeaker script '{name}', "
                                 f"which does not exist", f"scripts are content/scripts/vi/<name>.md; known: "
                                 f"{', '.join(sorted(script_names)) or 'none'}")
                    ok = False
    return ok


def step_materials(definition, parts, source_sections, resolve) -> list[list[Material]]:
    """For each of ``parts`` (the guide's sections as printed), the materials of its step.
    A part is matched to its step by position among ``source_sections`` (the Vietnamese page's
    sections; by heading when the counts differ); ``resolve(kind, name)`` gives a
    :class:`Material`."""
    wanted = materials_of(definition)
    by_position = {}
    for heading, kinds in wanted.items():
        positions, _ = find_sections(source_sections, [heading])
        if positions:
            by_position[positions[0]] = [resolve(kind, name) for kind in KINDS for name, _ in kinds.get(kind, [])]
    if len(parts) != len(source_sections):  # a translation with other sections: match by heading
        headings = [s.heading for s in source_sections]
        return [by_position.get(headings.index(p.heading), []) if p.heading in headings else [] for p in parts]
    return [by_position.get(index, []) for index in range(len(parts))]


def heading_text(html: str) -> str:
    """Plain text of an HTML fragment (re-exported for templates and tests)."""
    return plain(html)
