"""Run a whole build in-process, into a temporary folder, and replace ``output/`` only on success.

A failed build (any content error) leaves the previous ``output/`` exactly as it was and raises
:class:`~loa.problems.ProblemsFound` with every problem found. Pelican's own error log lines
(a file it could not read, a link it could not resolve) are collected as problems too.
"""
from __future__ import annotations

import os
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from loa.incremental import load_memos, save_memos
from loa.pelican_edge import collect_pelican_log, quiet_pelican_console
from loa.problems import Problem, Problems, ProblemsFound
from loa.site.model import Site, site_of


@dataclass
class BuildResult:
    """What a build wrote: ``output`` folder, pages written per language tag, seconds taken,
    the warnings (problems that do not fail the build), and the build's site model
    (:class:`loa.site.model.Site`: the plan, and every file written in ``site.outputs``)."""

    output: Path
    pages: dict[str, int]
    seconds: float
    warnings: list[Problem] = field(default_factory=list)
    site: Site | None = None
    unchanged: bool = False   # nothing changed since the last build: nothing was built (loa.unchanged)

    def summary(self) -> str:
        total = sum(self.pages.values())
        per_language = ", ".join(f"{tag} {count}" for tag, count in self.pages.items())
        done = (f"Nothing changed since the last build: {total} pages ({per_language}) are up to date "
                f"({self.seconds:.1f} s)." if self.unchanged else
                f"Built {total} pages ({per_language}) in {self.seconds:.1f} s.")
        return (f"{done}\n"
                f"Output: {self.output}/  (open {self.output}/index.html, or run: invoke serve)")


def _settings(settings_file, output: Path, problems: Problems, overrides: dict | None, previous=None):
    """Pelican's settings for one build, with the build's site model (:class:`loa.site.model.Site`,
    collecting into ``problems``) as the one runtime setting."""
    from pelican.settings import read_settings

    from loa.site.settings import SETTINGS_FILE_KEY
    from loa.site.model import SETTING, Site

    override = {"OUTPUT_PATH": str(output), "DELETE_OUTPUT_DIRECTORY": False, SETTING: Site(problems),
                SETTINGS_FILE_KEY: str(settings_file)}  # where errors in the settings are reported
    override.update(cache_settings(settings_file))
    override.update(overrides or {})
    override.setdefault("LOA_PREVIOUS_OUTPUT", str(previous) if previous else None)
    return read_settings(str(settings_file), override=override)


def cache_settings(settings_file) -> dict:
    """Pelican's content cache, in ``cache/`` beside the settings file: Markdown already
    converted is reused when its file's modification time is unchanged. The folder name carries a
    fingerprint of the settings and of Loa's own code, so a change to either starts a fresh
    cache instead of reusing HTML made by older code (Pelican does not check that itself)."""
    import loa
    from loa.incremental import files_fingerprint

    settings_file = Path(settings_file)
    key = files_fingerprint([settings_file, settings_file.parent / "pelicanconf.py",
                             Path(loa.__file__).parent])[:12]
    return {"CACHE_CONTENT": True, "LOAD_CONTENT_CACHE": True, "CONTENT_CACHING_LAYER": "reader",
            "CHECK_MODIFIED_METHOD": "mtime", "CACHE_PATH": str(settings_file.parent / "cache" / key),
            # not gzipped: compressing the 15 MB cache of a 1,200-page site took 0.3 s a build
            "GZIP_CACHE": False}


def build(settings_file="pelicanconf.py", output="output", *, overrides: dict | None = None,
          keep_output: bool = True) -> BuildResult:
    """Build the whole site with ``settings_file`` and put it in ``output``.

    The site is written to a sibling temporary folder first; on success it replaces
    ``output`` by two renames, on failure it is deleted and ``output`` is untouched.
    ``keep_output=False`` builds, checks and then throws the result away (``invoke check``).
    Raises :class:`ProblemsFound` with every error, warnings included in the list.
    """
    started = time.perf_counter()
    settings_file = Path(settings_file).resolve()
    root = settings_file.parent
    output = Path(output)
    if not output.is_absolute():
        output = root / output
    stamp = _unchanged(settings_file, root, output, overrides) if keep_output else None
    if stamp is not None and stamp[2] is not None:
        record = stamp[2]
        warnings = [Problem(*w) for w in record["warnings"]]
        return BuildResult(output, dict(record["pages"]), time.perf_counter() - started, warnings, unchanged=True)
    from pelican import Pelican

    problems = Problems(root=root)
    output.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".output-", dir=output.parent))
    os.chmod(staging, 0o755)  # mkdtemp makes it 0700; the site's root must be readable by a web server
    cwd = os.getcwd()
    try:
        os.chdir(root)
        try:
            with collect_pelican_log(problems) as collector:
                settings = _settings(settings_file, staging, problems, overrides,
                                     previous=output if keep_output else None)
                collector.content_root = Path(settings["PATH"])
                load_memos(settings["CACHE_PATH"])
                site = Pelican(settings)
                with quiet_pelican_console():
                    site.run()
        except ProblemsFound as exc:
            for p in exc.problems:
                problems.add(p.path, p.line, p.message, p.hint, p.severity)
        model = site_of(settings)
        if not problems.errors:
            check_links(staging, model, settings.get("SITEURL", ""))
        if problems.errors:
            raise ProblemsFound(problems.errors + problems.warnings)
        result = BuildResult(output, model.pages_written(), 0.0, problems.warnings, model)
        if keep_output:
            _replace(staging, output)
            if model.output_cache is not None:
                model.output_cache.save()
            save_memos(settings["CACHE_PATH"])
            if stamp is not None and not settings.get("LOA_PRODUCTION"):
                from loa import unchanged

                unchanged.save(stamp[0], stamp[1], output, result.pages, problems.warnings)
        result.seconds = time.perf_counter() - started
        return result
    finally:
        os.chdir(cwd)
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)


def _unchanged(settings_file: Path, root: Path, output: Path, overrides):
    """``(cache folder, inputs key, record of the last build or None)`` for :mod:`loa.unchanged`
    (the record is ``None`` too when the stamp is turned off: the build still leaves its stamp
    for the next one), or ``None`` when it does not apply (a production build, a settings file
    that cannot be run: the build then reports it)."""
    from loa import unchanged

    try:
        key, settings = unchanged.inputs_key(settings_file, root, overrides)
    except Exception:  # noqa: BLE001 - the build itself reports a broken settings file
        return None
    if settings.get("LOA_PRODUCTION") or not settings.get("LOA_REUSE_OUTPUT", True):
        return None
    cache_dir = Path((overrides or {}).get("CACHE_PATH") or cache_settings(settings_file)["CACHE_PATH"])
    if not cache_dir.is_absolute():
        cache_dir = root / cache_dir
    return cache_dir, key, unchanged.load(cache_dir, key, output) if unchanged.enabled(overrides) else None


def check_links(folder: Path, site: Site, site_url: str = "") -> None:
    """Add to ``site.problems`` every broken on-site link in the site built in ``folder``
    (:mod:`loa.checks.links`); pages kept unchanged from the last build are not checked again."""
    from loa.checks.links import check_site

    cache = site.output_cache
    skip = set(cache.reused_paths) if cache is not None else set()
    for problem in check_site(folder, site_url=site_url, sources=site.page_sources(), skip=skip):
        site.problems.put(problem)


def _replace(staging: Path, output: Path) -> None:
    """Swap the new site into place: ``output`` → old, ``staging`` → ``output``, remove old."""
    old = None
    if output.exists():
        old = output.with_name(f".{output.name}-old-{os.getpid()}")
        if old.exists():
            shutil.rmtree(old)
        os.rename(output, old)
    os.rename(staging, output)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
