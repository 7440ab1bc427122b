"""The ``CHECKS_*`` settings of the ``loa.checks`` plugin, read once (``initialized``) into
:class:`ChecksSettings`. The image and font budgets are the theme's limits
(``THEME_IMAGE_MAX_BYTES``, ``THEME_FONT_MAX_BYTES``: :mod:`loa.theme.settings`)."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from loa.site.settings import SettingsError, SettingsReader

DEFAULTS = {
    "CHECKS_OUTDATED_FILE": None,   # the outdated-facts list; None: <PATH>/data/outdated.yaml
}

#: Old names, now an error that names the new one.
RENAMED = {"LOA_OUTDATED_FILE": "CHECKS_OUTDATED_FILE"}

#: The key under which the plugin keeps its settings for the build.
KEY = "LOA_CHECKS_SETTINGS"


class ChecksSettingsError(SettingsError):
    """A ``CHECKS_*`` setting has a value the plugin cannot use; each message names it."""


@dataclass(frozen=True)
class ChecksSettings:
    """``outdated_file``: the list of outdated facts pages must not repeat, or ``None`` for
    ``<content>/data/outdated.yaml``."""

    outdated_file: Path | None = None

    @classmethod
    def from_settings(cls, settings) -> "ChecksSettings":
        """Read the ``CHECKS_*`` keys (defaults above). Raises :class:`ChecksSettingsError` with
        every wrong value and every old name still set."""
        read = SettingsReader(settings, DEFAULTS, RENAMED, prefix="CHECKS_")
        outdated = read.get("CHECKS_OUTDATED_FILE")
        if outdated is not None and (not isinstance(outdated, (str, Path)) or not str(outdated).strip()):
            read.fail("CHECKS_OUTDATED_FILE", f"CHECKS_OUTDATED_FILE must be a YAML file or None, not {outdated!r}")
            outdated = None
        return read.finish(cls(outdated_file=Path(outdated) if outdated else None), ChecksSettingsError)
