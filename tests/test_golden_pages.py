"""Five pages of the fixture site, compared byte for byte with tests/golden/ (tests/golden_pages.py
says which and why; ``invoke test.update-golden`` refreshes them)."""
from __future__ import annotations

import pytest

from tests.golden_pages import GOLDEN, PAGES, build_fixture, diff


@pytest.fixture(scope="module")
def golden_site(tmp_path_factory):
    return build_fixture(tmp_path_factory.mktemp("golden"))


@pytest.mark.parametrize("page", list(PAGES))
def test_the_page_is_exactly_the_golden_one(golden_site, page):
    expected = (GOLDEN / page).read_bytes()
    actual = (golden_site.output / page).read_bytes()
    if actual != expected:
        pytest.fail(f"{page} ({PAGES[page]}) differs from its golden copy:\n{diff(page, expected, actual)}",
                    pytrace=False)


def test_the_golden_pages_show_the_case_they_stand_for():
    status = {page: (GOLDEN / page).read_text(encoding="utf-8").split("data-translation-status=\"", 1)[1]
              .split('"', 1)[0] for page in PAGES if page != "index.html"}
    assert status == {"vi/viec-nhe-luong-cao.html": "source", "en/viec-nhe-luong-cao.html": "current",
                      "en/noi-nhan-giup-do.html": "fallback", "hmn/index.html": "draft"}
    assert '<article class="loa-article" lang="vi">' in (GOLDEN / "en/noi-nhan-giup-do.html").read_text(encoding="utf-8")
    assert 'class="loa-chooser' in (GOLDEN / "index.html").read_text(encoding="utf-8")


def test_a_difference_is_shown_as_a_unified_diff_with_how_to_refresh():
    shown = diff("index.html", b"<p>a</p>\n<p>b</p>\n", b"<p>a</p>\n<p>c</p>\n")
    assert shown == ("--- tests/golden/index.html\n+++ built index.html\n@@ -1,2 +1,2 @@\n"
                     " <p>a</p>\n-<p>b</p>\n+<p>c</p>\n\n"
                     "If the change is meant, run: invoke test.update-golden (then commit tests/golden/).")


def test_update_golden_rewrites_only_the_pages_that_differ_and_names_them(tmp_path, monkeypatch):
    import shutil

    from tests import golden_pages

    copy = tmp_path / "golden"
    shutil.copytree(GOLDEN, copy)
    (copy / "index.html").write_text("old\n", encoding="utf-8")
    monkeypatch.setattr(golden_pages, "GOLDEN", copy)
    said = []
    assert golden_pages.update_golden(said.append) == ["index.html"]
    assert said == ["updated tests/golden/index.html (the language chooser)"]
    assert (copy / "index.html").read_bytes() == (GOLDEN / "index.html").read_bytes()
    assert golden_pages.update_golden(said.append) == []
    assert said[-1] == "All 5 golden pages were already up to date."
