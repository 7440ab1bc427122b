"""Picture cards (format ``cards``): A6 cards for village meetings, a large picture on the front,
a question for discussion and the one thing to do on the back, four to an A4 sheet.

A definition lists its cards; each names the page its text comes from (a trick page, or the
help page for 111), a picture (``content/pictures/<name>.svg``, one of the project's own line
drawings), the picture's text alternative, the question and the action, each per language::

    format: cards
    hotlines: ["111", "113"]
    cards:
      - page: viec-nhe-luong-cao
        picture: loi-moi-viec-lam
        alt: {vi: "Một người chỉ tay qua cột mốc biên giới …", en: "…"}
        question: {vi: "…", en: "…"}
        action: {vi: "…", en: "…"}

A card is shown in a language when that language has its question and action *and* the page is
shown in that language (a draft page gives a draft card); otherwise the card carries the
Vietnamese text, marked ``lang="vi"`` (the leaflet says so, as every leaflet with a fallback).

Printing (research/leaflets.md §0, §3): the cards are rendered as A6 pages in reading order
(front 1, back 1, front 2 …: the file to read on a screen) and imposed on A4 portrait sheets,
2 × 2, fronts on one side and backs on the other. With "flip on short edge" a portrait sheet
turns over top to bottom, so the back of the card at top left lands at bottom left: the backs'
rows are swapped (:func:`card_sheets`).
"""
from __future__ import annotations

import base64
import re
from dataclasses import dataclass
from pathlib import Path

from loa.leaflets.impose import MM, impose
from loa.yamlfile import Located, LocatedList

A6 = (105 * MM, 148 * MM)
A4_PORTRAIT = (210 * MM, 297 * MM)
#: Card slots on an A4 portrait sheet, as (column, row) from the top left, in card order.
SLOTS = ((0, 0), (1, 0), (0, 1), (1, 1))
TEXT_FIELDS = ("alt", "question", "action")
PICTURE_NAME = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


@dataclass(frozen=True)
class CardSpec:
    """One card as defined: ``page`` (its source page), ``picture`` (name of
    ``content/pictures/<picture>.svg``), ``texts`` (``{field: {tag: text}}`` for
    :data:`TEXT_FIELDS`) and ``line`` (where the card starts in the definition)."""

    page: str
    picture: str
    texts: dict
    line: int


@dataclass(frozen=True)
class Card:
    """A card as printed in one language. ``number`` counts from 1; ``title`` (in
    ``title_lang``) is the page title up to its first colon; ``picture`` the SVG as a ``data:``
    URI; ``alt`` (in ``alt_lang``); ``question`` and ``action`` in ``lang``; ``status`` the
    page's translation status in that language (``current``, ``draft``, ``stale``,
    ``fallback``)."""

    number: int
    page: str
    title: str
    title_lang: str
    picture: str
    alt: str
    alt_lang: str
    question: str
    action: str
    lang: str
    status: str
    line: int


def card_pages(data) -> LocatedList:
    """The ``pages`` of a cards definition: each card's ``page``, located at the card (so a
    missing page is reported at its card's line)."""
    entries = LocatedList()
    entries.line = data.line_of("cards") if hasattr(data, "line_of") else 1
    for card in data.get("cards") or []:
        entry = Located({"page": card.get("page") if isinstance(card, dict) else None})
        entry.line, entry.key_lines = getattr(card, "line", entries.line), {}
        entries.append(entry)
    return entries


def read_cards(definition, problems, pictures: Path) -> list[CardSpec] | None:
    """Check the ``cards`` of a definition against the pictures folder and return them;
    ``None`` when a card cannot be made. Problems (``path:line``): no cards, a card without
    page or picture, a picture that does not exist, a picture without its text alternative
    (``alt``) in Vietnamese, a question or action missing in Vietnamese, a text that is not a
    mapping ``{tag: text}``."""
    path, data = definition.path, definition.data
    cards = data.get("cards") if data is not None else None
    if not isinstance(cards, list) or not cards:
        problems.add(path, data.line_of("cards") if data is not None else 1,
                     "'cards' must list at least one card", "see docs/leaflets.md, 'Picture cards'")
        return None
    specs, ok = [], True
    for card in cards:
        line = getattr(card, "line", 1)
        if not isinstance(card, dict):
            problems.add(path, line, "each card is a mapping: page, picture, alt, question, action")
            ok = False
            continue
        picture = str(card.get("picture") or "")
        if not PICTURE_NAME.match(picture):
            problems.add(path, card.line_of("picture"), f"card '{card.get('page')}': 'picture' must name a "
                         "drawing in content/pictures/ (without .svg)")
            ok = False
        elif not (pictures / f"{picture}.svg").is_file():
            known = ", ".join(sorted(p.stem for p in pictures.glob("*.svg"))) or "none"
            problems.add(path, card.line_of("picture"), f"card '{card.get('page')}': no picture "
                         f"'content/pictures/{picture}.svg'", f"known: {known}")
            ok = False
        texts = {}
        for name in TEXT_FIELDS:
            value = card.get(name)
            if value is not None and not (isinstance(value, dict) and all(isinstance(v, str) for v in value.values())):
                problems.add(path, card.line_of(name), f"card '{card.get('page')}': '{name}' must be one text "
                             "per language, e.g. {vi: \"…\", en: \"…\"}")
                ok = False
                continue
            texts[name] = {str(tag): " ".join(text.split()) for tag, text in (value or {}).items() if text.strip()}
            if "vi" not in texts[name]:
                if name == "alt":
                    problems.add(path, card.line_of(name), f"card '{card.get('page')}': picture '{picture}' has "
                                 "no text alternative", "write 'alt: {vi: \"what the drawing shows\"}': people "
                                 "who cannot see the picture hear or read it instead")
                else:
                    problems.add(path, card.line_of(name), f"card '{card.get('page')}': no {name} in Vietnamese",
                                 f"write '{name}: {{vi: \"…\"}}' with text from the page and its sources")
                ok = False
        for extra in sorted(set(card) - {"page", "picture", *TEXT_FIELDS}):
            problems.add(path, card.line_of(extra), f"unknown card field '{extra}'",
                         "a card has page, picture, alt, question, action")
            ok = False
        if ok:
            specs.append(CardSpec(str(card.get("page")), picture, texts, line))
    return specs if ok else None


def short_title(title: str) -> str:
    """A page title up to its first colon: "Việc nhẹ, lương cao: lời mời …" → "Việc nhẹ, lương cao"."""
    return title.split(": ", 1)[0].strip()


def picture_uri(pictures: Path, name: str) -> str:
    """The drawing as a ``data:`` URI (the leaflet loads no file)."""
    data = (pictures / f"{name}.svg").read_bytes()
    return "data:image/svg+xml;base64," + base64.b64encode(data).decode("ascii")


HOTLINE_REF = re.compile(r"\[\[hotline:([^\]|]+)\]\]")


def hotline_refs(text: str) -> list[str]:
    """The hotline keys a card text names with ``[[hotline:KEY]]`` (numbers are never typed)."""
    return [key.strip() for key in HOTLINE_REF.findall(text)]


def cards_in(specs, tag: str, source_tag: str, planned: dict, pictures: Path, display=lambda key: key) -> list[Card]:
    """The cards in language ``tag``: ``planned`` maps page names to that language's
    :class:`loa.site.plan.PlannedPage`; ``display(key)`` prints a hotline named
    ``[[hotline:KEY]]``. See the module docstring for the fallback rule."""
    def numbers(text):
        return HOTLINE_REF.sub(lambda m: display(m.group(1).strip()), text)

    cards = []
    for number, spec in enumerate(specs, 1):
        page = planned[spec.page]
        own = (not page.is_fallback and all(tag in spec.texts[name] for name in ("question", "action")))
        lang = tag if own else source_tag
        shown = page.shown if own else page.source
        alt_lang = tag if tag in spec.texts["alt"] and own else source_tag
        cards.append(Card(number, spec.page, short_title(shown.title), shown.tag if own else source_tag,
                          picture_uri(pictures, spec.picture), spec.texts["alt"][alt_lang], alt_lang,
                          numbers(spec.texts["question"][lang]), numbers(spec.texts["action"][lang]), lang,
                          page.status if own else "fallback", spec.line))
    return cards


def card_sheets(count: int) -> list[list[tuple[int | None, int, int]]]:
    """Sheet sides for ``count`` cards rendered as A6 pages front, back, front, back …: a list
    of sides, each a list of ``(page_index, column, row)``. Side 2k holds the fronts of cards
    4k … 4k+3 in :data:`SLOTS`; side 2k+1 their backs with the rows swapped (flip on short
    edge). ``card_sheets(1)`` → ``[[(0, 0, 0)], [(1, 0, 1)]]``."""
    sides = []
    for first in range(0, count, 4):
        front, back = [], []
        for slot, number in enumerate(range(first, min(first + 4, count))):
            column, row = SLOTS[slot]
            front.append((2 * number, column, row))
            back.append((2 * number + 1, column, 1 - row))
        sides += [front, back]
    return sides


def cut_marks() -> bytes:
    """Drawing operators for the cutting lines of one A4 portrait sheet: a dashed black line
    across the middle and down the centre (cut along them; the sheet's own edges are the
    cards' outer edges)."""
    w, h = A4_PORTRAIT
    return (f"q 0 G 0.5 w [3 3] 0 d {w / 2:.2f} 0 m {w / 2:.2f} {h:.2f} l S "
            f"0 {h / 2:.2f} m {w:.2f} {h / 2:.2f} l S Q").encode("ascii")


def impose_cards(pdf: bytes) -> bytes:
    """Put the A6 pages of ``pdf`` (front and back of each card, in order) four to an A4
    portrait sheet side, with cutting lines, by :func:`card_sheets`. Raises ``ValueError`` for
    an odd page count (a card without its back)."""
    from pypdf import PdfReader

    count = len(PdfReader(__import__("io").BytesIO(pdf)).pages)
    if count % 2:
        raise ValueError(f"cards have two sides each; the rendered document has {count} pages")
    width, height = A6
    sheets = [[(index, column * width, (1 - row) * height) for index, column, row in side]
              for side in card_sheets(count // 2)]
    return impose(pdf, sheets, sheet_size=A4_PORTRAIT, overlay=cut_marks())


def card_overflow(document) -> tuple[str, int] | None:
    """``(face, pages)`` for the first card face that does not fit on its one A6 page (its
    anchor ``card-<n>-front`` / ``card-<n>-back`` is not where it should be), else ``None``.
    ``face`` reads e.g. ``card 3 back``."""
    anchors: dict[str, int] = {}
    for number, page in enumerate(document.pages):
        for anchor in page.anchors:
            anchors.setdefault(anchor, number)
    faces = sorted((page, anchor) for anchor, page in anchors.items() if re.fullmatch(r"card-\d+-(front|back)", anchor))
    ends = [page for page, _ in faces[1:]] + [len(document.pages)]
    for (start, anchor), end in zip(faces, ends):
        if end - start > 1:
            _, number, side = anchor.split("-")
            return f"card {number} {side}", end - start
    return None
