"""The offline copy opened from file:// in Debian's Chromium with the network off."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

@pytest.mark.parametrize("tag, title", [("vi", "Loa · Tiếng Việt"), ("hmn", "Loa · Lus Hmoob"),
                                        ("en", "Loa · English")])
def test_the_offline_copy_opens_from_a_file_with_the_network_off(built_site, browser, tag, title):
    path = built_site.output / "offline" / f"loa-{tag}.html"
    context = browser.new_context(offline=True, viewport={"width": 240, "height": 320})
    page = context.new_page()
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(path.as_uri())
    assert page.title() == title
    assert page.locator("#trang-chu h2").first.is_visible()
    assert requests == [path.as_uri()]
    # no horizontal scrolling at 240 px
    assert page.evaluate("document.documentElement.scrollWidth") <= 240

    page.click("#trang-chu a[href='#viec-nhe-luong-cao']")
    assert page.evaluate("location.hash") == "#viec-nhe-luong-cao"
    heading = page.locator("#viec-nhe-luong-cao h2").first
    assert heading.is_visible()
    top = heading.evaluate("e => e.getBoundingClientRect().top")
    assert -1 < top < 320, "the section is not scrolled into view"  # sub-pixel scrolling

    page.click("#quick-exit")
    assert page.evaluate("location.hash") == "#loa-neutral"
    assert page.evaluate("document.getElementById('loa-neutral').getBoundingClientRect().top") <= 1
    assert requests == [path.as_uri()]
    context.close()


def test_the_offline_title_keeps_the_same_side_margin_as_the_pages_below_it(built_site, browser):
    context = browser.new_context(offline=True, viewport={"width": 320, "height": 568})
    page = context.new_page()
    page.goto((built_site.output / "offline" / "loa-vi.html").as_uri())
    title = page.locator(".loa-offline__title").evaluate("e => e.getBoundingClientRect().left")
    text = page.locator("#trang-chu h2").first.evaluate("e => e.getBoundingClientRect().left")
    assert title == text == 12   # base.css: 12 px each side below 400 px
    context.close()
