"""Shared fixtures: a tiny real site built in a temporary folder.

``make_site(tmp_path)`` copies ``tests/fixtures/site`` (vi, hmn, en; three pages) and the real
catalogs, and builds it with the real ``pelicanconf.py`` and theme, so tests assert on the HTML
Loa really writes.
"""
from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "site"

# A Tai Dam entry for tests that add the Tai Viet script to the fixture's languages.yaml.
BLT = """  - tag: blt
    native_name: "ꪼꪕꪒꪾ"
    latin_name: Tai Dam (Thái đen)
    english_name: Tai Dam
    script: Tavt
    direction: ltr
    font: Tai Heritage Pro
"""


@dataclass
class Site:
    root: Path

    @property
    def content(self) -> Path:
        return self.root / "content"

    @property
    def output(self) -> Path:
        return self.root / "output"

    @property
    def translations(self) -> Path:
        return self.root / "translations"

    def overrides(self, **extra) -> dict:
        settings = {
            "PATH": str(self.content),
            "LOA_LANGUAGES_FILE": str(self.content / "languages.yaml"),
            "LOA_TRANSLATIONS_DIR": str(self.translations),
            "CACHE_PATH": str(self.root / "cache"),
            "SPOKEN_AUDIO_CACHE": str(self.root / "cache" / "audio"),
            "DIRECTORY_TODAY": "2026-12-01",   # fixture data (data/*.yaml) never goes stale
        }
        settings.update(extra)
        return settings

    def build(self, production: bool = False, keep_output: bool = True, **extra):
        from loa.build import build

        conf = ROOT / ("publishconf.py" if production else "pelicanconf.py")
        return build(conf, self.output, overrides=self.overrides(**extra), keep_output=keep_output)

    def write(self, relative: str, text: str) -> Path:
        path = self.content / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    def read(self, relative: str) -> str:
        return (self.output / relative).read_text(encoding="utf-8")


def make_site(root: Path) -> Site:
    site = Site(root)
    shutil.copytree(FIXTURE, site.content)
    shutil.copytree(ROOT / "translations", site.translations,
                    ignore=shutil.ignore_patterns("*.mo"))
    return site


@pytest.fixture
def site(tmp_path) -> Site:
    """A fresh copy of the fixture site, not yet built."""
    return make_site(tmp_path)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Site:
    """The fixture site, built once for the whole session. Do not modify it."""
    site = make_site(tmp_path_factory.mktemp("built"))
    site.build()
    return site


CHROMIUM = "/usr/bin/chromium"   # Debian's package; Playwright never downloads a browser here
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="session")
def browser():
    """One Chromium for the whole session (Playwright's sync API allows one driver at a time)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
