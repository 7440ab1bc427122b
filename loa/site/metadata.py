"""The one reader of a page's metadata block, with the line of every key.

A page (or a read-aloud script) starts with ``key: value`` lines, optionally between ``---``
lines, ended by a blank line, as Python-Markdown's ``meta`` extension reads it (Pelican uses that
extension). Indented lines continue the previous value. The build, ``invoke check``, the
``i18n.*`` commands and the translator's kit import all read metadata here, so they cannot
disagree about what a page says.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

KEY_LINE = re.compile(r"^([A-Za-z0-9_-]+)\s*:\s?(.*)$")
_FENCE_OPEN = re.compile(r"^-{3}\s*$")
_FENCE_CLOSE = re.compile(r"^(-{3}|\.{3})\s*$")


def normalise_newlines(text: str) -> str:
    """``text`` without a byte-order mark, with CRLF and CR line ends made LF."""
    return text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


@dataclass(frozen=True)
class Metadata:
    """A file's metadata block as read by :func:`parse_metadata`.

    ``values``: lower-cased key → value (stripped; continuation lines joined by ``\\n``; a key
    given twice keeps its last value). ``lines``: key → 1-based line where it is given (the last
    time). ``entries``: every line of the head block (the lines before the first blank line) in
    order, as ``(line, key, value)``; ``key`` is ``None`` for a line that is neither ``key: value``
    nor a continuation (``value`` is then the whole line). ``body``: the text after the block
    (what the source hash covers). ``blank_line``: the line of the blank line that ends the head
    block, ``None`` when there is none. ``fenced``: the block starts with ``---``. ``starts_with_metadata``:
    False when the first line is neither ``key: value``, nor a fence, nor blank.
    """

    values: dict
    lines: dict
    entries: tuple
    body: str
    blank_line: int | None
    fenced: bool
    starts_with_metadata: bool

    def line_of(self, key: str, default: int = 1) -> int:
        """The line where ``key`` is given, or ``default`` when it is not."""
        return self.lines.get(key.lower(), default)


def parse_metadata(text: str) -> Metadata:
    """Read the metadata block of ``text`` (a whole Markdown file).

    ``values`` and ``body`` follow the ``meta`` extension exactly: the block ends at the first
    blank line, at a closing fence, or at the first line that is neither ``key: value`` nor
    indented (that line starts the body); a file whose first line is not ``key: value`` has no
    metadata. ``entries`` go on to the first blank line, so a checker can name every line of the
    head block that is not ``key: value``.
    """
    text = normalise_newlines(text)
    lines = text.split("\n")
    values: dict[str, str] = {}
    where: dict[str, int] = {}
    entries: list[tuple[int, str | None, str]] = []
    fenced = bool(lines) and _FENCE_OPEN.match(lines[0]) is not None
    first = 1 if fenced else 0
    body: str | None = None
    blank_line = None
    key = None
    in_block = True
    for index in range(first, len(lines)):
        line, number = lines[index], index + 1
        if fenced and _FENCE_CLOSE.match(line):
            if body is None:
                body = "\n".join(lines[index + 1:])
            break
        if not line.strip():
            if body is None:
                body = "\n".join(lines[index + 1:])
            blank_line = number
            break
        match = KEY_LINE.match(line)
        if match:
            entries.append((number, match.group(1).lower(), match.group(2).strip()))
            if in_block:
                key = match.group(1).lower()
                values[key] = match.group(2).strip()
                where[key] = number
        elif line[:1] in (" ", "\t") and key is not None:
            if in_block:
                values[key] = (values[key] + "\n" + line.strip()).strip()
        else:
            entries.append((number, None, line))
            if index == first and not fenced:
                return Metadata({}, {}, tuple(entries), text, _first_blank(lines), False, False)
            if in_block:
                body = "\n".join(lines[index:])
                in_block = False
    return Metadata(values, where, tuple(entries), "" if body is None else body, blank_line, fenced, True)


def _first_blank(lines: list[str]) -> int | None:
    return next((number for number, line in enumerate(lines, start=1) if not line.strip()), None)


def split_metadata(text: str) -> tuple[dict[str, str], str]:
    """``(values, body)`` of :func:`parse_metadata`; ``({}, text)`` when the file does not start
    with metadata."""
    metadata = parse_metadata(text)
    return metadata.values, metadata.body
