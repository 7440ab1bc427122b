"""HTML → PDF with WeasyPrint, the overflow checks, imposition and the PNG preview.

Runs in the build process or in a worker process (:mod:`loa.leaflets.jobs`); everything here
takes and returns plain values (strings, bytes) so it crosses process boundaries. WeasyPrint is
imported on first use and its font configuration kept for the life of the process
(research/leaflets.md §1.2: in-process rendering, one ``FontConfiguration``).
"""
from __future__ import annotations

import io
import logging
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from loa.leaflets import fit, pdfmeta
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


class TooWideError(Exception):
    """A box sticks out sideways from its page area: ``part`` is the panel (``inside-left`` …),
    ``poster`` or ``page 3``; ``text`` the start of the text that sticks out; ``excess_mm`` by
    how much."""

    def __init__(self, part: str, text: str, excess_mm: float):
        self.part, self.text, self.excess_mm = part, text, excess_mm
        place = part if part.startswith("page ") else "the poster" if part == "poster" else f"the {part} panel"
        super().__init__(f"text runs {excess_mm:.1f} mm past the edge of {place}: '{text}'")


class RefusedFetchError(Exception):
    """The leaflet asked for files or addresses it may not use: ``urls`` lists them."""

    def __init__(self, urls):
        self.urls = list(dict.fromkeys(urls))
        super().__init__("refused to fetch " + ", ".join(self.urls))


@dataclass(frozen=True)
class RenderJob:
    """One leaflet in one language to render. ``kind`` is ``trifold``, ``booklet``,
    ``poster``, ``cards`` or ``guide``; ``html`` the whole document (CSS inline); ``base_url`` for relative URLs;
    ``label`` e.g. ``hmn/goi-111-trifold`` for messages; ``preview_width`` in pixels."""

    key: str
    kind: str
    html: str
    base_url: str
    label: str
    preview_width: int = 320
    allowed_roots: tuple[str, ...] = ()
    allowed_files: tuple[str, ...] = ()


@dataclass
class RenderOutcome:
    """What rendering gave: ``pdf`` (the file to print), ``sequential`` (the booklet's A5
    pages in reading order, else ``None``), ``preview`` (PNG of the first page to look at),
    ``pages`` (pages of ``pdf``), ``seconds`` (wall time), or ``error`` and ``panel`` when the
    leaflet failed (``panel`` set for an overflow; ``text`` the text that sticks out sideways;
    ``refused`` the addresses the leaflet asked for and was refused)."""

    key: str
    pdf: bytes = b""
    sequential: bytes | None = None
    preview: bytes = b""
    pages: int = 0
    seconds: float = 0.0
    error: str = ""
    panel: str = ""
    text: str = ""
    refused: list[str] = field(default_factory=list)
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


def fetch_refusal(url: str, roots, files) -> str | None:
    """Why a leaflet may not load ``url``, or ``None`` when it may.

    Allowed (security review H1, M5): ``data:`` URIs, and ``file:`` URLs of a file inside one
    of the folders ``roots`` (the theme's static files, the project's images and pictograms)
    or equal to one of ``files`` (the font files), after resolving ``..`` and symbolic links.
    Everything else is refused before any request is made: other schemes (``http:``,
    ``https:``, ``ftp:`` …, loopback included), files elsewhere on the machine, ``file:`` URLs
    naming another host.
    """
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme == "data":
        return None
    if scheme != "file":
        return f"'{scheme or 'relative'}:' addresses are not allowed"
    if parts.netloc not in ("", "localhost"):
        return "files on another host are not allowed"
    try:
        path = Path(unquote(parts.path)).resolve()
    except (OSError, RuntimeError, ValueError):
        return "the file path cannot be resolved"
    if str(path) in {str(Path(f).resolve()) for f in files}:
        return None
    for root in roots:
        if path.is_relative_to(Path(root).resolve()):
            return None
    return "the file is outside the theme's static files, images, pictograms and fonts"


_FETCHER_CLASS = None
#: Links a printed leaflet may carry (a PDF reader opens them): web pages, the dialler, e-mail.
_PRINTABLE_LINK = re.compile(r"(?:https?|tel|mailto):", re.I)


def leaflet_fetcher(roots=(), files=()):
    """A WeasyPrint URL fetcher that serves only what :func:`fetch_refusal` allows. Every
    refused URL is kept in the fetcher's ``refused`` list (and WeasyPrint gets an error, so
    it draws nothing from it)."""
    global _FETCHER_CLASS
    if _FETCHER_CLASS is None:
        from weasyprint.urls import URLFetcher

        class LeafletFetcher(URLFetcher):
            def __init__(self, roots, files):
                super().__init__(allowed_protocols=("file", "data"), allow_redirects=False, timeout=5)
                self.roots, self.files, self.refused = tuple(roots), tuple(files), []

            def fetch(self, url, headers=None):
                reason = fetch_refusal(url, self.roots, self.files)
                if reason:
                    self.refused.append(url)
                    raise ValueError(f"leaflet may not load {url}: {reason}")
                return super().fetch(url, headers)

        _FETCHER_CLASS = LeafletFetcher
    return _FETCHER_CLASS(roots, files)


def render_pdf(html: str, base_url: str, fetcher=None):
    """Render ``html`` with WeasyPrint through ``fetcher`` (:func:`leaflet_fetcher`; by default
    one that allows only ``data:`` URIs); returns the WeasyPrint ``Document``.

    Links that ask WeasyPrint to embed a file (``rel="attachment"`` on ``<a>`` or ``<link>``),
    and links to anything but ``http(s):``, ``tel:`` and ``mailto:`` (a ``file:`` path of the
    machine that built it), are removed from the document and added to the fetcher's ``refused`` list, which the caller
    checks (:func:`render_job`). Raises :class:`MissingGlyphError` if WeasyPrint logged a
    .notdef glyph or a failed SVG."""
    global _FONT_CONFIG
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    if _FONT_CONFIG is None:
        _FONT_CONFIG = FontConfiguration()
    fetcher = fetcher if fetcher is not None else leaflet_fetcher()
    collector = _NotdefCollector()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(collector)
    try:
        document = HTML(string=html, base_url=base_url, url_fetcher=fetcher).render(font_config=_FONT_CONFIG)
    finally:
        logger.removeHandler(collector)
    attached = ["a <link rel=\"attachment\">"] * len(document.metadata.attachments)
    document.metadata.attachments = []
    for page in document.pages:
        attached += [f"{target} (a link with rel=\"attachment\")" for kind, target, _, _ in page.links
                     if kind == "attachment"]
        attached += [f"{target} (a link)" for kind, target, _, _ in page.links
                     if kind == "external" and not _PRINTABLE_LINK.match(target)]
        page.links = [link for link in page.links if link[0] != "attachment"
                      and (link[0] != "external" or _PRINTABLE_LINK.match(link[1]))]
    fetcher.refused += attached
    if collector.messages and not fetcher.refused:  # a refused SVG image is reported as refused
        raise MissingGlyphError("; ".join(collector.messages))
    return document


# Sideways overflow is measured in CSS pixels (WeasyPrint's layout unit: 1 px = 0.75 pt);
# half a millimetre of tolerance covers glyphs whose ink overhangs their advance.
_PX_PER_MM = 96 / 25.4
_WIDTH_TOLERANCE_PX = 0.5 * _PX_PER_MM


def _box_text(box) -> str:
    if hasattr(box, "text"):
        return box.text
    if hasattr(box, "children"):
        return "".join(_box_text(child) for child in box.children)
    return ""


def too_wide(document, part_names) -> TooWideError | None:
    """The first box on any page that sticks out of the page area sideways, as a
    :class:`TooWideError`, or ``None``.

    ``part_names(index)`` names the page ``index`` (0-based) for the message. Margin boxes
    (the draft banner) are not checked: they live in the page margin by design, and neither is
    the left side of a list marker. Text wider than its line, a picture or a table wider than
    the panel: each counts.
    """
    from weasyprint.formatting_structure import boxes

    for index, page in enumerate(document.pages):
        root = page._page_box
        left = root.content_box_x()
        right = left + root.width

        def walk(box):
            for child in getattr(box, "children", ()):
                if isinstance(child, boxes.MarginBox):
                    continue
                start = child.border_box_x()
                end = start + child.border_width()
                # A list's marker ("10.") hangs left of its item by design (list-style-position:
                # outside), into the page margin: only its right side counts.
                hangs = str(getattr(child, "element_tag", "")).endswith("::marker")
                if end > right + _WIDTH_TOLERANCE_PX or (start < left - _WIDTH_TOLERANCE_PX and not hangs):
                    deeper = walk(child)
                    if deeper is not None:
                        return deeper
                    excess = max(end - right, left - start) / _PX_PER_MM
                    text = " ".join(_box_text(child).split())
                    return " ".join(text.split())[:40] or f"<{child.element_tag}>", excess
                found = walk(child)
                if found is not None:
                    return found
            return None

        found = walk(root)
        if found is not None:
            return TooWideError(part_names(index), *found)
    return None


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


# A poster whose text does not fit at the smallest body size (loa.leaflets.fit.POSTER_MIN_PT,
# 18 pt: read from across a room) gets a smaller title, summary and hotline, step by step; the
# body text never shrinks below 18 pt: longer text is an error (choose fewer sections).
POSTER_SHRINK = (
    ".loa-poster .loa-leaflet__summary{font-size:15pt}.loa-poster .loa-leaflet__title{font-size:28pt}",
    ".loa-poster .loa-leaflet__summary{font-size:14pt}.loa-poster .loa-leaflet__title{font-size:24pt}"
    ".loa-poster .loa-leaflet__hotline--huge .loa-leaflet__hotline-number{font-size:96pt}",
    ".loa-poster .loa-leaflet__summary{font-size:13pt}.loa-poster .loa-leaflet__title{font-size:22pt}"
    ".loa-poster .loa-leaflet__hotline--huge .loa-leaflet__hotline-number{font-size:72pt}"
    ".loa-poster .loa-leaflet__hotline--huge .loa-leaflet__hotline-label{font-size:16pt}"
    ".loa-poster .loa-leaflet__hotline--huge .loa-leaflet__hotline-name{font-size:13pt}"
    ".loa-poster .loa-leaflet__part li{margin-bottom:2mm}",
    # Last: the poster keeps its title, its text, the number and the QR code; the summary goes,
    # and the draft box keeps its heading (the banner on top of the page says it too).
    ".loa-poster .loa-leaflet__summary,.loa-poster .loa-leaflet__draft-detail{display:none}"
    ".loa-poster .loa-leaflet__title{font-size:22pt}"
    ".loa-poster .loa-leaflet__hotline--huge .loa-leaflet__hotline-number{font-size:64pt}"
    ".loa-poster .loa-leaflet__hotline--huge .loa-leaflet__hotline-label{font-size:14pt}"
    ".loa-poster .loa-leaflet__hotline--huge .loa-leaflet__hotline-name{font-size:12pt}"
    ".loa-poster .loa-leaflet__part li{margin-bottom:1mm}.loa-poster .loa-picto--item{width:16mm;height:16mm}"
    "@page{margin:9mm 10mm 8mm}.loa-poster .loa-leaflet__part h2{font-size:1em;margin:0 0 1mm}"
    ".loa-poster .loa-leaflet__title{margin:0 0 1mm}",
)


def render_job(job: RenderJob) -> RenderOutcome:
    """Render one leaflet, check it fits, impose it and make its preview.

    Tri-fold: the document must be six panel pages, each panel's anchor (``id="panel-<name>"``)
    on its own page; then imposed three-up; each text panel's type grows into the room it
    has (:func:`loa.leaflets.fit.grow_panels`). Poster: exactly one page, its text grown to fill
    it. Booklet: any length, imposed two-up with the sequential A5 file kept. Cards: two A6
    pages a card, each face on its own page, imposed four-up (:mod:`loa.leaflets.cards`), the
    A6 file kept. Guide: A4 pages in reading order. Reading-order files are tagged; every file
    gets its title and language (:mod:`loa.leaflets.pdfmeta`). Never raises: failures come back
    in ``error`` (and ``panel`` for an overflow).
    """
    started = time.perf_counter()
    outcome = RenderOutcome(job.key)

    fetcher = leaflet_fetcher(job.allowed_roots, job.allowed_files)

    def render(html):
        document = render_pdf(html, job.base_url, fetcher)
        if fetcher.refused:
            document.write_pdf()  # drawing fetches SVG images: report those too, all at once
            raise RefusedFetchError(fetcher.refused)
        return document

    def write(document, tagged: bool = True) -> bytes:
        pdf = pdfmeta.write(document, job.html, tagged=tagged)
        if fetcher.refused:  # SVG images and the like are fetched while drawing
            raise RefusedFetchError(fetcher.refused)
        return pdf

    try:
        document = render(job.html)
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
            document, _ = fit.grow_panels(document, render, job.html, names,
                                          lambda grown: _trifold_overflow(grown, names))
            _check_width(document, lambda index: names[index])
            outcome.pdf = pdfmeta.stamp(impose_trifold(write(document, tagged=False)), job.html)
            outcome.preview = preview_png(outcome.pdf, job.preview_width)
        elif job.kind == "poster":
            step_html = job.html
            for step in POSTER_SHRINK:
                if count == 1:
                    break
                step_html = fit.with_style(job.html, step)
                document = render(step_html)
                count = len(document.pages)
            if count != 1:
                # Text longer than a poster holds at 18 pt: the poster keeps its message (title,
                # summary), the number and the QR code, and the build warns.
                document = render(fit.with_style(job.html, ".loa-poster .loa-leaflet__part{display:none}"))
                if len(document.pages) != 1:
                    raise LeafletOverflowError("poster", count)
                outcome.warnings.append("its text does not fit on the poster at 18 pt (the smallest size read "
                                        "from across a room); the poster carries the title, the number and "
                                        "the QR code only: shorten the text or choose a shorter section")
            elif step_html == job.html:
                document, _ = fit.grow_poster(document, render, job.html)
            _check_width(document, lambda index: "poster")
            outcome.pdf = write(document)
            outcome.preview = preview_png(outcome.pdf, job.preview_width)
        elif job.kind == "cards":
            from loa.leaflets.cards import card_overflow, impose_cards

            failed = card_overflow(document)
            if failed:
                raise LeafletOverflowError(*failed)
            _check_width(document, lambda index: f"card {index // 2 + 1}")
            outcome.sequential = write(document)
            outcome.pdf = pdfmeta.stamp(impose_cards(outcome.sequential), job.html)
            outcome.preview = preview_png(outcome.sequential, job.preview_width)
        elif job.kind == "guide":
            _check_width(document, lambda index: f"page {index + 1}")
            outcome.pdf = write(document)
            outcome.preview = preview_png(outcome.pdf, job.preview_width)
        else:
            _check_width(document, lambda index: f"page {index + 1}")
            outcome.sequential = write(document)
            outcome.pdf = pdfmeta.stamp(impose_booklet(outcome.sequential), job.html)
            outcome.preview = preview_png(outcome.sequential, job.preview_width)
        from pypdf import PdfReader

        outcome.pages = len(PdfReader(io.BytesIO(outcome.pdf)).pages)
    except LeafletOverflowError as exc:
        outcome.error, outcome.panel = str(exc), exc.part
    except TooWideError as exc:
        outcome.error, outcome.panel, outcome.text = str(exc), exc.part, exc.text
    except RefusedFetchError as exc:
        outcome.error, outcome.refused = str(exc), exc.urls
    except MissingGlyphError as exc:
        outcome.error = f"characters missing from the leaflet fonts: {exc}"
    except Exception as exc:  # noqa: BLE001 - reported as a problem naming the leaflet
        outcome.error = f"{exc.__class__.__name__}: {exc}"
    outcome.seconds = time.perf_counter() - started
    return outcome


def _trifold_overflow(document, names) -> str | None:
    """The panel of a rendered tri-fold that does not fit on its page, or ``None``."""
    anchors = {anchor[len("panel-"):]: page for anchor, page in _anchor_pages(document).items()
               if anchor.startswith("panel-")}
    overflow = overflowing_panel(anchors, names, len(document.pages))
    if overflow:
        return overflow[0]
    return names[-1] if len(document.pages) != len(names) else None


def _check_width(document, part_names) -> None:
    problem = too_wide(document, part_names)
    if problem is not None:
        raise problem


def warm_up() -> None:
    """Import WeasyPrint in a worker process before its first job (pool initializer)."""
    import weasyprint  # noqa: F401
