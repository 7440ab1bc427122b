"""The ``DIRECTORY_*`` settings of the ``loa.directory`` plugin, read once into a frozen dataclass.

Paths are relative to Pelican's ``PATH`` (the content folder) unless absolute.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from loa.site.settings import SettingsError, SettingsReader
from loa.yamlfile import as_date

DEFAULTS = {
    "DIRECTORY_DATA_PATH": "data",            # hotlines.yaml and services.yaml, under PATH
    "DIRECTORY_PICTOGRAMS_PATH": "pictograms",  # NAME.svg for [[picto:NAME|alt]], under PATH
    "DIRECTORY_PRIMARY_HOTLINE": "111",      # shown in every page footer and on every leaflet
    "DIRECTORY_MAX_AGE_DAYS": 180,           # verified_on older than this: warning / production error
    "DIRECTORY_TODAY": None,                 # None = the build machine's date; tests set a date
}


#: The key under which the plugin keeps its settings for the build.
KEY = "LOA_DIRECTORY_SETTINGS"


class DirectorySettingsError(SettingsError):
    """A ``DIRECTORY_*`` setting has a value the plugin cannot use; each message names it."""


@dataclass(frozen=True)
class DirectorySettings:
    """Validated settings.

    ``data_path``: folder holding ``hotlines.yaml`` and ``services.yaml``.
    ``pictograms_path``: folder holding ``NAME.svg`` files.
    ``content_path``: Pelican's ``PATH``; every ``*.md`` below it is scanned for references
    and typed phone numbers.
    ``primary_hotline``: key of the hotline in every footer. ``max_age_days``: days after
    ``verified_on`` before an entry is stale. ``today``: the date staleness is measured from.
    ``production``: stale entries fail the build instead of warning (``LOA_PRODUCTION``).
    """

    content_path: Path
    data_path: Path
    pictograms_path: Path
    primary_hotline: str
    max_age_days: int
    today: dt.date
    production: bool

    @classmethod
    def from_settings(cls, settings: dict) -> "DirectorySettings":
        """Read the ``DIRECTORY_*`` keys of a Pelican settings dict (defaults above).

        Raises :class:`DirectorySettingsError` with every wrong type or value, each naming its
        setting.
        """
        read = SettingsReader(settings, DEFAULTS, prefix="DIRECTORY_")
        content = Path(settings.get("PATH", "content"))
        max_age = read.get("DIRECTORY_MAX_AGE_DAYS")
        if isinstance(max_age, bool) or not isinstance(max_age, int) or max_age < 1:
            read.fail("DIRECTORY_MAX_AGE_DAYS",
                      f"DIRECTORY_MAX_AGE_DAYS must be a whole number of days (at least 1), not {max_age!r}")
            max_age = DEFAULTS["DIRECTORY_MAX_AGE_DAYS"]
        primary = read.get("DIRECTORY_PRIMARY_HOTLINE")
        if not isinstance(primary, (str, int)) or not str(primary).strip():
            read.fail("DIRECTORY_PRIMARY_HOTLINE", f"DIRECTORY_PRIMARY_HOTLINE must be a hotline key, not {primary!r}")
            primary = DEFAULTS["DIRECTORY_PRIMARY_HOTLINE"]
        today = read.get("DIRECTORY_TODAY")
        day = dt.date.today() if today is None else as_date(today)
        if day is None:
            read.fail("DIRECTORY_TODAY", f"DIRECTORY_TODAY must be a date (YYYY-MM-DD) or None, not {today!r}")
            day = dt.date.today()
        from loa.site.site_settings import site_settings

        value = cls(
            content_path=content,
            data_path=_under(content, read.text("DIRECTORY_DATA_PATH", "a folder")),
            pictograms_path=_under(content, read.text("DIRECTORY_PICTOGRAMS_PATH", "a folder")),
            primary_hotline=str(primary).strip(),
            max_age_days=max_age,
            today=day,
            production=site_settings(settings).production,
        )
        return read.finish(value, DirectorySettingsError)


def _under(root: Path, value) -> Path:
    path = Path(str(value))
    return path if path.is_absolute() else root / path

