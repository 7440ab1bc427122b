"""Reading a capability's settings once, and telling where a wrong one was written.

Every plugin of Loa owns the settings with its prefix (``DIRECTORY_*``, ``LEAFLETS_*``,
``OFFLINE_*``…; the whole site's are ``LOA_*``) and reads them once, in ``initialized``, into a
frozen dataclass in its own ``settings.py`` (STYLE.md). This module is what they share:

* :class:`SettingsReader` — defaults from one ``DEFAULTS`` table, checks that collect every
  mistake instead of stopping at the first, and old names (``RENAMED``) that are now an error
  naming the new one, so nobody's setting is silently ignored;
* :func:`setting_locations` — where each setting is assigned, found by parsing the settings
  file with :mod:`ast` and following ``from pelicanconf import *`` (publishconf.py), so an error
  points at ``publishconf.py:12`` when the value was set there;
* :func:`report` — turns a :class:`SettingsError` into problems at those places.

Nothing here imports Pelican.
"""
from __future__ import annotations

import ast
import difflib
from pathlib import Path

#: The settings file of a build, put into the settings by :func:`loa.build.build`. A build run
#: some other way is taken to use ``pelicanconf.py`` in the working folder.
SETTINGS_FILE_KEY = "LOA_SETTINGS_FILE"
DEFAULT_SETTINGS_FILE = "pelicanconf.py"


class SettingsError(ValueError):
    """Settings of one capability that it cannot use. ``errors`` is ``[(key, message, hint)]``,
    every mistake found; the text of the exception is their messages, one a line."""

    def __init__(self, errors: list[tuple[str, str, str]], partial=None):
        self.errors = list(errors)
        #: The settings object made with the default in place of each wrong value (or ``None``),
        #: so the build can go on and find the content's mistakes too before it fails.
        self.partial = partial
        super().__init__("\n".join(message for _, message, _ in self.errors))


class SettingsReader:
    """Reads the keys of one capability from a Pelican settings mapping and collects mistakes.

    ``defaults`` maps every key the capability reads to its default; ``renamed`` maps old names
    to the new ones (an old name still set is an error naming the new name). With ``prefix``
    (the capability's own, e.g. ``"OFFLINE_"``), any other setting with that prefix is an error
    too: a misspelt name would otherwise be ignored.
    """

    def __init__(self, settings, defaults: dict, renamed: dict | None = None, prefix: str | None = None):
        self.settings = settings
        self.defaults = defaults
        self.errors: list[tuple[str, str, str]] = []
        for old, new in (renamed or {}).items():
            if old in settings:
                self.fail(old, f"{old} is now called {new}; {old} is no longer read",
                          f"rename {old} to {new} in the settings file")
        if prefix:   # a capability's own prefix: a name it does not know is a typing mistake
            for key in sorted(k for k in settings if k.startswith(prefix) and k not in defaults):
                close = difflib.get_close_matches(key, list(defaults), n=1)
                self.fail(key, f"unknown setting {key}; it would be ignored",
                          f"did you mean {close[0]}?" if close else f"known: {', '.join(sorted(defaults))}")

    def get(self, key: str):
        """The value of ``key``, or its default."""
        return self.settings.get(key, self.defaults[key])

    def fail(self, key: str, message: str, hint: str = "") -> None:
        """Record that ``key`` is wrong: ``message`` says what is wrong and what would be right."""
        self.errors.append((key, message, hint))

    def whole(self, key: str, *, minimum: int = 1, maximum: int | None = None, unit: str = ""):
        """``key`` as a whole number from ``minimum`` to ``maximum`` (booleans are refused);
        a wrong value is recorded and the default returned."""
        value = self.get(key)
        if (isinstance(value, bool) or not isinstance(value, int) or value < minimum
                or (maximum is not None and value > maximum)):
            span = f"from {minimum} to {maximum}" if maximum is not None else f"of at least {minimum}"
            self.fail(key, f"{key} must be a whole number {span}{' ' + unit if unit else ''}, not {value!r}")
            return self.defaults[key]
        return value

    def text(self, key: str, what: str = "a name") -> str:
        """``key`` as non-empty text; a wrong value is recorded and the default returned."""
        value = self.get(key)
        if not isinstance(value, (str, Path)) or not str(value).strip():
            self.fail(key, f"{key} must be {what}, not {value!r}")
            return self.defaults[key]
        return str(value).strip()

    def flag(self, key: str) -> bool:
        """``key`` as ``True`` or ``False``; anything else is recorded and the default returned."""
        value = self.get(key)
        if not isinstance(value, bool):
            self.fail(key, f"{key} must be True or False, not {value!r}")
            return bool(self.defaults[key])
        return value

    def finish(self, value, error=SettingsError):
        """Return ``value`` (the settings object), or raise ``error`` (a :class:`SettingsError`
        subclass) with every mistake and ``value`` as its ``partial``."""
        if self.errors:
            raise error(self.errors, partial=value)
        return value


def setting_locations(settings_file) -> dict[str, tuple[str, int]]:
    """``{KEY: (file, line)}``: where each upper-case name is last assigned in ``settings_file``,
    as Python runs it. ``from NAME import *`` of a file beside it (publishconf.py's
    ``from pelicanconf import *``) brings that file's assignments in at that point; a later
    assignment wins. Chained (``A = B = 1``), tuple and annotated assignments count. A file that
    cannot be read or parsed gives ``{}``."""
    path = Path(settings_file)
    return _locations(path, depth=0)


def _locations(path: Path, depth: int) -> dict[str, tuple[str, int]]:
    try:
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    except (OSError, SyntaxError, ValueError):
        return {}
    found: dict[str, tuple[str, int]] = {}
    for node in tree.body:
        if isinstance(node, ast.ImportFrom) and node.module and any(a.name == "*" for a in node.names):
            other = path.with_name(node.module.replace(".", "/") + ".py")
            if other.is_file() and depth < 5:
                found.update(_locations(other, depth + 1))
            continue
        targets = []
        if isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, (ast.AnnAssign, ast.AugAssign)):
            targets = [node.target]
        for target in targets:
            for name in _names(target):
                if name.isupper():
                    found[name] = (str(path), node.lineno)
    return found


def _names(target) -> list[str]:
    if isinstance(target, ast.Name):
        return [target.id]
    if isinstance(target, (ast.Tuple, ast.List)):
        return [name for element in target.elts for name in _names(element)]
    return []


def settings_file(settings) -> Path:
    """The settings file a build read (:data:`SETTINGS_FILE_KEY`), else ``pelicanconf.py``."""
    return Path(settings.get(SETTINGS_FILE_KEY) or DEFAULT_SETTINGS_FILE)


def locate(settings, key: str) -> tuple[str, int]:
    """``(file, line)`` where ``key`` was set for this build: its assignment in the settings file
    or the file that one imports, else the settings file's first line (a default or a value
    given to :func:`loa.build.build` directly)."""
    file = settings_file(settings)
    return setting_locations(file).get(key, (str(file), 1))


def report(error: SettingsError, settings, problems) -> None:
    """Add each mistake of ``error`` to ``problems`` at the file and line that set it."""
    for key, message, hint in error.errors:
        path, line = locate(settings, key)
        problems.add(path, line, message, hint)


def read_into(settings, key: str, read):
    """Run ``read(settings)`` (a capability's ``from_settings``), keep the result in the build's
    site model (``site.settings[key]``, :class:`loa.site.model.Site`) and return it; on
    :class:`SettingsError` report every mistake to the site's problems and keep and return the
    error's ``partial`` object (defaults in place of the wrong values; the build fails at its end)."""
    from loa.site.model import site_of

    site = site_of(settings)
    try:
        value = read(settings)
    except SettingsError as error:
        report(error, settings, site.problems)
        value = error.partial
    site.settings[key] = value
    return value


def settings_of(settings, key: str):
    """The settings object a capability read into the site model under ``key`` (``None`` when
    it has not been read: a plugin run on its own)."""
    from loa.site.model import site_of

    return site_of(settings).settings.get(key)


def read_or_default(settings, key: str, read):
    """The settings object kept under ``key`` (:func:`read_into`), or, when its plugin did not
    run (a plugin's own unit test), ``read(settings)`` made here without reporting: the error's
    ``partial`` object (defaults in place of wrong values) when a value is wrong."""
    value = settings_of(settings, key)
    if value is None:
        try:
            value = read(settings)
        except SettingsError as error:
            value = error.partial
    return value
