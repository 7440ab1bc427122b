"""The printable script sheet: HTML → PDF with WeasyPrint (as the leaflets are made).

Only the sheet's own inline HTML and CSS and the leaflet fonts (Noto Sans, Debian
``fonts-noto-core``; :mod:`loa.leaflets.fonts`) are read: :func:`fonts_only_fetcher` refuses
every other URL, so a script can never make the build fetch anything.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from loa.leaflets.fonts import DEFAULT_FONTS, font_face_css, font_faces


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
