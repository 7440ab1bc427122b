"""Skip rendering what did not change: a manifest of output fingerprints.

Every build still writes a complete site into a fresh folder (so a failed build never touches
``output/``), but a page whose inputs are unchanged is hard-linked from the previous ``output/``
instead of being rendered again. Its fingerprint covers everything the page is made from:

- the *site fingerprint*: every file of the theme, the catalogs, ``content/data``,
  ``content/pictograms``, ``languages.yaml``, the Loa **configuration** (:func:`configuration`:
  settings as configured, never what a build writes into the settings while it runs), and the
  list of all pages (so adding, removing or renaming a page re-renders everything, and links
  stay right);
- the page's own inputs, given by the caller (source text, status, alternates, home list).

The manifest lives in the cache folder as JSON: ``{"site": …, "files": {relative path: hash}}``.
``invoke check`` and production builds render everything (no skipping), so every check runs on
every page.
"""
from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

MANIFEST = "loa-outputs.json"

# What a build finds or makes while it runs (problems, the registry, the pages read, the plan,
# the settings objects, the files written, the output cache) lives in the site model
# (loa.site.model.Site), which Pelican's settings carry as one object, LOA_SITE: not plain data,
# so never part of the configuration below. Were results part of the site fingerprint, stamping
# one translation would change the key and re-render every page (architecture review §1.6).
#
# Plain settings that say where the last build is, whether to reuse it, and which settings file
# was read (its contents are fingerprinted as a file): not what a page is made from.
# tests/test_incremental.py builds the fixture site and fails if a build adds or changes any
# plain setting that is not listed here or in DERIVED_CONFIGURATION.
BUILD_STATE = frozenset({"LOA_PREVIOUS_OUTPUT", "LOA_REUSE_OUTPUT", "LOA_SETTINGS_FILE"})
# Keys a plugin sets from the configuration and the content folders alone, the same in every
# build of the same tree (the CSS files to inline, with the directory's own): configuration, so
# part of the fingerprint.
DERIVED_CONFIGURATION = frozenset({"LOA_CSS_FILES"})
CONFIGURATION_PREFIXES = ("LOA_", "DIRECTORY_", "LEAFLETS_", "THEME_", "STATISTICS_", "STATUS_", "OFFLINE_",
                          "CHECKS_", "SPOKEN_")
# Settings that say how to build, not what: the same files come out whatever their value
# (processes used, reuse of the last build, compiled templates kept), so they are no part of
# any fingerprint.
HOW_TO_BUILD = frozenset({"LOA_JOBS", "LOA_SKIP_UNCHANGED", "LOA_TEMPLATE_CACHE"})


def configuration(settings: dict, prefixes=CONFIGURATION_PREFIXES) -> list[tuple[str, str]]:
    """The Loa configuration in ``settings`` as ``[(key, stable text of the value)]``, sorted:
    every setting whose name starts with one of ``prefixes``, except :data:`BUILD_STATE`,
    :data:`HOW_TO_BUILD` and values that are not plain data (objects, functions: the site model
    among them). Sets are written sorted, so the text is
    the same from one process to the next (``repr`` of a set is not)."""
    return sorted((key, stable_text(value)) for key, value in settings.items()
                  if key.startswith(prefixes) and key not in BUILD_STATE and key not in HOW_TO_BUILD
                  and is_plain(value))


def is_plain(value) -> bool:
    """Whether a setting is plain data: text, numbers, booleans, ``None``, and lists, tuples,
    sets and dicts of those."""
    if isinstance(value, (str, int, float, bool, type(None))):
        return True
    if isinstance(value, (list, tuple, set, frozenset)):
        return all(is_plain(v) for v in value)
    if isinstance(value, dict):
        return all(is_plain(k) and is_plain(v) for k, v in value.items())
    return False


def stable_text(value) -> str:
    """A text for ``value`` that is the same in every process (sets and dicts sorted)."""
    if isinstance(value, (set, frozenset)):
        return "{" + ", ".join(sorted(stable_text(v) for v in value)) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(stable_text(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(sorted(f"{stable_text(k)}: {stable_text(v)}" for k, v in value.items())) + "}"
    return repr(value)


def digest(*parts) -> str:
    """SHA-1 hex of the ``repr`` of ``parts`` (fingerprints, not security)."""
    return hashlib.sha1(repr(parts).encode("utf-8")).hexdigest()


def files_fingerprint(paths) -> str:
    """Hash of the names, sizes and modification times of every file under ``paths`` (folders
    are walked; missing paths count as absent). Cheap: nothing is read."""
    items = []
    for base in paths:
        base = Path(base)
        if base.is_file():
            candidates = [base]
        elif base.is_dir():
            candidates = sorted(p for p in base.rglob("*") if p.is_file() and p.suffix != ".mo")
        else:
            candidates = []
        for path in candidates:
            stat = path.stat()
            items.append((str(path), stat.st_size, stat.st_mtime_ns))
    return digest(items)


class OutputCache:
    """Reuse rendered files from ``previous`` (the last good ``output/``) when their fingerprint
    matches. ``enabled=False`` renders everything and records nothing."""

    def __init__(self, cache_dir, previous, site_fingerprint: str, *, enabled: bool = True):
        self.path = Path(cache_dir) / MANIFEST
        self.previous = Path(previous) if previous else None
        self.site = site_fingerprint
        self.enabled = enabled and self.previous is not None and self.previous.is_dir()
        self.files: dict[str, str] = {}
        self.old: dict[str, str] = {}
        self.reused_paths: list[str] = []
        self.rendered = 0
        if self.enabled and self.path.exists():
            try:
                data = json.loads(self.path.read_text(encoding="utf-8"))
                if data.get("site") == self.site:
                    self.old = data.get("files", {})
            except (OSError, ValueError):
                self.old = {}

    def reuse(self, relative: str, fingerprint: str, target_root) -> bool:
        """Link ``previous/relative`` to ``target_root/relative`` if ``fingerprint`` matches the
        last build's; returns whether it did (if not, the caller renders the file)."""
        self.files[relative] = fingerprint
        if not self.enabled or self.old.get(relative) != fingerprint:
            self.rendered += 1
            return False
        source = self.previous / relative
        target = Path(target_root) / relative
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            os.link(source, target)
        except OSError:
            self.rendered += 1
            return False
        self.reused_paths.append(relative)
        return True

    def write(self, relative: str, data: bytes, target_root) -> bool:
        """Write ``data`` at ``target_root/relative``, or link the last build's file there when it
        held the same bytes (for outputs made anew every build, cheaply: feeds, leaflet PDFs,
        offline copies); returns whether the file was written. A linked file keeps its identity,
        so what did not change is not rewritten (nor uploaded again by a copy that compares
        files)."""
        if self.reuse(relative, "bytes:" + hashlib.sha1(data).hexdigest(), target_root):
            return False
        target = Path(target_root) / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        return True

    @property
    def reused(self) -> int:
        return len(self.reused_paths)

    def save(self) -> None:
        """Record this build's fingerprints (call only after a successful build)."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.write_text(json.dumps({"site": self.site, "files": self.files}), encoding="utf-8")


def file_key(path) -> tuple:
    """Identity of a file's contents without reading it: ``(inode, size, mtime_ns)``. A page
    reused by :class:`OutputCache` is a hard link, so it keeps its key from build to build."""
    stat = os.stat(path)
    return (stat.st_ino, stat.st_size, stat.st_mtime_ns)


class Memo:
    """Results of pure per-file work kept for the life of the process, so that ``invoke serve``
    does not check an unchanged file again on every rebuild. Keys must name everything the
    result depends on (usually :func:`file_key` plus the settings used).

    A memo with a ``name`` is also kept on disk between builds (:func:`load_memos`,
    :func:`save_memos`: ``<cache>/loa-memo-<name>.pickle``), so a separate ``invoke build``
    process gains what ``invoke serve`` gains. Only the entries a build used are saved, so the
    file does not grow with every change; keys and values must then be picklable, and keys must
    mean the same in another process (:func:`file_key` does: a reused page keeps its inode)."""

    def __init__(self, limit: int = 20_000, name: str | None = None):
        self.values: dict = {}
        self.limit = limit
        self.name = name
        self.used: set = set()
        self.saved: set = set()   # the keys of the file on disk, when loaded or saved
        if name:
            _NAMED[name] = self
            if _LOADED_FROM is not None:  # made after the build loaded the others (a lazy import)
                _load(self, _LOADED_FROM)

    def get(self, key, compute):
        """The value for ``key``, computing it with ``compute()`` the first time."""
        if self.name:
            self.used.add(key)
        try:
            return self.values[key]
        except KeyError:
            if len(self.values) >= self.limit:
                self.values.clear()
            value = self.values[key] = compute()
            return value


_NAMED: dict[str, Memo] = {}
_LOADED_FROM: Path | None = None   # the cache folder of the build running in this process


def _memo_path(cache_dir, name: str) -> Path:
    return Path(cache_dir) / f"loa-memo-{name}.pickle"


def load_memos(cache_dir) -> None:
    """Add to every named :class:`Memo` the entries the last build in ``cache_dir`` saved (an
    entry already in memory stays), and start recording which entries this build uses. A memo
    made later in the build (its module imported when first needed) is loaded when it is made.
    A file that cannot be read is ignored (the work is done again)."""
    global _LOADED_FROM
    _LOADED_FROM = Path(cache_dir)
    for memo in _NAMED.values():
        _load(memo, _LOADED_FROM)


def _load(memo: Memo, cache_dir: Path) -> None:
    import pickle

    memo.used = set()
    memo.saved = set()
    try:
        with open(_memo_path(cache_dir, memo.name), "rb") as f:
            stored = pickle.load(f)
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, TypeError, ValueError):
        return
    if isinstance(stored, dict):
        for key, value in stored.items():
            memo.values.setdefault(key, value)
        memo.saved = set(stored)


def save_memos(cache_dir) -> None:
    """Write the entries of every named :class:`Memo` that this build used into ``cache_dir``
    (after a successful build)."""
    import pickle

    global _LOADED_FROM
    _LOADED_FROM = None
    Path(cache_dir).mkdir(parents=True, exist_ok=True)
    for name, memo in _NAMED.items():
        entries = {key: memo.values[key] for key in memo.used if key in memo.values}
        path = _memo_path(cache_dir, name)
        if set(entries) == memo.saved and path.exists():
            continue  # the file holds these entries already
        memo.saved = set(entries)
        partial = path.with_name(path.name + ".partial")
        try:
            with open(partial, "wb") as f:
                pickle.dump(entries, f, protocol=pickle.HIGHEST_PROTOCOL)
            partial.replace(path)
        except (OSError, pickle.PicklingError, TypeError, AttributeError):
            partial.unlink(missing_ok=True)
