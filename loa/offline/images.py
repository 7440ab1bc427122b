"""Shrink an image into a small ``data:`` URI for the offline copy (Pillow).

The offline file has a 150 KB budget for all of a language's pages (PRODUCT.md), so a photo gets
at most a few kilobytes: at most 320 px wide (the widest screens in research/low-bandwidth.md
§2.3), JPEG (KaiOS 2.5's Gecko 48 has no WebP), quality lowered step by step, then the width,
until it fits ``max_bytes``. Images with transparency become palette PNGs. SVG files are kept
as they are, base64-encoded, if they fit.
"""
from __future__ import annotations

import base64
import io
from pathlib import Path

MAX_WIDTH = 320
QUALITIES = (60, 50, 40, 30)


class ImageTooLargeError(ValueError):
    """The image cannot be made smaller than the budget it was given."""


def shrink(path: Path, *, max_width: int = MAX_WIDTH, max_bytes: int = 12_000) -> tuple[str, bytes]:
    """Read the image at ``path`` and return ``(mime_type, bytes)`` of a copy at most
    ``max_width`` pixels wide and at most ``max_bytes`` bytes.

    Raises :class:`ImageTooLargeError` when even 80 px at the lowest quality is too big, and
    ``OSError`` (Pillow's ``UnidentifiedImageError``) when the file is not an image.
    """
    path = Path(path)
    if path.suffix.lower() == ".svg":
        data = path.read_bytes()
        if len(data) > max_bytes:
            raise ImageTooLargeError(f"{path.name} is {len(data):,} bytes; at most {max_bytes:,} fit")
        return "image/svg+xml", data

    from PIL import Image

    with Image.open(path) as original:
        original.load()
        image = original.convert("RGBA") if _has_alpha(original) else original.convert("RGB")
    width = min(max_width, image.width)
    while width >= 80:
        height = max(1, round(image.height * width / image.width))
        resized = image.resize((width, height), Image.LANCZOS) if width != image.width else image
        for mime, data in _encodings(resized):
            if len(data) <= max_bytes:
                return mime, data
        width = int(width * 0.75)
    raise ImageTooLargeError(f"{path.name} does not fit in {max_bytes:,} bytes even at 80 px wide")


def data_uri(mime: str, data: bytes) -> str:
    """``data:<mime>;base64,…`` for ``data``."""
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


def _has_alpha(image) -> bool:
    return image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info)


def _encodings(image):
    if image.mode == "RGBA":
        for colours in (64, 32, 16):
            buffer = io.BytesIO()
            image.quantize(colours, method=2).save(buffer, "PNG", optimize=True)
            yield "image/png", buffer.getvalue()
        return
    for quality in QUALITIES:
        buffer = io.BytesIO()
        image.save(buffer, "JPEG", quality=quality, optimize=True, progressive=False)
        yield "image/jpeg", buffer.getvalue()
