"""Every language's pages in a real browser at 240, 320 and 360 px (PRODUCT.md, issue 6)."""
from __future__ import annotations


import pytest

from .conftest import PAGES, WIDTHS

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("path", PAGES)
def test_no_horizontal_scrolling(visit, path, width):
    assert not visit(path, width)["scrolls_sideways"]
    assert not visit(path, width, javascript=False)["scrolls_sideways"]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("path", PAGES)
def test_the_first_tab_reaches_the_visible_quick_exit(visit, path, width):
    seen = visit(path, width)
    assert seen["first_focus"] == "quick-exit"
    box = seen["exit_box"]
    assert seen["exit_visible"] and box["y"] < 320 and box["height"] >= 44 and box["width"] >= 44


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("path", PAGES)
def test_no_request_leaves_localhost_and_the_console_stays_clean(visit, path, width):
    seen = visit(path, width)
    assert seen["hosts"] and set(seen["hosts"]) == {"127.0.0.1"}
    assert seen["errors"] == []


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("path", PAGES)
def test_the_page_reads_without_javascript(visit, path, width):
    seen = visit(path, width, javascript=False)
    assert seen["heading"] and len(seen["main_text"]) > 10
    assert seen["exit_visible"] and seen["first_focus"] == "quick-exit"
    assert set(seen["hosts"]) == {"127.0.0.1"}


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("path", PAGES)
def test_axe_finds_no_wcag_22_aa_violations(visit, path, width):
    seen = visit(path, width)
    assert seen["axe_passes"] > 5        # axe really ran its rules
    assert seen["axe"] == []


def test_tai_viet_text_uses_the_subset_and_line_height_2(new_page, base_url):
    page = new_page(320)
    fonts = []
    page.on("request", lambda request: request.url.endswith(".woff2") and fonts.append(request.url))
    page.goto(base_url + "blt/index.html", wait_until="load")
    assert len(fonts) == 1
    assert page.evaluate("document.fonts.check('16px \"Loa Tavt\"', '\\uaa80')")
    for selector in ("main h1", "article p", ".loa-notice p", "#quick-exit"):
        height, size = page.evaluate(
            "sel => { const s = getComputedStyle(document.querySelector(sel));"
            " return [parseFloat(s.lineHeight), parseFloat(s.fontSize)]; }", selector)
        assert height >= 2 * size, selector


@pytest.mark.parametrize("path", ["vi/index.html", "en/viec-nhe-luong-cao.html", "index.html"])
def test_pages_without_tai_viet_load_no_font(new_page, base_url, path):
    page = new_page(320)
    fonts = []
    page.on("request", lambda request: request.resource_type == "font" and fonts.append(request.url))
    page.goto(base_url + path, wait_until="load")
    assert fonts == []


NEUTRAL = "https://www.google.com.vn/"


def _neutral(route):
    route.fulfill(status=200, content_type="text/html", body="<!doctype html><title>neutral</title>")


def test_the_quick_exit_replaces_the_page_in_history(new_page, base_url):
    page = new_page(320)
    page.route(NEUTRAL + "**", _neutral)   # answered here: nothing leaves the machine
    page.goto(base_url + "vi/index.html")
    page.goto(base_url + "vi/viec-nhe-luong-cao.html")
    page.click("#quick-exit")
    page.wait_for_url(NEUTRAL)
    page.go_back()
    assert page.url == base_url + "vi/index.html"   # the page read last is not one Back away


def test_without_javascript_the_quick_exit_still_leaves(new_page, base_url):
    page = new_page(320, java_script_enabled=False)
    page.route(NEUTRAL + "**", _neutral)
    page.goto(base_url + "vi/viec-nhe-luong-cao.html")
    page.click("#quick-exit")
    page.wait_for_url(NEUTRAL)
    page.go_back()   # the limit docs/quick-exit.md states: Back returns to the page
    assert page.url == base_url + "vi/viec-nhe-luong-cao.html"


def test_pressing_shift_three_times_leaves(new_page, base_url):
    page = new_page(360)
    page.route(NEUTRAL + "**", _neutral)
    page.goto(base_url + "en/index.html")
    for _ in range(3):
        page.keyboard.press("Shift")
    page.wait_for_url(NEUTRAL)


def test_printing_gives_a4_pages(new_page, base_url, tmp_path):
    page = new_page(320)
    page.goto(base_url + "vi/viec-nhe-luong-cao.html")
    page.emulate_media(media="print")
    assert not page.locator("#quick-exit").is_visible()
    pdf = page.pdf(prefer_css_page_size=True)
    from io import BytesIO

    from pypdf import PdfReader

    reader = PdfReader(BytesIO(pdf))
    box = reader.pages[0].mediabox
    assert (round(float(box.width) / 72 * 25.4), round(float(box.height) / 72 * 25.4)) == (210, 297)
    text = reader.pages[0].extract_text()
    assert "https://www.example.org/phong-chong-mua-ban-nguoi" in text.replace("\n", "")
    assert "Thoát nhanh" not in text
