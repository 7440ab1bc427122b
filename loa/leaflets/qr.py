"""QR codes for leaflets: a plain QR code (never Micro QR) as one SVG path, sized for print.

research/leaflets.md §4: ``segno.make()`` returns a Micro QR for short data, which many phone
scanners cannot read, so :func:`segno.make_qr` is used; error correction Q at least; the
4-module quiet zone (ISO/IEC 18004) is part of the drawing, so the white border is never
covered; modules ≥ 0.6 mm and the code ≥ 25 mm, quiet zone included.
"""
from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass
from pathlib import Path

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


def make_qr_code(url: str, *, module_mm: float = 0.7, min_mm: float = 25.0, cache_dir=None) -> QRCode:
    """Encode ``url`` with error correction Q (or higher when free) and size it so each module
    is at least ``module_mm`` and the whole code at least ``min_mm`` (rounded up to 0.5 mm).

    Encoding is the slow part (segno tries all eight masks in Python: about 25 ms a code,
    measured); with ``cache_dir`` the drawing of each URL is kept there and read back."""
    cached = _read_cached(cache_dir, url)
    if cached is None:
        code = segno.make_qr(url, error="q")
        modules = code.symbol_size(scale=1, border=QUIET_ZONE)[0]
        svg = code.svg_inline(scale=1, border=QUIET_ZONE, omitsize=True, dark="#000", light="#fff")
        cached = (svg, modules, int(code.version))
        _write_cached(cache_dir, url, cached)
    svg, modules, version = cached
    size = math.ceil(max(min_mm, modules * module_mm) * 2) / 2
    return QRCode(svg, size, modules, version, url)


def _cache_file(cache_dir, url: str):
    digest = hashlib.sha256(f"{segno.__version__}\n{url}".encode("utf-8")).hexdigest()[:24]
    return Path(cache_dir) / "qr" / f"{digest}.json"


def _read_cached(cache_dir, url: str):
    if not cache_dir:
        return None
    try:
        data = json.loads(_cache_file(cache_dir, url).read_text(encoding="utf-8"))
        return (data["svg"], int(data["modules"]), int(data["version"])) if data.get("url") == url else None
    except (OSError, ValueError, KeyError):
        return None


def _write_cached(cache_dir, url: str, value) -> None:
    if not cache_dir:
        return
    path = _cache_file(cache_dir, url)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        svg, modules, version = value
        path.write_text(json.dumps({"url": url, "svg": svg, "modules": modules, "version": version}),
                        encoding="utf-8")
    except OSError:
        pass  # a cache that cannot be written only costs time


def short_url(url: str) -> str:
    """The URL as printed under the code: without ``https://`` (people type it into a browser,
    which adds it back)."""
    for prefix in ("https://", "http://"):
        if url.startswith(prefix):
            return url[len(prefix):]
    return url
