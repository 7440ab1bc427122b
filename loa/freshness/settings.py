"""The ``STATUS_*`` settings of the translation status page (plugin ``loa.freshness``), read once
(``initialized``) into :class:`StatusSettings`."""
from __future__ import annotations

from dataclasses import dataclass

from loa.site.settings import SettingsError, SettingsReader

DEFAULTS = {
    "STATUS_SAVE_AS": "status/index.html",   # coordinators' status page (noindex); "" = not written
}

#: Old names, now an error that names the new one.
RENAMED = {"LOA_STATUS_SAVE_AS": "STATUS_SAVE_AS"}

#: The key under which the plugin keeps its settings for the build.
KEY = "LOA_STATUS_SETTINGS"


class StatusSettingsError(SettingsError):
    """A ``STATUS_*`` setting has a value the plugin cannot use; each message names it."""


@dataclass(frozen=True)
class StatusSettings:
    """``save_as``: where the status page is written, relative to the output folder, or ``""``
    for no status page."""

    save_as: str = DEFAULTS["STATUS_SAVE_AS"]

    @classmethod
    def from_settings(cls, settings) -> "StatusSettings":
        """Read the ``STATUS_*`` keys (defaults above). Raises :class:`StatusSettingsError` with
        every wrong value and every old name still set."""
        read = SettingsReader(settings, DEFAULTS, RENAMED, prefix="STATUS_")
        save_as = read.get("STATUS_SAVE_AS") or ""
        if not isinstance(save_as, str) or save_as.startswith("/") or ".." in save_as.split("/") \
                or (save_as and not save_as.endswith(".html")):
            read.fail("STATUS_SAVE_AS", f"STATUS_SAVE_AS must be a path inside the output folder ending "
                      f"in .html (or \"\" for no status page), not {save_as!r}")
            save_as = DEFAULTS["STATUS_SAVE_AS"]
        return read.finish(cls(save_as=save_as), StatusSettingsError)
