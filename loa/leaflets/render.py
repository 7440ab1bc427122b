"""HTML → PDF with WeasyPrint, the overflow checks, imposition and the PNG preview.

Runs in the build process or in a worker process (:mod:`loa.leaflets.jobs`); everything here
takes and returns plain values (strings, bytes) so it crosses process boundaries. WeasyPrint is
imported on first use and its font configuration kept for the life of the process
(research/leaflets.md §1.2: in-process rendering, one ``FontConfiguration``).
"""
from __future__ import annotations

import io
import logging
import time
from dataclasses import dataclass, field

from loa.leaflets.impose import TRIFOLD_PANELS, impose_booklet, impose_trifold

_FONT_CONFIG = None


class LeafletOverflowError(Exception):
    """Text does not fit: ``part`` is the panel (``inside-left`` …) or ``poster`` that overflowed,
    ``pages`` how many pages it took instead of one."""

    def __init__(self, part: str, pages: int):
        self.part, self.pages = part, pages
        super().__init__(f"text overflows the {part} panel ({pages} pages instead of 1)")


class MissingGlyphError(Exception):
    """WeasyPrint drew a .notdef glyph (a box): ``text`` is what its log said."""


@dataclass(frozen=True)
class RenderJob:
    """One leaflet in one language to render. ``kind`` is ``trifold``, ``booklet`` or
    ``poster``; ``html`` the whole document (CSS inline); ``base_url`` for relative URLs;
    ``label`` e.g. ``hmn/goi-111-trifold`` for messages; ``preview_width`` in pixels."""

    key: str
    kind: str
    html: str
    base_url: str
    label: str
    preview_width: int = 320


@dataclass
class RenderOutcome:
    """What rendering gave: ``pdf`` (the file to print), ``sequential`` (the booklet's A5
    pages in reading order, else ``None``), ``preview`` (PNG of the first page to look at),
    ``pages`` (pages of ``pdf``), ``seconds`` (wall time), or ``error`` and ``panel`` when the
    leaflet failed (``panel`` set for an overflow)."""

    key: str
    pdf: bytes = b""
    sequential: bytes | None = None
    preview: bytes = b""
    pages: int = 0
    seconds: float = 0.0
    error: str = ""
    panel: str = ""
    warnings: list[str] = field(default_factory=list)


def overflowing_panel(anchor_pages: dict[str, int], order, page_count: int) -> tuple[str, int] | None:
    """Which panel overflowed, from where each panel's anchor landed.

    ``anchor_pages`` maps a panel name to the 0-based page its first box is on; ``order`` lists
    the panels, each expected on its own single page. Returns ``(panel, pages_it_took)`` for the
    first panel that took more than one page, or ``None``.
    """
    order = list(order)
    starts = [anchor_pages.get(name) for name in order] + [page_count]
    for index, name in enumerate(order):
        start, following = starts[index], starts[index + 1]
        if start is None or following is None:
            continue
        if following - start > 1:
            return name, following - start
    return None


class _NotdefCollector(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record):
        message = record.getMessage()
        if ".notdef" in message or "Failed to render SVG" in message:
            self.messages.append(message)


def render_pdf(html: str, base_url: str):
    """Render ``html`` with WeasyPrint; returns the WeasyPrint ``Document``. Raises
    :class:`MissingGlyphError` if WeasyPrint logged a .notdef glyph or a failed SVG."""
    global _FONT_CONFIG
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    if _FONT_CONFIG is None:
        _FONT_CONFIG = FontConfiguration()
    collector = _NotdefCollector()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(collector)
    try:
        document = HTML(string=html, base_url=base_url).render(font_config=_FONT_CONFIG)
    finally:
        logger.removeHandler(collector)
    if collector.messages:
        raise MissingGlyphError("; ".join(collector.messages))
    return document


def _anchor_pages(document) -> dict[str, int]:
    found: dict[str, int] = {}
    for number, page in enumerate(document.pages):
        for anchor in page.anchors:
            found.setdefault(anchor, number)
    return found


def preview_png(pdf: bytes, width: int) -> bytes:
    """The first page of ``pdf`` as a greyscale PNG ``width`` pixels wide (pypdfium2)."""
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    try:
        page = document[0]
        bitmap = page.render(scale=width / page.get_width(), grayscale=True)
        image = bitmap.to_pil().convert("L")
        buffer = io.BytesIO()
        image.save(buffer, "PNG", optimize=True)
        return buffer.getvalue()
    finally:
        document.close()


# A poster's page text is set smaller, step by step, until the poster fits on its one page;
# the title, the hotline and the QR code keep their size. 10.5 pt is still readable on A4 at arm's
# length (and the size of the tri-fold's text); below it the text is too long for a poster and
# the build says so.
POSTER_SHRINK = (
    ".loa-poster .loa-leaflet__part{font-size:12pt}",
    ".loa-poster .loa-leaflet__part{font-size:10.5pt}.loa-poster .loa-leaflet__summary{font-size:13pt}",
    ".loa-poster .loa-leaflet__part{font-size:10.5pt}.loa-poster .loa-leaflet__summary{font-size:12pt}"
    ".loa-poster .loa-leaflet__title{font-size:24pt}.loa-poster .loa-leaflet__hotline--huge "
    ".loa-leaflet__hotline-number{font-size:96pt}",
)


def render_job(job: RenderJob) -> RenderOutcome:
    """Render one leaflet, check it fits, impose it and make its preview.

    Tri-fold: the document must be six panel pages, each panel's anchor (``id="panel-<name>"``)
    on its own page; then imposed three-up. Poster: exactly one page. Booklet: any length,
    imposed two-up with the sequential A5 file kept. Never raises: failures come back in
    ``error`` (and ``panel`` for an overflow).
    """
    started = time.perf_counter()
    outcome = RenderOutcome(job.key)
    try:
        document = render_pdf(job.html, job.base_url)
        count = len(document.pages)
        if job.kind == "trifold":
            anchors = {name: page for anchor, page in _anchor_pages(document).items()
                       if anchor.startswith("panel-") for name in [anchor[len("panel-"):]]}
            names = [name for name, _ in TRIFOLD_PANELS]
            overflow = overflowing_panel(anchors, names, count)
            if overflow:
                raise LeafletOverflowError(*overflow)
            if count != len(names):
                raise LeafletOverflowError(names[-1], count - len(names) + 1)
            outcome.pdf = impose_trifold(document.write_pdf())
            outcome.preview = preview_png(outcome.pdf, job.preview_width)
        elif job.kind == "poster":
            for step in POSTER_SHRINK:
                if count == 1:
                    break
                document = render_pdf(job.html.replace("</head>", f"<style>{step}</style></head>", 1), job.base_url)
                count = len(document.pages)
            if count != 1:
                raise LeafletOverflowError("poster", count)
            outcome.pdf = document.write_pdf()
            outcome.preview = preview_png(outcome.pdf, job.preview_width)
        else:
            outcome.sequential = document.write_pdf()
            outcome.pdf = impose_booklet(outcome.sequential)
            outcome.preview = preview_png(outcome.sequential, job.preview_width)
        from pypdf import PdfReader

        outcome.pages = len(PdfReader(io.BytesIO(outcome.pdf)).pages)
    except LeafletOverflowError as exc:
        outcome.error, outcome.panel = str(exc), exc.part
    except MissingGlyphError as exc:
        outcome.error = f"characters missing from the leaflet fonts: {exc}"
    except Exception as exc:  # noqa: BLE001 - reported as a problem naming the leaflet
        outcome.error = f"{exc.__class__.__name__}: {exc}"
    outcome.seconds = time.perf_counter() - started
    return outcome


def warm_up() -> None:
    """Import WeasyPrint in a worker process before its first job (pool initializer)."""
    import weasyprint  # noqa: F401
