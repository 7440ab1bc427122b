"""The ``STATISTICS_*`` settings of the ``loa.statistics`` plugin, read once into a frozen dataclass.

Paths are relative to Pelican's ``PATH`` (the content folder) unless absolute.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from loa.site.settings import SettingsError, SettingsReader

DEFAULTS = {
    "STATISTICS_DATA_PATH": "data/statistics",  # <name>.csv + <name>.yaml, under PATH
    "STATISTICS_THRESHOLD": 5,                  # counts from 1 to THRESHOLD-1 are hidden (PRODUCT.md)
}


#: The key under which the plugin keeps its settings for the build.
KEY = "LOA_STATISTICS_SETTINGS"


class StatisticsSettingsError(SettingsError):
    """A ``STATISTICS_*`` setting has a value the plugin cannot use; each message names it."""


@dataclass(frozen=True)
class StatisticsSettings:
    """Validated settings.

    ``content_path``: Pelican's ``PATH``; every ``*.md`` below it is scanned for
    ``[[statistics:NAME]]``. ``data_path``: folder of the ``<name>.csv``/``<name>.yaml`` pairs.
    ``threshold``: counts from 1 to ``threshold - 1`` are shown as "fewer than ``threshold``"
    (PRODUCT.md "Statistics": 5; at least 2, at most 100).
    """

    content_path: Path
    data_path: Path
    threshold: int

    @classmethod
    def from_settings(cls, settings: dict) -> "StatisticsSettings":
        """Read the ``STATISTICS_*`` keys of a Pelican settings dict (defaults above).

        Raises :class:`StatisticsSettingsError` with every wrong type or value, each naming its
        setting.
        """
        read = SettingsReader(settings, DEFAULTS, prefix="STATISTICS_")
        threshold = read.get("STATISTICS_THRESHOLD")
        if isinstance(threshold, bool) or not isinstance(threshold, int) or not 2 <= threshold <= 100:
            read.fail("STATISTICS_THRESHOLD",
                      f"STATISTICS_THRESHOLD must be a whole number from 2 to 100 (counts below it are hidden), "
                      f"not {threshold!r}")
            threshold = DEFAULTS["STATISTICS_THRESHOLD"]
        data = read.get("STATISTICS_DATA_PATH")
        if not isinstance(data, (str, Path)) or not str(data).strip():
            read.fail("STATISTICS_DATA_PATH", f"STATISTICS_DATA_PATH must be a folder, not {data!r}")
            data = DEFAULTS["STATISTICS_DATA_PATH"]
        content = Path(settings.get("PATH", "content"))
        data = Path(str(data))
        value = cls(content_path=content, data_path=data if data.is_absolute() else content / data,
                    threshold=threshold)
        return read.finish(value, StatisticsSettingsError)
