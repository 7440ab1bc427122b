"""Page-weight budgets over the built site, as pure functions that return findings.

The figures are PRODUCT.md's budgets table (evidence: research/low-bandwidth.md §1.1 and §7):

* HTML with its inline CSS ≤ 14,000 B gzipped (TCP's first round trip of 10 segments,
  RFC 6928), aim ≤ 12,000 B (headers and TLS eat into the window);
* zero references to other hosts: nothing the browser would fetch from elsewhere (``src``,
  ``srcset``, ``<link href>``, CSS ``url()`` and ``@import``, ``<object data>``, ``poster``);
  plain ``<a href>`` navigation (the quick exit is one) is not a request and is allowed;
* JavaScript ≤ 2,048 B per page, inline and external together;
* web fonts only on pages of a language that needs one, one file ≤ 15,000 B;
* images ≤ 30,000 B each.

Nothing here imports Pelican. Every finding is a :class:`loa.problems.Problem` naming the output
file (relative to the output root) and the 1-based line of the HTML where the problem is, with
the offending text as its ``excerpt`` where there is one.
"""
from __future__ import annotations

import gzip
import re
from pathlib import Path
from urllib.parse import urlsplit

from loa.incremental import Memo, file_key
from loa.problems import WARNING, Problem

PAGE_GZIP_LIMIT = 14_000
PAGE_GZIP_AIM = 12_000
SCRIPT_LIMIT = 2_048
FONT_LIMIT = 15_000
IMAGE_LIMIT = 30_000

# Attributes that make the browser fetch something, and the tags where href does too.
FETCH_ATTR = re.compile(r'\s(src|srcset|poster|data|background|action|formaction)\s*=\s*["\']([^"\']*)["\']', re.I)
TAG = re.compile(r"<([a-zA-Z][a-zA-Z0-9-]*)\b[^>]*>", re.S)
HREF = re.compile(r'\shref\s*=\s*["\']([^"\']*)["\']', re.I)
REL = re.compile(r'\srel\s*=\s*["\']([^"\']*)["\']', re.I)
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+)['"]?\s*\)|@import\s+['"]([^'"]+)['"]""", re.I)
STYLE_BLOCK = re.compile(r"<style\b[^>]*>(.*?)</style>", re.S | re.I)
STYLE_ATTR = re.compile(r'\sstyle\s*=\s*"([^"]*)"', re.I)
SCRIPT_BLOCK = re.compile(r"<script\b([^>]*)>(.*?)</script>", re.S | re.I)
FONT_FILE = re.compile(r"\.(?:woff2?|ttf|otf|eot)(?:[?#][^'\")\s]*)?$", re.I)
# <link rel> values that are links, not fetches (the browser does not download them).
NAVIGATION_RELS = {"alternate", "canonical", "author", "help", "license", "next", "prev",
                   "search", "bookmark", "external", "nofollow", "noopener", "noreferrer", "me"}


def line_at(text: str, offset: int) -> int:
    """1-based line number of character ``offset`` in ``text``."""
    return text.count("\n", 0, offset) + 1


def gzip_size(data: bytes | str) -> int:
    """Bytes of ``data`` gzipped at level 9 (what a server sends with gzip on), UTF-8 for str."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    return len(gzip.compress(data, compresslevel=9, mtime=0))


def check_page_weight(path: str, html: str, limit: int = PAGE_GZIP_LIMIT,
                      aim: int = PAGE_GZIP_AIM) -> list[Problem]:
    """An error when the page (HTML with inline CSS/SVG) is over ``limit`` bytes gzipped, a
    warning when over ``aim``."""
    size = gzip_size(html)
    hint = ("shorten the page or split it in two; large inline pictograms and long tables "
            "weigh most")
    if size > limit:
        return [Problem(path, 1, f"page is {size:,} bytes gzipped; the budget is {limit:,} "
                                 "(one round trip on a slow phone network)", hint)]
    if size > aim:
        return [Problem(path, 1, f"page is {size:,} bytes gzipped; aim for at most {aim:,}",
                        hint, WARNING)]
    return []


def is_other_host(url: str, own_hosts=()) -> bool:
    """Whether fetching ``url`` would contact a host other than the site: absolute or
    protocol-relative URLs whose host is not in ``own_hosts``. Relative paths, fragments and
    ``data:`` URIs are the site's own; ``about:``/``javascript:`` and the like fetch nothing."""
    url = url.strip()
    if not url or url.startswith(("#", "data:", "about:", "javascript:", "blob:")):
        return False
    if url.startswith("//") or re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*://", url):
        host = (urlsplit(url if not url.startswith("//") else "http:" + url).hostname or "").lower()
        return host not in {h.lower() for h in own_hosts}
    return False


def find_external_references(path: str, html: str, own_hosts=()) -> list[Problem]:
    """Every place ``html`` makes the browser fetch from another host: fetching attributes on
    any tag (``src``, ``srcset`` candidates, ``poster``, ``data``, ``action``), ``<link href>``
    unless its ``rel`` is only navigational (alternate, canonical…), CSS ``url()`` and
    ``@import`` in ``<style>`` blocks and ``style`` attributes. ``<a href>`` is navigation, not
    a request, and is never reported."""
    found: list[Problem] = []
    hint = "copy the file into content/images/ (or the theme) so it is served by the site itself"

    def report(offset: int, url: str, what: str) -> None:
        found.append(Problem(path, line_at(html, offset),
                             f"{what} loads '{url}' from another host", hint, excerpt=url))

    for tag in TAG.finditer(html):
        name, text = tag.group(1).lower(), tag.group(0)
        for attr in FETCH_ATTR.finditer(text):
            key, value = attr.group(1).lower(), attr.group(2)
            urls = [c.strip().split(" ")[0] for c in value.split(",")] if key == "srcset" else [value]
            for url in urls:
                if is_other_host(url, own_hosts):
                    report(tag.start(), url, f"<{name} {key}>")
        if name == "link":
            href = HREF.search(text)
            rels = set((REL.search(text).group(1) if REL.search(text) else "").lower().split())
            if href and not (rels and rels <= NAVIGATION_RELS) and is_other_host(href.group(1), own_hosts):
                report(tag.start(), href.group(1), f"<link rel=\"{' '.join(sorted(rels))}\">")
        for style in STYLE_ATTR.finditer(text):
            for url in _css_urls(style.group(1)):
                if is_other_host(url, own_hosts):
                    report(tag.start(), url, "a style attribute")
    for block in STYLE_BLOCK.finditer(html):
        for match in CSS_URL.finditer(block.group(1)):
            url = match.group(1) or match.group(2)
            if is_other_host(url, own_hosts):
                report(block.start(1) + match.start(), url, "CSS")
    return found


def _css_urls(css: str) -> list[str]:
    return [m.group(1) or m.group(2) for m in CSS_URL.finditer(css)]


def script_bytes(html: str, external_size=lambda src: 0) -> tuple[int, int]:
    """``(bytes, line)`` of JavaScript a page runs: inline ``<script>`` bodies (UTF-8) plus the
    size of each external ``src`` as given by ``external_size(src)``; JSON data blocks do not
    count. ``line`` is that of the first script (1 when none)."""
    total, first = 0, 0
    for match in SCRIPT_BLOCK.finditer(html):
        attrs = match.group(1)
        kind = re.search(r'type\s*=\s*["\']([^"\']+)', attrs, re.I)
        if kind and "json" in kind.group(1).lower():
            continue
        first = first or match.start()
        src = re.search(r'src\s*=\s*["\']([^"\']+)', attrs, re.I)
        total += external_size(src.group(1)) if src else len(match.group(2).encode("utf-8"))
    return total, line_at(html, first) if first else 1


def check_scripts(path: str, html: str, external_size=lambda src: 0,
                  limit: int = SCRIPT_LIMIT) -> list[Problem]:
    """An error when the page runs more than ``limit`` bytes of JavaScript."""
    size, line = script_bytes(html, external_size)
    if size > limit:
        return [Problem(path, line, f"page runs {size:,} bytes of JavaScript; the budget is "
                                    f"{limit:,}", "nothing may need JavaScript: remove the script")]
    return []


def font_references(html: str) -> list[tuple[int, str]]:
    """``(line, what)`` of every web font a page uses: ``@font-face`` rules, CSS ``url()`` or
    ``<link href>`` to a font file."""
    found = []
    for match in re.finditer(r"@font-face", html, re.I):
        found.append((line_at(html, match.start()), "@font-face"))
    for match in re.finditer(r"""(?:url\(\s*['"]?|<link\b[^>]*\bhref\s*=\s*['"])([^'")\s>]+)""", html, re.I):
        if FONT_FILE.search(match.group(1)):
            found.append((line_at(html, match.start()), match.group(1)))
    return found


def layout_language(path: str) -> str:
    """The language of output file ``path`` by Loa's layout: every page of a language is under
    ``<tag>/`` (:func:`loa.site.plan.page_path`, and the leaflet and script pages below it);
    the first folder."""
    return path.split("/", 1)[0] if "/" in path else ""


def check_fonts(path: str, html: str, font_languages=(), language: str | None = None) -> list[Problem]:
    """An error for each web font on a page whose language (``language``, known from the site's
    plan; by default :func:`layout_language`) is not one of ``font_languages`` (the tags whose
    script needs a font)."""
    if (layout_language(path) if language is None else language) in set(font_languages):
        return []
    return [Problem(path, line, f"web font on a page in a language that does not need one ({what})",
                    "only pages of a language with 'font:' in languages.yaml may load a font", excerpt=what)
            for line, what in font_references(html)]


def check_page(path: str, html: str, *, own_hosts=(), font_languages=(),
               external_size=lambda src: 0, language: str | None = None, weigh: bool = True) -> list[Problem]:
    """Every budget for one page: weight (unless ``weigh`` is false), other hosts, JavaScript,
    fonts (``language``: the page's, see :func:`check_fonts`)."""
    weight = check_page_weight(path, html) if weigh else []
    return (weight + find_external_references(path, html, own_hosts)
            + check_scripts(path, html, external_size) + check_fonts(path, html, font_languages, language))


def check_files(output: Path, pattern: str, limit: int, what: str, hint: str) -> list[Problem]:
    """An error for each file under ``output`` matching ``pattern`` larger than ``limit`` bytes."""
    found = []
    for file in sorted(Path(output).glob(pattern)):
        size = file.stat().st_size
        if file.is_file() and size > limit:
            found.append(Problem(file.relative_to(output).as_posix(), 1,
                                 f"{what} is {size:,} bytes; the budget is {limit:,}", hint))
    return found


def _check_file(page: str, relative: str, own_hosts: tuple, font_languages: tuple, weigh: bool,
                language: str | None = None) -> list[Problem]:
    """:func:`check_page` of the written page ``page`` (``relative`` to the output root)."""
    page = Path(page)
    html = page.read_text(encoding="utf-8", errors="replace")

    def external_size(src: str) -> int:
        if is_other_host(src, own_hosts) or src.startswith(("http:", "https:", "//")):
            return 0  # reported as another host; its size is unknown
        target = (page.parent / src.split("?")[0]).resolve()
        return target.stat().st_size if target.is_file() else 0

    return check_page(relative, html, own_hosts=own_hosts, font_languages=font_languages,
                      external_size=external_size, language=language, weigh=weigh)


_PAGES = Memo(name="page-budgets")  # unchanged pages are not checked again, in this process or the next


def check_site(output, *, own_hosts=(), font_languages=(), image_limit: int = IMAGE_LIMIT,
               font_limit: int = FONT_LIMIT, languages=None, reports=(), jobs: int = 1) -> list[Problem]:
    """Every budget over a built site in folder ``output``: each ``*.html`` page (see
    :func:`check_page`; external scripts measured on disk), each image and each font file, and
    at most one font file in all. ``languages(path)`` gives a page's language (from the plan);
    by default :func:`layout_language`.

    ``reports``: output paths (relative, ``/`` separators) of pages written for coordinators,
    not readers (the translation status page). They list every page of the site, so they grow
    with it (16.6 KB gzipped at 1,200 pages); the weight budget, which is about a villager's
    phone (PRODUCT.md), does not apply to them. Every other budget does.

    A page checked before (same file, same settings) is not checked again (``_PAGES``, kept
    between builds); ``jobs`` > 1 checks the others on that many processes."""
    language_of = languages or layout_language
    reports = frozenset(reports)
    output = Path(output)
    findings: list[Problem] = []
    pages = []
    for page in sorted(output.rglob("*.html")):
        relative = page.relative_to(output).as_posix()
        if relative.startswith("offline/"):
            continue  # offline copies are whole sites in a file: loa.offline checks their budget
        language = language_of(relative)
        key = (relative, file_key(page), tuple(own_hosts), tuple(font_languages), relative in reports, language)
        pages.append((page, relative, key, language))
    todo = [(str(page), relative, tuple(own_hosts), tuple(font_languages), relative not in reports, language)
            for page, relative, key, language in pages if key not in _PAGES.values]
    if jobs > 1 and todo:
        from loa.parallel import map_pure

        checked = dict(zip((item[1] for item in todo), map_pure(_check_file, todo, jobs)))
    else:
        checked = {}
    for page, relative, key, language in pages:
        def check(page=page, relative=relative, language=language) -> list[Problem]:
            if relative in checked:
                return checked[relative]
            return _check_file(str(page), relative, tuple(own_hosts), tuple(font_languages),
                               relative not in reports, language)

        findings += _PAGES.get(key, check)
    for ext in ("jpg", "jpeg", "png", "gif", "webp"):
        findings += check_files(output, f"**/*.{ext}", image_limit, "image",
                                "use a smaller picture (THEME_IMAGE_MAX_WIDTH) or crop it")
    fonts = [f for ext in ("woff2", "woff", "ttf", "otf") for f in output.glob(f"**/*.{ext}")]
    for ext in ("woff2", "woff", "ttf", "otf"):
        findings += check_files(output, f"**/*.{ext}", font_limit, "font file",
                                "fewer distinct Tai Viet characters, or a smaller font")
    if len(fonts) > 1:
        findings.append(Problem(fonts[0].relative_to(output).as_posix(), 1,
                                f"{len(fonts)} font files; the budget is one",
                                "remove old font files from output/"))
    return sorted(findings)
