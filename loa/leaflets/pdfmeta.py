"""What a leaflet PDF says about itself: its title, the language of its text, and whether it is
tagged (a structure tree a screen reader follows).

Leaflets are shared as files over Zalo and read on phones, not only printed (issue 19). So every
PDF carries ``/Title`` and the ``/Lang`` of the text it actually carries: a Hmong leaflet that
falls back to the Vietnamese text says ``vi``. The files read in page order (the A5 booklet,
the poster, the cards' A6 pages, the guide) are tagged with WeasyPrint's ``pdf_tags`` (PDF/UA
structure, research/leaflets.md §1.3: about 25 % larger); the imposed print sheets are not read
on screens and say in their title that they are for printing.

The template writes the values into the document's head (``<title>``, and
``<meta name="loa-pdf-lang">`` / ``<meta name="loa-print-title">``), so the render worker needs
nothing but the HTML.
"""
from __future__ import annotations

import html as htmllib
import io
import re

_META = re.compile(r'<meta\s+name="(loa-pdf-lang|loa-print-title)"\s+content="([^"]*)"\s*/?>')
_TITLE = re.compile(r"<title>(.*?)</title>", re.S)


def head_values(html: str) -> dict[str, str]:
    """``{"title", "lang", "print_title"}`` from a leaflet document's head (``""`` when absent)."""
    found = {name: htmllib.unescape(value) for name, value in _META.findall(html[:20000])}
    title = _TITLE.search(html[:20000])
    return {"title": " ".join(htmllib.unescape(title.group(1)).split()) if title else "",
            "lang": found.get("loa-pdf-lang", ""), "print_title": found.get("loa-print-title", "")}


def write(document, html: str, *, tagged: bool) -> bytes:
    """Write a WeasyPrint document with the title and language of its head; ``tagged`` adds
    the structure tree (``/StructTreeRoot``, ``/MarkInfo``)."""
    values = head_values(html)
    if values["lang"]:
        document.metadata.lang = values["lang"]
    if values["title"]:
        document.metadata.title = values["title"]
    return document.write_pdf(pdf_tags=tagged)


def stamp(pdf: bytes, html: str) -> bytes:
    """An imposed sheet file (pypdf output, which has no metadata) with ``/Title`` (the print
    title: it says the file is for printing) and ``/Lang`` from the document's head."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import BooleanObject, DictionaryObject, NameObject, TextStringObject

    values = head_values(html)
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    title = values["print_title"] or values["title"]
    if title:
        writer.add_metadata({"/Title": title})
        writer._root_object[NameObject("/ViewerPreferences")] = DictionaryObject(
            {NameObject("/DisplayDocTitle"): BooleanObject(True)})
    if values["lang"]:
        writer._root_object[NameObject("/Lang")] = TextStringObject(values["lang"])
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()
