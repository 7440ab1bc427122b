"""Every place where Loa reaches past Pelican's documented plugin interface, in one module.

Loa uses Pelican's signals, generators and writer as Pelican documents them. A few things need
more than that; each is done here, and only here, so that a Pelican update that changes one of
them fails its test in ``tests/test_pelican_edge.py`` instead of a build:

* **Reading** — :class:`SharedMarkdownReader` replaces Pelican's ``MarkdownReader`` in
  ``readers.reader_classes`` (``readers_init``), and reuses its private ``_md``,
  ``_source_path`` and ``_parse_metadata``.
* **Page HTML** — :func:`page_html` and :func:`set_page_html` read and replace a page's
  ``Content._content`` in ``content_object_init``, before Pelican first renders it.
* **Static files** — :func:`take_static_files` removes files from
  ``StaticGenerator.staticfiles`` and ``context["staticfiles"]`` so that Pelican does not copy
  files Loa writes itself.
* **Log** — :class:`PelicanLogCollector` turns Pelican's log lines into problems, matching two
  of Pelican's messages by their words (:data:`UNABLE_TO_FIND`, :data:`DOCUTILS_NO_LOCALIZATION`);
  :func:`unlimited_pelican_log` and :func:`never_limit` work around Pelican's ``LimitFilter``;
  :func:`quiet_pelican_console` silences the closing line Pelican prints on its ``rich`` console.

Written for Pelican 4.12 (``pyproject.toml`` pins the range).
"""
from __future__ import annotations

import contextlib
import logging
import re
import sys
from pathlib import Path

from markdown import Markdown
from pelican.readers import DUPLICATES_DEFINITIONS_ALLOWED, MarkdownReader
from pelican.utils import pelican_open

from loa.problems import Problems

log = logging.getLogger(__name__)


# -- reading -------------------------------------------------------------------------------------
class SharedMarkdownReader(MarkdownReader):
    """Drop-in replacement for Pelican's Markdown reader (same HTML, same metadata) that keeps
    one ``markdown.Markdown`` for the whole build.

    Pelican 4.12's ``MarkdownReader.read`` builds a new ``Markdown`` for every file, which
    registers every extension again: on a 1,200-page site that was about a third of all reading
    time (measured with cProfile; ``docs/performance.md``). Python-Markdown supports reuse through
    ``Markdown.reset()``, which clears every extension's per-document state.

    Metadata is read by the ``meta`` extension as before. Pelican deregisters ``meta`` after the
    first file to convert formatted fields (``FORMATTED_FIELDS``); Loa has none, so this reader
    keeps ``meta`` registered and converts a formatted field, if one is ever configured, with a
    separate instance. A key that Pelican allows only once (``DUPLICATES_DEFINITIONS_ALLOWED``)
    keeps its first value, with Pelican's warning.
    """

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
        """Return ``(html, metadata)`` for one Markdown file, as Pelican's reader does."""
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
            elif not DUPLICATES_DEFINITIONS_ALLOWED.get(name, True):
                if len(value) > 1:
                    logging.getLogger("pelican.readers").warning(
                        "Duplicate definition of `%s` for %s. Using first one.", name, self._source_path)
                output[name] = self.process_metadata(name, value[0])
            elif len(value) == 1:
                output[name] = self.process_metadata(name, value[0])
            else:
                output[name] = self.process_metadata(name, value)
        return output


def use_shared_reader(readers) -> None:
    """``readers_init`` receiver: read every Markdown extension with :class:`SharedMarkdownReader`
    (only where Pelican's own ``MarkdownReader`` is in place: a reader a user configured stays)."""
    for extension in SharedMarkdownReader.file_extensions:
        if readers.reader_classes.get(extension) is MarkdownReader:
            readers.reader_classes[extension] = SharedMarkdownReader


# -- page HTML -----------------------------------------------------------------------------------
def pages_to_convert(generator) -> dict[str, SharedMarkdownReader]:
    """``{absolute path: reader}`` of the page files of Pelican's ``PagesGenerator`` that its
    content cache does not hold and that the shared reader reads (what :mod:`loa.parallel`
    converts ahead). Reads Pelican's ``Readers.readers`` and ``get_cached_data`` (the
    ``FileDataCacher`` under the content cache)."""
    import os

    readers = generator.readers
    todo: dict[str, SharedMarkdownReader] = {}
    for relative in generator.get_files(generator.settings["PAGE_PATHS"],
                                        exclude=generator.settings["PAGE_EXCLUDES"]):
        path = os.path.abspath(os.path.join(generator.path, relative))
        reader = readers.readers.get(Path(path).suffix.lstrip("."))
        if isinstance(reader, SharedMarkdownReader) and readers.get_cached_data(path, (None, None))[0] is None:
            todo[path] = reader
    return todo


def page_html(content) -> str | None:
    """The HTML Pelican's reader made of one page (``Content._content``), before Pelican's link
    replacement (``{filename}``, ``{static}``); ``None`` for an object that has none.
    Pelican has no public way to read it in ``content_object_init``: ``content.content`` would
    render (and memoize) the links too early."""
    return getattr(content, "_content", None)


def set_page_html(content, html: str) -> None:
    """Replace one page's HTML in ``content_object_init``. Pelican renders ``.content`` from it
    later, replacing ``{filename}`` links as usual (``Content.get_content``)."""
    content._content = html


# -- static files --------------------------------------------------------------------------------
def take_static_files(generator, taken) -> None:
    """``static_generator_finalized``: stop Pelican's ``StaticGenerator`` from copying the static
    files for which ``taken(static)`` is true (Loa writes them itself). Pelican copies what its
    context lists under ``staticfiles`` (``StaticGenerator.generate_output``); the generator's own
    ``staticfiles`` list is kept the same so that later receivers see what will be copied."""
    keep = [static for static in generator.staticfiles if not taken(static)]
    generator.staticfiles[:] = keep
    generator.context["staticfiles"] = keep


# -- log -----------------------------------------------------------------------------------------
#: Pelican's words for a ``{filename}``/``{static}`` link it could not resolve, logged as a WARNING
#: by ``Content._link_replacer`` (pelican/contents.py): "Unable to find '%s', skipping url
#: replacement." It names the target, never the page, and Pelican gives the line no code.
UNABLE_TO_FIND = "Unable to find"
#: Pelican's words when docutils has no localization for ``DEFAULT_LANG`` (``RstReader.__init__``,
#: pelican/readers.py), as for Vietnamese. Loa turns that reader off (``READERS``) and drops the
#: line (``LOG_FILTER``, pelicanconf.py); should it come through anyway, it is never a problem.
DOCUTILS_NO_LOCALIZATION = "Docutils has no localization"
#: Pelican's message of :data:`UNABLE_TO_FIND`, with its target.
_UNABLE_TO_FIND_TARGET = re.compile(re.escape(UNABLE_TO_FIND) + r" '(?P<target>[^']*)'")
_PATH = re.compile(r"(?P<path>[^\s'\"]+\.(?:md|markdown|yaml|yml|po))")
_LINK = re.compile(r"\{(?:filename|static|attach)\}(?P<target>[^)\s\"'#?]+)")


class PelicanLogCollector(logging.Handler):
    """Turns Pelican's log records into problems: every ERROR, and the WARNING
    :data:`UNABLE_TO_FIND` (a broken link), which is named against the Markdown page and line
    that link, as Loa's other problems are. :data:`DOCUTILS_NO_LOCALIZATION` is never a problem.
    A problem about a file already reported is not added twice."""

    def __init__(self, problems: Problems, content_root: Path | None = None):
        super().__init__(logging.WARNING)
        self.problems = problems
        self.content_root = content_root

    def _known(self, path: str) -> bool:
        """Whether a problem about this file (a path as Pelican logs it) is already recorded."""
        candidates = {path}
        if self.content_root is not None:
            candidates.add(str((self.content_root / path.lstrip("/")).resolve()))
        shown = {self.problems.relative(c) for c in candidates}
        return any(p.path in shown for p in self.problems.items)

    def emit(self, record):
        message = record.getMessage()
        if DOCUTILS_NO_LOCALIZATION in message:
            return
        broken = _UNABLE_TO_FIND_TARGET.search(message)
        if broken is not None:
            self._broken_link(broken.group("target"), message.splitlines()[0])
            return
        if record.levelno < logging.ERROR:
            return
        match = _PATH.search(message)
        path = match.group("path") if match else "content"
        if self._known(path):
            return
        if self.content_root is not None and not Path(path).is_absolute():
            path = str(self.content_root / path.lstrip("/"))
        self.problems.add(path, 1, " ".join(message.split()))

    def _broken_link(self, target: str, text: str) -> None:
        hint = "link to {filename}/pages/<language>/<name>.md of a page that exists"
        places = self._linking(target)
        for path, line in places:
            if not self._known_at(path, line):
                self.problems.add(path, line, f"broken link: {text}", hint)
        if not places:
            root = self.content_root if self.content_root is not None else Path("content")
            self.problems.add(root, 1, f"broken link: {text}", hint)

    def _known_at(self, path: Path, line: int) -> bool:
        """Whether a problem is already recorded at this line (Loa's own link check, say)."""
        shown = self.problems.relative(path)
        return any(p.path == shown and p.line == line for p in self.problems.items)

    def _linking(self, target: str) -> list[tuple[Path, int]]:
        """The Markdown pages and lines under the content folder that link to ``target``."""
        if self.content_root is None:
            return []
        wanted = re.split(r"[#?]", target, maxsplit=1)[0].lstrip("/")   # Pelican logs '…#section' too
        found = []
        for path in sorted(self.content_root.rglob("*.md")):
            text = path.read_text(encoding="utf-8", errors="replace")
            if wanted not in text:
                continue
            for number, line in enumerate(text.split("\n"), start=1):
                if any(m.group("target").lstrip("/") == wanted for m in _LINK.finditer(line)):
                    found.append((path, number))
        return found


@contextlib.contextmanager
def unlimited_pelican_log():
    """For the ``with`` block, let every one of Pelican's warnings through, as a first build in a
    fresh process would see them, and without Pelican's limit of five to a group.

    Pelican makes its loggers ``LimitLogger``s whose one shared ``LimitFilter`` drops every
    WARNING already logged in the process, and replaces the fifth of a group (every broken link is
    one group) by "Other resources were not found …", dropping the rest (pelican/log.py).
    ``invoke serve`` and the tests build many times in one process: without this, a broken link
    left in place would be reported by the first build only, and a sixth never. The filter keeps
    its state in class attributes: emptied on entry, the group limit restored on exit."""
    from pelican.log import LimitFilter

    threshold = LimitFilter._threshold
    LimitFilter._raised_messages = set()
    LimitFilter._group_count = type(LimitFilter._group_count)(int)
    LimitFilter._threshold = sys.maxsize
    try:
        yield
    finally:
        LimitFilter._threshold = threshold


def never_limit(logger: logging.Logger) -> None:
    """Take Pelican's ``LimitFilter`` off one of Loa's loggers, so that none of its lines is
    dropped as a repeat (a build's own report, like the leaflet timing lines)."""
    from pelican.log import LimitLogger

    logger.removeFilter(LimitLogger.limit_filter)


@contextlib.contextmanager
def collect_pelican_log(problems: Problems, content_root: Path | None = None):
    """For the ``with`` block, collect Pelican's log records as problems
    (:class:`PelicanLogCollector`, with :func:`unlimited_pelican_log`). Yields the collector,
    whose ``content_root`` may be set once the settings are read."""
    collector = PelicanLogCollector(problems, content_root)
    pelican_logger = logging.getLogger("pelican")
    pelican_logger.addHandler(collector)
    try:
        with unlimited_pelican_log():
            yield collector
    finally:
        pelican_logger.removeHandler(collector)


@contextlib.contextmanager
def quiet_pelican_console():
    """Silence Pelican's own closing line ("Done: Processed 0 articles … N pages", printed on
    ``pelican.log.console``), which counts source files, not the pages Loa writes, and would
    contradict Loa's summary."""
    from pelican import log as pelican_log

    console = pelican_log.console
    original = console.print
    console.print = lambda *args, **kwargs: None
    try:
        yield
    finally:
        console.print = original
