"""Precompression: ``.gz`` and ``.br`` files beside every text file of a built site.

A server with ``gzip_static`` (and ``brotli_static``) sends these instead of compressing on each
request (deploy/nginx/loa.conf), so pages cost the CPU nothing and get the strongest settings:
gzip level 9 and Brotli quality 11 (the maximum of each). A compressed file is kept only when it
is smaller than the original; files already compressed by us are skipped. ``invoke publish``
runs it on the production build; development builds skip it to stay fast.

The approach follows kurtmckee/pelican-precompress (STYLE.md), as a plain function.
"""
from __future__ import annotations

import gzip
import os
from dataclasses import dataclass, field
from pathlib import Path

#: Text formats worth compressing: pages, styles, feeds, sitemaps, pictograms, scripts, data.
TEXT_SUFFIXES = (".html", ".css", ".xml", ".atom", ".svg", ".js", ".json", ".txt")
#: Below this size a compressed copy saves less than a TCP packet's headers; not worth a file.
MIN_BYTES = 256


@dataclass
class PrecompressResult:
    """What :func:`precompress` did: files ``written`` (paths of new .gz/.br), ``skipped``
    (compressed copy not smaller, or file too small), and byte totals of the originals and of the
    smallest copy of each."""

    written: list[Path] = field(default_factory=list)
    skipped: list[Path] = field(default_factory=list)
    original_bytes: int = 0
    smallest_bytes: int = 0


def gzip_bytes(data: bytes) -> bytes:
    """gzip at level 9 with a zero timestamp and no file name, so the same input gives the same
    bytes (reproducible releases)."""
    return gzip.compress(data, compresslevel=9, mtime=0)


def brotli_bytes(data: bytes) -> bytes:
    """Brotli at quality 11 (``brotli`` package), text mode."""
    import brotli

    return brotli.compress(data, quality=11, mode=brotli.MODE_TEXT)


def precompress(site_dir, *, suffixes=TEXT_SUFFIXES, min_bytes: int = MIN_BYTES,
                brotli: bool = True) -> PrecompressResult:
    """Write ``<file>.gz`` (and ``<file>.br`` when ``brotli``) beside each file of ``site_dir``
    whose name ends with one of ``suffixes`` and that has at least ``min_bytes`` bytes.

    A copy that is not smaller than the original is not written (and a stale one is removed),
    so the server falls back to the original. Each copy gets the original's modification time,
    as nginx's ``gzip_static`` expects. Returns a :class:`PrecompressResult`.
    """
    result = PrecompressResult()
    encoders = [(".gz", gzip_bytes)] + ([(".br", brotli_bytes)] if brotli else [])
    for path in sorted(Path(site_dir).rglob("*")):
        if not path.is_file() or path.is_symlink() or path.suffix.lower() not in suffixes:
            continue
        data = path.read_bytes()
        result.original_bytes += len(data)
        smallest = len(data)
        if len(data) < min_bytes:
            result.skipped.append(path)
            result.smallest_bytes += smallest
            continue
        stat = path.stat()
        for extension, encode in encoders:
            target = path.with_name(path.name + extension)
            packed = encode(data)
            if len(packed) >= len(data):
                target.unlink(missing_ok=True)
                result.skipped.append(target)
                continue
            target.write_bytes(packed)
            os.utime(target, ns=(stat.st_atime_ns, stat.st_mtime_ns))
            result.written.append(target)
            smallest = min(smallest, len(packed))
        result.smallest_bytes += smallest
    return result
