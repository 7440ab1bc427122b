"""The ``LEAFLETS_*`` settings, read once and validated into a frozen dataclass.

Every setting has a default, so a site needs none of them; docs/leaflets.md lists them. Wrong
values raise one :class:`LeafletSettingsError` naming each setting and what would be right. The
plugin reads them in ``initialized`` and reports them when there are leaflets to make.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from loa.leaflets.fonts import DEFAULT_FONTS, FontFace, font_faces
from loa.site.settings import SettingsError, SettingsReader

FORMATS = ("trifold", "booklet", "poster", "cards", "guide")


DEFAULTS = {
    "LEAFLETS_PATH": None,            # the definitions; None: <PATH>/leaflets
    "LEAFLETS_SITE_URL": None,        # where QR codes point; None: SITEURL (absolute in production)
    "LEAFLETS_HOTLINES": None,        # a function (key) -> Hotline replacing the directory, or None
    "LEAFLETS_WORKERS": None,         # processes rendering in parallel; None: one per CPU
    "LEAFLETS_CACHE_PATH": None,      # rendered leaflets by input hash; None: <CACHE_PATH>/leaflets
    "LEAFLETS_PREVIEW_WIDTH": 320,    # pixels of the PNG previews
    "LEAFLETS_QR_MODULE_MM": 0.7,     # mm per QR module (research/leaflets.md §4: ≥ 0.6)
    "LEAFLETS_QR_MIN_MM": 25.0,       # mm: the smallest QR code, quiet zone included (≥ 25)
    "LEAFLETS_FONTS": None,           # font faces embedded in every leaflet; None: DEFAULT_FONTS
    "LEAFLETS_LOG": True,             # print one line per leaflet
}

#: The key under which the plugin keeps its settings for the build.
KEY = "LOA_LEAFLETS_SETTINGS"


class LeafletSettingsError(SettingsError):
    """A ``LEAFLETS_*`` setting has a value Loa cannot use; each message names it."""


@dataclass(frozen=True)
class LeafletSettings:
    """What the leaflets plugin needs to know, with units.

    ``folder``: the leaflet definitions (``<PATH>/leaflets``). ``site_url``: the production site
    URL the QR codes point to (absolute, no trailing slash). ``hotlines``: a callable ``(key) -> Hotline | None``
    replacing that adapter, or ``None``. ``fonts``: the font faces embedded in every leaflet.
    ``workers``: processes rendering in parallel (1 = in the build process). ``cache``: the folder
    keeping rendered leaflets by input hash, or ``None`` to render every time.
    ``preview_width``: width of the PNG previews in pixels. ``qr_module_mm`` and ``qr_min_mm``:
    QR module size and smallest code size, quiet zone included (research/leaflets.md §4: modules
    ≥ 0.6 mm for worn laser output, code ≥ 25 mm). ``log``: print one line per leaflet.
    """

    folder: Path
    site_url: str
    hotlines: Callable | None
    fonts: tuple[FontFace, ...]
    workers: int
    cache: Path | None
    preview_width: int = 320
    qr_module_mm: float = 0.7
    qr_min_mm: float = 25.0
    log: bool = True


def read_settings(settings: dict) -> LeafletSettings:
    """Build :class:`LeafletSettings` from a Pelican settings mapping (defaults above).

    ``LEAFLETS_SITE_URL`` defaults to ``SITEURL`` when that is absolute (production); a
    development build has a relative ``SITEURL``, so pelicanconf.py sets ``LEAFLETS_SITE_URL``
    to the production URL (the same ``LOA_SITEURL`` variable publishconf.py reads).
    Raises :class:`LeafletSettingsError` with every wrong value.
    """
    read = SettingsReader(settings, DEFAULTS, prefix="LEAFLETS_")
    content = Path(settings.get("PATH") or "content")
    site_url = str(read.get("LEAFLETS_SITE_URL") or settings.get("SITEURL") or "").rstrip("/")
    if not site_url.startswith(("https://", "http://")):
        read.fail("LEAFLETS_SITE_URL",
                  f"LEAFLETS_SITE_URL must be the absolute production URL (https://…), not '{site_url}'; "
                  "set it in pelicanconf.py to publishconf.py's SITEURL")
    hotlines = read.get("LEAFLETS_HOTLINES")
    if hotlines is not None and not callable(hotlines):
        read.fail("LEAFLETS_HOTLINES", "LEAFLETS_HOTLINES must be a function (key) -> Hotline, or None")
        hotlines = None
    workers = read.get("LEAFLETS_WORKERS")
    workers = (os.cpu_count() or 1) if workers in (None, "", 0) else workers
    if isinstance(workers, bool) or not isinstance(workers, int) or workers < 1:
        read.fail("LEAFLETS_WORKERS", f"LEAFLETS_WORKERS must be a whole number ≥ 1, not {workers!r}")
        workers = 1
    cache = read.get("LEAFLETS_CACHE_PATH")
    if "LEAFLETS_CACHE_PATH" not in settings:
        cache = Path(settings.get("CACHE_PATH") or "cache") / "leaflets"
    width = read.get("LEAFLETS_PREVIEW_WIDTH")
    if isinstance(width, bool) or not isinstance(width, int) or not 50 <= width <= 2000:
        read.fail("LEAFLETS_PREVIEW_WIDTH", f"LEAFLETS_PREVIEW_WIDTH must be pixels between 50 and 2000, not {width!r}")
        width = DEFAULTS["LEAFLETS_PREVIEW_WIDTH"]
    module = _millimetres(read, "LEAFLETS_QR_MODULE_MM")
    if module < 0.5:
        read.fail("LEAFLETS_QR_MODULE_MM", "LEAFLETS_QR_MODULE_MM must be at least 0.5 (phones cannot read smaller)")
        module = DEFAULTS["LEAFLETS_QR_MODULE_MM"]
    try:
        fonts = font_faces(read.get("LEAFLETS_FONTS") or DEFAULT_FONTS)
    except ValueError as exc:
        read.fail("LEAFLETS_FONTS", f"LEAFLETS_FONTS: {exc}")
        fonts = font_faces(DEFAULT_FONTS)
    value = LeafletSettings(
        folder=Path(read.get("LEAFLETS_PATH") or content / "leaflets"),
        site_url=site_url,
        hotlines=hotlines,
        fonts=fonts,
        workers=workers,
        cache=Path(cache) if cache else None,
        preview_width=width,
        qr_module_mm=module,
        qr_min_mm=max(25.0, _millimetres(read, "LEAFLETS_QR_MIN_MM")),
        log=bool(read.get("LEAFLETS_LOG")),
    )
    return read.finish(value, LeafletSettingsError)


def _millimetres(read: SettingsReader, key: str) -> float:
    value = read.get(key)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        read.fail(key, f"{key} must be a number of millimetres, not {value!r}")
        return float(DEFAULTS[key])
    return float(value)
