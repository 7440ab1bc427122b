"""The printable script sheet: HTML → PDF with WeasyPrint (as the leaflets are made).

Only the sheet's own inline HTML and CSS and the leaflet fonts (Noto Sans, Debian
``fonts-noto-core``; :mod:`loa.leaflets.fonts`) are read: :func:`fonts_only_fetcher` refuses
every other URL, so a script can never make the build fetch anything.
"""
from __future__ import annotations

import hashlib
import os
from functools import lru_cache
from pathlib import Path

from loa.leaflets.fonts import DEFAULT_FONTS, font_face_css, font_faces, fonts_digest


@lru_cache(maxsize=1)
def _faces():
    return font_faces(DEFAULT_FONTS)


def font_css() -> str:
    """``@font-face`` rules for the sheet (the leaflets' Latin and Tai Viet fonts)."""
    return font_face_css(_faces())


def fonts_only_fetcher():
    """A WeasyPrint URL fetcher that reads the configured font files and nothing else: any other
    URL raises ``URLFetchingError`` (WeasyPrint then leaves that resource out)."""
    from weasyprint.urls import URLFetcher, URLFetchingError

    allowed = {face.path.resolve().as_uri() for face in _faces()}

    class FontsOnly(URLFetcher):
        def fetch(self, url, headers=None):
            if url in allowed:
                return super().fetch(url, headers)
            raise URLFetchingError(f"script sheets load nothing but their fonts, not {url}")

    return FontsOnly(allowed_protocols=("file",))


def render_sheet(html: str) -> bytes:
    """The PDF of one sheet's HTML (CSS inline; the font rules are added here). A4 and the type
    sizes are set in ``theme/static/scripts/sheet.css``."""
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    config = FontConfiguration()
    fetcher = fonts_only_fetcher()
    fonts = CSS(string=font_css(), font_config=config, url_fetcher=fetcher)
    return HTML(string=html, base_url=str(Path.cwd()), url_fetcher=fetcher).write_pdf(
        stylesheets=[fonts], font_config=config)


@lru_cache(maxsize=1)
def _inputs_digest() -> str:
    """SHA-256 of what shapes a sheet besides its HTML: the font files and this module."""
    digest = hashlib.sha256(fonts_digest(_faces()).encode())
    digest.update(Path(__file__).read_bytes())
    return digest.hexdigest()


def sheet_key(html: str) -> str:
    """The cache key of one sheet (64 hex digits): its HTML, the fonts and this module."""
    return hashlib.sha256(_inputs_digest().encode() + b"\0" + html.encode("utf-8")).hexdigest()


def cached_sheet(html: str, cache: Path | None) -> tuple[bytes, bool]:
    """``(PDF bytes, whether they came from the cache)`` for one sheet's HTML. With ``cache``
    (a folder), a sheet whose key (:func:`sheet_key`) was rendered before is read from
    ``<cache>/<key>.pdf`` and not rendered again; a new one is written there (atomically: a
    half-written file is never used). WeasyPrint takes about 0.2 s a sheet, and there is one per
    script per language: an unchanged build must not pay that again."""
    if cache is None:
        return render_sheet(html), False
    path = Path(cache) / f"{sheet_key(html)}.pdf"
    try:
        data = path.read_bytes()
        os.utime(path)
        return data, True
    except OSError:
        pass
    data = render_sheet(html)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(f".{os.getpid()}.partial")
    partial.write_bytes(data)
    partial.replace(path)
    return data, False
