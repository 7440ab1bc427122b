"""The statistics page in Chromium at 240 and 320 px: no sideways scrolling, no axe-core
violation (caption, scoped headers, the chart hidden from screen readers), the chart inside the
screen with its text at least 12 px."""
from __future__ import annotations

import pytest

from tests.conftest import make_site
from tests.test_statistics_site import add_statistics

from .conftest import served, visit_page

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def stat_url(tmp_path_factory):
    site = make_site(tmp_path_factory.mktemp("statistics-browser"))
    add_statistics(site)
    site.build()
    with served(site.output) as url:
        yield url


@pytest.mark.parametrize("width", [240, 320])
@pytest.mark.parametrize("tag", ["vi", "en"])
def test_the_statistics_page_fits_the_screen_and_passes_axe(browser, stat_url, tag, width):
    seen = visit_page(browser, f"{stat_url}{tag}/thong-ke.html", width)
    assert not seen["scrolls_sideways"]
    assert seen["axe"] == []


@pytest.mark.parametrize("width", [240, 320])
def test_the_chart_stays_inside_the_screen_and_its_text_is_readable(new_page, stat_url, width, tmp_path):
    page = new_page(width)
    page.goto(f"{stat_url}vi/thong-ke.html")
    chart = page.locator("svg.loa-stat__chart")
    box = chart.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= width
    # the drawing's 14-unit text, as shown on screen
    text_height = page.evaluate("() => document.querySelector('svg.loa-stat__chart text').getBoundingClientRect().height")
    assert text_height >= 12
    page.screenshot(path=str(tmp_path / f"statistics-{width}.png"), full_page=True)
