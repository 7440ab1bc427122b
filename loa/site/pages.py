"""Page files, each read once: ``content/pages/<tag>/<name>.md`` as a frozen record.

A build reads every page file here once (:func:`read_pages`, when the build starts) and hands
the records to everything that needs a page's text or metadata: the page checks, the plan (its
source hash), the directory's and the statistics' scans, the content rules and the status
report. Pelican's own reading of the Markdown into HTML is the only other read. The ``i18n.*``
commands and the translator's kit read single files with :func:`read_page`.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from loa.site import policy
from loa.site.metadata import Metadata, normalise_newlines, parse_metadata


def decode(data: bytes) -> tuple[str | None, tuple[int, str, str] | None]:
    """Decode a file as UTF-8 (a byte-order mark is allowed). Returns ``(text, None)`` with LF
    line ends, or ``(None, (line, message, hint))`` naming the line of the first byte that is
    not UTF-8."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return None, (line, "this file is not UTF-8 text (perhaps saved as Windows-1258 or ANSI)",
                      "open it in your editor and save it again with the encoding 'UTF-8'")
    return normalise_newlines(text), None


@dataclass(frozen=True)
class PageFile:
    """One Markdown file as read from disk.

    ``path`` as found (absolute when the content folder is); ``tag`` its language folder
    (``None`` when it is not in one); ``name`` the file name without ``.md``; ``text`` the whole
    file with LF line ends (a file that is not UTF-8 is decoded with replacement characters, and
    ``decode_error`` says where, as ``(line, message, hint)``); ``metadata`` its block, with
    lines (:class:`loa.site.metadata.Metadata`); :attr:`body_hash` the source hash of its title
    and body (:func:`loa.site.policy.hash_file_text`: for a source page, the hash its translations
    must record).
    """

    path: Path
    tag: str | None
    name: str
    text: str = field(repr=False)
    metadata: Metadata = field(repr=False)
    decode_error: tuple | None = None

    @cached_property
    def body_hash(self) -> str:
        """The source hash of the title and body, made on first use (most files are
        translations, whose own hash only the status report's lint asks for)."""
        return policy.source_hash(self.metadata.values.get("title", ""), self.metadata.body)

    @property
    def meta(self) -> dict:
        """Lower-cased key → value of the metadata block."""
        return self.metadata.values

    @property
    def values(self) -> dict:
        """The metadata as the plan and the templates use it, in the shape Pelican gives its
        pages: a value of several lines is the list of its lines; ``date`` and ``modified`` are
        the day, ``YYYY-MM-DD``."""
        values = {}
        for key, value in self.meta.items():
            if "\n" in value:
                values[key] = value.split("\n")
            elif key in ("date", "modified"):
                values[key] = value[:10]
            else:
                values[key] = value
        return values

    @property
    def title(self) -> str:
        return self.meta.get("title") or self.name

    @property
    def critical(self) -> bool:
        return str(self.meta.get("critical", "")).strip().lower() in ("true", "yes", "1")

    @property
    def readable(self) -> bool:
        """Whether the file is UTF-8 text."""
        return self.decode_error is None


def parse_page(data: bytes, path, tag: str | None = None) -> PageFile:
    """The :class:`PageFile` of a file's bytes (no reading: a kit's member, a file read elsewhere)."""
    text, error = decode(data)
    if text is None:
        text = normalise_newlines(data.decode("utf-8", errors="replace"))
    return PageFile(Path(path), tag, Path(path).stem, text, parse_metadata(text), error)


def read_page(path, tag: str | None = None) -> PageFile:
    """Read one Markdown file (one ``read_bytes``). Raises ``OSError`` when it cannot be read."""
    return parse_page(Path(path).read_bytes(), path, tag)


def key(path) -> str:
    """How :class:`PageFiles` names a file: its resolved path as text."""
    return str(Path(path).resolve())


class PageFiles:
    """Every page file of a content folder, read once: ``content/pages/<folder>/<name>.md``.

    Look a file up by path (:meth:`get`), or walk them in path order (iteration). Files that
    are not two levels down, not ``.md`` or hidden are not read (the page checks report their
    place)."""

    def __init__(self, files: dict[str, PageFile] | None = None):
        self.files: dict[str, PageFile] = dict(files or {})

    def __iter__(self):
        return iter(self.files.values())

    def __len__(self) -> int:
        return len(self.files)

    def get(self, path) -> PageFile | None:
        """The record of ``path``, or ``None`` when it was not read."""
        return self.files.get(key(path))

    def text(self, path) -> str:
        """The text of ``path``: from its record, or read now when the build did not read it
        (a file outside ``content/pages``). Raises ``OSError`` when it cannot be read."""
        page = self.get(path)
        return page.text if page is not None else read_page(path).text


def read_pages(pages_folder) -> PageFiles:
    """Read every ``<folder>/<name>.md`` under ``pages_folder`` (``content/pages``) once."""
    pages_folder = Path(pages_folder)
    files: dict[str, PageFile] = {}
    if pages_folder.is_dir():
        for path in sorted(pages_folder.glob("*/*.md")):
            if path.is_file() and not path.name.startswith("."):
                files[key(path)] = read_page(path, path.parent.name)
    return PageFiles(files)
