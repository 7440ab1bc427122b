"""QR codes for leaflets: a plain QR code (never Micro QR) as one SVG path, sized for print.

research/leaflets.md §4: ``segno.make()`` returns a Micro QR for short data, which many phone
scanners cannot read, so :func:`segno.make_qr` is used; error correction Q at least; the
4-module quiet zone (ISO/IEC 18004) is part of the drawing, so the white border is never
covered; modules ≥ 0.6 mm and the code ≥ 25 mm, quiet zone included.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import segno

QUIET_ZONE = 4  # modules, ISO/IEC 18004


@dataclass(frozen=True)
class QRCode:
    """``svg``: an inline ``<svg>`` with a ``viewBox`` and no size (CSS sizes it); ``size_mm``:
    the printed width and height, quiet zone included; ``modules``: modules across, quiet zone
    included; ``version``: the QR version (1–40); ``url``: the encoded text."""

    svg: str
    size_mm: float
    modules: int
    version: int
    url: str


def make_qr_code(url: str, *, module_mm: float = 0.7, min_mm: float = 25.0) -> QRCode:
    """Encode ``url`` with error correction Q (or higher when free) and size it so each module
    is at least ``module_mm`` and the whole code at least ``min_mm`` (rounded up to 0.5 mm)."""
    code = segno.make_qr(url, error="q")
    modules = code.symbol_size(scale=1, border=QUIET_ZONE)[0]
    size = math.ceil(max(min_mm, modules * module_mm) * 2) / 2
    svg = code.svg_inline(scale=1, border=QUIET_ZONE, omitsize=True, dark="#000", light="#fff")
    return QRCode(svg, size, modules, int(code.version), url)


def short_url(url: str) -> str:
    """The URL as printed under the code: without ``https://`` (people type it into a browser,
    which adds it back)."""
    for prefix in ("https://", "http://"):
        if url.startswith(prefix):
            return url[len(prefix):]
    return url
