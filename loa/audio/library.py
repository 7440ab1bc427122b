"""The spoken channel's files: scripts under ``content/scripts``, recordings under
``content/recordings`` (PRODUCT.md, "The spoken channel"); adding a recording and the status
report. The kit and the preview are in :mod:`loa.audio.kit` and :mod:`loa.audio.preview`.

Scripts are read as plain files (metadata block + body, as pages are), so this module needs no
build. A recording ``content/recordings/<tag>/<name>.<ext>`` has a sidecar ``<name>.yaml``::

    speaker: Giàng A Páo
    consent: recorded
    recorded_on: 2026-12-01
    script_hash: 0123456789abcdef    # the script it was read from (loa.site.policy.hash_file_text)
    speech_seconds: 41.3             # first to last sound: teaches the language's speaking rate

A recording is **stale** when ``script_hash`` differs from its script's hash today.
"""
from __future__ import annotations

import datetime as dt
import difflib
import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import yaml

from loa.audio import settings
from loa.audio.checks import analyse, check_recording
from loa.audio.media import MediaError, decode, probe
from loa.audio.spoken import count_syllables, speaking_rate, spoken_text
from loa.site.metadata import split_metadata
from loa.site.policy import hash_file_text
from loa.problems import Problems, ProblemsFound

SOURCE_TAG = "vi"
_NAME = re.compile(r"^[a-z0-9][a-z0-9-]*$")

MISSING = "missing"
STALE = "stale"
CURRENT = "current"


@dataclass(frozen=True)
class Script:
    """A read-aloud script file: ``name``, ``tag`` of the folder it was read from, ``path``,
    ``title``, ``kind`` (``spot``/``talk``/""), ``order`` (an ``order`` key, or ``None``),
    ``body``, and ``hash`` (:func:`loa.site.policy.hash_file_text` of the file)."""

    name: str
    tag: str
    path: Path
    title: str
    kind: str
    order: int | None
    body: str
    hash: str

    def syllables(self, numbers: dict[str, str]) -> int:
        """Syllables of the title and body as spoken (see :mod:`loa.audio.spoken`)."""
        return count_syllables(spoken_text(f"{self.title}\n{self.body}", numbers))

    @property
    def importance(self) -> tuple:
        """Sort key, most important first: an ``order`` key if the script has one; then the spot
        about 111 (the number every script ends on), then other spots, then talks; then name."""
        about_111 = "111" in self.name or "111" in self.title
        rank = 0 if self.kind == "spot" and about_111 else 1 if self.kind == "spot" else 2
        return (self.order if self.order is not None else 10_000, rank, self.name)


def read_script(path: Path, tag: str) -> Script:
    """Read one script file (UTF-8 Markdown with a metadata block)."""
    text = Path(path).read_text(encoding="utf-8-sig")
    meta, body = split_metadata(text)
    try:
        order = int(meta["order"]) if meta.get("order", "").strip() else None
    except ValueError:
        order = None
    return Script(Path(path).stem, tag, Path(path), meta.get("title", ""), meta.get("kind", "").strip().lower(),
                  order, body, hash_file_text(text))


def find_script(content: Path, tag: str, name: str) -> Script | None:
    """The script ``name`` for language ``tag``: ``content/scripts/<tag>/<name>.md``, or the
    Vietnamese one when that language has no translation yet (it is read from the Vietnamese
    text, as the scripts' fallback rule shows it), or ``None``."""
    for folder in dict.fromkeys((tag, SOURCE_TAG)):
        path = Path(content) / "scripts" / folder / f"{name}.md"
        if path.is_file():
            return read_script(path, folder)
    return None


def script_names(content: Path) -> list[str]:
    """Names of the Vietnamese scripts: every language records the same set."""
    folder = Path(content) / "scripts" / SOURCE_TAG
    return sorted(p.stem for p in folder.glob("*.md")) if folder.is_dir() else []


def hotline_numbers(content: Path) -> dict[str, str]:
    """Hotline key → number from ``content/data/hotlines.yaml`` (the only place numbers are
    written); empty when the file is missing or unreadable (the build reports that)."""
    path = Path(content) / "data" / "hotlines.yaml"
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError):
        return {}
    return {str(h.get("key")): str(h.get("number", "")) for h in data.get("hotlines") or [] if isinstance(h, dict)}


@dataclass(frozen=True)
class Recording:
    """A placed recording: ``tag``, ``name``, ``path`` of the audio, ``sidecar`` values."""

    tag: str
    name: str
    path: Path
    sidecar: dict


def recordings(content: Path, tag: str) -> list[Recording]:
    """Every recording of language ``tag`` that has a sidecar, by name."""
    folder = Path(content) / "recordings" / tag
    found = []
    if folder.is_dir():
        for path in sorted(folder.iterdir()):
            if path.suffix.lower() in settings.RECORDING_SUFFIXES and path.with_suffix(".yaml").is_file():
                try:
                    meta = yaml.safe_load(path.with_suffix(".yaml").read_text(encoding="utf-8")) or {}
                except yaml.YAMLError:
                    meta = {}
                found.append(Recording(tag, path.stem, path, meta if isinstance(meta, dict) else {}))
    return found


def language_rate(content: Path, tag: str, numbers: dict[str, str]):
    """The speaking rate of ``tag`` from its current recordings (script syllables over the
    sidecar's ``speech_seconds``, measured again from the audio when the sidecar lacks it), or
    ``None`` while fewer than :data:`settings.MIN_RECORDINGS_FOR_RATE` exist."""
    pairs = []
    for recording in recordings(content, tag):
        script = find_script(content, tag, recording.name)
        if script is None or str(recording.sidecar.get("script_hash", "")) != script.hash:
            continue
        seconds = recording.sidecar.get("speech_seconds")
        if not isinstance(seconds, (int, float)):
            try:
                seconds = analyse(decode(recording.path), probe(recording.path).sample_rate).speech_seconds
            except MediaError:
                continue
        pairs.append((script.syllables(numbers), float(seconds)))
    return speaking_rate(pairs, settings.MIN_RECORDINGS_FOR_RATE)


@dataclass(frozen=True)
class Added:
    """What :func:`add_recording` did: the placed ``audio`` and ``sidecar`` paths (``None`` on a
    dry run), the ``speech_seconds`` measured, and ``notes`` on checks that were skipped."""

    audio: Path | None
    sidecar: Path | None
    speech_seconds: float
    notes: tuple[str, ...]


def add_recording(content: Path, tag: str, name: str, source: Path, *, speaker: str, consent: bool,
                  known_tags=None, recorded_on: dt.date | None = None, replace: bool = False,
                  dry_run: bool = False, root: Path | None = None) -> Added:
    """Check the recording ``source`` of script ``name`` in language ``tag``, then place it as
    ``content/recordings/<tag>/<name>.<ext>`` with its sidecar.

    Every problem is collected first (cannot be decoded, sample rate, too quiet, clipped, mostly
    silence, length against the script once the language's rate is known, no script of that name,
    no speaker, no consent, unknown language, an existing recording without ``replace``); on any
    problem nothing is placed and :class:`~loa.problems.ProblemsFound` is raised, each problem
    naming ``source``. ``known_tags``: the registry's tags, or ``None`` to accept any folder name.
    """
    content, source = Path(content), Path(source)
    problems = Problems(root=root or content.parent)
    where = source

    def refuse(message, hint=""):
        problems.add(where, 1, message, hint)

    if known_tags is not None and tag not in known_tags:
        refuse(f"unknown language '{tag}'", f"known languages: {', '.join(known_tags)}")
    if not _NAME.match(name):
        refuse(f"'{name}' is not a script name (lower-case letters, digits and hyphens)")
    script = find_script(content, tag, name) if _NAME.match(name) else None
    if script is None and _NAME.match(name):
        close = difflib.get_close_matches(name, script_names(content), n=3)
        folders = " or ".join(f"content/scripts/{t}/" for t in dict.fromkeys((tag, SOURCE_TAG)))
        refuse(f"no script named '{name}' in {folders}",
               f"did you mean: {', '.join(close)}?" if close else "see the list with: invoke audio.status")
    if not speaker.strip():
        refuse("no speaker given", 'add --speaker "Full Name" (the person whose voice this is)')
    if not consent:
        refuse("consent not confirmed: the speaker must agree that the recording is published",
               "ask the speaker, keep their answer (a voice message or a signed note), then add --consent")
    suffix = source.suffix.lower()
    if suffix not in settings.RECORDING_SUFFIXES:
        refuse(f"'{suffix or 'no suffix'}' is not an audio file a phone makes",
               f"accepted: {' '.join(settings.RECORDING_SUFFIXES)}")
    folder = content / "recordings" / tag
    existing = [p for p in folder.glob(f"{name}.*") if p.suffix.lower() in settings.RECORDING_SUFFIXES] \
        if folder.is_dir() else []
    if existing and not replace:
        refuse(f"{name} already has a recording in {tag} ({existing[0].name})",
               "add --replace to put this one in its place")
    if not source.is_file():
        refuse("file not found")
        raise ProblemsFound(problems.items)
    numbers = hotline_numbers(content)
    rate = language_rate(content, tag, numbers) if script is not None else None
    findings, analysis, notes = check_recording(
        source, syllables=script.syllables(numbers) if script else None, rate=rate)
    for finding in findings:
        refuse(finding.message, finding.hint)
    if problems.errors:
        raise ProblemsFound(problems.items)
    assert script is not None and analysis is not None
    if dry_run:
        return Added(None, None, analysis.speech_seconds, tuple(notes))
    folder.mkdir(parents=True, exist_ok=True)
    audio = folder / f"{name}{suffix}"
    sidecar = audio.with_suffix(".yaml")
    values = {"speaker": speaker.strip(), "consent": "recorded",
              "recorded_on": recorded_on or dt.date.today(), "script_hash": script.hash,
              "speech_seconds": round(analysis.speech_seconds, 2)}
    header = (f"# Recording of content/scripts/{script.tag}/{name}.md, placed by `invoke audio.add`.\n"
              "# script_hash: the script it was read from; when the script changes, the recording is stale.\n")
    temp_audio, temp_side = folder / f".{audio.name}.tmp", folder / f".{sidecar.name}.tmp"
    shutil.copyfile(source, temp_audio)
    temp_side.write_text(header + yaml.safe_dump(values, allow_unicode=True, sort_keys=False), encoding="utf-8")
    os.replace(temp_audio, audio)
    os.replace(temp_side, sidecar)
    for old in existing:
        if old != audio:
            old.unlink()
    return Added(audio, sidecar, analysis.speech_seconds, tuple(notes))


@dataclass(frozen=True)
class StatusRow:
    """One script in one language: ``state`` is ``missing``, ``stale`` or ``current``."""

    tag: str
    script: Script
    state: str
    recording: Recording | None


def recording_status(content: Path, tags) -> dict[str, list[StatusRow]]:
    """For each language in ``tags``, every Vietnamese script's recording state, most important
    first (:attr:`Script.importance`). A recording is stale when its ``script_hash`` differs from
    the hash of the script it is read from today (its language's translation, or the Vietnamese
    script while there is none)."""
    content = Path(content)
    result = {}
    for tag in tags:
        placed = {r.name: r for r in recordings(content, tag)}
        rows = []
        for name in script_names(content):
            script = find_script(content, tag, name)
            recording = placed.get(name)
            if recording is None:
                state = MISSING
            elif str(recording.sidecar.get("script_hash", "")) != script.hash:
                state = STALE
            else:
                state = CURRENT
            rows.append(StatusRow(tag, script, state, recording))
        rows.sort(key=lambda r: r.script.importance)
        result[tag] = rows
    return result


def format_status(status: dict[str, list[StatusRow]]) -> str:
    """The status as text for ``invoke audio.status``: per language, counts, then the scripts to
    record (stale and missing), most important first."""
    if not any(status.values()):
        return "No scripts yet (content/scripts/vi/ is empty)."
    lines = []
    for tag, rows in status.items():
        todo = [r for r in rows if r.state != CURRENT]
        current = len(rows) - len(todo)
        lines.append(f"{tag}: {current} of {len(rows)} scripts recorded and current")
        for row in todo:
            note = " (the script changed since it was recorded)" if row.state == STALE else ""
            lines.append(f"  {row.state:8} {row.script.name}  [{row.script.kind or '?'}] {row.script.title}{note}")
    return "\n".join(lines)
