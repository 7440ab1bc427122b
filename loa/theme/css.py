"""The theme's stylesheets, as one block of CSS inlined into every page and every other HTML
output (the status page, leaflet indexes, scripts)."""
from __future__ import annotations

import re
from pathlib import Path

from markupsafe import Markup


def read_css(folder: Path, names) -> Markup:
    """Concatenate the theme's CSS files in the given order, comments and indentation removed
    (the CSS is inlined into every page, so every byte counts against the 14 KB budget)."""
    parts = []
    files = [folder / n for n in names] if names else sorted(folder.glob("*.css"))
    for path in files:
        if path.exists():
            text = re.sub(r"/\*.*?\*/", "", path.read_text(encoding="utf-8"), flags=re.S)
            text = re.sub(r"\s*\n\s*", "", text)
            text = re.sub(r"\s*([{};:,>])\s*", r"\1", text)
            parts.append(text.replace(";}", "}"))
    return Markup("".join(parts))
