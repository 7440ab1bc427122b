"""Every script of the site, checked and planned per language (no Pelican).

:func:`collect` reads ``content/scripts/<tag>/*.md``, runs the same text checks as pages
(:func:`loa.languages.preflight.check_page_text`, the typed-phone-number scan of
:mod:`loa.directory.scan`) and the script's own (kind, marks, hotline keys, spoken length), and
decides what each language shows with the pages' rules (:func:`loa.site.policy.decide`):
a usable translation, else the Vietnamese script marked as a fallback. Every problem is added to
one :class:`~loa.problems.Problems`; nothing is raised.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from loa.directory.scan import SHORT_CODES, find_typed_numbers
from loa.site import policy
from loa.site.plan import Planned, decide_for
from loa.languages.preflight import check_page_text, check_placement
from loa.site.pages import decode, read_page
from loa.site.registry import Registry
from loa.problems import Problems
from loa.spoken import core
from loa.spoken.core import Script, Speech

_OWN_KEYS = ("kind", "page")  # script metadata the page checks do not know


@dataclass
class PlannedScript(Planned):
    """What one language shows for one source script (:class:`loa.site.plan.Planned`, with
    :class:`~loa.spoken.core.Script` records): ``numbers`` (hotline key →
    :class:`~loa.spoken.core.SpokenNumber` in the shown script's language), ``syllables``,
    ``seconds`` (spoken length)."""

    numbers: dict = field(default_factory=dict)
    syllables: int = 0
    seconds: float = 0.0

    @property
    def length(self) -> str:
        return core.format_length(self.seconds)


@dataclass
class Collection:
    """``sources`` (name → Vietnamese script), ``translations`` ((tag, name) → script), ``plan``
    (tag → planned scripts in title order), ``bad`` (paths of files with errors)."""

    sources: dict[str, Script] = field(default_factory=dict)
    translations: dict[tuple[str, str], Script] = field(default_factory=dict)
    plan: dict[str, list[PlannedScript]] = field(default_factory=dict)
    bad: set = field(default_factory=set)

    def planned(self, tag: str) -> dict[str, PlannedScript]:
        return {p.name: p for p in self.plan.get(tag, [])}


def check_script_text(text: str, *, tag: str, name: str, path: str, is_source: bool, numbers: dict[str, str] | None,
                      pages: set[str] | None = None, source_kind: str | None = None) -> tuple[Script, list[tuple[int, str, str]]]:
    """One script file's problems ``[(line, message, hint)]`` and the parsed :class:`Script`.

    ``numbers``: hotline key → digits (``None``: keys not checked); ``pages``: the source page
    names a ``page:`` may name (``None``: not checked); ``source_kind``: for a translation, the
    Vietnamese script's ``kind``, used when the translation gives none."""
    script, problems = core.parse_script(text, tag=tag, name=name, path=path, source_kind=source_kind)
    own_lines = {script.line_of(k) for k in _OWN_KEYS if k in script.meta_lines}
    for line, message, hint in check_page_text(text, is_source=is_source):
        if line in own_lines and message.startswith("unknown metadata key"):
            continue
        problems.append((line, message.replace("in a page", "in a script"), hint))
    codes = set(SHORT_CODES) | {n for n in (numbers or {}).values() if len(n) <= 5}
    by_number = {digits: key for key, digits in (numbers or {}).items()}
    for typed in find_typed_numbers(text, codes):
        key = by_number.get(typed.digits)
        hint = (f"write [[hotline:{key}]]: it is spoken digit by digit" if key else
                "numbers are written once, in content/data/hotlines.yaml, with a public source; "
                "add it there and write [[hotline:KEY]]")
        problems.append((typed.line, f"phone number '{typed.text}' typed in the text", hint))
    if numbers is not None:
        for segment in script.hotlines():
            if segment.key not in numbers:
                problems.append((segment.line, f"unknown hotline '{segment.key}'; known: {', '.join(numbers) or 'none'}",
                                 "use one of the keys in content/data/hotlines.yaml"))
    page = str(script.meta.get("page", "")).strip()
    if page and pages is not None and page not in pages:
        problems.append((script.line_of("page"), f"page '{page}' does not exist",
                         "give the name of a page in content/pages/vi/ (without .md), or remove the line"))
    return script, sorted(problems, key=lambda p: p[0])


def collect(content_dir, registry: Registry, numbers: dict[str, str] | None, speech: dict[str, Speech],
            problems: Problems, *, production: bool = False) -> Collection:
    """Read, check and plan every script under ``content_dir/scripts``. ``numbers``: hotline key
    → digits from the directory (``None`` when the directory could not be read: keys are then not
    checked). ``speech``: :func:`loa.spoken.speech.read_speech`. See the module docstring."""
    content_dir = Path(content_dir)
    folder = content_dir / "scripts"
    result = Collection()
    if not folder.is_dir():
        return result
    source_tag = registry.source.tag
    pages = {p.stem for p in (content_dir / "pages" / source_tag).glob("*.md")}
    fallback = source_speech(speech, source_tag)
    for path in sorted(folder.rglob("*")):
        if not path.is_file() or path.name.startswith("."):
            continue
        script = None
        tag, found = check_placement(path, folder, registry, noun="scripts", example="bai")
        if tag is not None:
            text, error = decode(path.read_bytes())
            if error:
                found.append(error)
            else:
                script, own = check_script_text(text, tag=tag, name=path.stem, path=str(path),
                                                is_source=tag == source_tag, numbers=numbers, pages=pages,
                                                source_kind=_source_kind(folder / source_tag / path.name, tag, source_tag))
                found += own
                found += _translation_problems(script, tag, source_tag, folder)
                if not found and registry.get(tag) is not None:
                    voice = fallback if tag == source_tag else speech.get(tag) or Speech(tag)
                    found += _length_problems(script, voice, fallback, numbers or {})
        for line, message, hint in found:
            problems.add(path, line, message, hint)
        if found:
            result.bad.add(str(path.resolve()))
            continue
        if script.tag == source_tag:
            result.sources[script.name] = script
        else:
            result.translations[(script.tag, script.name)] = script
    result.plan = plan_scripts(registry, result.sources, result.translations, numbers or {}, speech,
                               production=production)
    return result


def _source_kind(source: Path, tag: str, source_tag: str) -> str | None:
    """The ``kind`` of a translation's Vietnamese script, or ``None`` (a source, or none readable)."""
    if tag == source_tag or not source.is_file():
        return None
    return read_page(source, source_tag).meta.get("kind")


def source_speech(speech: dict[str, Speech], source_tag: str) -> Speech:
    """The source language's :class:`Speech`, with :data:`~loa.spoken.core.VIETNAMESE_DIGITS`
    when ``languages.yaml`` gives it no digit names: the digits every other language falls back to."""
    own = speech.get(source_tag) or Speech(source_tag)
    if own.digits:
        return own
    return Speech(source_tag, core.VIETNAMESE_DIGITS, own.rate, own.rule)


def _translation_problems(script: Script, tag: str, source_tag: str, folder: Path) -> list[tuple[int, str, str]]:
    if tag == source_tag:
        return []
    found = []
    if not (folder / source_tag / f"{script.name}.md").is_file():
        found.append((1, f"translation has no source: content/scripts/{source_tag}/{script.name}.md does not exist",
                      "give the translation the same file name as its Vietnamese script"))
    review = str(script.meta.get("translation_status", "")).strip().lower()
    if not review:
        found.append((1, "this translation has no 'translation_status' line",
                      "add 'translation_status: draft'; 'reviewed' once a second person has checked it"))
    elif review not in policy.TRANSLATION_STATUSES:
        found.append((script.line_of("translation_status"),
                      f"translation_status must be 'draft' or 'reviewed', not '{review}'",
                      "write 'draft' until a second person has checked it, then 'reviewed'"))
    return found


def _length_problems(script: Script, speech: Speech, fallback: Speech, numbers) -> list[tuple[int, str, str]]:
    seconds = timing(script, speech, fallback, numbers)[1]
    message = core.length_problem(script.kind, seconds)
    if message is None:
        return []
    low, high = core.LIMITS[script.kind]
    hint = ("cut it to one message: who speaks, one danger sign, one to three actions, the number twice"
            if seconds > high else "say the action and the number again, slowly")
    if script.kind == core.TALK and seconds > high:
        hint = "split it into two talks, or cut what listeners need not remember"
    return [(script.line_of("kind"), f"{message} at {speech.rate:g} syllables a second", hint)]


def timing(script: Script, speech: Speech, fallback: Speech, numbers: dict[str, str]) -> tuple[int, float, dict]:
    """``(syllables, seconds, spoken numbers)`` of ``script`` read in ``speech``'s language."""
    spoken = core.spoken_numbers(script, numbers, speech, fallback)
    count = core.syllables(script, spoken, speech, fallback)
    return count, core.spoken_seconds(count, speech.rate, core.pauses(script)), spoken


def plan_scripts(registry: Registry, sources: dict[str, Script], translations: dict[tuple[str, str], Script],
                 numbers: dict[str, str], speech: dict[str, Speech], *, production: bool) -> dict[str, list[PlannedScript]]:
    """``{tag: [PlannedScript]}``: every source script in every language, by the pages' rules
    (:func:`loa.site.plan.decide_for`; scripts are never ``critical``): spots, then talks, each
    by Vietnamese title (quotes ignored)."""
    fallback = source_speech(speech, registry.source.tag)
    plan: dict[str, list[PlannedScript]] = {}
    for language in registry:
        row = []
        for name, source in sources.items():
            translation = translations.get((language.tag, name))
            decision = decide_for(language, source.own_hash, translation, production=production)
            shown = translation if decision.show_translation else source
            voice = fallback if shown.tag == registry.source.tag else speech.get(shown.tag) or Speech(shown.tag)
            count, seconds, spoken = timing(shown, voice, fallback, numbers)
            row.append(PlannedScript(language.tag, name, shown, source, translation, decision.status,
                                     decision.reason, spoken, count, seconds))
        plan[language.tag] = sorted(row, key=lambda p: (p.source.kind != core.SPOT,
                                                        p.source.title.strip("\"“”'").casefold()))
    return plan
