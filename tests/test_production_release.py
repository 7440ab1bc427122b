"""`invoke publish` of the REAL content, as a publisher runs it once the data has been re-checked.

The repository's hotline and service data are deliberately stale (a person must re-check them
before the first publish), so the test works on a temporary copy of the project whose
``verified_on`` dates are set to today, and publishes it to a local folder.
"""
from __future__ import annotations

import os
import re
import shutil
import stat
import subprocess
import sys
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SITE_URL = "https://loa.example.org"
PROJECT_FILES = ("content", "theme", "translations", "pelicanconf.py", "publishconf.py", "tasks.py",
                 "babel.cfg")

pytestmark = pytest.mark.slow


def project_copy(where: Path) -> Path:
    """The project's content, theme, catalogs and settings under ``where``, with every
    ``verified_on`` in ``content/data/*.yaml`` set to today (as after a person re-checked it)."""
    project = where / "project"
    project.mkdir()
    for name in PROJECT_FILES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, project / name, ignore=shutil.ignore_patterns("*.mo", "__pycache__"))
        else:
            shutil.copy2(source, project / name)
    today = date.today().isoformat()
    for data in (project / "content" / "data").glob("*.yaml"):
        text = data.read_text(encoding="utf-8")
        refreshed, count = re.subn(r"(?m)^(\s*verified_on:\s*)\S+", rf"\g<1>{today}", text)
        if count:
            data.write_text(refreshed, encoding="utf-8")
    return project


def invoke(project: Path, *args: str) -> subprocess.CompletedProcess:
    """Run ``invoke ARGS`` in ``project`` with this checkout's ``loa`` package."""
    env = dict(os.environ, PYTHONPATH=str(ROOT), LOA_SITEURL=SITE_URL)
    env.pop("LOA_PUBLISH_TARGET", None)
    return subprocess.run([sys.executable, "-m", "invoke", *args], cwd=project, env=env,
                          capture_output=True, text=True, timeout=900)


@pytest.fixture(scope="module")
def release(tmp_path_factory):
    """The real content published with ``invoke publish --target DEST``: ``(DEST, output)``."""
    work = tmp_path_factory.mktemp("production")
    project = project_copy(work)
    dest = work / "dest"
    done = invoke(project, "publish", "--target", str(dest))
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert "Published release" in done.stdout
    return dest, done


class References(HTMLParser):
    """Every address in an HTML file that a browser could load or follow: URL-carrying
    attributes, ``<meta http-equiv=refresh>`` and CSS ``url()``/``@import`` in ``<style>`` and
    ``style=``."""

    URL_ATTRIBUTES = {"src", "href", "srcset", "action", "formaction", "data", "poster", "xlink:href",
                      "background", "ping", "cite", "manifest", "icon"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.in_style = False

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        for name, value in attrs:
            if name in self.URL_ATTRIBUTES and value is not None:
                self.found += [part.strip().split(" ")[0] for part in value.split(",")] \
                    if name == "srcset" else [value]
            if name == "style" and value:
                self.css(value)
        if tag == "meta" and (values.get("http-equiv") or "").lower() == "refresh":
            self.found.append(values.get("content") or "")
        self.in_style = tag == "style"

    def handle_endtag(self, tag):
        self.in_style = False

    def handle_data(self, data):
        if self.in_style:
            self.css(data)

    def css(self, text):
        self.found += re.findall(r"url\(\s*['\"]?([^)'\"]*)", text)
        self.found += re.findall(r"@import\s+['\"]([^'\"]+)", text)


def outside(text: str) -> list[str]:
    parser = References()
    parser.feed(text)
    return [v for v in parser.found if not v.strip().startswith(("#", "data:", "tel:", "mailto:", "sms:"))]


def test_invoke_publish_of_the_real_content_succeeds_once_the_data_is_rechecked(release):
    dest, done = release
    current = dest / "current"
    assert os.readlink(current).startswith("releases/")
    chooser = (current / "index.html").read_text(encoding="utf-8")
    assert f'href="{SITE_URL}/vi/' in chooser
    for tag in ("vi", "hmn", "blt", "en"):
        assert (current / tag / "index.html").is_file()
        assert (current / tag / "index.html.br").is_file()


def test_every_offline_copy_of_the_real_content_is_self_contained(release):
    dest, _ = release
    copies = sorted((dest / "current" / "offline").glob("loa-*.html"))
    assert {p.name for p in copies} >= {"loa-vi.html", "loa-blt.html", "loa-hmn.html", "loa-en.html"}
    for copy in copies:
        text = copy.read_text(encoding="utf-8")
        assert outside(text) == [], copy.name
        quick_exit = re.search(r'<a[^>]*id="quick-exit"[^>]*>', text).group(0)
        assert re.search(r'href="#[^"]+"', quick_exit), copy.name
    blt = (dest / "current" / "offline" / "loa-blt.html").read_text(encoding="utf-8")
    assert "url(data:font/woff2;base64," in blt
    assert f"{SITE_URL}/fonts/" in (dest / "current" / "blt" / "index.html").read_text(encoding="utf-8"), \
        "the site's pages name the font by its full address, which the offline copy must not"


def test_the_real_release_is_readable_by_everyone(release):
    dest, _ = release
    release_dir = (dest / "current").resolve()
    for path in [release_dir, *release_dir.rglob("*")]:
        mode = stat.S_IMODE(path.stat().st_mode)
        assert mode == (0o755 if path.is_dir() else 0o644), f"{path.relative_to(dest)}: {oct(mode)}"


def test_the_offline_check_sees_what_a_copy_must_not_carry():
    assert outside('<a href="https://x.example/">x</a><img srcset="a.png 1x, data:x 2x">'
                   '<meta http-equiv="Refresh" content="0;url=https://x.example/">'
                   '<style>b{background:url(/etc/x.png)}</style><p style="background:url(\'y.png\')">') == [
        "https://x.example/", "a.png", "0;url=https://x.example/", "/etc/x.png", "y.png"]
    assert outside('<a href="#top">t</a><a href="tel:111">111</a><img src="data:image/png;base64,x">') == []
