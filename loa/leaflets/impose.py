"""Imposition: placing rendered pages on A4 sheets so that they fold right when printed duplex.

Both layouts assume the printer setting **duplex, flip on short edge**, A4, actual size: the
back of a landscape sheet is then upright when the sheet is turned over like a book page
(research/leaflets.md §0 and §3). Pure functions over page numbers, plus two pypdf writers.
"""
from __future__ import annotations

import io

MM = 72 / 25.4  # PDF points per millimetre
A4_LANDSCAPE = (297 * MM, 210 * MM)

#: The tri-fold's six panels in print order: the outside of the sheet left to right, then the
#: inside left to right. Widths in mm: a roll fold needs the panel that folds in 2–3 mm narrower
#: (the flap outside-left, backed by the inside-right panel).
TRIFOLD_PANELS = (
    ("flap", 97), ("back", 100), ("cover", 100),
    ("inside-left", 100), ("inside-middle", 100), ("inside-right", 97),
)


def booklet_sequence(count: int) -> list[int | None]:
    """Reading order of a saddle-stitched booklet of ``count`` pages (0-based), padded to a
    multiple of 4 with blanks (``None``) placed **before the back cover**, so the last page
    stays on the outside. ``count`` ≥ 2. ``booklet_sequence(6)`` → ``[0, 1, 2, 3, 4, None, None, 5]``.
    """
    if count < 2:
        raise ValueError("a booklet needs at least a front and a back cover")
    blanks = (-count) % 4
    return list(range(count - 1)) + [None] * blanks + [count - 1]


def saddle_sides(count: int) -> list[tuple[int, int]]:
    """Sheet sides for ``count`` pages (a multiple of 4), as (left, right) positions in the
    padded sequence, 0-based: sheet *i* front = (n−1−2i, 2i), back = (2i+1, n−2−2i).
    For 8 pages, counting from 1: (8|1), (2|7), (6|3), (4|5)."""
    if count % 4:
        raise ValueError(f"{count} pages: saddle stitching needs a multiple of 4")
    sides = []
    for i in range(count // 4):
        sides.append((count - 1 - 2 * i, 2 * i))
        sides.append((2 * i + 1, count - 2 - 2 * i))
    return sides


def booklet_sheets(count: int) -> list[tuple[int | None, int | None]]:
    """Sheet sides of a booklet of ``count`` rendered pages, as (left, right) page indexes of
    the *rendered* document, ``None`` for a blank: :func:`booklet_sequence` then
    :func:`saddle_sides`."""
    sequence = booklet_sequence(count)
    return [(sequence[left], sequence[right]) for left, right in saddle_sides(len(sequence))]


def impose(pdf: bytes, sheets, sheet_size=A4_LANDSCAPE, overlay: bytes = b"") -> bytes:
    """Place pages of ``pdf`` on new sheets: ``sheets`` is a list of sheet sides, each a list of
    ``(page_index, x, y)`` in PDF points from the sheet's lower-left corner. ``overlay``:
    drawing operators added on top of every side (cutting lines). Returns the PDF.

    Each source page becomes one Form XObject drawn with a ``cm`` offset, the way LaTeX's
    pdfpages works: content streams are copied, never parsed, so imposing is fast (pypdf's
    ``merge_transformed_page`` parses every operator: 1.5 s for 15 A5 pages here) and fonts and
    text stay as they were (extractable, embedded once).
    """
    from pypdf import PageObject, PdfReader, PdfWriter
    from pypdf.generic import (ArrayObject, DecodedStreamObject, DictionaryObject, FloatObject,
                               NameObject)

    reader = PdfReader(io.BytesIO(pdf))
    out = PdfWriter()
    forms: dict[int, object] = {}

    def form(index: int):
        if index not in forms:
            page = reader.pages[index]
            stream = DecodedStreamObject()
            stream.set_data(_page_content(page))
            stream.update({
                NameObject("/Type"): NameObject("/XObject"),
                NameObject("/Subtype"): NameObject("/Form"),
                NameObject("/BBox"): ArrayObject(FloatObject(v) for v in page.mediabox),
                NameObject("/Resources"): page["/Resources"].get_object().clone(out),
            })
            forms[index] = out._add_object(stream.flate_encode())
        return forms[index]

    for side in sheets:
        sheet = PageObject.create_blank_page(width=sheet_size[0], height=sheet_size[1])
        xobjects = DictionaryObject()
        ops = []
        for number, (index, x, y) in enumerate(side):
            name = f"/P{number}"
            xobjects[NameObject(name)] = form(index)
            ops.append(f"q 1 0 0 1 {x:.3f} {y:.3f} cm {name} Do Q")
        sheet[NameObject("/Resources")] = DictionaryObject({NameObject("/XObject"): xobjects})
        content = DecodedStreamObject()
        content.set_data("\n".join(ops).encode("ascii") + (b"\n" + overlay if overlay else b""))
        sheet[NameObject("/Contents")] = out._add_object(content)
        out.add_page(sheet)
    buffer = io.BytesIO()
    out.write(buffer)
    return buffer.getvalue()


def _page_content(page) -> bytes:
    contents = page.get("/Contents")
    if contents is None:
        return b""
    contents = contents.get_object()
    parts = contents if isinstance(contents, list) else [contents]
    return b"\n".join(part.get_object().get_data() for part in parts)


def _page_size(pdf: bytes, index: int = 0) -> tuple[float, float]:
    from pypdf import PdfReader

    box = PdfReader(io.BytesIO(pdf)).pages[index].mediabox
    return float(box.width), float(box.height)


def _page_count(pdf: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf)).pages)


def impose_booklet(pdf: bytes) -> bytes:
    """Put the A5 pages of ``pdf`` two-up on A4 landscape sheets in saddle-stitch order,
    centred (2 × 148 mm on 297 mm). Returns the new PDF."""
    width, height = _page_size(pdf)
    left_x, y = (A4_LANDSCAPE[0] - 2 * width) / 2, (A4_LANDSCAPE[1] - height) / 2
    sheets = []
    for left, right in booklet_sheets(_page_count(pdf)):
        side = [(index, x, y) for index, x in ((left, left_x), (right, left_x + width)) if index is not None]
        sheets.append(side)
    return impose(pdf, sheets)


def impose_trifold(pdf: bytes) -> bytes:
    """Put the six panel pages of ``pdf`` (in :data:`TRIFOLD_PANELS` order) three-up on two
    A4 landscape sheet sides, side by side from the left. Raises ``ValueError`` unless there
    are exactly six pages."""
    count = _page_count(pdf)
    if count != len(TRIFOLD_PANELS):
        raise ValueError(f"a tri-fold has 6 panels, the rendered document has {count} pages")
    sheets = []
    for first in (0, 3):
        x, side = 0.0, []
        for index in range(first, first + 3):
            side.append((index, x, 0.0))
            x += TRIFOLD_PANELS[index][1] * MM
        sheets.append(side)
    return impose(pdf, sheets)
