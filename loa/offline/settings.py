"""The ``OFFLINE_*`` settings of the ``loa.offline`` plugin, read once (``initialized``) into
:class:`OfflineSettings`."""
from __future__ import annotations

from dataclasses import dataclass

from loa.site.settings import SettingsError, SettingsReader

#: PRODUCT.md budget: "offline file per language ≤ 150 KB" (shared over chat apps and Bluetooth).
MAX_BYTES = 150_000
#: Each inlined image; a few photos and the pages' text must fit together in MAX_BYTES.
IMAGE_MAX_BYTES = 12_000

DEFAULTS = {
    "OFFLINE_ENABLED": True,                  # False: no offline copies, no footer link to them
    "OFFLINE_MAX_BYTES": MAX_BYTES,           # bytes per language's file (PRODUCT.md)
    "OFFLINE_IMAGE_MAX_BYTES": IMAGE_MAX_BYTES,  # bytes per inlined image
    "OFFLINE_IMAGE_MAX_WIDTH": 320,           # CSS pixels: the reading width of a cheap phone
}

#: Old names, now an error that names the new one.
RENAMED = {
    "LOA_OFFLINE": "OFFLINE_ENABLED",
    "LOA_OFFLINE_MAX_BYTES": "OFFLINE_MAX_BYTES",
    "LOA_OFFLINE_IMAGE_MAX_BYTES": "OFFLINE_IMAGE_MAX_BYTES",
    "LOA_OFFLINE_IMAGE_MAX_WIDTH": "OFFLINE_IMAGE_MAX_WIDTH",
}

#: The key under which the plugin keeps its settings for the build.
KEY = "LOA_OFFLINE_SETTINGS"


class OfflineSettingsError(SettingsError):
    """An ``OFFLINE_*`` setting has a value the plugin cannot use; each message names it."""


@dataclass(frozen=True)
class OfflineSettings:
    """The offline plugin's settings: ``enabled``; ``max_bytes`` for a whole file,
    ``image_max_bytes`` for one image, ``image_max_width`` in CSS pixels."""

    enabled: bool = True
    max_bytes: int = MAX_BYTES
    image_max_bytes: int = IMAGE_MAX_BYTES
    image_max_width: int = 320

    @classmethod
    def from_settings(cls, settings) -> "OfflineSettings":
        """Read the ``OFFLINE_*`` keys (defaults above). Raises :class:`OfflineSettingsError`
        with every wrong value (not a positive whole number, not True/False) and every old
        name still set."""
        read = SettingsReader(settings, DEFAULTS, RENAMED, prefix="OFFLINE_")
        value = cls(enabled=read.flag("OFFLINE_ENABLED"),
                    max_bytes=read.whole("OFFLINE_MAX_BYTES", unit="bytes"),
                    image_max_bytes=read.whole("OFFLINE_IMAGE_MAX_BYTES", unit="bytes"),
                    image_max_width=read.whole("OFFLINE_IMAGE_MAX_WIDTH", unit="pixels"))
        return read.finish(value, OfflineSettingsError)
