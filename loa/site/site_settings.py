"""The whole site's ``LOA_*`` settings, read once (``initialized`` of ``loa.languages``) into
:class:`SiteSettings`.

Every other plugin has its own prefix and ``settings.py``; these few belong to no one plugin.
Paths are relative to the settings file's folder (the project root) unless absolute.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from loa.site.settings import SettingsError, SettingsReader, read_or_default

DEFAULTS = {
    "LOA_LANGUAGES_FILE": "content/languages.yaml",  # the languages and their order (docs/languages.md)
    "LOA_TRANSLATIONS_DIR": "translations",          # messages.pot and <tag>/LC_MESSAGES/messages.po
    "LOA_HOME_PAGE": "trang-chu",                    # content/pages/<tag>/trang-chu.md is each home
    "LOA_PRODUCTION": False,                         # True: drafts left out, stale data fails the build
    "LOA_PREVIEW_URL": "",                           # absolute URLs of a development build (sitemap, feeds)
    "LOA_QUICK_EXIT_URL": "https://www.google.com.vn/",  # a neutral page (docs/quick-exit.md)
    "LOA_SAFETY_PAGE": "an-toan-dien-thoai",         # linked from every home page when it exists
    "LOA_REUSE_OUTPUT": True,                        # False: render every page again (tests, timing)
}

#: The key under which ``loa.languages`` keeps the validated object for the other plugins.
KEY = "LOA_SITE_SETTINGS"


class SiteSettingsError(SettingsError):
    """A ``LOA_*`` setting has a value Loa cannot use; each message names the setting."""


@dataclass(frozen=True)
class SiteSettings:
    """The whole site's settings.

    ``languages_file``: ``languages.yaml``. ``translations_dir``: the catalogs' folder.
    ``home_page``: the name of each language's home page (a file name without ``.md``).
    ``production``: a production build (``invoke publish``). ``preview_url``: absolute address
    of a development build, or ``""``. ``quick_exit_url``: where the quick exit goes (absolute
    ``https://`` or ``http://``). ``safety_page``: the page every home links to when it exists.
    ``reuse_output``: unchanged pages of the previous build are copied instead of rendered.
    """

    languages_file: Path
    translations_dir: Path
    home_page: str
    production: bool
    preview_url: str
    quick_exit_url: str
    safety_page: str
    reuse_output: bool

    @classmethod
    def from_settings(cls, settings) -> "SiteSettings":
        """Read the ``LOA_*`` keys above from a Pelican settings mapping (defaults above).

        Raises :class:`SiteSettingsError` with every wrong value, each naming its setting.
        """
        read = SettingsReader(settings, DEFAULTS)
        home = read.text("LOA_HOME_PAGE", "a page name (the file name without .md)")
        if "/" in home or home.endswith(".md"):
            read.fail("LOA_HOME_PAGE", f"LOA_HOME_PAGE must be a page name without folder or .md, not {home!r}")
            home = DEFAULTS["LOA_HOME_PAGE"]
        preview = read.get("LOA_PREVIEW_URL") or ""
        if not isinstance(preview, str) or (preview and not preview.startswith(("https://", "http://"))):
            read.fail("LOA_PREVIEW_URL", f"LOA_PREVIEW_URL must be an absolute address (http://…) or "
                      f"empty, not {preview!r}")
            preview = ""
        exit_url = read.get("LOA_QUICK_EXIT_URL")
        if not isinstance(exit_url, str) or not exit_url.startswith(("https://", "http://")):
            read.fail("LOA_QUICK_EXIT_URL", f"LOA_QUICK_EXIT_URL must be the absolute address of a "
                      f"neutral page (https://…), not {exit_url!r}", "see docs/quick-exit.md")
            exit_url = DEFAULTS["LOA_QUICK_EXIT_URL"]
        value = cls(
            languages_file=Path(read.text("LOA_LANGUAGES_FILE", "the path of languages.yaml")),
            translations_dir=Path(read.text("LOA_TRANSLATIONS_DIR", "a folder")),
            home_page=home,
            production=read.flag("LOA_PRODUCTION"),
            preview_url=preview.rstrip("/"),
            quick_exit_url=exit_url,
            safety_page=read.text("LOA_SAFETY_PAGE", "a page name"),
            reuse_output=read.flag("LOA_REUSE_OUTPUT"),
        )
        return read.finish(value, SiteSettingsError)


def site_settings(settings) -> SiteSettings:
    """The site's settings as ``loa.languages`` read them in ``initialized``; read here (without
    reporting) when that plugin did not run, as in a plugin's own unit test."""
    return read_or_default(settings, KEY, SiteSettings.from_settings)
