"""Checks on the Markdown files themselves, before Pelican reads them.

Pelican skips a file it cannot read with a log line that names no line ("Could not process",
"could not find information about 'title'"). These checks run first and say exactly what is
wrong and where, in words a communicator can act on. Each returns ``[(line, message, hint)]``
for one file's text, so they can be tested as plain functions.

Raw HTML that can run code (``<script>``, ``on…=`` handlers, ``javascript:`` links, frames,
forms, ``<style>``) is **rejected**, not sanitised: a page is text for villagers, nothing in it
needs to run, and a silent rewrite would hide a mistake (or an attack) from the person who made
it. See ``docs/errors.md``.
"""
from __future__ import annotations

import difflib
import re
from datetime import date
from pathlib import Path

from loa.incremental import Memo, file_key
from loa.languages.registry import Registry
from loa.problems import Problems

NAME_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
META_LINE = re.compile(r"^([A-Za-z0-9_-]+)\s*:(.*)$")
DATE_KEYS = ("date", "modified", "reviewed_on")
# Metadata a page may carry (docs/content-guide.md); a translation adds its own record.
PAGE_KEYS = ("title", "summary", "sources", "reviewed_on", "order", "critical", "pictogram", "story", "audience",
             "consent", "date", "modified", "lang")
TRANSLATION_KEYS = ("translation_status", "translator", "reviewer", "source_hash", "translator_note")
_DANGEROUS = [
    (re.compile(r"<\s*script\b", re.I), "a <script> element", "pages cannot run scripts; remove it"),
    (re.compile(r"<\s*(iframe|frame|object|embed)\b", re.I), "an embedded frame or object",
     "pages load nothing from elsewhere; link to it instead"),
    (re.compile(r"<\s*form\b", re.I), "a form", "pages cannot send data; remove it"),
    (re.compile(r"<\s*style\b", re.I), "a <style> element", "styles belong in the theme (theme/static/css)"),
    (re.compile(r"<[^>]*\son[a-z]+\s*=", re.I), "an HTML event handler (on…=)", "remove the attribute"),
    (re.compile(r"javascript\s*:", re.I), "a javascript: link", "link to a page or a tel: number instead"),
    (re.compile(r"\{:?[^}]*\bon[a-z]+\s*=", re.I), "an event handler in an attribute list ({: on…= })",
     "remove it: only lang=\"…\" and classes belong in {: … }"),
]
_FENCE = re.compile(r"^\s*(```|~~~)")
_FILENAME_LINK = re.compile(r"\{filename\}/?([^)\s\"']+)")


def decode(data: bytes) -> tuple[str | None, tuple[int, str, str] | None]:
    """Decode a file as UTF-8 (a byte-order mark is allowed). Returns ``(text, None)`` or
    ``(None, (line, message, hint))`` naming the line of the first byte that is not UTF-8."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return None, (line, "this file is not UTF-8 text (perhaps saved as Windows-1258 or ANSI)",
                      "open it in your editor and save it again with the encoding 'UTF-8'")
    return text.replace("\r\n", "\n").replace("\r", "\n"), None


def check_page_text(text: str, *, is_source: bool) -> list[tuple[int, str, str]]:
    """Problems in one page's text (already decoded): metadata block, dates, body, raw HTML."""
    problems: list[tuple[int, str, str]] = []
    lines = text.split("\n")
    if not text.strip():
        return [(1, "this page is empty", "start with 'title: …', a blank line, then the text")]
    meta: dict[str, int] = {}
    body_start = None
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            body_start = number
            break
        match = META_LINE.match(line)
        if match:
            key = match.group(1).lower()
            problems += _check_key(number, key, is_source)
            if key in meta:
                problems.append((number, f"'{key}' is given twice (also line {meta[key]})", "keep one"))
            meta[key] = number
            value = match.group(2).strip()
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
        elif line[:1] in (" ", "\t") and meta:
            continue  # continues the previous value
        elif number == 1:
            return [(1, "the page does not start with its metadata",
                     "the first line must be 'title: …', then other 'key: value' lines, then a blank line")]
        else:
            problems.append((number, f"this metadata line has no ':' ('{line.strip()[:40]}')",
                             "write 'key: value', or leave a blank line before the text starts"))
    if "title" not in meta:
        problems.append((1, "the page has no title", "add 'title: …' as the first line"))
    body = lines[body_start:] if body_start else []
    if not any(line.strip() for line in body):
        problems.append((body_start or len(lines), "the page has metadata but no text",
                         "write the page's text after a blank line"))
    in_fence = False
    for offset, line in enumerate(body):
        if _FENCE.match(line):
            in_fence = not in_fence
            continue
        if in_fence:
            continue
        for pattern, what, hint in _DANGEROUS:
            if pattern.search(line):
                problems.append((body_start + offset + 1, f"{what} is not allowed in a page", hint))
        for message, hint in personal_data(line):
            problems.append((body_start + offset + 1, message, hint))
    problems += story_consent(meta, text)
    return problems


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


def story_consent(meta: dict[str, int], text: str) -> list[tuple[int, str, str]]:
    """A page marked ``story: true`` (a person's own account) must say ``consent: recorded``:
    the person agreed, in a way the team can show, to this exact text being published.
    Returns ``[(line, message, hint)]``."""
    if "story" not in meta:
        return []
    values = {}
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            break
        match = META_LINE.match(line)
        if match:
            values[match.group(1).lower()] = match.group(2).strip().lower()
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


_CHECKED = Memo()  # unchanged files are not checked again while `invoke serve` runs


def check_pages(content_root, registry: Registry, problems: Problems) -> set[str]:
    """Check every file under ``content_root/pages``. Adds problems; returns the paths (as
    strings) of files with errors, so later stages need not report them twice."""
    content_root = Path(content_root)
    bad: set[str] = set()
    pages = content_root / "pages"
    if not pages.is_dir():
        return bad
    for path in sorted(pages.rglob("*")):
        if not path.is_file() or path.name.startswith("."):
            continue
        relative = path.relative_to(pages).parts
        found: list[tuple[int, str, str]] = []
        if path.suffix != ".md":
            found.append((1, "only Markdown pages (.md) belong in content/pages",
                          "rename it to end in .md, or move it out of content/pages"))
        elif len(relative) != 2:
            found.append((1, "pages must be in content/pages/<language>/<name>.md",
                          f"move it into one of: {', '.join('content/pages/' + t for t in registry.tags)}"))
        else:
            folder = relative[0]
            if registry.get(folder) is None:
                message, hint = registry.unknown_tag_message(folder)
                found.append((1, message, hint))
            if not NAME_RE.match(path.stem):
                suggestion = re.sub(r"[^a-z0-9]+", "-", path.stem.lower()).strip("-") or "trang"
                found.append((1, f"file name '{path.name}' must be lower case letters, digits and '-'",
                              f"rename it to '{suggestion}.md' (no accents, no spaces)"))
            is_source = folder == registry.source.tag

            def check(path=path, is_source=is_source):
                text, error = decode(path.read_bytes())
                if error:
                    return [error], None
                return check_page_text(text, is_source=is_source), text

            own, text = _CHECKED.get((str(path), file_key(path), is_source), check)
            found += own
            if text is not None:
                found += check_links(text, content_root)
        for line, message, hint in found:
            problems.add(path, line, message, hint)
        if found:
            bad.add(str(path.resolve()))
    return bad
