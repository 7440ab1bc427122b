"""The translation status report: per language, which pages are current, draft, stale or missing,
and how many interface strings are translated. Read straight from the files; no Pelican.

Used by ``invoke i18n.status`` (:func:`render_text`), by the coordinators' page that the
``loa.freshness`` plugin writes, and by the translator's kit.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import polib

from loa.site import policy
from loa.incremental import Memo, file_key
from loa.languages.catalogs import po_path
from loa.site.registry import Language, Registry
from loa.problems import Problems
from loa.site.pages import PageFile, PageFiles, read_page

CURRENT, DRAFT, STALE, MISSING = "current", "draft", "stale", "missing"
PAGE_STATES = (CURRENT, DRAFT, STALE, MISSING)


@dataclass(frozen=True)
class PageState:
    """One source page in one language.

    ``state``: one of :data:`PAGE_STATES` (the translation's own state: ``current`` = hash
    matches and reviewed). ``published``: whether a production build shows the translation's
    text (False: readers see the Vietnamese page with a notice). ``path``: the translation file,
    existing or to be created.
    """

    name: str
    title: str
    state: str
    critical: bool
    published: bool
    path: Path
    source_path: Path
    translator: str = ""
    reviewer: str = ""


@dataclass(frozen=True)
class StringCounts:
    """Interface strings of one catalog, counted with polib: obsolete entries and the header
    are not counted; a fuzzy entry is neither translated nor untranslated (gettext leaves it
    out of the compiled catalog). ``pybabel compile --statistics`` counts fuzzy entries as
    translated (research/translation-workflow.md §5), so it is not used."""

    translated: int
    fuzzy: int
    untranslated: int

    @property
    def total(self) -> int:
        return self.translated + self.fuzzy + self.untranslated


@dataclass
class LanguageReport:
    language: Language
    pages: list[PageState] = field(default_factory=list)
    strings: StringCounts | None = None

    def count(self, state: str) -> int:
        return sum(1 for p in self.pages if p.state == state)

    @property
    def percent(self) -> int | None:
        """Current pages as a percentage of source pages, rounded down (99.6 % is not done);
        ``None`` when there are no source pages."""
        return 100 * self.count(CURRENT) // len(self.pages) if self.pages else None

    @property
    def to_do(self) -> list[PageState]:
        """Pages that are not current: missing first, then stale, then draft; critical first."""
        order = {MISSING: 0, STALE: 1, DRAFT: 2}
        return sorted((p for p in self.pages if p.state != CURRENT),
                      key=lambda p: (not p.critical, order[p.state], p.name))

    @property
    def critical_gaps(self) -> list[PageState]:
        """Critical pages whose translation is stale or missing (``--strict`` fails on these)."""
        return [p for p in self.pages if p.critical and p.state in (STALE, MISSING)]


@dataclass
class Report:
    """The whole report: ``sources`` (source pages by name), one :class:`LanguageReport` per
    translated language in registry order, and lint ``problems`` (warnings)."""

    source_language: Language
    sources: dict[str, PageFile]
    languages: list[LanguageReport]
    problems: Problems
    kind: str = "pages"

    def get(self, tag: str) -> LanguageReport | None:
        return next((lr for lr in self.languages if lr.language.tag == tag), None)


_READ = Memo()  # unchanged pages are not read again while `invoke serve` runs


def read_pages(folder: Path, tag: str, problems: Problems, files: PageFiles | None = None) -> dict[str, PageFile]:
    """Every ``*.md`` page in ``folder``, by name (:class:`loa.site.pages.PageFile`), from
    ``files`` when the build has read them already; unreadable files become problems."""
    pages = {}
    for path in sorted(Path(folder).glob("*.md")):
        try:
            page = (files.get(path) if files is not None else None) or \
                _READ.get((str(path), tag, file_key(path)), lambda path=path: read_page(path, tag))
        except OSError as exc:
            problems.add(path, 1, f"cannot read this page: {exc}", "save it as UTF-8")
            continue
        if page.decode_error is not None:
            problems.add(path, page.decode_error[0], f"cannot read this page: {page.decode_error[1]}", "save it as UTF-8")
            continue
        pages[path.stem] = page
    return pages


def count_strings(path) -> StringCounts | None:
    """Count a PO file's entries (see :class:`StringCounts`); ``None`` when the file does not
    exist. Raises ``OSError`` / ``ValueError`` (polib) when it cannot be parsed. An unchanged
    file is counted once (kept between builds)."""
    if not Path(path).exists():
        return None
    return _COUNTS.get((str(Path(path).resolve()), file_key(path)), lambda: _count_strings(path))


_COUNTS = Memo(name="catalog-counts")


def _count_strings(path) -> StringCounts:
    translated = fuzzy = untranslated = 0
    for entry in polib.pofile(str(path)):
        if entry.obsolete or not entry.msgid:
            continue
        if entry.fuzzy:
            fuzzy += 1
        elif entry.translated():
            translated += 1
        else:
            untranslated += 1
    return StringCounts(translated, fuzzy, untranslated)


#: The kinds of translated content, each a folder of ``content/<kind>/<tag>/<name>.md`` with the
#: same freshness rules: pages, and read-aloud scripts (loa.spoken, docs/scripts.md).
CONTENT_KINDS = ("pages", "scripts")


def build_report(content_dir, registry: Registry, translations_dir, *, production: bool = True,
                 orphans: bool = True, kind: str = "pages", files: PageFiles | None = None) -> Report:
    """Compute the report from ``content_dir/pages/<tag>/*.md`` and the catalogs in
    ``translations_dir``.

    ``production`` only affects ``PageState.published`` (what the public site shows, by
    :func:`loa.site.policy.decide`). Lint warnings collected in ``Report.problems``: a
    translation without a source, without a valid ``source_hash``, or still holding the
    Vietnamese text unchanged (``orphans=False`` leaves out the first, which the build already
    reports as an error). Never raises for content; an unreadable PO is a problem. ``kind``: one
    of :data:`CONTENT_KINDS`, the folder under ``content_dir`` that is read; ``files``: the page
    files a build has read already (:class:`loa.site.pages.PageFiles`), not read again.
    """
    content_dir = Path(content_dir)
    problems = Problems()
    source_tag = registry.source.tag
    sources = read_pages(content_dir / kind / source_tag, source_tag, problems, files)
    reports = []
    for language in registry:
        if language.is_source:
            continue
        folder = content_dir / kind / language.tag
        translations = read_pages(folder, language.tag, problems, files)
        report = LanguageReport(language)
        for name, source in sources.items():
            translation = translations.get(name)
            report.pages.append(_page_state(source, translation, folder / f"{name}.md", language, production))
            if translation is not None:
                _lint(translation, source, problems)
        for name, translation in translations.items():
            if orphans and name not in sources:
                problems.warn(translation.path, 1, f"translation has no source: {kind}/{source_tag}/{name}.md does not exist",
                              "rename it like its Vietnamese page, or delete it if that page was removed")
        try:
            report.strings = count_strings(po_path(translations_dir, language.tag))
        except (OSError, ValueError) as exc:
            problems.warn(po_path(translations_dir, language.tag), 1, f"catalog cannot be read: {exc}")
        reports.append(report)
    return Report(registry.source, sources, reports, problems, kind)


def _page_state(source: PageFile, translation: PageFile | None, path: Path, language: Language,
                production: bool) -> PageState:
    review = translation.meta.get("translation_status") if translation else None
    recorded = translation.meta.get("source_hash") if translation else None
    if translation is None:
        state = MISSING
    else:
        state = policy.translation_status(recorded, source.body_hash, review)
    decision = policy.decide(is_source_language=False, has_translation=translation is not None,
                           recorded_hash=recorded, current_hash=source.body_hash, review=review,
                           critical=source.critical, production=production,
                           drafts_allowed=language.publish_drafts)
    meta = translation.meta if translation else {}
    return PageState(source.name, source.title, state, source.critical, decision.show_translation,
                     path, source.path, meta.get("translator", ""), meta.get("reviewer", ""))


def _lint(translation: PageFile, source: PageFile, problems: Problems) -> None:
    from loa.problems import line_of_key

    recorded = translation.meta.get("source_hash")
    if not recorded:
        problems.warn(translation.path, 1, "no source_hash: Loa cannot tell which Vietnamese version this translates",
                      f"run: invoke i18n.stamp {translation.tag} {translation.name}")
    elif policy.clean_hash(recorded) is None:
        problems.warn(translation.path, line_of_key(translation.path, "source_hash"),
                      f"source_hash '{recorded}' is not 16 hexadecimal digits",
                      f"run: invoke i18n.stamp {translation.tag} {translation.name}")
    same_title = policy.normalise(translation.meta.get("title", ""), "") == policy.normalise(source.meta.get("title", ""), "")
    if same_title and translation.body_hash == source.body_hash:  # hash only when it can match
        problems.warn(translation.path, 1, "this file still holds the Vietnamese text",
                      "translate it, or delete it until it is translated")


# -- rendering ---------------------------------------------------------------------------------

STATE_WORDS = {MISSING: "missing", STALE: "stale", DRAFT: "draft", CURRENT: "current"}


def strings_text(counts: StringCounts | None) -> str:
    if counts is None:
        return "no catalog"
    text = f"{counts.translated}/{counts.total} translated"
    if counts.fuzzy:
        text += f", {counts.fuzzy} fuzzy"
    return text + f", {counts.untranslated} untranslated"


def render_text(report: Report, tags: list[str] | None = None) -> str:
    """The plain-text table for ``invoke i18n.status``: one row per language, then every
    non-current page per language, then lint warnings. ``tags`` limits the languages shown."""
    rows = [lr for lr in report.languages if not tags or lr.language.tag in tags]
    head = ("language", "current", "draft", "stale", "missing", "complete", "interface strings")
    table = [head] + [(f"{lr.language.tag}  {lr.language.english_name}", str(lr.count(CURRENT)),
                       str(lr.count(DRAFT)), str(lr.count(STALE)), str(lr.count(MISSING)),
                       "-" if lr.percent is None else f"{lr.percent}%", strings_text(lr.strings)) for lr in rows]
    widths = [max(len(r[i]) for r in table) for i in range(len(head))]
    noun = "read-aloud scripts" if report.kind == "scripts" else "pages"
    lines = [f"Translation status: {len(report.sources)} source {noun} in "
             f"{report.source_language.english_name} ({report.source_language.tag})", ""]
    for row in table:
        cells = [row[0].ljust(widths[0])] + [c.rjust(w) for c, w in zip(row[1:6], widths[1:6])] + [row[6]]
        lines.append("  ".join(cells).rstrip())
    for lr in rows:
        if not lr.to_do:
            continue
        lines += ["", f"{lr.language.tag}: to do"]
        width = max(len(p.name) for p in lr.to_do)
        for page in lr.to_do:
            notes = []
            if page.critical:
                notes.append("CRITICAL")
            if not page.published:
                notes.append("public site shows Vietnamese")
            note = f"  ({'; '.join(notes)})" if notes else ""
            lines.append(f"  {STATE_WORDS[page.state]:<8} {page.name.ljust(width)}{note}")
    lines += ["", "current: matches today's Vietnamese page and was reviewed; draft: matches, not yet reviewed;",
              "stale: the Vietnamese page changed since (invoke i18n.diff TAG PAGE); missing: not started",
              "(invoke i18n.new TAG PAGE). After updating: invoke i18n.stamp TAG PAGE. Offline: invoke i18n.kit TAG."]
    if report.problems.items:
        lines += ["", "Warnings:"] + [f"  {p}".replace("\n", "\n  ") for p in report.problems.items]
    return "\n".join(lines) + "\n"


def strict_failures(report: Report) -> list[str]:
    """One line per critical page that is stale or missing in some language: ``--strict`` exits
    non-zero when this list is not empty (issue 5)."""
    return [f"{lr.language.tag}/{p.name}: critical page is {p.state}"
            for lr in report.languages for p in lr.critical_gaps]
