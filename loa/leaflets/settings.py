"""The ``LEAFLETS_*`` settings, read once and validated into a frozen dataclass.

Every setting has a default, so a site needs none of them; docs/leaflets.md lists them. A wrong
value raises :class:`LeafletSettingsError` naming the setting and what would be right.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from loa.leaflets.fonts import DEFAULT_FONTS, FontFace, font_faces

FORMATS = ("trifold", "booklet", "poster", "cards", "guide")


class LeafletSettingsError(ValueError):
    """A ``LEAFLETS_*`` setting has a value Loa cannot use; the message names it."""


@dataclass(frozen=True)
class LeafletSettings:
    """What the leaflets plugin needs to know, with units.

    ``folder``: the leaflet definitions (``<PATH>/leaflets``). ``site_url``: the production site
    URL the QR codes point to (absolute, no trailing slash). ``fonts``: the font faces embedded in every leaflet.
    ``workers``: processes rendering in parallel (1 = in the build process). ``cache``: the folder
    keeping rendered leaflets by input hash, or ``None`` to render every time.
    ``preview_width``: width of the PNG previews in pixels. ``qr_module_mm`` and ``qr_min_mm``:
    QR module size and smallest code size, quiet zone included (research/leaflets.md §4: modules
    ≥ 0.6 mm for worn laser output, code ≥ 25 mm). ``log``: print one line per leaflet.
    """

    folder: Path
    site_url: str
    fonts: tuple[FontFace, ...]
    workers: int
    cache: Path | None
    preview_width: int = 320
    qr_module_mm: float = 0.7
    qr_min_mm: float = 25.0
    log: bool = True


def read_settings(settings: dict) -> LeafletSettings:
    """Build :class:`LeafletSettings` from a Pelican settings mapping.

    ``LEAFLETS_SITE_URL`` defaults to ``SITEURL`` when that is absolute (production); a
    development build has a relative ``SITEURL``, so pelicanconf.py sets ``LEAFLETS_SITE_URL``
    to the production URL (the same ``LOA_SITEURL`` variable publishconf.py reads).
    Raises :class:`LeafletSettingsError`.
    """
    content = Path(settings.get("PATH") or "content")
    site_url = str(settings.get("LEAFLETS_SITE_URL") or settings.get("SITEURL") or "").rstrip("/")
    if not site_url.startswith(("https://", "http://")):
        raise LeafletSettingsError(
            f"LEAFLETS_SITE_URL must be the absolute production URL (https://…), not '{site_url}'; "
            "set it in pelicanconf.py to publishconf.py's SITEURL")
    workers = settings.get("LEAFLETS_WORKERS")
    workers = (os.cpu_count() or 1) if workers in (None, "", 0) else workers
    if not isinstance(workers, int) or workers < 1:
        raise LeafletSettingsError(f"LEAFLETS_WORKERS must be a whole number ≥ 1, not {workers!r}")
    cache = settings.get("LEAFLETS_CACHE_PATH", Path(settings.get("CACHE_PATH") or "cache") / "leaflets")
    width = settings.get("LEAFLETS_PREVIEW_WIDTH", 320)
    if not isinstance(width, int) or not 50 <= width <= 2000:
        raise LeafletSettingsError(f"LEAFLETS_PREVIEW_WIDTH must be pixels between 50 and 2000, not {width!r}")
    module = float(settings.get("LEAFLETS_QR_MODULE_MM", 0.7))
    if module < 0.5:
        raise LeafletSettingsError("LEAFLETS_QR_MODULE_MM must be at least 0.5 (phones cannot read smaller)")
    try:
        fonts = font_faces(settings.get("LEAFLETS_FONTS") or DEFAULT_FONTS)
    except ValueError as exc:
        raise LeafletSettingsError(f"LEAFLETS_FONTS: {exc}") from None
    return LeafletSettings(
        folder=Path(settings.get("LEAFLETS_PATH") or content / "leaflets"),
        site_url=site_url,
        fonts=fonts,
        workers=workers,
        cache=Path(cache) if cache else None,
        preview_width=width,
        qr_module_mm=module,
        qr_min_mm=max(25.0, float(settings.get("LEAFLETS_QR_MIN_MM", 25.0))),
        log=bool(settings.get("LEAFLETS_LOG", True)),
    )
