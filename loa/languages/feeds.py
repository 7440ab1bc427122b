"""One Atom feed per language (RFC 4287), listing the pages that language really has.

Written here because Pelican's feeds are for articles and, under i18n subsites, carry the wrong
``rel="self"`` and mix languages (research/pelican-i18n.md, bug 8). Fallback pages are left out:
a reader subscribed in Hmong should not get Vietnamese entries as if they were Hmong.
Entry dates are the page's ``reviewed_on``; the feed's ``updated`` is the newest of them.
"""
from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

from loa.site.plan import page_path
from loa.languages.sitemap import absolute


def _stamp(day: str) -> str:
    return f"{day[:10]}T00:00:00Z" if day else "2025-07-01T00:00:00Z"


def feed_xml(planned, language, site_url: str, home: str, site_name: str) -> str:
    """The Atom feed of one language: its pages that show their own text (no fallbacks)."""
    entries = [p for p in planned if not p.is_fallback]
    days = sorted(str(p.shown.meta.get("reviewed_on") or p.source.meta.get("reviewed_on") or "") for p in entries)
    self_url = absolute(site_url, f"{language.tag}/feed.atom")
    lines = ['<?xml version="1.0" encoding="utf-8"?>',
             f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang={quoteattr(language.tag)}>',
             f"<title>{escape(site_name)} · {escape(language.native_name)}</title>",
             f"<id>{escape(self_url)}</id>",
             f'<link rel="self" href={quoteattr(self_url)}/>',
             f'<link rel="alternate" href={quoteattr(absolute(site_url, language.tag + "/"))}/>',
             f"<updated>{_stamp(days[-1] if days else '')}</updated>",
             f"<author><name>{escape(site_name)}</name></author>"]
    for page in entries:
        url = absolute(site_url, page_path(page.tag, page.name, home))
        day = str(page.shown.meta.get("reviewed_on") or page.source.meta.get("reviewed_on") or "")
        summary = str(page.shown.meta.get("summary") or "")
        lines += ["<entry>", f"<title>{escape(page.shown.title)}</title>", f"<id>{escape(url)}</id>",
                  f'<link href={quoteattr(url)}/>', f"<updated>{_stamp(day)}</updated>",
                  f"<summary>{escape(summary)}</summary>", "</entry>"]
    lines.append("</feed>")
    return "\n".join(lines) + "\n"

