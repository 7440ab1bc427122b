"""Type that fills the space a leaflet has: measuring how full a rendered page is, and choosing
a larger text size for a page that is too empty.

Posters used to only shrink to fit; a tri-fold set at one size left panels half empty (issue 19:
one inside panel ended 13 % down the sheet). Here each text panel of a tri-fold, and the text
of a poster, is measured after a first render at the smallest allowed size and grown in
:data:`STEP_PT` steps towards the space left. Sizes never go below the floors of PRODUCT.md's
budget ("printed type": tri-fold and booklet body ≥ 11 pt, poster body ≥ 18 pt).

All lengths are CSS pixels (WeasyPrint's layout unit, 1 px = 0.75 pt) unless named ``_pt``/``_mm``.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

#: Smallest body sizes, in points (PRODUCT.md, budgets: printed type; RNIB Clear Print asks 12–14).
TRIFOLD_MIN_PT = 11.0
BOOKLET_MIN_PT = 11.0
POSTER_MIN_PT = 18.0
#: Largest body sizes: a short panel (a two-sentence introduction) is set like a sign, large
#: enough to leave no panel more than half empty (issue 19).
TRIFOLD_MAX_PT = 24.0
POSTER_MAX_PT = 32.0
#: Sizes are chosen in half points.
STEP_PT = 0.5


@dataclass(frozen=True)
class PageFill:
    """Where a page's ink is: ``top`` and ``bottom`` of its lowest and highest text line,
    picture or bordered box, and ``limit``, the bottom of the page's content area, all from the
    page's top edge in CSS px. ``empty`` is true when nothing is drawn."""

    top: float
    bottom: float
    area_top: float
    limit: float
    empty: bool = False

    @property
    def ratio(self) -> float:
        """How far down the content area the ink reaches, 0–1 (1 = the page is full)."""
        height = self.limit - self.area_top
        return 0.0 if self.empty or height <= 0 else max(0.0, min(1.0, (self.bottom - self.area_top) / height))


def _drawn_boxes(box, within=None, inside=False):
    """Boxes that put ink on the page: text lines, images and SVG, and blocks with a bottom
    border (the hotline boxes). With ``within`` (a predicate on an element's class list), only
    those inside a box whose element matches."""
    from weasyprint.formatting_structure import boxes

    element = getattr(box, "element", None)
    if within is not None and not inside and element is not None and hasattr(element, "get"):
        inside = within((element.get("class") or "").split())
    for child in getattr(box, "children", ()):
        if isinstance(child, (boxes.LineBox, boxes.ReplacedBox)) or (
                isinstance(child, boxes.BlockBox) and getattr(child, "border_bottom_width", 0)):
            if within is None or inside or _matches(child, within):
                yield child
        if not isinstance(child, boxes.LineBox):
            yield from _drawn_boxes(child, within, inside)


def _matches(box, within) -> bool:
    element = getattr(box, "element", None)
    return element is not None and hasattr(element, "get") and within((element.get("class") or "").split())


def page_fill(page, within=None) -> PageFill:
    """Measure a WeasyPrint page (``document.pages[i]``). ``within``: a predicate on a box's
    element class list; when given, only boxes inside such an element count (e.g. the poster's
    text parts)."""
    page_box = page._page_box
    area_top = page_box.content_box_y()
    limit = area_top + page_box.height
    tops, bottoms = [], []
    for box in _drawn_boxes(page_box, within):
        top = box.position_y
        height = box.border_height() if hasattr(box, "border_height") else box.height
        if height is None:
            continue
        tops.append(top)
        bottoms.append(top + height)
    if not bottoms:
        return PageFill(area_top, area_top, area_top, limit, empty=True)
    return PageFill(min(tops), max(bottoms), area_top, limit)


def grown_size(size_pt: float, used: float, free: float, max_pt: float) -> float:
    """A text size that fills more of the space: ``used`` px of text set at ``size_pt`` with
    ``free`` px left below it. Text in a column of fixed width grows with the square of its
    size (lines get longer in proportion, and there are proportionally more of them), so the
    size is scaled by √((used + free) / used), 5 % held back for line breaks that fall badly,
    rounded down to :data:`STEP_PT` and kept between ``size_pt`` and ``max_pt``."""
    if used <= 0 or free <= 0:
        return size_pt
    scaled = size_pt * math.sqrt((used + free) / used) * 0.95
    stepped = math.floor(scaled / STEP_PT) * STEP_PT
    return max(size_pt, min(max_pt, stepped))


def style_rule(selector: str, size_pt: float) -> str:
    """A CSS rule setting ``selector``'s font size: the grown text of one panel or poster."""
    return f"{selector}{{font-size:{size_pt:g}pt}}"


def with_style(html: str, css: str) -> str:
    """``html`` with ``css`` added as the last ``<style>`` of its head (wins over the rest)."""
    return html.replace("</head>", f"<style>{css}</style></head>", 1) if css else html


#: The tri-fold panels whose text grows: those that carry page sections (loa.leaflets.layout).
GROWING_PANELS = ("inside-left", "inside-middle", "inside-right", "flap")


def grow_panels(document, render, html: str, names, overflow, *, min_pt: float = TRIFOLD_MIN_PT,
                max_pt: float = TRIFOLD_MAX_PT, tries: int = 4, passes: int = 2):
    """Grow the text of each tri-fold panel that has room, and return ``(document, sizes)``.

    ``document`` is the tri-fold rendered at ``min_pt`` (one panel per page, in ``names``
    order, already checked to fit); ``render(html)`` renders a document; ``overflow(document)``
    returns the name of a panel that no longer fits, or ``None``. Each panel of
    :data:`GROWING_PANELS` that holds page text gets the size :func:`grown_size` predicts from
    how full it is; a panel that then overflows loses one point and the leaflet is rendered
    again (at most ``tries`` renders a pass). A second pass grows again from the new
    measurement, for panels the first guess left less than 60 % full. ``sizes`` maps a panel to
    its body size in points; if nothing fits, the ``min_pt`` document is returned."""
    sizes: dict[str, float] = {}
    best, best_sizes = document, {}
    for _ in range(passes):
        wanted = dict(sizes)
        for index, name in enumerate(names):
            if name not in GROWING_PANELS:
                continue
            fill = page_fill(best.pages[index], within=lambda classes: "loa-leaflet__part" in classes)
            if fill.empty or (name in sizes and fill.ratio >= 0.6):
                continue
            current = sizes.get(name, min_pt)
            wanted[name] = grown_size(current, fill.bottom - fill.area_top, fill.limit - fill.bottom, max_pt)
        if wanted == sizes:
            break
        for _ in range(tries):
            css = "".join(style_rule(f"#panel-{name}", size) for name, size in wanted.items())
            grown = render(with_style(html, css))
            failed = overflow(grown)
            if failed is None:
                best, best_sizes, sizes = grown, dict(wanted), dict(wanted)
                break
            if wanted.get(failed, min_pt) <= sizes.get(failed, min_pt):
                return best, best_sizes  # cannot shrink below what already fitted
            wanted[failed] = max(sizes.get(failed, min_pt), wanted[failed] - 1.0)
        else:
            break
    return best, best_sizes


def grow_poster(document, render, html: str, *, min_pt: float = POSTER_MIN_PT,
                max_pt: float = POSTER_MAX_PT, tries: int = 3, passes: int = 2):
    """Grow a one-page poster's text (``.loa-leaflet__part``) into the space left at the
    bottom of its page. ``render(html)`` renders; a result of more than one page is too big and
    the size steps down by one point. A second pass grows again from the new measurement when
    the first guess left room. Returns ``(document, size_pt)``."""
    best, size = document, min_pt
    for _ in range(passes):
        page = best.pages[0]
        parts = page_fill(page, within=lambda classes: "loa-leaflet__part" in classes)
        whole = page_fill(page)
        if parts.empty:
            break
        wanted = grown_size(size, parts.bottom - parts.top, whole.limit - whole.bottom, max_pt)
        grown_ok = False
        for _ in range(tries):
            if wanted <= size:
                break
            grown = render(with_style(html, style_rule(".loa-poster .loa-leaflet__part", wanted)))
            if len(grown.pages) == 1:
                best, size, grown_ok = grown, wanted, True
                break
            wanted -= 1.0
        if not grown_ok:
            break
    return best, size
