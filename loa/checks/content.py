"""Content rules that need no build: page metadata, outdated facts, pictograms, translation
hashes, Unicode NFC and sentence length. Pure functions over a folder of pages.

Each ``check_*`` function takes ``content/pages`` (and what else it needs) and returns a list of
:class:`~loa.problems.Problem` (``path:line: message``, with a hint and a severity), so the same
function runs in ``invoke build`` / ``invoke check`` (:func:`check_content`, called by the
``loa.checks`` plugin) and in the tests, on the real content and on small bad examples.
Paths are shown relative to ``root`` when they are inside it.

Outdated facts are data, not code: ``content/data/outdated.yaml`` (:func:`load_outdated`), so a
communicator can add one. The facts behind the first entries are in research/domain.md
(sections 0 and 2): Law 66/2011/QH12 was replaced by Law 53/2024/QH15 (in force 1 July 2025);
the old hotline 1800 1567 was replaced by 111 on 6 December 2017.

Plain language (docs/content-guide.md): a sentence of more than :data:`MAX_SYLLABLES` syllables
on a page for villagers is a warning. Vietnamese writes one syllable per space-separated token,
so syllables are counted as tokens; only source-language (Vietnamese) pages are measured.
Pages whose metadata says ``audience: staff`` (the officials' handbook) are not measured.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from loa.incremental import Memo, file_key
from loa.site.metadata import split_metadata
from loa.site.policy import clean_hash
from loa.problems import ERROR, WARNING, Problem

SOURCE_LANGUAGE = "vi"
REQUIRED_SOURCE_KEYS = ("summary", "sources", "reviewed_on")
SUMMARY_MAX = 160            # characters: what search engines show (docs/content-guide.md)
PICTOGRAM_MAX_BYTES = 1024   # PRODUCT.md: a pictogram is at most 1 KB
AUDIENCES = ("staff",)       # ``audience:`` values; no line means villagers
MAX_SYLLABLES = 25           # content review (2026-12-01), section 2: over 25 is too long to follow
OUTDATED_KEYS = ("pattern", "reason", "current")
OUTDATED_OPTIONAL = ("allowed_with",)


def _shown(path: Path, root: Path | None) -> str:
    if root is not None:
        try:
            return Path(path).resolve().relative_to(Path(root).resolve()).as_posix()
        except ValueError:
            pass
    return Path(path).as_posix()


def _problem(path, line: int, message: str, hint: str = "", severity: str = ERROR, root=None) -> Problem:
    return Problem(_shown(path, root), max(int(line or 1), 1), message, hint, severity)


def _read(path: Path) -> str:
    """A file's text, LF line ends. Every ``check_*`` over a folder takes ``read`` (a function
    of a path giving its text) instead, for a build that has read its pages already
    (:meth:`loa.site.pages.PageFiles.text`)."""
    return Path(path).read_text(encoding="utf-8-sig", errors="replace").replace("\r\n", "\n")


_RULES = Memo(name="content-rules")  # one file's findings per rule, in this process or the next


def _per_file(rule: str, path: Path, settings, compute) -> list[tuple]:
    """What ``compute()`` finds in one file, ``[(line, message, hint, severity)]``, worked out
    again only when the file (its :func:`~loa.incremental.file_key`) or ``settings`` change."""
    return _RULES.get((rule, str(path), file_key(path), settings), compute)


def _key_line(text: str, key: str) -> int:
    """1-based line of ``key:`` in the metadata block, or 1 when the key is absent."""
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            break
        if re.match(rf"^{re.escape(key)}\s*:", line, re.IGNORECASE):
            return number
    return 1


def _body_start(text: str) -> int:
    """1-based line after the metadata block (the first line of the body)."""
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            return number + 1
    return 1


def _paragraphs(text: str, start: int = 1):
    """Yield each blank-line-separated block from line ``start`` on, as [(line number, line)]."""
    block: list[tuple[int, str]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if number < start:
            continue
        if line.strip():
            block.append((number, line))
        elif block:
            yield block
            block = []
    if block:
        yield block


def audience(text: str) -> str:
    """The page's ``audience`` (``"staff"``), or ``""`` for a page for villagers."""
    meta, _ = split_metadata(text)
    return str(meta.get("audience", "")).strip().lower()


# -- metadata ----------------------------------------------------------------------------------
def check_source_metadata(pages: Path, root: Path | None = None, *, missing: str = ERROR,
                          read=None) -> list[Problem]:
    """Every source page has ``summary``, ``sources`` and ``reviewed_on`` (a missing one has
    severity ``missing``: the build makes it a warning in development, an error in production);
    a summary fits in :data:`SUMMARY_MAX` characters; ``audience``, when given, is one of
    :data:`AUDIENCES`."""
    problems = []
    for path in sorted((Path(pages) / SOURCE_LANGUAGE).glob("*.md")):
        def check(path=path) -> list[tuple]:
            found = []
            text = (read or _read)(path)
            meta, _ = split_metadata(text)
            for key in REQUIRED_SOURCE_KEYS:
                if not str(meta.get(key, "")).strip():
                    found.append((1, f"missing '{key}' in the metadata block",
                                  f"add a line '{key}: …' (docs/content-guide.md)", missing))
            summary = str(meta.get("summary", ""))
            if len(summary) > SUMMARY_MAX:
                found.append((_key_line(text, "summary"), f"summary is {len(summary)} characters; the limit is {SUMMARY_MAX}",
                              f"shorten it to {SUMMARY_MAX} characters or fewer", ERROR))
            value = audience(text)
            if "audience" in meta and value not in AUDIENCES:
                found.append((_key_line(text, "audience"), f"audience '{value}' is not known",
                              "write 'audience: staff' for a page for officials; leave the line "
                              "out for a page for villagers", ERROR))
            return found

        problems += [_problem(path, *finding, root=root) for finding in _per_file("metadata", path, missing, check)]
    return problems


# -- outdated facts ----------------------------------------------------------------------------
@dataclass(frozen=True)
class OutdatedFact:
    """One entry of ``outdated.yaml``: ``pattern`` (a regular expression, case-insensitive) that
    marks the outdated fact; ``allowed_with`` (optional) words that, in the same paragraph,
    show it is mentioned as history; ``reason`` why it is outdated; ``current`` what to write
    instead; ``line`` where the entry starts in the file."""

    pattern: re.Pattern
    reason: str
    current: str
    allowed_with: re.Pattern | None = None
    line: int = 1


def load_outdated(path: Path, root: Path | None = None) -> tuple[list[OutdatedFact], list[Problem]]:
    """Read ``outdated.yaml``: ``outdated:`` followed by a list of entries with ``pattern``,
    ``reason``, ``current`` and optionally ``allowed_with``. A missing file gives no facts and
    no problem. Returns ``(facts, problems)``: each bad entry (a missing key, an unknown key,
    a pattern that is not a valid regular expression) is a problem at its line, and left out."""
    from loa.problems import Problems
    from loa.yamlfile import load_with_lines

    path = Path(path)
    if not path.is_file():
        return [], []
    collected = Problems(root=Path(root) if root else Path.cwd())
    data = load_with_lines(path, collected)
    problems = [_problem(path, p.line, p.message, p.hint, p.severity, root) for p in collected.items]
    if data is None:
        return [], problems
    entries = data.get("outdated") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        problems.append(_problem(path, getattr(data, "line", 1), "the file must start with 'outdated:' "
                                 "followed by a list of entries",
                                 "copy the example at the top of the file", root=root))
        return [], problems
    facts = []
    for entry in entries:
        line = getattr(entry, "line", getattr(entries, "line", 1))
        if not isinstance(entry, dict):
            problems.append(_problem(path, line, "each outdated fact must be an entry with "
                                     "pattern, reason and current", "start each entry with '- pattern: '",
                                     root=root))
            continue
        bad = False
        for key in OUTDATED_KEYS:
            if not str(entry.get(key) or "").strip():
                problems.append(_problem(path, line, f"this outdated fact has no '{key}'",
                                         f"add a line '{key}: …' to the entry", root=root))
                bad = True
        for key in entry:
            if key not in OUTDATED_KEYS + OUTDATED_OPTIONAL:
                problems.append(_problem(path, entry.line_of(key), f"unknown key '{key}' in an outdated fact",
                                         f"use only: {', '.join(OUTDATED_KEYS + OUTDATED_OPTIONAL)}", root=root))
                bad = True
        compiled = {}
        for key in ("pattern", "allowed_with"):
            if str(entry.get(key) or "").strip():
                try:
                    compiled[key] = re.compile(str(entry[key]), re.IGNORECASE)
                except re.error as exc:
                    problems.append(_problem(path, entry.line_of(key), f"'{key}' is not a valid pattern: {exc}",
                                             "write plain words, with | between alternatives; put \\ before . ( ) [ ] ?",
                                             root=root))
                    bad = True
        if not bad:
            facts.append(OutdatedFact(compiled["pattern"], str(entry["reason"]).strip(),
                                      str(entry["current"]).strip(), compiled.get("allowed_with"), line))
    return facts, problems


def check_outdated_facts(pages: Path, facts: list[OutdatedFact], root: Path | None = None, *,
                         read=None) -> list[Problem]:
    """No page (any language) states an outdated fact as current: a line matching a fact's
    ``pattern`` is an error unless its paragraph also matches ``allowed_with``."""
    facts_key = tuple((f.pattern.pattern, f.allowed_with.pattern if f.allowed_with else None, f.reason, f.current)
                      for f in facts)
    return [_problem(path, line, message, hint, root=root)
            for path in sorted(Path(pages).rglob("*.md"))
            for line, message, hint in _per_file("outdated", path, facts_key,
                                                 lambda path=path: outdated_in_text((read or _read)(path), facts))]


def outdated_in_text(text: str, facts: list[OutdatedFact]) -> list[tuple[int, str, str]]:
    """The outdated facts one file's ``text`` states as current, as ``[(line, message, hint)]``:
    a line matching a fact's ``pattern`` unless its paragraph also matches ``allowed_with``."""
    found = []
    for block in _paragraphs(text):
        joined = " ".join(line for _, line in block)
        for number, line in block:
            for fact in facts:
                if fact.pattern.search(line) and not (fact.allowed_with and fact.allowed_with.search(joined)):
                    hint = f"write instead: {fact.current}"
                    if fact.allowed_with is not None:
                        hint += f"; or say in the same paragraph that it is history ({fact.allowed_with.pattern})"
                    found.append((number, f"outdated fact: {fact.reason}", hint))
    return found


# -- pictograms --------------------------------------------------------------------------------
_PICTO = re.compile(r"\[\[picto:([^\]]*)\]\]")


def check_pictograms(pages: Path, pictograms: Path, root: Path | None = None, *, read=None) -> list[Problem]:
    """Every ``[[picto:NAME|alt]]`` has alt text and names an SVG in ``pictograms`` of at most
    :data:`PICTOGRAM_MAX_BYTES`."""
    problems = []
    for path in sorted(Path(pages).rglob("*.md")):
        for number, line in enumerate((read or _read)(path).splitlines(), start=1):
            for match in _PICTO.finditer(line):
                name, _, alt = match.group(1).partition("|")
                svg = Path(pictograms) / f"{name}.svg"
                if not alt.strip():
                    problems.append(_problem(path, number, f"pictogram '{name}' has no alt text",
                                             f"write [[picto:{name}|words]]", root=root))
                if not svg.is_file():
                    known = ", ".join(sorted(p.stem for p in Path(pictograms).glob("*.svg"))) or "none"
                    problems.append(_problem(path, number, f"unknown pictogram '{name}'",
                                             f"known: {known}", root=root))
                elif svg.stat().st_size > PICTOGRAM_MAX_BYTES:
                    problems.append(_problem(path, number, f"pictogram '{name}' is {svg.stat().st_size} bytes;"
                                             f" the limit is {PICTOGRAM_MAX_BYTES}",
                                             "simplify the drawing (fewer points, no metadata)", root=root))
    return problems


def check_pictogram_sizes(pictograms: Path, root: Path | None = None) -> list[Problem]:
    """Every SVG in ``pictograms`` is at most :data:`PICTOGRAM_MAX_BYTES` (the build's rule:
    names and alt text of ``[[picto:…]]`` are checked by loa.directory as the pages are read)."""
    return [_problem(svg, 1, f"pictogram '{svg.stem}' is {svg.stat().st_size} bytes; the limit is "
                     f"{PICTOGRAM_MAX_BYTES}", "simplify the drawing (fewer points, no metadata)", root=root)
            for svg in sorted(Path(pictograms).glob("*.svg")) if svg.stat().st_size > PICTOGRAM_MAX_BYTES]


# -- translations ------------------------------------------------------------------------------
def check_translation_hashes(pages: Path, root: Path | None = None, *, stale: bool = True,
                             read=None) -> list[Problem]:
    """Every translation has a source page of the same name and a well-formed ``source_hash``
    (16 hex digits); with ``stale=True`` the hash must also be the source's current one.

    The build runs it with ``stale=False``: a translation older than its source is a normal
    state the site shows with a notice (loa.freshness), reported by ``invoke i18n.status``.
    The tests run it with ``stale=True`` on the repository's content."""
    from loa.site.policy import hash_file_text

    pages = Path(pages)
    problems = []
    for folder in sorted(p for p in pages.iterdir() if p.is_dir() and p.name != SOURCE_LANGUAGE):
        for path in sorted(folder.glob("*.md")):
            source = pages / SOURCE_LANGUAGE / path.name
            if not source.is_file():
                problems.append(_problem(path, 1, f"no source page {SOURCE_LANGUAGE}/{path.name}",
                                         "rename the file to match its source", root=root))
                continue
            def form(path=path) -> tuple[str, int, bool]:
                text = (read or _read)(path)
                meta, _ = split_metadata(text)
                recorded = str(meta.get("source_hash", "")).strip()
                return recorded, _key_line(text, "source_hash"), bool(recorded) and clean_hash(recorded) is None

            recorded, line, malformed = _per_file("source-hash", path, None, form)
            if malformed:
                problems.append(_problem(path, line, f"source_hash '{recorded}' is not a hash (16 letters a-f and digits)",
                                         "copy it again from 'invoke i18n.status', or run 'invoke i18n.stamp'",
                                         root=root))
                continue
            if not stale:
                continue
            current = hash_file_text((read or _read)(source))
            if clean_hash(recorded) != current:
                what = f"is {recorded}" if recorded else "is missing"
                problems.append(_problem(path, line, f"source_hash {what}, but the source's hash is {current}",
                                         f"check the translation against the source, then set source_hash: {current}",
                                         root=root))
    return problems


# -- Unicode -----------------------------------------------------------------------------------
def check_nfc(pages: Path, root: Path | None = None, *, read=None) -> list[Problem]:
    """Every page is stored in Unicode NFC (composed Vietnamese letters)."""
    return [_problem(path, line, message, hint, root=root)
            for path in sorted(Path(pages).rglob("*.md"))
            for line, message, hint in _per_file("nfc", path, None, lambda path=path: not_nfc_in_text((read or _read)(path)))]


def not_nfc_in_text(text: str) -> list[tuple[int, str, str]]:
    """The lines of ``text`` not stored in Unicode NFC, as ``[(line, message, hint)]``."""
    return [(number, "text is not in Unicode NFC",
             "re-save it composed (NFC); most editors have 'Normalize' or 'Unicode: NFC' in their encoding menu")
            for number, line in enumerate(text.splitlines(), start=1)
            if unicodedata.normalize("NFC", line) != line]


# -- plain language ----------------------------------------------------------------------------
_MARKUP = [
    (re.compile(r"\[\[[^\]]*\]\]"), " "),               # [[hotline:111]], [[picto:…]], [[directory]]
    (re.compile(r"!?\[([^\]]*)\]\([^)]*\)"), r"\1"),     # [words](address) → words
    (re.compile(r"<https?://[^>]+>"), " "),             # <https://…>
    (re.compile(r"https?://\S+"), " "),
    (re.compile(r"\{:[^}]*\}"), " "),                   # {: lang="…"}
    (re.compile(r"<[^>]+>"), " "),                      # inline HTML tags
    (re.compile(r"[*_`]+"), ""),
]
_LINE_START = re.compile(r"^\s*(?:#{1,6}\s+|[-*+]\s+|\d+[.)]\s+|>\s*|\|)")
_SENTENCE_END = re.compile(r"(?<=[.!?…;])\s+|(?<=:)\s+(?=\S)")
_WORD = re.compile(r"\w", re.UNICODE)


def sentences(text: str, start: int = 1):
    """Yield ``(line, sentence)`` for the body of a Markdown page from line ``start``: a
    heading, a list item or a table cell is its own sentence; inside a paragraph sentences end
    at ``. ! ? … ;`` or ``:`` followed by a space. Markup, addresses and ``[[…]]`` codes are
    removed first; fenced code is skipped."""
    in_fence = False
    current: list[str] = []
    current_line = start

    def flush():
        joined = " ".join(current).strip()
        current.clear()
        if not joined:
            return
        for part in _SENTENCE_END.split(joined):
            if part.strip():
                yield current_line, part.strip()

    for number, raw in enumerate(text.splitlines(), start=1):
        if number < start:
            continue
        if re.match(r"^\s*(```|~~~)", raw):
            in_fence = not in_fence
            yield from flush()
            continue
        if in_fence:
            continue
        line = raw
        for pattern, replacement in _MARKUP:
            line = pattern.sub(replacement, line)
        if not line.strip() or _LINE_START.match(raw) or set(line.strip()) <= set("|-: "):
            yield from flush()
            if not line.strip():
                continue
        if not current:
            current_line = number
        if "|" in raw and raw.strip().startswith("|"):
            for cell in line.split("|"):
                current.append(cell)
                yield from flush()
            continue
        current.append(_LINE_START.sub("", line))
    yield from flush()


def syllables(sentence: str) -> int:
    """Syllables in a Vietnamese sentence: its space-separated tokens that contain a letter or
    a digit (one written syllable each)."""
    return sum(1 for token in sentence.split() if _WORD.search(token))


def check_sentence_length(pages: Path, root: Path | None = None,
                          limit: int = MAX_SYLLABLES, *, read=None) -> list[Problem]:
    """A WARNING for each sentence of more than ``limit`` syllables on a Vietnamese page for
    villagers (every source page except ``audience: staff``)."""
    problems = []
    for path in sorted((Path(pages) / SOURCE_LANGUAGE).glob("*.md")):
        def check(path=path) -> list[tuple]:
            text = (read or _read)(path)
            if audience(text) in AUDIENCES:
                return []
            found = []
            for line, sentence in sentences(text, _body_start(text)):
                count = syllables(sentence)
                if count > limit:
                    words = " ".join(sentence.split()[:6])
                    found.append((line, f"a sentence of {count} syllables (\"{words} …\"); "
                                  f"pages for villagers keep to {limit}",
                                  "split it in two, or cut words that add nothing "
                                  "(docs/content-guide.md, Plain language)", WARNING))
            return found

        problems += [_problem(path, *finding, root=root) for finding in _per_file("sentences", path, limit, check)]
    return problems


# -- all of them -------------------------------------------------------------------------------
def check_content(content: Path, root: Path | None = None, *, outdated_file: Path | None = None,
                  production: bool = False, read=None) -> list[Problem]:
    """Every rule above over a content folder (``content/``: ``pages/`` and the read-aloud
    ``scripts/``, ``pictograms/``, ``data/outdated.yaml``), as the build runs them: missing
    metadata is a warning unless ``production``; pictograms by size; translation hashes only for
    their form. ``read``: a function of a path giving the file's text (default: read it)."""
    content = Path(content)
    pages = content / "pages"
    if not pages.is_dir():
        return []
    facts, problems = load_outdated(outdated_file or content / "data" / "outdated.yaml", root)
    for folder in (pages, content / "scripts"):
        if not folder.is_dir():
            continue
        problems += check_source_metadata(folder, root, missing=ERROR if production else WARNING, read=read)
        problems += check_outdated_facts(folder, facts, root, read=read)
        problems += check_translation_hashes(folder, root, stale=False, read=read)
        problems += check_nfc(folder, root, read=read)
        problems += check_sentence_length(folder, root, read=read)
    problems += check_pictogram_sizes(content / "pictograms", root)
    return problems
