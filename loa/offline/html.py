"""Take pages Loa has written apart and put their main text into one file: plain functions on
strings, no Pelican.

The pages come from Loa's own templates, so their shape is known: one ``<main>`` per page,
attribute values in double quotes, anchors never nested. A link between two pages of the same
language becomes an ``#anchor``; any other link to the site, or to another host, cannot work in
a file passed from phone to phone, so it is unwrapped (its text stays); a link that only offers
the page in another language (it carries ``hreflang``) is dropped with its text. ``tel:`` and
``mailto:`` links stay: they open the dialler, not the network.
"""
from __future__ import annotations

import html as html_lib
import re
from dataclasses import dataclass, field
from urllib.parse import unquote, urljoin, urlsplit

#: The made-up origin pages are resolved against when the site is built with relative URLs.
LOCAL_ORIGIN = "http://loa.invalid"

_MAIN = re.compile(r"<main\b[^>]*>(?P<body>.*)</main>", re.S | re.I)
_STYLE = re.compile(r"<style\b[^>]*>(?P<css>.*?)</style>", re.S | re.I)
_TITLE_H1 = re.compile(r"<h1\b[^>]*>(?P<text>.*?)</h1>", re.S | re.I)
_STATUS = re.compile(r'<html\b[^>]*\bdata-translation-status="(?P<status>[^"]*)"', re.I)
_ANCHOR = re.compile(r"<a\b(?P<attrs>[^>]*)>(?P<text>.*?)</a\s*>", re.S | re.I)
_IMG = re.compile(r"<img\b(?P<attrs>[^>]*?)\s*/?>", re.I)
_ATTR = re.compile(r'(?P<name>[^\s=/>"\']+)(?:\s*=\s*(?:"(?P<dq>[^"]*)"|\'(?P<sq>[^\']*)\'|(?P<bare>[^\s>"\']+)))?')
_ID = re.compile(r'\bid="(?P<id>[^"]+)"')
_TAGS = re.compile(r"<[^>]+>")
_SOURCE = re.compile(r"<source\b[^>]*>", re.I)


@dataclass
class WrittenPage:
    """The parts of one written page the offline copy needs.

    ``name`` is the page's file name without ``.html`` (``index`` for a language's home);
    ``main`` the inner HTML of ``<main>``; ``css`` the inline style sheet; ``status`` the
    ``data-translation-status`` of ``<html>``; ``title`` the text of the first ``<h1>``.
    """

    name: str
    main: str
    css: str = ""
    status: str = ""
    title: str = ""
    links: list[str] = field(default_factory=list)


def parse_page(name: str, text: str) -> WrittenPage:
    """Split one page Loa wrote into :class:`WrittenPage`. A page without ``<main>`` gives an
    empty ``main``."""
    main = _MAIN.search(text)
    style = _STYLE.search(text)
    status = _STATUS.search(text)
    body = main.group("body") if main else ""
    h1 = _TITLE_H1.search(body)
    links = [attrs(m.group("attrs")).get("href", "") for m in _ANCHOR.finditer(body)]
    return WrittenPage(
        name=name,
        main=body.strip(),
        css=style.group("css") if style else "",
        status=status.group("status") if status else "",
        title=html_lib.unescape(_TAGS.sub("", h1.group("text"))).strip() if h1 else "",
        links=links,
    )


def attrs(text: str) -> dict[str, str]:
    """Attributes of a start tag's inside (``' href="x" hidden'``) as ``{name: value}``, names
    lower-cased, values unescaped; an attribute without a value maps to ``""``."""
    found = {}
    for m in _ATTR.finditer(text):
        value = m.group("dq") if m.group("dq") is not None else m.group("sq") if m.group("sq") is not None else m.group("bare")
        found[m.group("name").lower()] = html_lib.unescape(value or "")
    return found


def format_attrs(values: dict[str, str]) -> str:
    """The inverse of :func:`attrs`: ``' href="x" hidden'``."""
    parts = []
    for name, value in values.items():
        parts.append(f' {name}="{html_lib.escape(value, quote=True)}"' if value != "" or name in ("alt",) else f" {name}")
    return "".join(parts)


def page_url(site_url: str, tag: str, file_name: str) -> str:
    """Absolute URL of ``<tag>/<file_name>`` on the site (``site_url`` empty: a made-up origin,
    so relative links resolve the same way)."""
    return f"{(site_url or LOCAL_ORIGIN).rstrip('/')}/{tag}/{file_name}"


def site_path(url: str, site_url: str) -> str | None:
    """The path of ``url`` inside the site (``"hmn/x.html"``), or ``None`` when ``url`` is on
    another host or another scheme, or does not name a path inside the site.

    The path is normalised (``.`` and empty segments dropped, ``%``-escapes decoded) and never
    starts with ``/`` nor climbs out with ``..``: ``/.//etc/x.jpg`` is refused, not turned
    into ``/etc/x.jpg`` (security review M4)."""
    base = urlsplit(site_url or LOCAL_ORIGIN)
    parts = urlsplit(url)
    if (parts.scheme, parts.netloc) != (base.scheme, base.netloc):
        return None
    prefix = base.path.rstrip("/") + "/"
    path = parts.path
    if not path.startswith(prefix):
        return None
    segments = []
    for segment in unquote(path[len(prefix):]).split("/"):
        if segment in ("", "."):
            if segment == "" and not segments and path[len(prefix):].startswith("/"):
                return None  # "//x": a second root, not a path inside the site
            continue
        if segment == ".." or "\\" in segment or "\0" in segment:
            return None
        segments.append(segment)
    joined = "/".join(segments)
    return joined + "/" if joined and path.endswith("/") else joined


def prefix_ids(html: str, prefix: str) -> str:
    """Make every ``id`` in a page's HTML unique in the combined file: ``id="x"`` becomes
    ``id="<prefix>--x"``, and the references to it (``href="#x"``, ``url(#x)``,
    ``aria-labelledby``/``aria-describedby``/``for``) follow."""
    ids = set(m.group("id") for m in _ID.finditer(html))
    if not ids:
        return html

    def new(old: str) -> str:
        return f"{prefix}--{old}" if old in ids else old

    html = _ID.sub(lambda m: f'id="{new(m.group("id"))}"', html)
    html = re.sub(r'((?:xlink:)?href)="#([^"]+)"', lambda m: f'{m.group(1)}="#{new(m.group(2))}"', html)
    html = re.sub(r"url\(#([^)\s]+)\)", lambda m: f"url(#{new(m.group(1))})", html)
    html = re.sub(r'\b(aria-labelledby|aria-describedby|for)="([^"]+)"',
                  lambda m: f'{m.group(1)}="{" ".join(new(i) for i in m.group(2).split())}"', html)
    return html


def rewrite_links(html: str, *, base_url: str, site_url: str, sections: dict[str, str]) -> str:
    """Point every link of one page's HTML somewhere that works inside the offline file.

    ``base_url`` is the page's own absolute URL (:func:`page_url`), ``sections`` maps site paths
    (``"hmn/x.html"``) to section ids in the file. In-file links become ``#id`` (a fragment
    ``#part`` of another page becomes ``#id--part``); links offering another language
    (``hreflang``) are dropped with their text; every other link is unwrapped (text kept), an
    external one followed by its address in brackets so the reader can still type it.
    """

    def replace(m: re.Match) -> str:
        values = attrs(m.group("attrs"))
        text = m.group("text")
        href = values.get("href", "")
        if not href or href.startswith(("#", "tel:", "mailto:", "sms:")):
            return m.group(0)
        target = urljoin(base_url, href)
        path = site_path(target, site_url)
        if path is not None:
            fragment = urlsplit(target).fragment
            page = path.split("#")[0].split("?")[0]
            if page in sections:
                anchor = sections[page] + (f"--{fragment}" if fragment else "")
                values["href"] = f"#{anchor}"
                values.pop("hreflang", None)
                values.pop("target", None)
                return f"<a{format_attrs(values)}>{text}</a>"
        if "hreflang" in values:
            return ""
        if path is None and urlsplit(target).scheme in ("http", "https"):
            shown = _TAGS.sub("", text).strip()
            address = target.split("://", 1)[1].rstrip("/")
            if address and address not in shown:
                return f"{text} ({html_lib.escape(address)})"
        return text

    return _ANCHOR.sub(replace, html)


def replace_images(html: str, *, base_url: str, site_url: str, to_data_uri) -> str:
    """Replace each ``<img src>`` by a ``data:`` URI from ``to_data_uri(site_path_or_url)``
    (which returns the URI, or ``None`` to drop the image: its ``alt`` text stays as text).
    ``srcset`` and ``<source>`` are removed: one small image is enough offline."""
    html = _SOURCE.sub("", html)

    def replace(m: re.Match) -> str:
        values = attrs(m.group("attrs"))
        values.pop("srcset", None)
        values.pop("sizes", None)
        src = values.get("src", "")
        if src.startswith("data:"):
            return f"<img{format_attrs(values)}>"
        target = urljoin(base_url, src)
        path = site_path(target, site_url)
        uri = to_data_uri(path if path is not None else target)
        if uri is None:
            alt = values.get("alt", "")
            return html_lib.escape(alt) if alt else ""
        values["src"] = uri
        return f"<img{format_attrs(values)}>"

    return _IMG.sub(replace, html)


def outside_references(html: str) -> list[str]:
    """Every ``src``/``href``/``srcset``/``action``/``data``/``poster`` value and CSS ``url()`` in
    ``html`` that would make a request or leave the file: anything but ``#…``, ``data:``,
    ``tel:``, ``mailto:`` and ``sms:``. An offline copy must have none."""
    found = []
    for m in re.finditer(r'\b(?:src|href|srcset|action|data|poster|xlink:href)\s*=\s*"([^"]*)"', html, re.I):
        found.append(m.group(1))
    for m in re.finditer(r"url\(\s*['\"]?([^)'\"]*)", html, re.I):
        found.append(m.group(1))
    for m in re.finditer(r"@import\s+['\"]([^'\"]+)", html, re.I):
        found.append(m.group(1))
    return [v for v in found if not v.strip().startswith(("#", "data:", "tel:", "mailto:", "sms:"))]
