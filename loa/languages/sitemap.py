"""One XML sitemap for all languages, with ``xhtml:link`` alternates.

Written here rather than with pelican-sitemap, which puts subsite pages at the main site's URL
and spells the alternate attribute ``ref=`` (research/pelican-i18n.md, bug 5). Format: the
sitemaps.org protocol 0.9 with Google's ``xhtml:link rel="alternate" hreflang`` extension; every
URL lists all its alternates, itself included, and ``x-default`` (the language chooser).
Fallback pages (the source shown in another language's site) are left out: they duplicate the
source page and say so with ``rel="canonical"``.
"""
from __future__ import annotations

from xml.sax.saxutils import quoteattr, escape

from loa.site.plan import page_path


def absolute(site_url: str, path: str) -> str:
    """Join the site URL and a root-relative path: ``absolute('https://x.vn', 'vi/a.html')``."""
    return f"{site_url.rstrip('/')}/{path.lstrip('/')}" if site_url else f"/{path.lstrip('/')}"


def sitemap_xml(plan, registry, site_url: str, home: str) -> str:
    """The sitemap of every page that shows its own text, with its alternates. ``plan`` is
    ``{tag: [PlannedPage]}``."""
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
             'xmlns:xhtml="http://www.w3.org/1999/xhtml">']
    for language in registry:
        for page in plan[language.tag]:
            if page.is_fallback:
                continue
            lines.append(f"<url><loc>{escape(absolute(site_url, page_path(page.tag, page.name, home)))}</loc>")
            lastmod = page.shown.meta.get("reviewed_on")
            if lastmod:
                lines.append(f"<lastmod>{escape(str(lastmod)[:10])}</lastmod>")
            for tag in page.available:
                href = absolute(site_url, page_path(tag, page.name, home))
                lines.append(f'<xhtml:link rel="alternate" hreflang={quoteattr(tag)} href={quoteattr(href)}/>')
            lines.append(f'<xhtml:link rel="alternate" hreflang="x-default" href={quoteattr(absolute(site_url, ""))}/>')
            lines.append("</url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"

