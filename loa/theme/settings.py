"""The ``THEME_*`` settings of the ``loa.theme`` plugin, read once (``initialized``) into
:class:`ThemeSettings`. ``loa.checks`` measures the written images and font against the same
limits; ``loa.leaflets`` reads pictures from the same folder."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from loa.site.settings import SettingsError, SettingsReader, read_or_default

DEFAULTS = {
    "THEME_IMAGES_DIR": "images",     # content/images/*.jpg|png, written compressed (under PATH)
    "THEME_IMAGE_MAX_WIDTH": 640,     # px: twice the 320 px reading width
    "THEME_IMAGE_MAX_BYTES": 30_000,  # bytes per image (PRODUCT.md budgets)
    "THEME_FONT_FILES": None,         # {family: font file}; None: looked up under /usr/share/fonts
    "THEME_FONT_MAX_BYTES": 15_000,   # bytes of the one font subset (PRODUCT.md budgets)
}

#: Old names, now an error that names the new one.
RENAMED = {
    "LOA_IMAGES_DIR": "THEME_IMAGES_DIR",
    "LOA_IMAGE_MAX_WIDTH": "THEME_IMAGE_MAX_WIDTH",
    "LOA_IMAGE_MAX_BYTES": "THEME_IMAGE_MAX_BYTES",
    "LOA_FONT_FILES": "THEME_FONT_FILES",
    "LOA_FONT_MAX_BYTES": "THEME_FONT_MAX_BYTES",
}

#: The key under which the plugin keeps its settings for the build.
KEY = "LOA_THEME_SETTINGS"


class ThemeSettingsError(SettingsError):
    """A ``THEME_*`` setting has a value the plugin cannot use; each message names it."""


@dataclass(frozen=True)
class ThemeSettings:
    """``images_dir``: the pictures' folder under the content folder (``"images"``).
    ``image_max_width``: pixels an image is scaled down to. ``image_max_bytes``: bytes an image
    may weigh after compression. ``font_files``: ``{family: font file}`` used instead of the
    installed fonts. ``font_max_bytes``: bytes the font subset may weigh."""

    images_dir: str = DEFAULTS["THEME_IMAGES_DIR"]
    image_max_width: int = DEFAULTS["THEME_IMAGE_MAX_WIDTH"]
    image_max_bytes: int = DEFAULTS["THEME_IMAGE_MAX_BYTES"]
    font_files: tuple[tuple[str, str], ...] = ()
    font_max_bytes: int = DEFAULTS["THEME_FONT_MAX_BYTES"]

    @property
    def font_overrides(self) -> dict[str, str]:
        """``font_files`` as ``{family: path}``."""
        return dict(self.font_files)

    @classmethod
    def from_settings(cls, settings) -> "ThemeSettings":
        """Read the ``THEME_*`` keys (defaults above). Raises :class:`ThemeSettingsError` with
        every wrong value and every old name still set."""
        read = SettingsReader(settings, DEFAULTS, RENAMED)
        folder = read.text("THEME_IMAGES_DIR", "a folder under the content folder")
        files = read.get("THEME_FONT_FILES") or {}
        if not isinstance(files, dict) or not all(isinstance(k, str) and isinstance(v, (str, Path))
                                                  for k, v in files.items()):
            read.fail("THEME_FONT_FILES", f"THEME_FONT_FILES must be {{font family: font file}}, not {files!r}")
            files = {}
        value = cls(images_dir=folder.rstrip("/"),
                    image_max_width=read.whole("THEME_IMAGE_MAX_WIDTH", minimum=16, unit="pixels"),
                    image_max_bytes=read.whole("THEME_IMAGE_MAX_BYTES", unit="bytes"),
                    font_files=tuple(sorted((k, str(v)) for k, v in files.items())),
                    font_max_bytes=read.whole("THEME_FONT_MAX_BYTES", unit="bytes"))
        return read.finish(value, ThemeSettingsError)


def theme_settings(settings) -> ThemeSettings:
    """The theme's settings as ``loa.theme`` read them in ``initialized``; read here (without
    reporting) when that plugin did not run."""
    return read_or_default(settings, KEY, ThemeSettings.from_settings)
