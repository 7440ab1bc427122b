"""Nothing changed, nothing to do: the stamp of the last build.

A communicator runs ``invoke build`` after every change, and often after none. When every input
of the build is as it was for the last successful build, and ``output/`` is exactly what that
build left, the build would write the same files again: :func:`load` finds that out without
reading a page, and :func:`loa.build.build` then reports the last build's pages and warnings
instead of building.

The inputs (:func:`inputs_key`) are:

- the settings as the settings file makes them (the file is run, so a value read from the
  environment, such as ``LOA_SITEURL``, counts), and the build's overrides;
- every file under the content folder, the theme, the catalogs' PO files, the languages file,
  the leaflet definitions' folder, the settings files and Loa's own code: name, size and
  modification time (``loa.incremental.files_fingerprint``; compiled catalogs are left out);
- Python's version and those of the libraries that shape the output (Pelican, Markdown, Jinja,
  Babel, WeasyPrint, fontTools, PyYAML, segno);
- today's date, since the directory's age checks depend on it.

``output/`` is compared by every file's name, size, modification time and inode. A font the
system adds or removes (``fc-list``) is not an input: after installing fonts, build with
``LOA_SKIP_UNCHANGED=0`` once. Production builds and ``invoke check`` always build.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import runpy
import sys
from pathlib import Path

STAMP = "loa-last-build.json"
LIBRARIES = ("pelican", "markdown", "jinja2", "babel", "weasyprint", "fonttools", "pyyaml", "segno",
             "markupsafe", "polib", "pypdf")


def enabled(overrides: dict | None) -> bool:
    """Whether the stamp may be used: not when ``LOA_SKIP_UNCHANGED`` (environment, or the
    build's overrides) or ``LOA_REUSE_OUTPUT`` (overrides) turn it off."""
    overrides = overrides or {}
    if os.environ.get("LOA_SKIP_UNCHANGED", "").strip().lower() in ("0", "false", "no"):
        return False
    return bool(overrides.get("LOA_SKIP_UNCHANGED", True)) and bool(overrides.get("LOA_REUSE_OUTPUT", True))


def _plain(value):
    from loa.incremental import stable_text, is_plain

    return stable_text(value) if is_plain(value) else type(value).__name__


def settings_values(settings_file: Path) -> dict:
    """The upper-case names the settings file defines, run as Pelican runs it (its folder on
    ``sys.path``). Raises what the file raises."""
    folder = str(settings_file.parent)
    added = folder not in sys.path
    if added:
        sys.path.insert(0, folder)
    try:
        values = runpy.run_path(str(settings_file))
    finally:
        if added:
            sys.path.remove(folder)
    return {k: v for k, v in values.items() if k.isupper()}


def _versions() -> list[tuple[str, str]]:
    from importlib import metadata

    found = []
    for name in LIBRARIES:
        try:
            found.append((name, metadata.version(name)))
        except metadata.PackageNotFoundError:
            found.append((name, ""))
    return found


def inputs_key(settings_file, root: Path, overrides: dict | None) -> tuple[str, dict]:
    """``(key, settings)``: a fingerprint of every input of a build (see the module's text) and
    the settings it was computed from (the file's values with ``overrides`` on top)."""
    import loa
    from loa.incremental import digest, files_fingerprint

    settings_file = Path(settings_file)
    settings = settings_values(settings_file)
    settings.update(overrides or {})

    def path(name, default):
        value = settings.get(name) or default
        return Path(value) if Path(value).is_absolute() else root / value

    content = path("PATH", "content")
    folders = [content, path("THEME", "theme"), path("LOA_TRANSLATIONS_DIR", "translations"),
               path("LOA_LANGUAGES_FILE", content / "languages.yaml"), settings_file,
               root / "pelicanconf.py", Path(loa.__file__).parent]
    if settings.get("LEAFLETS_PATH"):
        folders.append(path("LEAFLETS_PATH", ""))
    key = digest(sorted((k, _plain(v)) for k, v in settings.items()), files_fingerprint(folders),
                 sys.version, _versions(), dt.date.today().isoformat())
    return key, settings


def output_state(output: Path) -> str:
    """Fingerprint of every file under ``output``: relative name, size, modification time, inode."""
    from loa.incremental import digest

    items = []
    for folder, _, files in os.walk(output):
        for name in files:
            path = os.path.join(folder, name)
            stat = os.stat(path)
            items.append((os.path.relpath(path, output), stat.st_size, stat.st_mtime_ns, stat.st_ino))
    return digest(sorted(items))


def load(cache_dir: Path, key: str, output: Path) -> dict | None:
    """The last build's record (``{"pages": {tag: count}, "warnings": [[path, line, message,
    hint, severity], …]}``) when it was made from inputs with ``key`` and ``output`` is as it
    left it; else ``None``."""
    try:
        record = json.loads((Path(cache_dir) / STAMP).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if record.get("key") != key or not Path(output).is_dir() or record.get("output") != output_state(output):
        return None
    return record


def save(cache_dir: Path, key: str, output: Path, pages: dict, warnings) -> None:
    """Record a successful build made from inputs with ``key``."""
    record = {"key": key, "output": output_state(output), "pages": pages,
              "warnings": [[w.path, w.line, w.message, w.hint, w.severity] for w in warnings]}
    folder = Path(cache_dir)
    folder.mkdir(parents=True, exist_ok=True)
    partial = folder / (STAMP + ".partial")
    partial.write_text(json.dumps(record), encoding="utf-8")
    partial.replace(folder / STAMP)


def forget(cache_dir: Path) -> None:
    """Remove the record (a build that failed or was not kept)."""
    (Path(cache_dir) / STAMP).unlink(missing_ok=True)
