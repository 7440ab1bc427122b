"""A Markdown reader that keeps one ``Markdown`` instance for the whole build.

Pelican 4.12's ``MarkdownReader.read`` builds a new ``markdown.Markdown`` for every file, which
registers every extension again: on a 1,200-page site that was about a third of all reading time
(measured with cProfile; ``docs/performance.md``). Python-Markdown supports reuse through
``Markdown.reset()``, which clears every extension's per-document state.

Metadata is read by the ``meta`` extension as before. Pelican deregisters ``meta`` after the
first file to convert formatted fields (``FORMATTED_FIELDS``); Loa has none, so this reader keeps
``meta`` registered and converts a formatted field, if one is ever configured, with a separate
instance.
"""
from __future__ import annotations

from markdown import Markdown
from pelican.readers import DUPLICATES_DEFINITIONS_ALLOWED, MarkdownReader
from pelican.utils import pelican_open


class SharedMarkdownReader(MarkdownReader):
    """Drop-in replacement for Pelican's Markdown reader (same output, same metadata)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._shared = None
        self._converted: dict[str, tuple[str, dict]] = {}  # by loa.parallel, read once

    def _markdown(self) -> Markdown:
        if self._shared is None:
            self._shared = Markdown(**self.settings["MARKDOWN"])
        self._shared.reset()
        return self._shared

    def convert(self, source_path) -> tuple[str, dict]:
        """``(html, raw metadata)`` of one Markdown file: the ``meta`` extension's
        ``{name: [lines]}``, not yet processed."""
        self._md = self._markdown()
        with pelican_open(source_path) as text:
            content = self._md.convert(text)
        return content, dict(getattr(self._md, "Meta", None) or {})

    def prefill(self, source_path, html: str, meta: dict) -> None:
        """Give :meth:`read` the result of :meth:`convert` made elsewhere (:mod:`loa.parallel`)."""
        self._converted[source_path] = (html, meta)

    def read(self, source_path):
        """Return ``(html, metadata)`` for one Markdown file."""
        self._source_path = source_path
        converted = self._converted.pop(source_path, None)
        content, meta = converted if converted is not None else self.convert(source_path)
        return content, self._parse_metadata(meta)

    def _parse_metadata(self, meta):
        formatted_fields = self.settings["FORMATTED_FIELDS"]
        output = {}
        for name, value in meta.items():
            name = name.lower()
            if name in formatted_fields:
                formatter = Markdown(**{k: v for k, v in self.settings["MARKDOWN"].items()})
                formatted = formatter.convert("\n".join(value))
                output[name] = self.process_metadata(name, formatted)
            elif not DUPLICATES_DEFINITIONS_ALLOWED.get(name, True) or len(value) == 1:
                output[name] = self.process_metadata(name, value[0])
            else:
                output[name] = self.process_metadata(name, value)
        return output


def use_shared_reader(readers) -> None:
    """``readers_init`` receiver: read every Markdown extension with :class:`SharedMarkdownReader`."""
    for extension in SharedMarkdownReader.file_extensions:
        if readers.reader_classes.get(extension) is MarkdownReader:
            readers.reader_classes[extension] = SharedMarkdownReader
