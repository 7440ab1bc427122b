"""Issue 15 in Chromium: 111 on the first screen, the quick exit's symbol, the offline copy's
quick exit with and without JavaScript, and Lighthouse's SEO audits on a production build."""
from __future__ import annotations

import json
import os
import socket
import subprocess

import pytest

from tests.browser.conftest import served
from tests.conftest import CHROMIUM, ROOT, make_site

pytestmark = pytest.mark.browser

LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"


@pytest.mark.parametrize("tag", ["vi", "hmn", "en", "blt"])
def test_the_primary_hotline_is_on_the_first_screen_of_every_home_at_320_by_568(new_page, base_url, tag):
    page = new_page(320, 568)
    page.goto(f"{base_url}{tag}/index.html")
    number = page.locator("main a[href='tel:111']").first
    box = number.bounding_box()
    assert number.inner_text().strip() == "111"
    assert box is not None and box["y"] >= 0 and box["y"] + box["height"] <= 568, box


@pytest.mark.parametrize("tag, words", [("vi", "Thoát nhanh"), ("en", "Quick exit"), ("hmn", "Thoát nhanh")])
def test_the_quick_exit_symbol_is_decoration_and_the_words_name_the_link(new_page, base_url, tag, words):
    page = new_page(320, 568)
    page.goto(f"{base_url}{tag}/index.html")
    symbol = page.locator("#quick-exit svg")
    assert symbol.get_attribute("aria-hidden") == "true"
    box = symbol.bounding_box()
    assert box is not None and box["width"] >= 16 and box["height"] >= 16
    assert page.get_by_role("link", name=words, exact=True).get_attribute("id") == "quick-exit"


def _page_lines(page) -> set[str]:
    """Every line of text the offline file's pages show before the exit (its header included)."""
    text = page.evaluate("Array.from(document.querySelectorAll('main, header, #quick-exit'))"
                         ".map(e => e.innerText).join('\\n')")
    return {line.strip() for line in text.splitlines() if len(line.strip()) > 3}


@pytest.mark.parametrize("javascript", [True, False], ids=["with-javascript", "without-javascript"])
@pytest.mark.parametrize("tag", ["vi", "en"])
def test_after_the_offline_quick_exit_no_text_of_the_pages_is_on_screen(browser, browser_site, tag, javascript):
    path = browser_site.output / "offline" / f"loa-{tag}.html"
    context = browser.new_context(offline=True, java_script_enabled=javascript,
                                  viewport={"width": 320, "height": 568})
    try:
        page = context.new_page()
        page.goto(path.as_uri())
        before = _page_lines(page)
        assert len(before) > 5, before
        assert page.locator("#loa-neutral").is_hidden()

        page.click("#quick-exit")

        shown = page.evaluate("document.body.innerText")
        shown_lines = {line.strip() for line in shown.splitlines() if line.strip()}
        neutral = page.locator("#loa-neutral")
        assert neutral.is_visible()
        assert shown_lines == {line.strip() for line in neutral.inner_text().splitlines() if line.strip()}
        assert not shown_lines & before
        assert page.evaluate("location.hash") == "#loa-neutral"
        # the whole screen is the neutral section: nothing above it, nothing to scroll to
        assert page.evaluate("document.getElementById('loa-neutral').getBoundingClientRect().top") <= 1
        assert page.evaluate("document.documentElement.scrollHeight") <= 568 + 24
        if javascript:
            assert page.locator("main").count() == 0  # removed, not only hidden
            assert page.title() == neutral.locator("h2").inner_text().strip()
    finally:
        context.close()


# -- Lighthouse ------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def production_site(tmp_path_factory):
    """The fixture site built for production with SITEURL set to where it is served, served on
    127.0.0.1 (so canonical, og:url, sitemap and robots.txt name the served host)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}"
    site = make_site(tmp_path_factory.mktemp("production"))
    site.build(production=True, SITEURL=url)
    with served(site.output, port):
        yield site, url


def failed_seo_audits(url: str, work) -> list[tuple[str, str]]:
    """Run Lighthouse's SEO category on ``url`` with Debian's Chromium; return the audits that
    scored below 1 as ``(id, explanation or title)`` (manual and not-applicable audits have no
    score and are not counted)."""
    report = work / "lighthouse.json"
    subprocess.run([str(LIGHTHOUSE), url, "--only-categories=seo", "--output=json",
                    f"--output-path={report}", "--quiet",
                    "--chrome-flags=--headless --no-sandbox --disable-gpu"],
                   check=True, timeout=240, env={**os.environ, "CHROME_PATH": CHROMIUM})
    result = json.loads(report.read_text(encoding="utf-8"))
    failed = []
    for ref in result["categories"]["seo"]["auditRefs"]:
        audit = result["audits"][ref["id"]]
        if audit["score"] is not None and audit["score"] < 1:
            failed.append((ref["id"], audit.get("explanation") or audit["title"]))
    return failed


@pytest.mark.parametrize("path", ["vi/index.html", "en/viec-nhe-luong-cao.html",
                                  "hmn/viec-nhe-luong-cao.html"],
                         ids=["vi-home", "en-page", "hmn-fallback-page"])
def test_lighthouse_finds_no_failed_seo_audit_on_a_production_build(production_site, path, tmp_path):
    if not LIGHTHOUSE.is_file():
        pytest.fail("lighthouse missing: run `npm ci` (scripts/setup.sh does)")
    site, url = production_site
    assert (site.output / "robots.txt").read_text(encoding="utf-8").endswith(f"Sitemap: {url}/sitemap.xml\n")
    assert failed_seo_audits(f"{url}/{path}", tmp_path) == []
