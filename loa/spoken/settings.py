"""The ``SPOKEN_*`` settings of the ``loa.spoken`` plugin (read-aloud scripts and their
recordings), read once (``initialized``) into :class:`SpokenSettings`."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from loa.site.settings import SettingsError, SettingsReader

DEFAULTS = {
    # processed recordings and programme mixes, reused by every build (docs/audio.md)
    "SPOKEN_AUDIO_CACHE": "cache/audio",
    # the order of the listen control's <source>s: Opus first saves data where it plays
    # (research/audio.md §2); ["mp3", "opus"] if iPhones in the field do not play
    "SPOKEN_AUDIO_SOURCE_ORDER": ("opus", "mp3"),
}

#: Old names, now an error that names the new one.
RENAMED = {
    "LOA_AUDIO_CACHE": "SPOKEN_AUDIO_CACHE",
    "LOA_AUDIO_SOURCE_ORDER": "SPOKEN_AUDIO_SOURCE_ORDER",
}

#: The key under which the plugin keeps its settings for the build.
KEY = "LOA_SPOKEN_SETTINGS"


class SpokenSettingsError(SettingsError):
    """A ``SPOKEN_*`` setting has a value the plugin cannot use; each message names it."""


@dataclass(frozen=True)
class SpokenSettings:
    """``audio_cache``: the folder of processed recordings. ``audio_order``: the formats of the
    listen control's sources, first tried first (``("opus", "mp3")`` or ``("mp3", "opus")``)."""

    audio_cache: Path = Path(DEFAULTS["SPOKEN_AUDIO_CACHE"])
    audio_order: tuple[str, ...] = DEFAULTS["SPOKEN_AUDIO_SOURCE_ORDER"]

    @classmethod
    def from_settings(cls, settings) -> "SpokenSettings":
        """Read the ``SPOKEN_*`` keys (defaults above). Raises :class:`SpokenSettingsError` with
        every wrong value and every old name still set."""
        from loa.spoken.audio import source_order

        read = SettingsReader(settings, DEFAULTS, RENAMED, prefix="SPOKEN_")
        try:
            order = source_order(read.get("SPOKEN_AUDIO_SOURCE_ORDER"))
        except ValueError as exc:
            read.fail("SPOKEN_AUDIO_SOURCE_ORDER", str(exc), "write SPOKEN_AUDIO_SOURCE_ORDER = [\"opus\", \"mp3\"]")
            order = DEFAULTS["SPOKEN_AUDIO_SOURCE_ORDER"]
        value = cls(audio_cache=Path(read.text("SPOKEN_AUDIO_CACHE", "a folder")), audio_order=order)
        return read.finish(value, SpokenSettingsError)
