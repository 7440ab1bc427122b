"""The HTML a page may contain: one allowlist of elements, attributes and link addresses.

A page body is Markdown; Markdown lets raw HTML through unchanged and turns attribute lists
(``{: … }``), links and pictures into HTML of its own. So the check runs on **the HTML Markdown
makes from the page** (raw HTML blocks included), parsed with html5lib, which follows the WHATWG
parsing rules browsers use: whatever a browser would see as an element, an attribute or a link,
this check sees too, however it is spelt (entities such as ``java&#x73;cript:``, an attribute on
a continuation line, upper case, a comment).

Anything not on the list is **refused**, not removed (the build's rule: reject, don't sanitise):
a silent rewrite would hide a mistake, or an attack, from the person who made it. Pages are
text for readers at risk; a redirect (``<meta http-equiv="refresh">``) or a transparent link
laid over the quick exit (``style="position:fixed…"``) is a safety failure (security review,
findings H2, L3 and M4).

:func:`check_html` returns ``[(line, message, hint)]`` with lines in the Markdown source. The
HTML keeps no source positions, so each refused thing is found again in the source text: the
n-th refused ``<meta>`` is placed on the line of the n-th ``<meta`` (entities decoded, fenced
code left out); when it cannot be found, the first line of the text is given.
"""
from __future__ import annotations

import html
import re
from xml.etree import ElementTree

import markdown

# The build's Markdown (pelicanconf.py, MARKDOWN): the same extensions make the same HTML.
MARKDOWN_EXTENSIONS = ("markdown.extensions.extra", "markdown.extensions.sane_lists")

# -- the allowlist ----------------------------------------------------------------------------
# What Markdown (with "extra": tables, footnotes, abbreviations, definition lists, attribute
# lists) writes, plus the few inline elements a page may write by hand (<span lang="…">).
ELEMENTS = frozenset({
    "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6",
    "em", "strong", "b", "i", "s", "del", "ins", "mark", "small", "sub", "sup", "code", "pre", "kbd",
    "blockquote", "ul", "ol", "li", "dl", "dt", "dd",
    "a", "img", "abbr", "span", "div",
    "table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption",
})
# Attributes every allowed element may carry.
GLOBAL_ATTRIBUTES = frozenset({"lang", "dir", "title"})
ATTRIBUTES = {
    "a": frozenset({"href"}),
    "img": frozenset({"src", "alt", "width", "height"}),
    "ol": frozenset({"start"}),
    "th": frozenset({"style", "colspan", "rowspan"}),
    "td": frozenset({"style", "colspan", "rowspan"}),
}
# Attributes whose values are fixed: only what Markdown itself writes.
_FOOTNOTE_ID = re.compile(r"^(fn|fnref):[\w.-]+$")          # footnotes: fn:1, fnref:1
CLASSES = frozenset({"footnote", "footnote-ref", "footnote-backref"})
_ALIGN_STYLE = re.compile(r"^text-align:\s*(left|right|center);?$")  # tables: |:--|--:|
_DIR = frozenset({"ltr", "rtl", "auto"})
_NUMBER = re.compile(r"^\d{1,4}$")
# Where a link may go: a page, a web address, a phone number, an e-mail address.
LINK_SCHEMES = frozenset({"http", "https", "tel", "mailto"})

LINK_HINT = ("link to a page ({filename}/pages/vi/<name>.md), a web address (https://…), or give a "
             "number with [[hotline:KEY]]")

# Elements refused with a reason of their own: (names, what, hint). Printed as
# "<what> is not allowed in a page" (docs/errors.md lists every one).
REFUSED_ELEMENTS = [
    (("script", "noscript"), "a <script> element", "pages cannot run scripts; remove it"),
    (("meta",), "a <meta> element",
     "a page cannot redirect readers or change how the site works; remove it (link to another "
     "page with [text]({filename}/pages/vi/<name>.md))"),
    (("base",), "a <base> element", "it changes where every link goes; remove it"),
    (("link",), "a <link> element", "pages load nothing; remove it (the theme gives the styles and fonts)"),
    (("style",), "a <style> element", "styles belong in the theme (theme/static/css); remove it"),
    (("iframe", "frame", "frameset", "object", "embed", "applet", "portal", "video", "audio",
      "source", "track", "picture"),
     "an embedded frame or object", "pages load nothing from elsewhere; link to it instead"),
    (("form", "input", "button", "select", "textarea", "option", "label", "fieldset", "output"),
     "a form", "pages cannot send data; remove it and give a number with [[hotline:KEY]]"),
    (("svg", "math"), "an <svg> or <math> drawing",
     "place a pictogram with [[picto:NAME|words]], or a picture with ![words]({static}/images/<file>)"),
    (("template", "slot", "dialog", "title", "head", "body", "html"), "a document-structure element",
     "a page is only its text; remove it"),
]
_REFUSED = {name: (what, hint) for names, what, hint in REFUSED_ELEMENTS for name in names}
_NOT_DESCENDED = {"script", "noscript", "style", "svg", "math", "template", "iframe", "object"}
_FENCE = re.compile(r"^\s*(```|~~~)")
_URL_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")


def check_html(body: str, first_line: int = 1) -> list[tuple[int, str, str]]:
    """Refused HTML in a page body: ``[(line, message, hint)]``.

    ``body`` is Markdown text (a page without its metadata block); ``first_line`` is the
    1-based line of ``body``'s first line in its file, so the lines returned are the file's.
    Every element, attribute, link address and comment in the HTML that Markdown makes from
    ``body`` is compared with :data:`ELEMENTS`, :data:`GLOBAL_ATTRIBUTES`, :data:`ATTRIBUTES`,
    :data:`LINK_SCHEMES` (links) and the fixed values Markdown itself writes (footnote ids and
    classes, table alignment). Raises nothing: any text gives a list, perhaps empty.
    """
    if not body.strip():
        return []
    made = _converter().reset().convert(body)
    import html5lib  # imported when a page is checked: an unchanged page is not (preflight.CheckedTexts)

    tree = html5lib.parseFragment(made, treebuilder="etree", namespaceHTMLElements=False)
    locate = _Locator(body, first_line)
    problems: list[tuple[int, str, str]] = []
    _walk(tree, locate, problems)
    return problems


_CONVERTER: list[markdown.Markdown] = []


def _converter() -> markdown.Markdown:
    """One Markdown instance, reset before each page (making one per page costs more than
    converting most pages)."""
    if not _CONVERTER:
        _CONVERTER.append(markdown.Markdown(extensions=list(MARKDOWN_EXTENSIONS), output_format="html5"))
    return _CONVERTER[0]


def _walk(parent, locate: "_Locator", problems: list) -> None:
    for element in parent:
        if element.tag is ElementTree.Comment:
            text = element.text or ""
            if "<" in text or ">" in text:
                problems.append((locate.find([r"<!--"]),
                                 "an HTML comment holding markup (< or >) is not allowed in a page",
                                 "programs still read what is inside a comment: remove the comment, or write "
                                 "a note for translators in 'translator_note:' in the metadata"))
            continue
        if not isinstance(element.tag, str):
            continue
        name = _local(element.tag)
        if name not in ELEMENTS:
            pattern = rf"<\s*{re.escape(name)}(?![\w-])"
            if name in _REFUSED:
                what, hint = _REFUSED[name]
                problems.append((locate.find([pattern]), f"{what} is not allowed in a page", hint))
            else:
                problems.append((locate.find([pattern]), f"the HTML element <{name}> is not allowed in a page",
                                 "write it in Markdown (**bold**, *italic*, - lists, | tables |), or use one of: "
                                 + ", ".join(f"<{e}>" for e in sorted(ELEMENTS))))
            if name in _NOT_DESCENDED:
                continue
        else:
            _check_attributes(name, element, locate, problems)
        _walk(element, locate, problems)


def _check_attributes(name: str, element, locate: "_Locator", problems: list) -> None:
    allowed = GLOBAL_ATTRIBUTES | ATTRIBUTES.get(name, frozenset())
    for attribute, value in element.attrib.items():
        attribute = _local(str(attribute)).lower()
        where = [rf"(?<![\w:-]){re.escape(attribute)}\s*=", rf"(?<![\w:-]){re.escape(attribute)}(?![\w-])",
                 rf"<\s*{re.escape(name)}(?![\w-])"]
        if attribute.startswith("on"):
            problems.append((locate.find(where), "an HTML event handler (on…=) is not allowed in a page",
                             f"remove {attribute}=…: nothing in a page may run code"))
        elif attribute == "style" and not (attribute in allowed and _ALIGN_STYLE.match(value.strip())):
            problems.append((locate.find(where), "a style attribute is not allowed in a page",
                             "the look of a page comes from the theme (theme/static/css): remove style=\"…\" "
                             "(table columns aligned with |:---| in Markdown are fine)"))
        elif attribute == "id":
            if not _FOOTNOTE_ID.match(value):
                problems.append((locate.find(where), f"the id '{value}' is not allowed in a page",
                                 "remove it ({: #… } too): the theme's names, such as the quick exit's, must stay "
                                 "its own; footnotes ([^1]) get theirs automatically"))
        elif attribute == "class":
            unknown = [c for c in value.split() if c not in CLASSES]
            if unknown:
                problems.append((locate.find(where), f"the class '{' '.join(unknown)}' is not allowed in a page",
                                 "remove it ({: .… } too): the look of a page comes from the theme"))
        elif attribute not in allowed:
            problems.append((locate.find(where), f"the attribute '{attribute}' on <{name}> is not allowed in a page",
                             f"remove it; allowed on <{name}>: " + ", ".join(sorted(allowed))))
        elif attribute == "dir" and value.strip().lower() not in _DIR:
            problems.append((locate.find(where), f"dir '{value}' is not a text direction",
                             "write dir=\"ltr\" or dir=\"rtl\""))
        elif attribute in ("width", "height", "start", "colspan", "rowspan") and not _NUMBER.match(value.strip()):
            problems.append((locate.find(where), f"{attribute} '{value}' is not a whole number",
                             f"write {attribute}=\"2\", for example, or remove it"))
        elif attribute == "href":
            scheme = link_scheme(value)
            if scheme is not None and scheme not in LINK_SCHEMES:
                problems.append((locate.find([re.escape(_squash(value)[:40].lower())] + where),
                                 f"a {scheme}: link is not allowed in a page", LINK_HINT))
        elif attribute == "src":
            address = _squash(value)
            scheme = link_scheme(value)
            if scheme is not None or "//" in address or "\\" in address:
                problems.append((locate.find([re.escape(address[:40].lower())] + where),
                                 f"the picture address '{address[:60]}' is not allowed in a page",
                                 "pictures come from content/images: write ![what it shows]({static}/images/<file>)"))


def link_scheme(url: str) -> str | None:
    """The scheme of a link address as a browser reads it (``"javascript"`` for
    ``" java\\tscript:x"``), lower case; ``None`` for a relative address (``{filename}/…``,
    ``#fn:1``, ``../x.html``). Per the WHATWG URL standard, leading and trailing C0 controls and
    spaces are stripped and tabs and newlines removed anywhere; entities are already decoded by
    the HTML parser."""
    match = _URL_SCHEME.match(_squash(url))
    return match.group(1).lower() if match else None


def _squash(url: str) -> str:
    return re.sub(r"[\t\n\r]", "", url).strip("".join(chr(c) for c in range(0x21)))


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1].lower()


class _Locator:
    """Finds the source line of the n-th occurrence of a pattern in a Markdown body (matched
    case-insensitively in the text as written and with entities decoded; fenced code blocks,
    which Markdown only shows as text, are left out)."""

    def __init__(self, body: str, first_line: int):
        self.first_line = first_line
        self.lines: list[tuple[str, str]] = []
        in_fence = False
        for line in body.split("\n"):
            if _FENCE.match(line):
                in_fence = not in_fence
                self.lines.append(("", ""))
            elif in_fence:
                self.lines.append(("", ""))
            else:
                lowered = line.lower()
                self.lines.append((lowered, re.sub(r"[\t\r]", "", html.unescape(lowered))))
        self.used: dict[str, int] = {}

    def find(self, patterns: list[str]) -> int:
        """The line of the next unused occurrence of the first pattern that occurs at all."""
        for pattern in patterns:
            hits = self._hits(pattern)
            if hits:
                turn = self.used.get(pattern, 0)
                self.used[pattern] = turn + 1
                return hits[min(turn, len(hits) - 1)]
        return self.first_line

    def _hits(self, pattern: str) -> list[int]:
        compiled = re.compile(pattern)
        hits = []
        for offset, (written, decoded) in enumerate(self.lines):
            count = len(compiled.findall(written)) or len(compiled.findall(decoded))
            hits += [self.first_line + offset] * count
        return hits
