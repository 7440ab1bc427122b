"""The languages Loa publishes, read from ``content/languages.yaml``.

Adding a language is one entry in that file plus its content and catalog: nothing here names
a language. Tags are lower-case BCP 47 (RFC 5646) language subtags, optionally with subtags
joined by ``-`` (``blt``, ``hmn``, ``zh-hans``); upper case is refused because Pelican matches
languages case-sensitively (research/pelican-i18n.md, bug 2).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from loa.problems import Problems, ProblemsFound
from loa.yamlfile import load_with_lines

TAG_RE = re.compile(r"^[a-z]{2,3}(-[a-z0-9]{2,8})*$")
REQUIRED = ("tag", "native_name", "english_name", "script", "direction")
OPTIONAL = ("font", "publish_drafts", "plural_forms", "babel_locale", "source", "latin_name",
            "digits", "speaking_rate", "syllables")  # the last three: loa.spoken.speech
DIRECTIONS = ("ltr", "rtl")
ONE_FORM = "nplurals=1; plural=0;"


@dataclass(frozen=True)
class Language:
    """One language as configured.

    ``tag``: BCP 47, lower case, used in folders, URLs and ``lang`` attributes.
    ``native_name``: the language's name in its own script (shown in choosers; never from CLDR).
    ``latin_name``: the name in Latin letters, shown beside a native name in another script.
    ``script``: ISO 15924 code (``Latn``, ``Tavt``). ``font``: a font family the build must
    subset and serve for this script, or ``None`` for the system font stack.
    ``publish_drafts``: whether a production build may show draft translations.
    ``plural_forms``: the gettext ``Plural-Forms`` header for its catalog.
    ``babel_locale``: a CLDR locale for formatting dates, or ``None`` to use ISO 8601 dates.
    """

    tag: str
    native_name: str
    english_name: str
    script: str
    direction: str
    font: str | None = None
    publish_drafts: bool = False
    plural_forms: str = "nplurals=2; plural=(n != 1);"
    babel_locale: str | None = None
    is_source: bool = False
    latin_name: str | None = None


@dataclass(frozen=True)
class Registry:
    """All configured languages, the source language first."""

    languages: tuple[Language, ...]
    path: Path

    @property
    def source(self) -> Language:
        return self.languages[0]

    @property
    def tags(self) -> tuple[str, ...]:
        return tuple(lang.tag for lang in self.languages)

    def get(self, tag: str) -> Language | None:
        return next((lang for lang in self.languages if lang.tag == tag), None)

    def __getitem__(self, tag: str) -> Language:
        lang = self.get(tag)
        if lang is None:
            raise KeyError(f"unknown language '{tag}'; known: {', '.join(self.tags)}")
        return lang

    def __iter__(self):
        return iter(self.languages)

    def unknown_tag_message(self, tag: str) -> tuple[str, str]:
        """(message, hint) for a tag that is not configured, naming the known ones."""
        if tag.lower() in self.tags and tag != tag.lower():
            return (f"language tag '{tag}' must be lower case", f"write '{tag.lower()}'")
        return (
            f"unknown language '{tag}'; known: {', '.join(self.tags)}",
            f"add '{tag}' to {self.path.name} or move the file to a known language folder",
        )


def load_registry(path) -> Registry:
    """Read and validate ``languages.yaml``.

    Shape: a mapping with ``languages:``, a list of entries; the entry with ``source: true``
    (exactly one) is the source language. Raises :class:`ProblemsFound` listing every problem
    as ``path:line: message`` (missing field, bad tag, duplicate tag, unknown field).
    """
    path = Path(path)
    problems = Problems()
    data = load_with_lines(path, problems)
    if problems:
        raise ProblemsFound(problems.errors)
    entries = data.get("languages") if isinstance(data, dict) else None
    if not isinstance(entries, list) or not entries:
        raise ProblemsFound([_problem(problems, path, 1, "expected 'languages:' with a list of languages")])
    languages: list[Language] = []
    seen: dict[str, int] = {}
    for entry in entries:
        line = getattr(entry, "line", 1)
        if not isinstance(entry, dict):
            problems.add(path, line, "each language must be a mapping of fields (tag, native_name, …)")
            continue
        for key in entry:
            if key not in REQUIRED + OPTIONAL:
                problems.add(path, entry.line_of(key), f"unknown field '{key}'",
                             f"known fields: {', '.join(REQUIRED + OPTIONAL)}")
        missing = [key for key in REQUIRED if not str(entry.get(key) or "").strip()]
        for key in missing:
            problems.add(path, entry.line_of(key), f"language entry is missing '{key}'")
        tag = str(entry.get("tag") or "")
        if tag and not TAG_RE.match(tag):
            hint = f"write '{tag.lower()}'" if TAG_RE.match(tag.lower()) else "use a BCP 47 tag such as 'hmn' or 'blt'"
            problems.add(path, entry.line_of("tag"), f"language tag '{tag}' is not a lower-case BCP 47 tag", hint)
        elif tag in seen:
            problems.add(path, entry.line_of("tag"), f"language '{tag}' is listed twice (first at line {seen[tag]})")
        direction = str(entry.get("direction") or "ltr")
        if direction not in DIRECTIONS:
            problems.add(path, entry.line_of("direction"), f"direction must be 'ltr' or 'rtl', not '{direction}'")
        for flag in ("publish_drafts", "source"):
            if flag in entry and not isinstance(entry[flag], bool):
                problems.add(path, entry.line_of(flag), f"'{flag}' must be true or false")
        if missing or not tag:
            continue
        seen[tag] = entry.line_of("tag")
        languages.append(Language(
            tag=tag,
            native_name=str(entry["native_name"]),
            english_name=str(entry["english_name"]),
            script=str(entry["script"]),
            direction=direction,
            font=entry.get("font") or None,
            publish_drafts=bool(entry.get("publish_drafts", False)),
            plural_forms=str(entry.get("plural_forms") or ONE_FORM if not entry.get("babel_locale") else entry.get("plural_forms") or "nplurals=2; plural=(n != 1);"),
            babel_locale=entry.get("babel_locale") or None,
            is_source=bool(entry.get("source", False)),
            latin_name=entry.get("latin_name") or None,
        ))
    sources = [lang for lang in languages if lang.is_source]
    if len(sources) != 1 and languages:
        problems.add(path, getattr(entries, "line", 1),
                     f"exactly one language must have 'source: true' (found {len(sources)})")
    if problems:
        raise ProblemsFound(problems.errors)
    ordered = tuple(sources + [lang for lang in languages if not lang.is_source])
    return Registry(ordered, path)


def _problem(problems: Problems, path, line, message):
    problems.add(path, line, message)
    return problems.errors[-1]
