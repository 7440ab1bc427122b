"""How another plugin adds to the pages the ``loa.languages`` channel writes: a content filter
(run on each page's HTML, in the reader's language), kept in the site model, and a CSS file
(inlined into every page), a setting. This is the one place that appends to them."""
from __future__ import annotations

from loa.site.model import site_of


def add_to_pages(settings: dict, content_filter, css_file: str) -> None:
    """Append ``content_filter`` (a callable ``(html, tag=, content_lang=, settings=) -> html``)
    to the build's page filters (``site.content_filters``, :class:`loa.site.model.Site`),
    replacing one of the same qualified name, and put ``css_file`` (a name under
    ``theme/static/css``) into ``LOA_CSS_FILES`` once, before ``print.css`` so that print rules
    still come last."""
    site = site_of(settings)
    name = getattr(content_filter, "__qualname__", "")
    site.content_filters[:] = [f for f in site.content_filters if getattr(f, "__qualname__", "") != name]
    site.content_filters.append(content_filter)
    css = list(settings.get("LOA_CSS_FILES") or [])
    if css_file not in css:
        css.insert(css.index("print.css") if "print.css" in css else len(css), css_file)
        settings["LOA_CSS_FILES"] = css
