"""Checks on the Markdown files themselves, before Pelican reads them.

Pelican skips a file it cannot read with a log line that names no line ("Could not process",
"could not find information about 'title'"). These checks run first and say exactly what is
wrong and where, in words a communicator can act on. Each returns ``[(line, message, hint)]``
for one file's text, so they can be tested as plain functions.

HTML outside one allowlist of elements, attributes and link addresses
(:mod:`loa.languages.html_allowlist`, checked on the HTML Markdown makes from the page) is
**rejected**, not sanitised: a page is text for villagers, nothing in it needs to run or to
load, and a silent rewrite would hide a mistake (or an attack) from the person who made it. See
``docs/errors.md``.
"""
from __future__ import annotations

import difflib
import hashlib
import json
import os
import re
from datetime import date
from pathlib import Path

from loa.site.metadata import Metadata, parse_metadata
from loa.site.pages import PageFiles, read_page
from loa.site.policy import TRANSLATION_STATUSES
from loa.incremental import Memo
from loa.languages.html_allowlist import check_html
from loa.site.registry import Registry
from loa.problems import Problems

NAME_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
DATE_KEYS = ("date", "modified", "reviewed_on")
# Metadata a page may carry (docs/content-guide.md); a translation adds its own record.
PAGE_KEYS = ("title", "summary", "sources", "reviewed_on", "order", "critical", "pictogram", "story", "audience",
             "consent", "date", "modified", "lang")
TRANSLATION_KEYS = ("translation_status", "translator", "reviewer", "source_hash", "translator_note")
_FENCE = re.compile(r"^\s*(```|~~~)")
_FILENAME_LINK = re.compile(r"\{filename\}/?([^)\s\"']+)")


def check_page_text(text: str, *, is_source: bool, tag: str | None = None,
                    registry: Registry | None = None) -> list[tuple[int, str, str]]:
    """Problems in one page's text (already decoded): metadata block, dates, body, raw HTML
    (:func:`loa.languages.html_allowlist.check_html`), personal data, story consent.

    With ``tag`` (the language folder the page is in) and ``registry``, also the language's
    own rules: a ``lang:`` line must name that language, and a translation must say
    ``translation_status: draft`` or ``reviewed``. Returns ``[(line, message, hint)]``, lines
    1-based, in the order found.
    """
    problems: list[tuple[int, str, str]] = []
    lines = text.split("\n")
    if not text.strip():
        return [(1, "this page is empty", "start with 'title: …', a blank line, then the text")]
    metadata = parse_metadata(text)
    if metadata.fenced or not metadata.starts_with_metadata:
        return [(1, "the page does not start with its metadata",
                 "the first line must be 'title: …', then other 'key: value' lines, then a blank line")]
    meta: dict[str, int] = {}
    body_start = metadata.blank_line
    for number, key, value in metadata.entries:
        if key is not None:
            problems += _check_key(number, key, is_source)
            if key in meta:
                problems.append((number, f"'{key}' is given twice (also line {meta[key]})", "keep one"))
            meta[key] = number
            if key in DATE_KEYS and value:
                try:
                    date.fromisoformat(value[:10])
                    if len(value) > 10 and not re.match(r"^\d{4}-\d{2}-\d{2}[ T]\d{1,2}:\d{2}", value):
                        raise ValueError(value)
                except ValueError:
                    problems.append((number, f"'{key}' is not a date: '{value}'",
                                     "write the date as YYYY-MM-DD, for example 2026-11-29"))
            elif not value and key == "title":
                problems.append((number, "the title is empty", "write the page's title after 'title:'"))
        else:
            problems.append((number, f"this metadata line has no ':' ('{value.strip()[:40]}')",
                             "write 'key: value', or leave a blank line before the text starts"))
    if "title" not in meta:
        problems.append((1, "the page has no title", "add 'title: …' as the first line"))
    body = lines[body_start:] if body_start else []
    if not any(line.strip() for line in body):
        problems.append((body_start or len(lines), "the page has metadata but no text",
                         "write the page's text after a blank line"))
    if body:
        problems += check_html("\n".join(body), first_line=body_start + 1)
    in_fence = False
    for offset, line in enumerate(body):
        if _FENCE.match(line):
            in_fence = not in_fence
            continue
        if in_fence:
            continue
        for message, hint in personal_data(line):
            problems.append((body_start + offset + 1, message, hint))
    problems += story_consent(meta, text, metadata)
    if tag is not None and registry is not None and registry.get(tag) is not None:
        problems += _language_rules(metadata, meta, tag, is_source, registry)
    return problems


def _language_rules(metadata: Metadata, meta: dict[str, int], tag: str, is_source: bool,
                    registry: Registry) -> list[tuple[int, str, str]]:
    """``lang:`` must be the folder's language; a translation needs a valid ``translation_status``."""
    values = metadata.values
    problems = []
    lang = values.get("lang", "")
    if lang and lang != tag:
        if registry.get(lang) is None:
            message, hint = registry.unknown_tag_message(lang)
            problems.append((meta["lang"], message, hint))
        else:
            problems.append((meta["lang"], f"lang '{lang}' does not match the folder '{tag}'",
                             "remove the lang line: the folder gives the language"))
    if not is_source:
        review = values.get("translation_status", "").lower()
        if "translation_status" not in meta:
            problems.append((1, "this translation has no 'translation_status' line",
                             "add 'translation_status: draft' to its metadata; 'reviewed' once a "
                             "second person has checked it"))
        elif review not in TRANSLATION_STATUSES:
            problems.append((meta["translation_status"],
                             f"translation_status must be 'draft' or 'reviewed', not '{review or 'empty'}'",
                             "write 'draft' until a second person has checked it, then 'reviewed'"))
    return problems


def check_page(text: str, *, tag: str, registry: Registry, content_root, scan=None,
               remembered: "CheckedTexts | None" = None) -> list[tuple[int, str, str]]:
    """Every check the build makes on the text of one page file in ``content/pages/<tag>/``,
    as ``[(line, message, hint)]`` sorted by line: :func:`check_page_text` (with the
    language's rules), :func:`check_links` against ``content_root`` and, when ``scan`` (a
    function of the text giving more ``[(line, message, hint)]``) is given, its findings. The
    build gets the directory checks (:func:`loa.directory.scan.check_text`: typed phone
    numbers, unknown hotline keys and pictograms) from the ``loa.directory`` plugin;
    ``invoke i18n.import`` passes that function as ``scan``, so a returned kit is checked
    exactly as the build would check it.

    ``remembered`` (a :class:`CheckedTexts`) keeps the text checks' results by the text's
    content, so a build does not check an unchanged page again.
    """
    is_source = tag == registry.source.tag
    content_root = Path(content_root)

    def text_checks():
        return check_page_text(text, is_source=is_source, tag=tag, registry=registry)

    found = list(remembered.get(text, tag, registry, text_checks) if remembered is not None else text_checks())
    found += check_links(text, content_root)
    if scan is not None:
        found += scan(text)
    return sorted(found, key=lambda problem: problem[0])


_URL = re.compile(r"(https?://|www\.)\S+|\]\([^)]*\)|\{filename\}\S+")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
# Vietnamese identity numbers: 9 digits (old chứng minh nhân dân) or 12 digits (căn cước công
# dân, Circular 07/2016/TT-BCA), written together or in groups of three.
_ID_NUMBER = re.compile(r"(?<![\d/.,-])(\d{12}|\d{9}|\d{3}[ .]\d{3}[ .]\d{3}(?:[ .]\d{3})?)(?![\d/,-]|\.\d)")


def personal_data(line: str) -> list[tuple[str, str]]:
    """Likely personal data in one line of a page's text: e-mail addresses and 9- or 12-digit
    identity numbers (web addresses are ignored). Phone numbers are checked by
    ``loa.directory`` against the data files. Returns ``[(message, hint)]``."""
    text = _URL.sub(" ", line)
    found = []
    for match in _EMAIL.finditer(text):
        found.append((f"an e-mail address ('{match.group(0)}') is personal data",
                      "pages never carry a person's contact details; name the service instead"))
    for match in _ID_NUMBER.finditer(text):
        found.append((f"'{match.group(0)}' looks like an identity card number",
                      "never publish identity numbers; remove it"))
    return found


def story_consent(meta: dict[str, int], text: str, metadata: Metadata | None = None) -> list[tuple[int, str, str]]:
    """A page marked ``story: true`` (a person's own account) must say ``consent: recorded``:
    the person agreed, in a way the team can show, to this exact text being published.
    ``meta``: key → line; ``metadata``: the text's block, when the caller has read it already.
    Returns ``[(line, message, hint)]``."""
    if "story" not in meta:
        return []
    values = {k: str(v).lower() for k, v in (metadata or parse_metadata(text)).values.items()}
    if values.get("story") not in ("true", "yes") or values.get("consent") == "recorded":
        return []
    return [(meta["story"], "a personal story needs 'consent: recorded'",
             "publish a story only with the person's recorded consent, and with nothing that "
             "identifies them (name, photo, village, exact dates); then add 'consent: recorded'")]


def _check_key(line: int, key: str, is_source: bool) -> list[tuple[int, str, str]]:
    """A metadata key that is misspelt, reserved, or only for translations."""
    if key == "status":
        hint = ("remove it: a Vietnamese page is published as soon as it is in content/pages/vi/"
                if is_source else "write 'translation_status: draft' or 'translation_status: reviewed'")
        return [(line, "'status' cannot be used in a page (the site generator reserves it)", hint)]
    if key in TRANSLATION_KEYS:
        return [] if not is_source else [(line, f"'{key}' belongs only in translations",
                                          "remove it from the Vietnamese page")]
    if key in PAGE_KEYS:
        return []
    known = PAGE_KEYS + (() if is_source else TRANSLATION_KEYS)
    close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
    hint = f"did you mean '{close[0]}'?" if close else f"known keys: {', '.join(known)}"
    return [(line, f"unknown metadata key '{key}'", hint)]


def check_links(text: str, content_root: Path) -> list[tuple[int, str, str]]:
    """``{filename}`` links whose target file does not exist: ``[(line, message, hint)]``."""
    problems = []
    for number, line in enumerate(text.split("\n"), start=1):
        for match in _FILENAME_LINK.finditer(line):
            target = match.group(1).split("#")[0]
            if not (content_root / target).is_file():
                problems.append((number, f"link to a page that does not exist: {target}",
                                 "check the file name under content/, e.g. {filename}/pages/vi/<name>.md"))
    return problems


class CheckedTexts:
    """Results of :func:`check_page_text` by the SHA-1 of the page's text, its language and the
    languages configured, kept in memory for the life of the process (``invoke serve``) and in
    ``cache_dir/loa-page-checks.json`` from one build to the next. Checking a page's HTML means
    converting its Markdown (about 8 ms a page): on the 1,000-page site that is 10 s a build
    that an unchanged page does not need. The stored results carry a fingerprint of the
    checking code, so a change to the checks checks every page again."""

    FILE = "loa-page-checks.json"

    def __init__(self, cache_dir=None):
        self.path = Path(cache_dir) / self.FILE if cache_dir else None
        self.used: dict[str, list] = {}
        self.stored: dict[str, list] = {}
        if self.path is not None and self.path.exists():
            try:
                data = json.loads(self.path.read_text(encoding="utf-8"))
                if data.get("code") == _code_fingerprint():
                    self.stored = data.get("results", {})
            except (OSError, ValueError, AttributeError):
                self.stored = {}

    @staticmethod
    def key(text: str, tag: str, registry: Registry) -> str:
        return hashlib.sha1("\0".join([text, tag, registry.source.tag, *registry.tags]).encode("utf-8")).hexdigest()

    def known(self, text: str, tag: str, registry: Registry) -> bool:
        """Whether the checks of this text are already known (this build, this process or the
        last build)."""
        key = self.key(text, tag, registry)
        return key in self.used or key in _REMEMBERED.values or key in self.stored

    def get(self, text: str, tag: str, registry: Registry, compute) -> list[tuple[int, str, str]]:
        key = self.key(text, tag, registry)
        if key not in self.used:
            known = _REMEMBERED.values.get(key, self.stored.get(key))
            self.used[key] = known if known is not None else [list(p) for p in compute()]
            _REMEMBERED.get(key, lambda: self.used[key])
        return [tuple(p) for p in self.used[key]]

    def save(self) -> None:
        """Write the results of the pages checked in this build (and only those)."""
        if self.path is None or self.used == self.stored:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_text(json.dumps({"code": _code_fingerprint(), "results": self.used}), encoding="utf-8")
        os.replace(temporary, self.path)


_REMEMBERED = Memo()  # unchanged pages are not checked again while `invoke serve` runs


def _check_new_texts(texts, registry: Registry, remembered: CheckedTexts, jobs: int) -> None:
    """Run :func:`check_page_text` on every page text (``[(language folder, text)]``)
    ``remembered`` does not know yet, on ``jobs`` processes, and remember the results (a cold
    build: every page)."""
    from loa.parallel import map_pure

    todo, seen = [], set()
    for tag, text in texts:
        if registry.get(tag) is None or remembered.known(text, tag, registry) or (text, tag) in seen:
            continue
        seen.add((text, tag))
        todo.append((text, tag == registry.source.tag, tag, registry))
    results = map_pure(_text_checks, todo, jobs)
    for (text, _, tag, _), found in zip(todo, results):
        remembered.get(text, tag, registry, lambda found=found: found)


def _text_checks(text: str, is_source: bool, tag: str, registry: Registry) -> list:
    return check_page_text(text, is_source=is_source, tag=tag, registry=registry)


def _code_fingerprint() -> str:
    from loa.languages import html_allowlist

    return hashlib.sha1(b"".join(Path(module).read_bytes() for module in (__file__, html_allowlist.__file__))
                        ).hexdigest()


def check_placement(path: Path, root: Path, registry: Registry, *, noun: str, example: str
                    ) -> tuple[str | None, list[tuple[int, str, str]]]:
    """Where a content file sits: ``root/<language>/<name>.md`` (``root`` is ``content/pages``,
    ``content/scripts``…; ``noun`` names its files in messages, ``example`` is the stem suggested
    for a name with no usable letters). Returns ``(language folder or None, [(line, message,
    hint)])``; the folder is None when the file is not a ``.md`` file two levels down, and its
    text should not be read."""
    where = f"content/{root.name}"
    relative = path.relative_to(root).parts
    if path.suffix != ".md":
        return None, [(1, f"only Markdown {noun} (.md) belong in {where}",
                       f"rename it to end in .md, or move it out of {where}")]
    if len(relative) != 2:
        return None, [(1, f"{noun} must be in {where}/<language>/<name>.md",
                       f"move it into one of: {', '.join(f'{where}/{t}' for t in registry.tags)}")]
    folder = relative[0]
    found: list[tuple[int, str, str]] = []
    if registry.get(folder) is None:
        found.append((1, *registry.unknown_tag_message(folder)))
    if not NAME_RE.match(path.stem):
        suggestion = re.sub(r"[^a-z0-9]+", "-", path.stem.lower()).strip("-") or example
        found.append((1, f"file name '{path.name}' must be lower case letters, digits and '-'",
                      f"rename it to '{suggestion}.md' (no accents, no spaces)"))
    return folder, found


def check_pages(content_root, registry: Registry, problems: Problems, *, cache_dir=None,
                files: PageFiles | None = None, jobs: int = 1) -> set[str]:
    """Check every file under ``content_root/pages`` with :func:`check_page`. Adds problems;
    returns the paths (as strings) of files with errors, so later stages need not report them
    twice. With ``cache_dir``, the results of unchanged pages are kept there
    (:class:`CheckedTexts`). ``files``: the page files the build read already
    (:func:`loa.site.pages.read_pages`); a file not among them is read here. ``jobs`` > 1: the
    text checks of pages not checked before run on that many processes first
    (:func:`loa.parallel.map_pure`)."""
    content_root = Path(content_root)
    remembered = CheckedTexts(cache_dir)
    bad: set[str] = set()
    pages = content_root / "pages"
    if not pages.is_dir():
        return bad
    checked = []   # (path, folder, found, text): every file read once
    for path in sorted(pages.rglob("*")):
        if not path.is_file() or path.name.startswith("."):
            continue
        folder, found = check_placement(path, pages, registry, noun="pages", example="trang")
        text = None
        if folder is not None:
            page = (files.get(path) if files is not None else None) or read_page(path, folder)
            text, error = page.text, page.decode_error
            if error:
                found.append(error)
                text = None
        checked.append((path, folder, found, text))
    if jobs > 1:
        _check_new_texts([(folder, text) for _, folder, _, text in checked if text is not None],
                         registry, remembered, jobs)
    for path, folder, found, text in checked:
        if text is not None:
            found += check_page(text, tag=folder, registry=registry, content_root=content_root,
                                remembered=remembered)
        for line, message, hint in found:
            problems.add(path, line, message, hint)
        if found:
            bad.add(str(path.resolve()))
    remembered.save()
    return bad
