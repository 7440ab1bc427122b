"""Python-Markdown extension: ``[[hotline:KEY]]``, ``[[service:KEY]]``, ``[[directory]]`` and
``[[picto:NAME|alt]]`` and ``[[statistics:NAME]]`` become language-neutral placeholders.

Pelican converts (and caches) each Markdown file once, but a card's words depend on the reader's
language and its number on today's data. So this extension writes only *what* is referred to::

    <loa-ref data-kind="hotline" data-key="111" data-form="inline"></loa-ref>   inside a sentence
    <loa-ref data-kind="hotline" data-key="111" data-form="card"></loa-ref>     alone in a paragraph
    <loa-ref data-kind="directory" data-form="card"></loa-ref>                  the full list
    <loa-ref data-kind="picto" data-key="phone" data-alt="A phone"></loa-ref>   a pictogram
    <loa-ref data-kind="statistics" data-key="NAME" data-form="card"></loa-ref> a table and chart

and :mod:`loa.directory.render` (statistics: :mod:`loa.statistics.render`) expands them when
each page is written. Priority 175: after
backticks (190) and escapes (180), so ``\\[[`` and code stay literal; before links (160) and
reference links (170), which would otherwise take the outer brackets.
"""
from __future__ import annotations

import xml.etree.ElementTree as etree

from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor
from markdown.treeprocessors import Treeprocessor

from loa.directory.scan import KEYED_RE, PICTO_RE, STATISTICS_RE

TAG = "loa-ref"
PATTERN = r"\[\[(?P<body>[^\[\]\n]*)\]\]"


class ReferenceInline(InlineProcessor):
    """``[[…]]`` → ``<loa-ref>``; an unknown form is left as written (the build's scan
    reports it with its file and line)."""

    def handleMatch(self, m, data):
        body = m.group("body").strip()
        element = etree.Element(TAG)
        keyed, picto, statistics = KEYED_RE.match(body), PICTO_RE.match(body), STATISTICS_RE.match(body)
        if statistics:
            element.set("data-kind", "statistics")
            element.set("data-key", statistics.group("name"))
            element.set("data-form", "inline")
        elif keyed:
            element.set("data-kind", keyed.group("kind"))
            element.set("data-key", keyed.group("key"))
            element.set("data-form", "inline")
        elif body == "directory":
            element.set("data-kind", "directory")
            element.set("data-form", "inline")
        elif picto:
            element.set("data-kind", "picto")
            element.set("data-key", picto.group("name").strip())
            element.set("data-alt", (picto.group("alt") or "").strip())
        else:
            return None, None, None
        return element, m.start(0), m.end(0)


class CardTreeprocessor(Treeprocessor):
    """A hotline, service, directory or statistics reference alone in its paragraph becomes a card: the
    ``<p>`` is replaced by the placeholder with ``data-form="card"``. Runs after the inline
    processor (priority 20)."""

    def run(self, root):
        for parent in root.iter():
            for index, child in enumerate(list(parent)):
                if child.tag != "p" or len(child) != 1 or (child.text or "").strip():
                    continue
                ref = child[0]
                if ref.tag != TAG or ref.get("data-kind") == "picto" or (ref.tail or "").strip():
                    continue
                ref.set("data-form", "card")
                ref.tail = child.tail
                parent.remove(child)
                parent.insert(index, ref)


class DirectoryExtension(Extension):
    def extendMarkdown(self, md):
        md.inlinePatterns.register(ReferenceInline(PATTERN, md), "loa_directory_ref", 175)
        md.treeprocessors.register(CardTreeprocessor(md), "loa_directory_card", 15)


def makeExtension(**kwargs):
    return DirectoryExtension(**kwargs)
