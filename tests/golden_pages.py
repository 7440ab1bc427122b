"""Golden pages: five pages of the fixture site (``tests/fixtures/site``), kept byte for byte in
``tests/golden/`` and compared by ``tests/test_golden_pages.py``.

A change to the templates, the CSS, the catalogs or the code that writes pages shows up as a diff
of these files. When the change is meant, refresh them deliberately and commit them with it::

    invoke test.update-golden

Nothing in them depends on the day or the machine: the fixture's hotline data is judged as on
``DIRECTORY_TODAY`` (tests/conftest.py), every page has its own ``reviewed_on`` and
``source_hash``, and links are relative.
"""
from __future__ import annotations

import difflib
import tempfile
from pathlib import Path

from tests.conftest import ROOT, Site, make_site

GOLDEN = ROOT / "tests" / "golden"

#: Output page → the case it stands for.
PAGES = {
    "vi/viec-nhe-luong-cao.html": "a Vietnamese source page",
    "en/viec-nhe-luong-cao.html": "a current, reviewed translation",
    "en/noi-nhan-giup-do.html": "a critical page whose translation is stale: the Vietnamese page, as fallback",
    "hmn/index.html": "the Hmong home page, a draft translation",
    "index.html": "the language chooser",
}

REFRESH = "If the change is meant, run: invoke test.update-golden (then commit tests/golden/)."


def build_fixture(root: Path) -> Site:
    """The fixture site copied into ``root`` and built there (development build)."""
    site = make_site(root)
    site.build()
    return site


def diff(page: str, expected: bytes, actual: bytes) -> str:
    """A unified diff from the golden file to the page as built, then how to refresh."""
    lines = difflib.unified_diff(expected.decode("utf-8").splitlines(keepends=True),
                                 actual.decode("utf-8").splitlines(keepends=True),
                                 fromfile=f"tests/golden/{page}", tofile=f"built {page}")
    return "".join(lines) + "\n" + REFRESH


def update_golden(stream=print) -> list[str]:
    """Build the fixture site and rewrite every golden page that differs from it. Prints and
    returns the pages that changed (an empty list when none did)."""
    changed = []
    with tempfile.TemporaryDirectory(prefix="loa-golden-") as folder:
        site = build_fixture(Path(folder))
        for page in PAGES:
            actual = (site.output / page).read_bytes()
            golden = GOLDEN / page
            if golden.exists() and golden.read_bytes() == actual:
                continue
            golden.parent.mkdir(parents=True, exist_ok=True)
            golden.write_bytes(actual)
            changed.append(page)
    for page in changed:
        stream(f"updated tests/golden/{page} ({PAGES[page]})")
    if not changed:
        stream(f"All {len(PAGES)} golden pages were already up to date.")
    return changed
