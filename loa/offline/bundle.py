"""One self-contained HTML file per language: the site's plan says which pages, in which
order, with which status; the pages the build has written give each one's body.

Which pages, their order (the home first, then the pages in the order the home lists them),
status and title come from the plan (:class:`OfflinePage`, made by :func:`offline_pages`), not
from the written HTML. The body of each page is still its written ``<main>``: whatever the other
plugins put in a page (hotlines, pictograms, notices about drafts and fallbacks) is already
there, rendered with the same rules as the site, so the copy cannot disagree with it. Each
becomes one ``<section id="<page name>">``. Links and images are made to work inside the file
(:mod:`loa.offline.html`).

Why one file: Android opens files from chat apps and file managers through ``content://``
URIs, which break every relative link of a multi-file copy (research/low-bandwidth.md §4.1).
Service workers do not work from ``file://`` at all.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from loa.incremental import Memo, digest, file_key
from loa.offline import html as pages_html
from loa.offline.images import ImageTooLargeError, data_uri, shrink
from loa.offline.settings import OfflineSettings
from loa.problems import WARNING, Problem

#: Ids the offline template uses itself; a page with one of these names gets ``p-`` in front.
RESERVED_IDS = {"quick-exit", "main", "loa-top", "loa-neutral", "loa-contents"}


@dataclass(frozen=True)
class OfflinePage:
    """One page of a language as the plan has it: ``file`` is its name in ``<tag>/`` without
    ``.html`` (``index`` for the home), ``name`` the page's name (the home's is ``LOA_HOME_PAGE``),
    ``title``, translation ``status``, and ``source``: the Markdown file shown ("" for a home
    made without a page of its own)."""

    file: str
    name: str
    title: str
    status: str
    source: str = ""


def offline_pages(plan: dict, home_name: str, skip=()) -> dict[str, list[OfflinePage]]:
    """``{tag: [OfflinePage]}`` in reading order, from the plan (``{tag: [PlannedPage]}``): the
    home first (also when the language has no home page: its ``index.html`` is a list, status
    ``source``), then the other pages in the order of the home's list
    (:func:`loa.site.plan.sort_key`), without the pages named in ``skip``."""
    from loa.site.plan import sort_key

    found = {}
    for tag, planned in plan.items():
        home = next((p for p in planned if p.name == home_name), None)
        pages = [OfflinePage("index", home_name, home.shown.title if home else "",
                             home.status if home else "source", str(home.shown.path) if home else "")]
        pages += [OfflinePage(p.name, p.name, p.shown.title, p.status, str(p.shown.path))
                  for p in sorted((p for p in planned if p.name != home_name), key=sort_key)
                  if p.name not in skip]
        found[tag] = pages
    return found


@dataclass
class Section:
    """One page inside the offline file: its ``id``, page ``name``, ``title``,
    translation ``status``, the rewritten ``html`` of its ``<main>`` and the Markdown file
    ``source`` it shows ("" when none)."""

    id: str
    name: str
    title: str
    status: str
    html: str
    source: str = ""


@dataclass
class Assembled:
    """What :func:`assemble` made of one language: the sections in reading order, the site's
    inline CSS, and what went wrong with images (warnings in the page's Markdown file)."""

    sections: list[Section]
    css: str
    image_problems: list[Problem] = field(default_factory=list)


def section_id(name: str) -> str:
    """The id of a page's section: its name, or ``p-<name>`` when the name is one of
    :data:`RESERVED_IDS` or does not start with a letter."""
    if name in RESERVED_IDS or not re.match(r"[A-Za-z]", name):
        return f"p-{name}"
    return name


# Written pages reused unchanged are not parsed or turned into sections again, in this process
# or the next (a reused page is a hard link: same inode, same key).
_PARSED = Memo(name="offline-pages")
_SECTIONS = Memo(name="offline-sections")


def read_language(output: Path, tag: str, pages=None) -> list[tuple[OfflinePage, pages_html.WrittenPage]]:
    """The ``<main>`` and style of each page of ``pages`` (:class:`OfflinePage`, in order) as
    written under ``output/<tag>/``; a page not written is left out. ``pages=None`` (no plan: a
    test of the bundle alone) takes every written page, home first, then by name."""
    folder = output / tag
    if not folder.is_dir():
        return []
    if pages is None:
        files = sorted(p.stem for p in folder.glob("*.html"))
        pages = [OfflinePage(f, f, "", "") for f in sorted(files, key=lambda f: (f != "index", f))]
    found = []
    for page in pages:
        path = folder / f"{page.file}.html"
        if path.is_file():
            written = _PARSED.get((f"{tag}/{path.name}", file_key(path)),
                                  lambda path=path: pages_html.parse_page(path.stem, path.read_text(encoding="utf-8")))
            found.append((page, written))
    return found


def assemble(output: Path, tag: str, *, site_url: str, home_name: str,
             settings: OfflineSettings = OfflineSettings(), pages=None) -> Assembled:
    """Read the bodies of one language's ``pages`` (:class:`OfflinePage` from the plan, in
    reading order) from ``output`` and turn each into a :class:`Section` whose links point
    inside the file and whose images are small ``data:`` URIs.

    ``site_url`` is the ``SITEURL`` the pages were built with ("" for relative links);
    ``home_name`` the home page's name (``LOA_HOME_PAGE``), used as the id of the home section.
    An image that cannot be inlined is a warning in the page's Markdown file (``source``).
    """
    written = read_language(output, tag, pages)
    ids = {f"{tag}/{page.file}.html": section_id(home_name if page.file == "index" else page.name)
           for page, _ in written}
    # What a section is made from besides its page: every section's id, the settings, and the
    # images it may embed (by content: they are written anew by every build).
    common = digest(sorted(ids.items()), site_url, repr(settings),
                    [(p.relative_to(output).as_posix(), hashlib.sha1(p.read_bytes()).hexdigest())
                     for p in sorted(Path(output).glob("images/**/*")) if p.is_file()])
    image_problems: list[Problem] = []
    sections = []
    for page, body_page in written:
        relative = f"{tag}/{page.file}.html"   # not the build's temporary folder: the same in every build
        key = (relative, file_key(output / relative), common, page)
        made = _SECTIONS.get(key, lambda page=page, body_page=body_page: _section(
            output, tag, page, body_page, ids, home_name, site_url, settings))
        fields, problems = made
        sections.append(Section(*fields))
        image_problems += problems
    css = written[0][1].css if written else ""
    return Assembled(sections, css, image_problems)


def _section(output: Path, tag: str, page, body_page, ids: dict, home_name: str, site_url: str,
             settings: OfflineSettings) -> tuple[tuple, list[Problem]]:
    """One written page as a section: ``((id, name, title, status, html, source), image
    problems)``; ``page`` is the :class:`OfflinePage` from the plan, ``body_page`` the page as
    written (its ``<main>``). An image problem is a warning in the page's Markdown file."""
    image_problems: list[Problem] = []
    name = home_name if page.file == "index" else page.name
    own_id = ids[f"{tag}/{page.file}.html"]
    base = pages_html.page_url(site_url, tag, f"{page.file}.html")
    where = page.source or f"output/{tag}/{page.file}.html"   # a home without a page of its own

    def problem(message: str) -> None:
        image_problems.append(Problem(where, 1, message, "use a smaller photo, or a pictogram (SVG) instead",
                                      WARNING))

    def to_data_uri(path_or_url: str) -> str | None:
        if "://" in path_or_url:
            problem(f"image on another site left out: {path_or_url}")
            return None
        file = inside(output, path_or_url.split("?")[0].split("#")[0])
        if file is None:
            problem(f"image outside the built site left out: {path_or_url}")
            return None
        try:
            return data_uri(*shrink(file, max_width=settings.image_max_width,
                                    max_bytes=settings.image_max_bytes))
        except ImageTooLargeError as exc:
            problem(f"image left out of the offline copy: {exc}")
        except OSError:
            problem(f"image not found or not readable: {path_or_url}")
        return None

    body = pages_html.prefix_ids(body_page.main, own_id)
    body = pages_html.rewrite_links(body, base_url=base, site_url=site_url, sections=ids)
    body = pages_html.replace_images(body, base_url=base, site_url=site_url, to_data_uri=to_data_uri)
    return (own_id, name, page.title or body_page.title, page.status or body_page.status, body,
            page.source), image_problems


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


def biggest(sections: list[Section], count: int = 3) -> list[Section]:
    """The ``count`` biggest sections (UTF-8 bytes of their HTML), biggest first."""
    return sorted(sections, key=lambda s: len(s.html.encode("utf-8")), reverse=True)[:count]


def largest_sections(sections: list[Section], count: int = 3) -> str:
    """``"name (12,345 B), …"``: the biggest sections, to say what to shrink."""
    return ", ".join(f"{s.name} ({len(s.html.encode('utf-8')):,} B)" for s in biggest(sections, count))
