"""One self-contained HTML file per language, made from the pages the build has written.

Why from the written pages: whatever the other plugins put in a page (hotlines, pictograms,
notices about drafts and fallbacks) is already there, rendered with the same status rules as
the site, so the offline copy cannot disagree with it. Each page's ``<main>`` becomes one
``<section id="<page name>">``; the home page comes first, then the pages in the order the home
lists them. Links and images are made to work inside the file (:mod:`loa.offline.html`).

Why one file: Android opens files from chat apps and file managers through ``content://``
URIs, which break every relative link of a multi-file copy (research/low-bandwidth.md §4.1).
Service workers do not work from ``file://`` at all.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from loa.incremental import Memo, file_key
from loa.offline import html as pages_html
from loa.offline.images import ImageTooLargeError, data_uri, shrink
from loa.offline.settings import IMAGE_MAX_BYTES, MAX_BYTES, OfflineSettings  # noqa: F401

#: Ids the offline template uses itself; a page with one of these names gets ``p-`` in front.
RESERVED_IDS = {"quick-exit", "main", "loa-top", "loa-neutral", "loa-contents"}


@dataclass
class Section:
    """One page inside the offline file: its ``id``, page ``name``, ``title``,
    translation ``status`` and the rewritten ``html`` of its ``<main>``."""

    id: str
    name: str
    title: str
    status: str
    html: str


@dataclass
class Assembled:
    """What :func:`assemble` made of one language: the sections in reading order, the site's
    inline CSS, and what went wrong with images (``[(page name, message)]``)."""

    sections: list[Section]
    css: str
    image_problems: list[tuple[str, str]] = field(default_factory=list)


def section_id(name: str) -> str:
    """The id of a page's section: its name, or ``p-<name>`` when the name is one of
    :data:`RESERVED_IDS` or does not start with a letter."""
    if name in RESERVED_IDS or not re.match(r"[A-Za-z]", name):
        return f"p-{name}"
    return name


_PARSED = Memo()  # written pages reused unchanged are not parsed again while `invoke serve` runs


def read_language(output: Path, tag: str, skip=()) -> list[pages_html.WrittenPage]:
    """The pages written under ``output/<tag>/``, home (``index.html``) first, then in the
    order the home links to them, then any others by name, without the pages named in
    ``skip``. Empty when the folder is missing."""
    folder = output / tag
    if not folder.is_dir():
        return []
    pages = {p.stem: _PARSED.get((str(p), file_key(p)),
                                 lambda p=p: pages_html.parse_page(p.stem, p.read_text(encoding="utf-8")))
             for p in sorted(folder.glob("*.html")) if p.stem not in skip}
    ordered = []
    if "index" in pages:
        home = pages["index"]
        ordered.append(home)
        for href in home.links:
            name = href.split("#")[0].rsplit("/", 1)[-1]
            name = name[:-5] if name.endswith(".html") else ""
            if name in pages and pages[name] not in ordered:
                ordered.append(pages[name])
    ordered += [p for name, p in sorted(pages.items()) if p not in ordered]
    return ordered


def assemble(output: Path, tag: str, *, site_url: str, home_name: str,
             settings: OfflineSettings = OfflineSettings(), skip_pages=()) -> Assembled:
    """Read one language's written pages from ``output`` and turn each into a :class:`Section`
    whose links point inside the file and whose images are small ``data:`` URIs.

    ``site_url`` is the ``SITEURL`` the pages were built with ("" for relative links);
    ``home_name`` the home page's name (``LOA_HOME_PAGE``), used as the id of the home section.
    ``skip_pages``: names of pages left out (the meeting guides, printed for the person running
    a meeting; the copy is for villagers).
    """
    written = read_language(output, tag, skip_pages)
    ids = {}
    for page in written:
        name = home_name if page.name == "index" else page.name
        ids[f"{tag}/{page.name}.html"] = section_id(name)
    image_problems: list[tuple[str, str]] = []
    sections = []
    for page in written:
        name = home_name if page.name == "index" else page.name
        own_id = ids[f"{tag}/{page.name}.html"]
        base = pages_html.page_url(site_url, tag, f"{page.name}.html")

        def to_data_uri(path_or_url: str, _name=name) -> str | None:
            if "://" in path_or_url:
                image_problems.append((_name, f"image on another site left out: {path_or_url}"))
                return None
            file = inside(output, path_or_url.split("?")[0].split("#")[0])
            if file is None:
                image_problems.append((_name, f"image outside the built site left out: {path_or_url}"))
                return None
            try:
                return data_uri(*shrink(file, max_width=settings.image_max_width,
                                        max_bytes=settings.image_max_bytes))
            except ImageTooLargeError as exc:
                image_problems.append((_name, f"image left out of the offline copy: {exc}"))
            except OSError:
                image_problems.append((_name, f"image not found or not readable: {path_or_url}"))
            return None

        body = pages_html.prefix_ids(page.main, own_id)
        body = pages_html.rewrite_links(body, base_url=base, site_url=site_url, sections=ids)
        body = pages_html.replace_images(body, base_url=base, site_url=site_url, to_data_uri=to_data_uri)
        sections.append(Section(own_id, name, page.title, page.status, body))
    css = written[0].css if written else ""
    return Assembled(sections, css, image_problems)


def inside(output: Path, relative: str) -> Path | None:
    """``output/relative`` with symbolic links and ``..`` resolved, or ``None`` when that is not
    a file inside ``output`` (security review M4: an offline copy embeds only files of the built
    site)."""
    if not relative or relative.startswith("/") or "\0" in relative:
        return None
    root = Path(output).resolve()
    try:
        path = (root / relative).resolve()
    except (OSError, RuntimeError):
        return None
    return path if path.is_relative_to(root) and path.is_file() else None


def largest_sections(sections: list[Section], count: int = 3) -> str:
    """``"name (12,345 B), …"``: the biggest sections, to say what to shrink."""
    biggest = sorted(sections, key=lambda s: len(s.html.encode("utf-8")), reverse=True)[:count]
    return ", ".join(f"{s.name} ({len(s.html.encode('utf-8')):,} B)" for s in biggest)
