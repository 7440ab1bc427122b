"""YAML read with line numbers, so data errors can say ``path:line: message``.

PyYAML's ``compose`` keeps each node's position; :func:`load_with_lines` turns the node tree
into plain Python values while recording where each mapping and each of its keys starts.
"""
from __future__ import annotations

import datetime
from pathlib import Path

import yaml

from loa.problems import Problems


class Located(dict):
    """A mapping read from YAML that remembers where it and its keys are (1-based lines)."""

    line: int = 1
    key_lines: dict

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class LocatedList(list):
    line: int = 1


def construct_located(node, loader, problems: Problems | None, path):
    """Build plain values from a composed YAML ``node`` read by ``loader``: a mapping becomes
    :class:`Located` (with its line and each key's line), a list :class:`LocatedList`. A key
    given twice is reported to ``problems`` (when given) at its line in ``path``, and dropped."""
    if isinstance(node, yaml.MappingNode):
        result = Located()
        result.line = node.start_mark.line + 1
        result.key_lines = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            line = key_node.start_mark.line + 1
            if key in result and problems is not None:
                problems.add(path, line, f"duplicate key '{key}' (first at line {result.key_lines[key]})")
                continue
            result[key] = construct_located(value_node, loader, problems, path)
            result.key_lines[key] = line
        return result
    if isinstance(node, yaml.SequenceNode):
        result = LocatedList(construct_located(n, loader, problems, path) for n in node.value)
        result.line = node.start_mark.line + 1
        return result
    try:
        return loader.construct_object(node, deep=True)
    except ValueError as exc:  # an impossible date such as 2026-13-45
        if problems is not None:
            problems.add(path, node.start_mark.line + 1, f"'{node.value}' is not a valid value: {exc}",
                         "write dates as YYYY-MM-DD, for example 2026-11-29")
        return None


def yaml_hint(exc) -> str:
    """A hint a non-programmer can act on for a YAML parser error (``yaml.MarkedYAMLError``)."""
    text = f"{getattr(exc, 'problem', '')} {getattr(exc, 'context', '')}"
    if "'\\t'" in text or "\t" in text:
        return "indent with spaces, not the Tab key (set your editor to insert spaces)"
    if "mapping values are not allowed" in text:
        return "put quotes around a value that contains ': ', e.g. name: \"Gọi: 111\""
    if "could not find expected ':'" in text or "expected <block end>" in text:
        return "check the indentation: items of one list start in the same column, with '- '"
    if "found unexpected end of stream" in text or "while scanning a quoted scalar" in text:
        return "a quote is not closed: every \" needs its partner on the same line"
    return "compare the line with the example at the top of the file"


def load_with_lines(path, problems: Problems | None = None):
    """Read a YAML file into :class:`Located` mappings and :class:`LocatedList` lists.

    Returns ``None`` (after adding a problem with the parser's line) when the file is not valid
    YAML or not UTF-8; duplicate keys are reported and the first value kept. Dates written
    ``2026-11-01`` become :class:`datetime.date`.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        if problems is not None:
            line = path.read_bytes()[: exc.start].count(b"\n") + 1
            problems.add(path, line, "file is not UTF-8 text", "save it as UTF-8 in your editor")
        return None
    loader = None
    try:
        loader = yaml.SafeLoader(text)
        node = loader.get_single_node()
        if node is None:
            return None
        return construct_located(node, loader, problems, path)
    except yaml.MarkedYAMLError as exc:
        if problems is not None:
            mark = exc.problem_mark or exc.context_mark
            line = mark.line + 1 if mark else 1
            problems.add(path, line, f"not valid YAML: {exc.problem or exc.context}", yaml_hint(exc))
        return None
    except yaml.YAMLError as exc:  # e.g. a control character the reader refuses
        if problems is not None:
            position = getattr(exc, "position", None)
            line = text[:position].count("\n") + 1 if isinstance(position, int) else 1
            problems.add(path, line, f"not valid YAML: {exc}".splitlines()[0],
                         "remove invisible control characters; save the file as plain UTF-8 text")
        return None
    finally:
        if loader is not None:
            loader.dispose()


def as_date(value) -> datetime.date | None:
    """A YAML value as a date: PyYAML already gives ``date`` (or ``datetime``) for an unquoted
    ``YYYY-MM-DD``; a quoted one is parsed (ISO 8601). ``None`` when it is not a date."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        return None
