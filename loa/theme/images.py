"""Images for cheap phones: resized, re-compressed and stripped of metadata at build time.

Pure functions (no Pelican): :func:`compress_image` turns an image file's bytes into a small
JPEG/PNG, :func:`rewrite_images` checks and completes the ``<img>`` tags of a page's HTML.
The default budget, 30 KB per image, is PRODUCT.md's ("images ≤ 30 KB each",
research/low-bandwidth.md §7.3); 640 px wide is twice the 320 px reading width.
"""
from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import PurePosixPath

from loa.problems import Problem

RASTER = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG"}   # extension → format written
IMG_TAG = re.compile(r"<img\b[^>]*>", re.I)
ATTR = re.compile(r'([a-zA-Z_:][-a-zA-Z0-9_:.]*)\s*=\s*"([^"]*)"')
LINK_PREFIX = re.compile(r"^(?:\{static\}|\{filename\}|\|static\||\|filename\|)")


@dataclass(frozen=True)
class CompressedImage:
    """An image ready to publish: encoded ``data`` (bytes), ``width``/``height`` in pixels,
    ``format`` (``JPEG`` or ``PNG``)."""

    data: bytes
    width: int
    height: int
    format: str


def compress_image(data: bytes, fmt: str = "JPEG", *, max_width: int = 640,
                   max_bytes: int = 30_000) -> CompressedImage:
    """Re-encode an image (any format Pillow reads) as ``fmt`` (``JPEG`` or ``PNG``, the format
    its file name says) at most ``max_width`` pixels wide and, where possible, at most
    ``max_bytes`` bytes. JPEG: progressive, quality 80 down to 40, then the size lowered by
    steps of 15 %. PNG: a palette of 128, 64 then 32 colours, then smaller. EXIF (camera, GPS
    position) is dropped, orientation applied. Returns the smallest encoding tried when the budget cannot be met (the budget check
    then reports it). Raises ``PIL.UnidentifiedImageError`` for bytes that are not an image."""
    from PIL import Image, ImageOps

    image = Image.open(io.BytesIO(data))
    image = ImageOps.exif_transpose(image)
    transparent = fmt == "PNG"
    image = image.convert("RGBA" if transparent else "RGB")
    width = min(max_width, image.width)
    best = None
    while True:
        height = max(1, round(image.height * width / image.width))
        resized = image.resize((width, height), Image.LANCZOS) if width != image.width else image
        for encoded in _encodings(resized, transparent):
            if best is None or len(encoded) < len(best.data):
                best = CompressedImage(encoded, width, height, "PNG" if transparent else "JPEG")
            if len(encoded) <= max_bytes:
                return CompressedImage(encoded, width, height, best.format)
        if width <= 120:
            return best
        width = int(width * 0.85)


def _encodings(image, transparent: bool):
    if transparent:
        for colours in (128, 64, 32):
            out = io.BytesIO()
            image.quantize(colours, method=2).save(out, "PNG", optimize=True)
            yield out.getvalue()
    else:
        for quality in (80, 70, 60, 50, 40):
            out = io.BytesIO()
            image.save(out, "JPEG", quality=quality, optimize=True, progressive=True)
            yield out.getvalue()


def image_source(src: str, page_dir: PurePosixPath) -> str | None:
    """The content-relative path (``images/x.jpg``) an ``<img src>`` written in a page at
    ``page_dir`` (content-relative folder) points to, or ``None`` for a URL or ``data:``.
    Accepts ``{static}/images/x.jpg``, ``/images/x.jpg`` and ``../../images/x.jpg``."""
    if re.match(r"^(?:[a-z][a-z0-9+.-]*:|//)", src, re.I):
        return None
    has_prefix = bool(LINK_PREFIX.match(src))
    path = LINK_PREFIX.sub("", src).split("#")[0].split("?")[0]
    if path.startswith("/"):
        joined = PurePosixPath(path.lstrip("/"))
    elif has_prefix:
        joined = PurePosixPath(path)
    else:
        joined = page_dir / path
    parts: list[str] = []
    for part in joined.parts:
        if part == "..":
            if parts:
                parts.pop()
        elif part != ".":
            parts.append(part)
    return "/".join(parts)


def rewrite_images(html: str, page_dir: PurePosixPath, lookup, images_dir: str = "images"):
    """Check and complete every ``<img>`` in ``html``.

    ``lookup(relative_path)`` returns the :class:`CompressedImage` for a content-relative path,
    or ``None`` when no such file exists. Each local image gets ``src="{static}/…"``,
    ``width``, ``height``, ``loading="lazy"`` and ``decoding="async"``. Returns
    ``(new_html, [Problem])``, each problem with ``path=""`` (the caller knows the file) and
    the ``src`` as written as its ``excerpt``: missing or empty ``alt``, an image from another website,
    a missing file, a file outside ``images_dir``, a format other than JPEG or PNG."""
    problems: list[Problem] = []

    def replace(match: re.Match) -> str:
        tag = match.group(0)
        attrs = dict((k.lower(), v) for k, v in ATTR.findall(tag))
        src = attrs.get("src", "")
        if not attrs.get("alt", "").strip():
            problems.append(_problem(src, f"image '{src}' has no alt text",
                                         "describe the picture in words: ![what it shows](…)"))
        relative = image_source(src, page_dir)
        if relative is None:
            if re.match(r"^(?:https?:)?//", src, re.I):
                problems.append(_problem(src, f"image '{src}' loads from another website",
                                             "download it into content/images/ and write "
                                             f"![text]({{static}}/{images_dir}/<file>)"))
            return tag
        if PurePosixPath(relative).suffix.lower() not in RASTER:
            problems.append(_problem(src, f"image '{src}' is not a JPEG or PNG file",
                                         "save photos as .jpg and drawings as .png; pictograms "
                                         "are inserted as inline SVG, not as images"))
            return tag
        if not relative.startswith(images_dir.rstrip("/") + "/"):
            problems.append(_problem(src, f"image '{src}' is not in content/{images_dir}/",
                                         f"put the file in content/{images_dir}/ and write "
                                         f"![text]({{static}}/{images_dir}/<file>)"))
            return tag
        image = lookup(relative)
        if image is None:
            problems.append(_problem(src, f"image '{src}' not found (content/{relative})",
                                         f"check the file name in content/{images_dir}/"))
            return tag
        attrs["src"] = "{static}/" + relative
        attrs.update(width=str(image.width), height=str(image.height), loading="lazy",
                     decoding="async")
        attrs.setdefault("alt", "")
        order = ["src", "alt", "width", "height", "loading", "decoding"]
        names = order + [k for k in attrs if k not in order]
        return "<img " + " ".join(f'{k}="{attrs[k]}"' for k in names) + ">"

    return IMG_TAG.sub(replace, html), problems


def _problem(src: str, message: str, hint: str) -> Problem:
    return Problem("", 1, message, hint, excerpt=src)


def line_of(text: str, needle: str) -> int:
    """1-based line of the first line of ``text`` containing ``needle`` (or its file name), else 1."""
    name = needle.rsplit("/", 1)[-1]
    for number, line in enumerate(text.splitlines(), start=1):
        if needle and needle in line:
            return number
    for number, line in enumerate(text.splitlines(), start=1):
        if name and name in line:
            return number
    return 1
