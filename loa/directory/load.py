"""Read and validate ``hotlines.yaml`` and ``services.yaml`` into a
:class:`~loa.directory.data.Directory`; every problem as ``path:line: message``.

The file format is described in :mod:`loa.directory.data` and docs/directory.md. Never raises for
bad data: the hypothesis test feeds it arbitrary text and bytes.
"""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import yaml

from loa.directory.data import (ALWAYS, CALLABLE, FIELDS, FILES, HOTLINE, KINDS, LISTS, SERVICE,
                                TEXT_FIELDS, Directory, Entry, EntryText, primary_hotline)
from loa.problems import Problems
from loa.yamlfile import Located, LocatedList, construct_located, yaml_hint

KEY_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
NUMBER_RE = re.compile(r"^\+?[0-9]{3,15}$")      # ITU-T E.164: at most 15 digits
DISPLAY_RE = re.compile(r"^\+?[0-9]+(?:[ .\-][0-9]+)*$")
URL_RE = re.compile(r"^https?://[^\s…]+\.[^\s…]+$")


def load_directory(data_path, registry, problems: Problems, *, primary_key: str = "111") -> Directory:
    """Read and validate ``hotlines.yaml`` and ``services.yaml`` in ``data_path``.

    ``registry`` is the :class:`~loa.site.registry.Registry` (its tags are the only
    languages allowed under ``text:``; its source language is required and is the fallback).
    Every problem is added to ``problems`` as ``path:line: message``: missing field, bad date,
    duplicate key, a number with letters, display and number that disagree, an unknown language
    tag, a missing file, a primary key that is not a hotline, ``from_abroad`` that is not true/false
    or has no number. Entries with problems are left out;
    the function never raises for bad data.
    """
    data_path = Path(data_path)
    before = len(problems.errors)
    found = {}
    for kind in KINDS:
        path = data_path / FILES[kind]
        if not path.exists():
            if kind == HOTLINE:
                problems.add(path, 1, "the hotlines file is missing",
                             "every site needs content/data/hotlines.yaml: the only place numbers are written")
            found[kind] = ()
            continue
        found[kind] = tuple(parse_entries(path, path.read_bytes(), kind, registry, problems))
    directory = Directory(found[HOTLINE], found[SERVICE], registry.source.tag, str(primary_key))
    hotlines_file = data_path / FILES[HOTLINE]
    if (hotlines_file.exists() and directory.hotlines and primary_hotline(directory) is None
            and len(problems.errors) == before):  # an entry left out for its own mistake is not "missing"
        problems.add(hotlines_file, 1, f"the primary hotline '{primary_key}' is not in this file; "
                     f"known: {', '.join(directory.keys(HOTLINE))}",
                     "add it, or set DIRECTORY_PRIMARY_HOTLINE to one of the known keys")
    return directory


def parse_entries(path, data: bytes, kind: str, registry, problems: Problems) -> list[Entry]:
    """Validate the bytes of one data file of ``kind`` and return its good entries (see
    :func:`load_directory`). Never raises: unreadable YAML is one problem with its line."""
    tree = _load_yaml(path, data, problems)
    if tree is None:
        return []
    list_name = LISTS[kind]
    entries = tree.get(list_name) if isinstance(tree, Located) else None
    if not isinstance(entries, LocatedList):
        problems.add(path, getattr(tree, "line", 1), f"expected '{list_name}:' with a list of entries",
                     f"start the file with '{list_name}:' and give each entry as '- key: …'")
        return []
    result, seen = [], {}
    for item in entries:
        entry = _entry(path, item, kind, registry, problems, seen)
        if entry is not None:
            result.append(entry)
    return result


# -- reading ---------------------------------------------------------------------------------
class _Loader(yaml.SafeLoader):
    """SafeLoader whose impossible dates (``2026-13-45``) stay text, so validation can report
    them with their line instead of the parser raising without one."""

    def construct_yaml_timestamp(self, node):
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError:
            return self.construct_scalar(node)


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _Loader.construct_yaml_timestamp)


def _load_yaml(path, data: bytes, problems: Problems):
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        problems.add(path, data[: exc.start].count(b"\n") + 1, "file is not UTF-8 text",
                     "save it as UTF-8 in your editor")
        return None
    loader = None
    try:
        loader = _Loader(text)   # the reader refuses control characters here already
        node = loader.get_single_node()
        return None if node is None else construct_located(node, loader, problems, path)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problems.add(path, mark.line + 1 if mark else 1, f"not valid YAML: {exc.problem or exc.context}",
                     yaml_hint(exc))
    except yaml.reader.ReaderError as exc:
        line = text[: exc.position].count("\n") + 1
        problems.add(path, line, f"not valid YAML: invisible character U+{exc.character:04X} is not allowed",
                     "remove the invisible character (retype the line)")
    except yaml.YAMLError as exc:
        problems.add(path, 1, f"not valid YAML: {exc}")
    except (TypeError, ValueError, RecursionError, OverflowError) as exc:
        # a list or mapping used as a key (unhashable), or a value the parser cannot build
        problems.add(path, 1, f"not valid data: {exc.__class__.__name__}: {exc}",
                     "keys must be plain words; see docs/directory.md for the shape")
    finally:
        if loader is not None:
            loader.dispose()
    return None


def _entry(path, item, kind, registry, problems: Problems, seen: dict) -> Entry | None:
    line = getattr(item, "line", 1)
    if not isinstance(item, Located):
        problems.add(path, line, "each entry must be a mapping of fields (key, number, …)")
        return None
    before = len(problems.errors)
    for name in item:
        if name not in FIELDS:
            problems.add(path, item.line_of(name), f"unknown field '{name}'", f"known fields: {', '.join(FIELDS)}")
    required = ALWAYS + (CALLABLE + ("hours",) if kind == HOTLINE or item.get("number") is not None else ())
    for name in required:
        if name not in item or item[name] is None or item[name] == "":
            problems.add(path, item.line_of(name) if name in item else line, f"{kind} entry is missing '{name}'")
    key = _key(path, item, problems, seen, kind)
    number = _number(path, item, problems)
    display = _display(path, item, number, problems)
    free = item.get("free")
    if free is not None and not isinstance(free, bool):
        problems.add(path, item.line_of("free"), f"'free' must be true or false, not '{free}'")
    hours = _hours(path, item, registry, problems)
    from_abroad = item.get("from_abroad", False)
    if not isinstance(from_abroad, bool):
        problems.add(path, item.line_of("from_abroad"), f"'from_abroad' must be true or false, not '{from_abroad}'",
                     "write from_abroad: true only when the source says the number works from outside Vietnam")
    elif from_abroad and item.get("number") is None:
        problems.add(path, item.line_of("from_abroad"), "'from_abroad' needs a number to call",
                     "add number, display and free, or remove from_abroad")
    verified_on = _verified_on(path, item, problems)
    source = _source(path, item, problems)
    texts = _texts(path, item, registry, problems)
    if len(problems.errors) > before or key is None or verified_on is None:
        return None
    return Entry(kind, key, number, display, free, hours, verified_on, source, texts,
                 problems.relative(path), line, item.line_of("verified_on"), from_abroad)


def _key(path, item, problems, seen, kind) -> str | None:
    raw = item.get("key")
    if raw is None or isinstance(raw, (bool, float, dict, list)):
        if raw is not None:
            problems.add(path, item.line_of("key"), f"key must be a short word such as '111' or 'commune', not {raw!r}")
        return None
    key = str(raw)
    if not KEY_RE.match(key):
        problems.add(path, item.line_of("key"), f"key '{key}' must be lower-case letters, digits and '-'",
                     f"for example '{re.sub(r'[^a-z0-9-]+', '-', key.lower()).strip('-') or 'commune'}'")
        return None
    if key in seen:
        problems.add(path, item.line_of("key"), f"duplicate {kind} key '{key}' (first at line {seen[key]})",
                     "each key names one entry: rename one of them")
        return None
    seen[key] = item.line_of("key")
    return key


def _number(path, item, problems) -> str | None:
    raw = item.get("number")
    if raw is None:
        return None
    line = item.line_of("number")
    if not isinstance(raw, str):
        problems.add(path, line, f"number {raw!r} must be written in quotes", f'write number: "{raw}"')
        return None
    number = raw.strip()
    if re.search(r"[^\d+\s.\-()]", number):
        problems.add(path, line, f"number '{number}' has letters or symbols in it",
                     "write the number as dialled, digits only, for example \"111\"")
        return None
    if not NUMBER_RE.match(number):
        compact = re.sub(r"[\s.\-()]", "", number)
        problems.add(path, line, f"number '{number}' is not written as dialled",
                     f'write number: "{compact}" (digits only) and put the spaced form in display')
        return None
    return number


def _display(path, item, number, problems) -> str | None:
    raw = item.get("display")
    if raw is None:
        return None
    line = item.line_of("display")
    display = str(raw).strip() if not isinstance(raw, bool) else ""
    if not DISPLAY_RE.match(display):
        problems.add(path, line, f"display '{raw}' has letters or symbols in it",
                     "write the digits as printed, with spaces or dots between groups: \"1800 1567\"")
        return None
    if number is not None and re.sub(r"\D", "", display) != re.sub(r"\D", "", number):
        problems.add(path, line, f"display '{display}' does not match number '{number}'",
                     "change both together: they must have the same digits")
        return None
    return display


def _hours(path, item, registry, problems):
    raw = item.get("hours")
    if raw is None:
        return None
    line = item.line_of("hours")
    if isinstance(raw, str) and raw.strip():
        return raw.strip()
    if isinstance(raw, Located):
        for tag, text in raw.items():
            if registry.get(str(tag)) is None:
                problems.add(path, raw.line_of(tag), *registry.unknown_tag_message(str(tag)))
            elif not isinstance(text, str) or not text.strip():
                problems.add(path, raw.line_of(tag), f"hours in '{tag}' must be text")
        if registry.source.tag not in raw:
            problems.add(path, line, f"hours must have a '{registry.source.tag}' text")
        return {str(t): str(v).strip() for t, v in raw.items()}
    problems.add(path, line, f"hours must be '24/7' or a text per language, not {raw!r}")
    return None


def _verified_on(path, item, problems) -> dt.date | None:
    raw = item.get("verified_on")
    if raw is None:
        return None
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    problems.add(path, item.line_of("verified_on"), f"verified_on '{raw}' is not a date",
                 "write the day the number was checked as YYYY-MM-DD, for example 2026-01-27")
    return None


def _source(path, item, problems) -> str:
    raw = item.get("source")
    source = str(raw).strip() if isinstance(raw, str) else ""
    line = item.line_of("source")
    if raw is not None and not source:
        problems.add(path, line, "source must be a public URL or the name of a public document")
    elif "…" in source or "..." in source:
        problems.add(path, line, "source is shortened ('…'): give the whole address or document name",
                     "copy the full URL from the browser's address bar")
    elif source.lower().startswith(("http:", "https:", "www.")) and not URL_RE.match(source):
        problems.add(path, line, f"source '{source}' is not a whole web address",
                     "write it as https://… with no spaces")
    return source


def _texts(path, item, registry, problems) -> dict:
    raw = item.get("text")
    if raw is None:
        return {}
    line = item.line_of("text")
    if not isinstance(raw, Located):
        problems.add(path, line, "text must list each language: 'vi: {name: …, for: …}'")
        return {}
    texts = {}
    for tag, words in raw.items():
        tag_line = raw.line_of(tag)
        if registry.get(str(tag)) is None:
            problems.add(path, tag_line, *registry.unknown_tag_message(str(tag)))
            continue
        if not isinstance(words, Located):
            problems.add(path, tag_line, f"text '{tag}' must have 'name:' and 'for:'")
            continue
        for name in words:
            if name not in TEXT_FIELDS:
                problems.add(path, words.line_of(name), f"unknown field '{name}' in text '{tag}'",
                             f"known fields: {', '.join(TEXT_FIELDS)}")
        ok = True
        for name in ("name", "for"):
            value = words.get(name)
            if not isinstance(value, str) or not value.strip():
                problems.add(path, words.line_of(name), f"text '{tag}' is missing '{name}'")
                ok = False
        draft = words.get("draft", False)
        if not isinstance(draft, bool):
            problems.add(path, words.line_of("draft"), "'draft' must be true or false")
            ok = False
        if ok:
            texts[str(tag)] = EntryText(" ".join(words["name"].split()), " ".join(words["for"].split()),
                                        str(tag), draft)
    if registry.source.tag not in raw:
        problems.add(path, line, f"text must include the source language '{registry.source.tag}'")
    return texts
