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

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from loa.incremental import Memo, digest, file_key
from loa.offline import html as pages_html
from loa.offline.images import ImageTooLargeError, data_uri, shrink

#: PRODUCT.md budget: "offline file per language ≤ 150 KB" (shared over chat apps and Bluetooth).
MAX_BYTES = 150_000
#: Each inlined image; a few photos and the pages' text must fit together in MAX_BYTES.
IMAGE_MAX_BYTES = 12_000
#: Ids the offline template uses itself; a page with one of these names gets ``p-`` in front.
RESERVED_IDS = {"quick-exit", "main", "loa-top", "loa-neutral", "loa-contents"}


@dataclass(frozen=True)
class OfflineSettings:
    """The ``LOA_OFFLINE_*`` settings, validated: ``max_bytes`` for a whole file,
    ``image_max_bytes`` for one image, ``image_max_width`` in CSS pixels."""

    max_bytes: int = MAX_BYTES
    image_max_bytes: int = IMAGE_MAX_BYTES
    image_max_width: int = 320
    #: Pages left out of the copy: those printed for the person running a meeting (the meeting
    #: guides, set by the leaflets plugin as ``LOA_OFFLINE_SKIP_PAGES``); the copy is for villagers.
    skip_pages: tuple[str, ...] = ()

    @classmethod
    def from_settings(cls, settings: dict) -> "OfflineSettings":
        """Read ``LOA_OFFLINE_MAX_BYTES``, ``LOA_OFFLINE_IMAGE_MAX_BYTES`` and
        ``LOA_OFFLINE_IMAGE_MAX_WIDTH``. Raises ``ValueError`` naming the setting when one is
        not a positive whole number."""
        values = {}
        for field_name, key in (("max_bytes", "LOA_OFFLINE_MAX_BYTES"),
                                ("image_max_bytes", "LOA_OFFLINE_IMAGE_MAX_BYTES"),
                                ("image_max_width", "LOA_OFFLINE_IMAGE_MAX_WIDTH")):
            if key in settings:
                value = settings[key]
                if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
                    raise ValueError(f"{key} must be a positive whole number, not {value!r}")
                values[field_name] = value
        values["skip_pages"] = tuple(str(name) for name in settings.get("LOA_OFFLINE_SKIP_PAGES", ()))
        return cls(**values)


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


# Written pages reused unchanged are not parsed or turned into sections again, in this process
# or the next (a reused page is a hard link: same inode, same key).
_PARSED = Memo(name="offline-pages")
_SECTIONS = Memo(name="offline-sections")


def read_language(output: Path, tag: str, skip=()) -> list[pages_html.WrittenPage]:
    """The pages written under ``output/<tag>/``, home (``index.html``) first, then in the
    order the home links to them, then any others by name, without the pages named in
    ``skip``. Empty when the folder is missing."""
    folder = output / tag
    if not folder.is_dir():
        return []
    pages = {p.stem: _PARSED.get((f"{tag}/{p.name}", file_key(p)),
                                 lambda p=p: pages_html.parse_page(p.stem, p.read_text(encoding="utf-8")))
             for p in sorted(folder.glob("*.html")) if p.stem not in skip}
    ordered, placed = [], set()   # by name: comparing the pages themselves took 0.4 s at 1,200 pages
    if "index" in pages:
        ordered.append(pages["index"])
        placed.add("index")
        for href in pages["index"].links:
            name = href.split("#")[0].rsplit("/", 1)[-1]
            name = name[:-5] if name.endswith(".html") else ""
            if name in pages and name not in placed:
                ordered.append(pages[name])
                placed.add(name)
    ordered += [p for name, p in sorted(pages.items()) if name not in placed]
    return ordered


def assemble(output: Path, tag: str, *, site_url: str, home_name: str,
             settings: OfflineSettings = OfflineSettings()) -> Assembled:
    """Read one language's written pages from ``output`` and turn each into a :class:`Section`
    whose links point inside the file and whose images are small ``data:`` URIs.

    ``site_url`` is the ``SITEURL`` the pages were built with ("" for relative links);
    ``home_name`` the home page's name (``LOA_HOME_PAGE``), used as the id of the home section.
    """
    written = read_language(output, tag, settings.skip_pages)
    ids = {}
    for page in written:
        name = home_name if page.name == "index" else page.name
        ids[f"{tag}/{page.name}.html"] = section_id(name)
    # What a section is made from besides its page: every section's id, the settings, and the
    # images it may embed (by content: they are written anew by every build).
    common = digest(sorted(ids.items()), site_url, repr(settings),
                    [(p.relative_to(output).as_posix(), hashlib.sha1(p.read_bytes()).hexdigest())
                     for p in sorted(Path(output).glob("images/**/*")) if p.is_file()])
    image_problems: list[tuple[str, str]] = []
    sections = []
    for page in written:
        relative = f"{tag}/{page.name}.html"   # not the build's temporary folder: the same in every build
        key = (relative, file_key(output / relative), common)
        made = _SECTIONS.get(key, lambda page=page: _section(output, tag, page, ids, home_name, site_url, settings))
        fields, problems = made
        sections.append(Section(*fields))
        image_problems += problems
    css = written[0].css if written else ""
    return Assembled(sections, css, image_problems)


def _section(output: Path, tag: str, page, ids: dict, home_name: str, site_url: str,
             settings: OfflineSettings) -> tuple[tuple, list[tuple[str, str]]]:
    """One written page as a section: ``((id, name, title, status, html), image problems)``."""
    image_problems: list[tuple[str, str]] = []
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
    return (own_id, name, page.title, page.status, body), image_problems


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
