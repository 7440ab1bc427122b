"""How another plugin adds to the pages the ``loa.languages`` channel writes: a content filter
(run on each page's HTML, in the reader's language) and a CSS file (inlined into every page).
Both are settings the pages channel reads; this is the one place that appends to them."""
from __future__ import annotations


def add_to_pages(settings: dict, content_filter, css_file: str) -> None:
    """Append ``content_filter`` (a callable, see ``LOA_CONTENT_FILTERS``) to the page filters,
    replacing one of the same qualified name left by an earlier build in the same process
    (``invoke serve``), and put ``css_file`` (a name under ``theme/static/css``) into
    ``LOA_CSS_FILES`` once, before ``print.css`` so that print rules still come last."""
    name = getattr(content_filter, "__qualname__", "")
    filters = [f for f in settings.get("LOA_CONTENT_FILTERS", []) if getattr(f, "__qualname__", "") != name]
    settings["LOA_CONTENT_FILTERS"] = filters + [content_filter]
    css = list(settings.get("LOA_CSS_FILES") or [])
    if css_file not in css:
        css.insert(css.index("print.css") if "print.css" in css else len(css), css_file)
        settings["LOA_CSS_FILES"] = css
