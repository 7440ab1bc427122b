"""Expand the ``<loa-ref>`` placeholders written by :mod:`loa.directory.markdown_ext`.

Runs at render time as a page content filter, ``site.content_filters``, once per page per language, so the
words come from the reader's catalog and the numbers from today's data, whatever Pelican cached.
Cards use the surrounding text's language (``content_lang``: a Vietnamese fallback page shows
Vietnamese cards) and the theme's ``components/hotline-card.html`` and
``components/directory.html``.
"""
from __future__ import annotations

import html
import re
from pathlib import Path

from markupsafe import Markup, escape

from loa.directory.data import HOTLINE, SERVICE, Directory

PLACEHOLDER_RE = re.compile(r"<loa-ref\b(?P<attrs>[^>]*)>\s*</loa-ref>")
ATTR_RE = re.compile(r'([\w-]+)="([^"]*)"')
CARD_TEMPLATE = "components/hotline-card.html"
LIST_TEMPLATE = "components/directory.html"


def placeholder_attributes(text: str) -> dict[str, str]:
    """``' data-kind="hotline" data-key="111"'`` → ``{"kind": "hotline", "key": "111"}``."""
    return {name.removeprefix("data-"): html.unescape(value) for name, value in ATTR_RE.findall(text)}


def inline_html(directory: Directory, kind: str, key: str, tag: str) -> str:
    """A number inside a sentence: ``<a class="loa-tel" href="tel:111">111</a>``; a service
    without a number gives its name in ``tag``. Unknown keys give ``""`` (reported by the scan)."""
    entry = directory.localised(kind, key, tag)
    if entry is None:
        return ""
    if entry.number:
        return f'<a class="loa-tel" href="{escape(entry.tel)}">{escape(entry.display)}</a>'
    lang = f' lang="{escape(entry.lang)}"' if entry.lang != tag else ""
    return f'<span class="loa-service-name"{lang}>{escape(entry.name)}</span>'


class SvgCache:
    """Pictogram files read once per build: ``name → cleaned SVG text`` (``None`` if missing)."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self._cache: dict[str, str | None] = {}

    def names(self) -> frozenset[str]:
        return frozenset(p.stem for p in self.folder.glob("*.svg")) if self.folder.is_dir() else frozenset()

    def get(self, name: str) -> str | None:
        if name not in self._cache:
            path = self.folder / f"{name}.svg"
            ok = re.fullmatch(r"[\w-]+", name) and path.is_file()
            self._cache[name] = clean_svg(path.read_text(encoding="utf-8-sig")) if ok else None
        return self._cache[name]


def clean_svg(text: str) -> str:
    """An SVG file's ``<svg>`` element alone: XML prolog, doctype and comments removed, so it
    can be inlined into HTML."""
    text = re.sub(r"<\?xml.*?\?>", "", text, flags=re.S)
    text = re.sub(r"<!DOCTYPE[^>]*>", "", text, flags=re.S | re.I)
    text = re.sub(r"<!--.*?-->", "", text, flags=re.S)
    return text.strip()


def picto_html(svg: str | None, alt: str) -> str:
    """``<svg role="img" aria-label="alt" …>``: the root element's own role/aria-label/
    aria-hidden are replaced. A missing file or alt gives ``""`` (reported by the scan)."""
    if not svg or not alt:
        return ""
    match = re.search(r"<svg\b([^>]*)>", svg)
    if not match:
        return ""
    attrs = re.sub(r'\s(?:role|aria-label|aria-hidden|class)="[^"]*"', "", match.group(1))
    opening = f'<svg role="img" aria-label="{escape(alt)}" class="loa-picto"{attrs}>'
    return svg[: match.start()] + opening + svg[match.end():]


class DirectoryRenderer:
    """Holds the build's directory, Jinja environment and pictograms; its :meth:`content_filter`
    is the page content filter (``site.content_filters``). ``directory`` and ``env`` are set by the plugin's
    generator before any page is written; until then placeholders are left as they are."""

    def __init__(self, pictograms: Path):
        self.directory: Directory | None = None
        self.env = None
        self.svgs = SvgCache(pictograms)
        self._modules: dict = {}

    def content_filter(self, html_text: str, *, tag: str, content_lang: str, settings) -> str:
        if "<loa-ref" not in html_text or self.directory is None:
            return html_text
        def replace(match):
            expanded = self.expand(placeholder_attributes(match.group("attrs")), content_lang)
            return match.group(0) if expanded is None else expanded

        return PLACEHOLDER_RE.sub(replace, html_text)

    def expand(self, attrs: dict, lang: str) -> str | None:
        """The HTML for one placeholder; ``None`` for a kind another plugin expands
        (``statistics``: :mod:`loa.statistics.render`), which is then left as it is."""
        kind, key, form = attrs.get("kind"), attrs.get("key", ""), attrs.get("form", "inline")
        if kind == "picto":
            return picto_html(self.svgs.get(key), attrs.get("alt", ""))
        if kind == "directory":
            return str(self.directory_list(lang))
        if kind in (HOTLINE, SERVICE):
            if form == "card":
                return str(self.card(kind, key, lang))
            return inline_html(self.directory, kind, key, lang)
        if kind == "statistics":
            return None
        return ""

    def _components(self, template: str, lang: str):
        """The component macros of ``template`` for a page in ``lang`` (their ``_()`` reads it),
        made once per environment, template and language."""
        key = (id(self.env), template, lang)
        if key not in self._modules:
            self._modules[key] = self.env.get_template(template).make_module({"ui_lang": lang})
        return self._modules[key]

    def card(self, kind: str, key: str, lang: str) -> Markup:
        """One web hotline card (``components/hotline-card.html``, macro ``hotline_card``) in
        ``lang``; ``""`` for an unknown key."""
        entry = self.directory.localised(kind, key, lang) if self.directory else None
        if entry is None or self.env is None:
            return Markup("")
        return Markup(self._components(CARD_TEMPLATE, lang).hotline_card({"hotline": entry, "lang": lang}))

    def directory_list(self, lang: str) -> Markup:
        """Every hotline, then every service, as cards (``components/directory.html``)."""
        if self.directory is None or self.env is None:
            return Markup("")
        source = self.directory.source_tag
        return Markup(self._components(LIST_TEMPLATE, lang).directory({
            "hotlines": [e.localised(lang, source) for e in self.directory.hotlines],
            "services": [e.localised(lang, source) for e in self.directory.services],
            "lang": lang}))
