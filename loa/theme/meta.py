"""What pages say about themselves: share cards (Open Graph), review dates, source lists and
``robots.txt``. Plain functions, used as template globals by :mod:`loa.theme`.
"""
from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

_URL = re.compile(r"https?://[^\s<>\"()]+[^\s<>\"().,;:]")


def absolute_site_url(settings) -> str:
    """The site's absolute address for ``og:url``: ``SITEURL`` (production), else
    ``LOA_PREVIEW_URL`` (development, where ``SITEURL`` is empty and links are relative).
    No trailing slash."""
    return str(settings.get("SITEURL") or settings.get("LOA_PREVIEW_URL") or "").rstrip("/")


def og_locale(language) -> str | None:
    """The Open Graph locale (``language_TERRITORY``, e.g. ``vi_VN``, ``en_US``) for a language,
    from its ``babel_locale`` in languages.yaml; ``None`` when it has none (Hmong, Tai Dam, Iu
    Mien, Hani: no CLDR locale), so the tag is left out rather than claim another language.
    A locale without a territory gets CLDR's likely territory (``vi`` → ``vi_VN``)."""
    name = getattr(language, "babel_locale", None)
    if not name:
        return None
    from babel import Locale
    from babel.core import UnknownLocaleError

    try:
        locale = Locale.parse(name)
    except (ValueError, UnknownLocaleError):
        return None
    territory = locale.territory
    if not territory:
        from babel.core import get_global

        subtags = get_global("likely_subtags").get(locale.language, "")
        territory = next((part for part in subtags.split("_")[1:] if part.isupper() and len(part) == 2), None)
    return f"{locale.language}_{territory}" if territory else None


def format_review_date(value, language) -> str:
    """``reviewed_on`` (a date or ``YYYY-MM-DD`` text) for readers of ``language``: Babel's
    long format in its ``babel_locale`` (CLDR; ``1 tháng 12, 2026``-style for vi), ISO 8601
    (``2026-12-01``) for a language without one, or the text as written when it is not a date."""
    text = str(value or "").strip()[:10]
    try:
        day = value if isinstance(value, datetime.date) else datetime.date.fromisoformat(text)
    except ValueError:
        return str(value or "")
    name = getattr(language, "babel_locale", None)
    if not name:
        return day.isoformat()
    from babel.dates import format_date

    try:
        return format_date(day, format="long", locale=name)
    except Exception:  # an unknown locale name: languages.yaml is checked elsewhere
        return day.isoformat()


@dataclass(frozen=True)
class SourceItem:
    """One line of a page's ``sources``: ``url`` (the first web address in it, or ``None``),
    ``text`` (the rest of the line, brackets removed; may be empty) and ``host``."""

    url: str | None
    text: str

    @property
    def host(self) -> str:
        return (urlsplit(self.url).hostname or "") if self.url else ""


def source_items(sources) -> list[SourceItem]:
    """Split a page's ``sources`` metadata (one source a line, or a list of lines) into
    :class:`SourceItem`. A line with a web address becomes a link: its description (the
    text in brackets after the address) is the link's words."""
    lines = sources if isinstance(sources, (list, tuple)) else str(sources or "").splitlines()
    items = []
    for line in (str(x).strip() for x in lines):
        if not line:
            continue
        match = _URL.search(line)
        if not match:
            items.append(SourceItem(None, line))
            continue
        rest = (line[:match.start()] + line[match.end():]).strip()
        rest = re.sub(r"^\((.*)\)$", r"\1", rest).strip(" :-–")
        items.append(SourceItem(match.group(0), rest))
    return items


def robots_txt(site_url: str) -> str:
    """``robots.txt`` for the published site: every page may be crawled (the coordinators'
    status page says ``noindex`` itself), and the sitemap is named by its absolute address
    (sitemaps.org protocol; RFC 9309 allows the ``Sitemap`` line)."""
    return f"User-agent: *\nAllow: /\n\nSitemap: {site_url.rstrip('/')}/sitemap.xml\n"
