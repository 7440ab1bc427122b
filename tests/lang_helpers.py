"""Finding interface strings shown in Vietnamese without ``lang="vi"`` in a built page (issue 15,
item 8: text in another language than the page's carries its own ``lang``)."""
from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
_PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]")


def _patterns() -> list[re.Pattern]:
    """Every msgid of the interface catalog as a pattern, placeholders matching any words."""
    found = []
    for entry in polib.pofile(str(ROOT / "translations" / "messages.pot")):
        pieces = _PLACEHOLDER.split(entry.msgid)
        body = ".+?".join(re.escape(piece) for piece in pieces)
        found.append(re.compile(rf"(?<!\w){body}(?!\w)"))
    return found


class _Texts(HTMLParser):
    """Text nodes of ``<body>`` with the ``lang`` that applies to each (the nearest one)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, str | None]] = []
        self.texts: list[tuple[str, str]] = []

    def lang(self) -> str:
        return next((lang for _, lang in reversed(self.stack) if lang is not None), "")

    def handle_starttag(self, tag, attrs):
        if tag not in _VOID:
            self.stack.append((tag, dict(attrs).get("lang")))

    def handle_endtag(self, tag):
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data):
        inside = [tag for tag, _ in self.stack]
        if data.strip() and "body" in inside and not {"script", "style"} & set(inside):
            self.texts.append((data.strip(), self.lang()))


def unmarked_vietnamese(html: str, source_tag: str = "vi") -> list[str]:
    """Text nodes of ``html``'s body holding an interface msgid (Vietnamese) whose nearest
    ``lang`` is not ``source_tag``: ``["(miễn phí)", …]``. Empty for a page that marks them all."""
    parser = _Texts()
    parser.feed(html)
    patterns = _patterns()
    return [text for text, lang in parser.texts
            if lang != source_tag and any(p.search(text) for p in patterns)]
