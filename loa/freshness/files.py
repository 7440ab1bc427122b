"""Translation files: start one (``new``), record the source it matches (``stamp``), and show
what changed in the source since it was translated (``diff``). No Pelican here.

Errors raise :class:`~loa.problems.ProblemsFound` with ``path:line: message`` problems.
"""
from __future__ import annotations

import datetime
import difflib
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from loa.site import policy
from loa.site.registry import Registry
from loa.site.metadata import split_metadata
from loa.site.pages import parse_page, read_page
from loa.problems import Problems, ProblemsFound

_META_LINE = re.compile(r"^([A-Za-z0-9_-]+)(\s*:\s?)(.*?)(\r?\n|\r)?$")


def page_name(page: str) -> str:
    """``trang-chu``, ``trang-chu.md`` and ``content/pages/vi/trang-chu.md`` all name ``trang-chu``."""
    return Path(page).stem if page.endswith(".md") else Path(page).name


def paths(content_dir, registry: Registry, tag: str, page: str, kind: str = "pages") -> tuple[Path, Path]:
    """``(source, translation)`` paths of a page (or of a read-aloud script with ``kind="scripts"``),
    after checking the language and that the source exists. Raises :class:`ProblemsFound`."""
    problems = Problems()
    name = page_name(page)
    pages = Path(content_dir) / kind
    source = pages / registry.source.tag / f"{name}.md"
    if registry.get(tag) is None:
        message, hint = registry.unknown_tag_message(tag)
        problems.add(registry.path, 1, message, hint)
    elif tag == registry.source.tag:
        problems.add(registry.path, 1, f"'{tag}' is the source language: its pages are not translations",
                     "give the tag of the language you translate into")
    if not source.exists():
        known = ", ".join(sorted(p.stem for p in source.parent.glob("*.md"))) or "none"
        what = "page" if kind == "pages" else "script"
        problems.add(source, 1, f"no Vietnamese {what} '{name}'", f"known {what}s: {known}")
    if problems:
        raise ProblemsFound(problems.errors)
    return source, pages / tag / f"{name}.md"


def _read(path: Path) -> str:
    return path.read_bytes().decode("utf-8-sig")


def new_translation(content_dir, registry: Registry, tag: str, page: str, kind: str = "pages") -> str:
    """Create ``pages/<tag>/<page>.md`` from the source: its title and summary (to translate),
    its body (to translate), ``source_hash`` of the source now, ``translation_status: draft``
    and an empty ``translator:``. Refuses to overwrite. Returns a one-line message."""
    source, target = paths(content_dir, registry, tag, page, kind)
    if target.exists():
        problem = Problems()
        problem.add(target, 1, "this translation already exists; nothing was changed",
                    f"after updating it, run: invoke i18n.stamp {tag} {target.stem}")
        raise ProblemsFound(problem.errors)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(translation_template(_read(source)), encoding="utf-8")
    return f"{target}: created from {source} (draft). Translate the title, summary and text."


def translation_template(source_text: str) -> str:
    """The text of a new translation file made from a source page's text (see
    :func:`new_translation`): Vietnamese title, summary and body, ready to be translated."""
    meta, body = split_metadata(source_text)
    lines = [f"title: {_one_line(meta.get('title', ''))}"]
    if meta.get("summary"):
        lines.append(f"summary: {_one_line(meta['summary'])}")
    lines += [f"source_hash: {policy.hash_file_text(source_text)}", "translation_status: draft", "translator:"]
    return "\n".join(lines) + "\n\n" + body.lstrip("\n")


def _one_line(value: str) -> str:
    return " ".join(str(value).split())


def set_metadata(text: str, values: dict[str, str]) -> str:
    """Set metadata ``values`` in a Markdown file's text, touching only those lines: an
    existing ``key:`` line keeps its key's spelling and line ending and gets the new value (its
    continuation lines are dropped); a missing key is added after the last metadata line.
    Everything else (body, other metadata, BOM, CRLF) stays byte-for-byte."""
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    lines = text[len(bom):].splitlines(keepends=True)
    newline = next((ln[len(ln.rstrip("\r\n")):] for ln in lines if ln.endswith(("\n", "\r"))), "\n")
    start = 1 if lines and re.match(r"^-{3}\s*$", lines[0]) else 0
    remaining = {k.lower(): v for k, v in values.items()}
    out = lines[:start]
    index, key = start, None
    while index < len(lines):
        line = lines[index]
        match = _META_LINE.match(line)
        if match:
            key = match.group(1).lower()
            if key in remaining:
                line = _meta_line(match.group(1), remaining.pop(key), match.group(4) or newline)
            out.append(line)
        elif key is not None and line[:1] in (" ", "\t") and line.strip():
            if key not in values:
                out.append(line)
        else:
            break
        index += 1
    added = [_meta_line(k, v, newline) for k, v in remaining.items()]
    if index == start:  # no metadata block yet: start one
        return bom + "".join(out) + "".join(added) + newline + "".join(lines[start:])
    if not out[-1].endswith(("\n", "\r")):
        out[-1] += newline
    return bom + "".join(out + added + lines[index:])


def _meta_line(key: str, value: str, ending: str) -> str:
    return f"{key}: {value}{ending}" if value else f"{key}:{ending}"


@dataclass(frozen=True)
class StampResult:
    path: Path
    message: str
    changed: bool

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


def stamp_translation(content_dir, registry: Registry, tag: str, page: str, *, reviewed_by: str = "",
                      keep_review: bool = False, today: datetime.date | None = None,
                      kind: str = "pages") -> StampResult:
    """Record that a translation matches the source as it is now: set ``source_hash``.

    With ``reviewed_by``: also ``translation_status: reviewed``, ``reviewer`` and
    ``reviewed_on`` (ISO date). Without it, a reviewed translation whose recorded hash changes
    becomes ``draft`` (the updated text has not been checked) unless ``keep_review`` (the
    source change needed no new translation). Only those metadata lines change. ``kind``:
    ``pages`` or ``scripts``. Raises :class:`ProblemsFound` when the translation does not exist,
    or when its body (normalised as for ``source_hash``) is still the source's.
    """
    source, target = paths(content_dir, registry, tag, page, kind)
    if not target.exists():
        problem = Problems()
        problem.add(target, 1, "this translation does not exist yet",
                    f"start it with: invoke i18n.new {tag} {target.stem}")
        raise ProblemsFound(problem.errors)
    text = _read_raw(target)
    translation = parse_page(text.encode("utf-8"), target, tag)
    meta = translation.meta
    source_page = read_page(source, registry.source.tag)
    now = source_page.body_hash
    if policy.source_hash("", translation.metadata.body) == policy.source_hash("", source_page.metadata.body):
        problem = Problems()
        problem.add(target, 1, "the text is still the Vietnamese text: nothing has been translated yet",
                    "translate the text (the title and summary alone are not enough), then stamp it")
        raise ProblemsFound(problem.errors)
    was = policy.clean_hash(meta.get("source_hash"))
    reviewed = str(meta.get("translation_status", "")).strip().lower() == "reviewed"
    values = {"source_hash": now}
    notes = []
    if reviewed_by:
        values.update(translation_status="reviewed", reviewer=_one_line(reviewed_by),
                      reviewed_on=(today or datetime.date.today()).isoformat())
        notes.append(f"reviewed by {_one_line(reviewed_by)}")
    elif reviewed and was != now and not keep_review:
        values["translation_status"] = "draft"
        notes.append("marked draft: the updated text needs checking "
                     f"(invoke i18n.stamp {tag} {target.stem} --reviewed-by NAME)")
    if "translation_status" not in meta and "translation_status" not in values:
        values["translation_status"] = "draft"
    new_text = set_metadata(text, values)
    if new_text == text:
        return StampResult(target, "already up to date; nothing changed", False)
    target.write_bytes(new_text.encode("utf-8"))
    message = f"source_hash {was or 'none'} -> {now}"
    return StampResult(target, "; ".join([message] + notes), True)


def _read_raw(path: Path) -> str:
    """Text with BOM and line endings exactly as on disk (so a rewrite can keep them)."""
    return path.read_bytes().decode("utf-8")


# -- diff ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class SourceDiff:
    """``text``: what to print (a unified diff, or a plain sentence why there is none);
    ``diff``: the unified diff alone, empty when none could be made; ``up_to_date``."""

    text: str
    diff: str = ""
    up_to_date: bool = False


def source_diff(content_dir, registry: Registry, tag: str, page: str, kind: str = "pages") -> SourceDiff:
    """What changed in the source since the translation was made.

    Looks through ``git log --follow`` of the source file for the newest version whose
    :func:`~loa.site.policy.hash_file_text` equals the translation's ``source_hash`` (the
    lsync/check-i18n idea of research/translation-workflow.md §8.3, keyed by hash rather than
    commit) and diffs it against the source file as it is now on disk. Without git, outside a
    repository, or when no version matches, ``text`` says so plainly and ``diff`` is empty.
    """
    source, target = paths(content_dir, registry, tag, page, kind)
    if not target.exists():
        return SourceDiff(f"{target} does not exist: the whole page is to translate ({source}).\n")
    return diff_since(source, _read(target), str(target))


def diff_since(source: Path, translation_text: str, translation_label: str) -> SourceDiff:
    """:func:`source_diff` for a given translation text (the kit uses it for files not on disk)."""
    meta, _ = split_metadata(translation_text)
    recorded = policy.clean_hash(meta.get("source_hash"))
    current_text = _read(source)
    if recorded is None:
        return SourceDiff(f"{translation_label} has no valid source_hash, so it is not known which version of "
                          f"{source} was translated. Compare the whole page by hand.\n")
    if recorded == policy.hash_file_text(current_text):
        return SourceDiff(f"{translation_label} is up to date: {source} has not changed since it was translated.\n",
                          up_to_date=True)
    if shutil.which("git") is None:
        return SourceDiff(f"git is not installed, so the earlier version of {source} cannot be found. "
                          "Compare the whole page by hand.\n")
    found = _find_version(source, recorded)
    if isinstance(found, str):
        return SourceDiff(found)
    commit, date, old_path, old_text = found
    diff = "".join(difflib.unified_diff(
        old_text.splitlines(keepends=True), current_text.replace("\r\n", "\n").splitlines(keepends=True),
        fromfile=f"{old_path} (translated version: commit {commit[:10]}, {date})",
        tofile=f"{source.as_posix()} (now)"))
    if diff and not diff.endswith("\n"):
        diff += "\n"
    return SourceDiff(diff or "Only spacing or metadata changed.\n", diff)


def _git(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["git", "-C", str(cwd), *args], capture_output=True, timeout=60)


def _find_version(source: Path, recorded: str):
    """``(commit, date, path_then, text)`` of the newest committed version of ``source`` whose
    hash is ``recorded``, or a sentence saying why there is none."""
    folder = source.resolve().parent
    top = _git(folder, "rev-parse", "--show-toplevel")
    if top.returncode != 0:
        return (f"{source} is not in a git repository, so its earlier versions cannot be found. "
                "Compare the whole page by hand.\n")
    root = Path(top.stdout.decode().strip())
    relative = source.resolve().relative_to(root).as_posix()
    log = _git(root, "log", "--follow", "--name-only", "--format=%x00%H %cs", "--", relative)
    if log.returncode != 0:
        return f"git could not read the history of {source}: {log.stderr.decode(errors='replace').strip()}\n"
    for record in log.stdout.decode("utf-8", errors="replace").split("\x00")[1:]:
        lines = [ln for ln in record.splitlines() if ln.strip()]
        if len(lines) < 2:
            continue
        commit, _, date = lines[0].partition(" ")
        path_then = lines[1]
        shown = _git(root, "show", f"{commit}:{path_then}")
        if shown.returncode != 0:
            continue
        text = shown.stdout.decode("utf-8-sig", errors="replace")
        if policy.hash_file_text(text) == recorded:
            return commit, date, path_then, text.replace("\r\n", "\n")
    return (f"No version of {source} in git history has source_hash {recorded}: the translated version "
            "was never committed (or came from elsewhere). Compare the whole page by hand.\n")
