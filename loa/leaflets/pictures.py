"""Pictures of a page, made ready for a black-and-white printer.

A page's ``<img src>`` points at the built site (``../images/x.jpg``), which a leaflet cannot
use: WeasyPrint would find nothing and print the alt text instead. Each picture that is one of
the project's own images (``content/images/``) is read from the content folder, turned into
greyscale with its contrast stretched (office printers in the communes print black and white:
research/leaflets.md §3), scaled to at most :data:`MAX_WIDTH_PX` and put into the leaflet as a
``data:`` URI, so the leaflet itself loads no file. The CSS (``leaflet.css``) keeps it within
the panel. Pictograms are inline SVG and are not touched.
"""
from __future__ import annotations

import base64
import io
import re
from functools import lru_cache
from pathlib import Path
from urllib.parse import urljoin

from loa.offline import html as pages_html

#: 1000 px over a tri-fold panel's 84 mm text width is about 300 dpi, what a laser printer
#: resolves; larger pictures only make the PDF heavier.
MAX_WIDTH_PX = 1000
JPEG_QUALITY = 82

_IMG = re.compile(r"<img\b[^>]*>", re.I)
_SRC = re.compile(r"""\bsrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+))""", re.I)


def img_sources(html: str) -> list[str]:
    """The ``src`` of every ``<img>`` in ``html``, in order (``""`` for an image without one)."""
    found = []
    for tag in _IMG.findall(html):
        match = _SRC.search(tag)
        found.append(next((g for g in match.groups() if g is not None), "") if match else "")
    return found


@lru_cache(maxsize=64)
def _print_data_uri(path: str, mtime_ns: int, max_width: int) -> str:
    from PIL import Image, ImageOps

    with Image.open(path) as original:
        image = ImageOps.exif_transpose(original)
        if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
            image = image.convert("RGBA")
            white = Image.new("RGBA", image.size, (255, 255, 255, 255))
            image = Image.alpha_composite(white, image)
        image = ImageOps.autocontrast(image.convert("L"), cutoff=1)
    if image.width > max_width:
        image = image.resize((max_width, max(1, round(image.height * max_width / image.width))), Image.LANCZOS)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=JPEG_QUALITY, optimize=True)
    return "data:image/jpeg;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def print_data_uri(path: Path, max_width: int = MAX_WIDTH_PX) -> str:
    """The picture at ``path`` as a greyscale JPEG ``data:`` URI at most ``max_width`` pixels
    wide (transparent parts become white). Raises ``OSError`` when the file is missing or is
    not an image Pillow can read."""
    path = Path(path)
    return _print_data_uri(str(path.resolve()), path.stat().st_mtime_ns, max_width)


def printable_pictures(html: str, *, page_url: str, site_url: str, content_root: Path,
                       images_dir: str = "images") -> str:
    """``html`` with every ``<img src>`` that names one of the project's images replaced by
    :func:`print_data_uri`. ``page_url`` is the page's address (``vi/x.html``) on the site
    ``site_url`` (``""`` when built with relative URLs). An image that is not one of
    ``content_root/images_dir``'s files, or cannot be read, is left as it is: the leaflet
    reports it (:func:`unprintable`)."""
    folder = (Path(content_root) / images_dir).resolve()
    base = f"{(site_url or pages_html.LOCAL_ORIGIN).rstrip('/')}/{page_url.lstrip('/')}"

    def replace(match: re.Match) -> str:
        tag = match.group(0)
        src_match = _SRC.search(tag)
        if src_match is None:
            return tag
        src = next(g for g in src_match.groups() if g is not None)
        if src.startswith("data:"):
            return tag
        relative = pages_html.site_path(urljoin(base, src), site_url)
        if relative is None:
            return tag
        path = (Path(content_root) / relative.split("?")[0].split("#")[0]).resolve()
        if not path.is_relative_to(folder) or not path.is_file():
            return tag
        try:
            uri = print_data_uri(path)
        except OSError:
            return tag
        return tag[:src_match.start()] + f'src="{uri}"' + tag[src_match.end():]

    return _IMG.sub(replace, html)


def unprintable(html: str) -> list[str]:
    """The ``src`` of each picture in ``html`` that is not (yet) a ``data:`` URI: one the
    leaflet cannot print."""
    return [src for src in img_sources(html) if not src.startswith("data:")]
