"""A script page with a recording in Chromium: nothing of the audio is fetched before "play";
pressing play fetches the first source the browser can play (Opus here, research/audio.md §2)."""
from __future__ import annotations

import pytest

from tests.audio_helpers import needs_audio_tools
from tests.conftest import make_site
from tests.test_audio_site import add_recordings

from .conftest import served, visit_page

pytestmark = [pytest.mark.browser, needs_audio_tools]


@pytest.fixture(scope="module")
def audio_url(tmp_path_factory):
    root = tmp_path_factory.mktemp("audio-browser")
    site = make_site(root)
    add_recordings(site, root)
    site.build()
    with served(site.output) as url:
        yield url


def test_nothing_is_fetched_before_play_and_play_fetches_the_opus_file(new_page, audio_url):
    page = new_page(320)
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(f"{audio_url}vi/scripts/goi.html", wait_until="networkidle")
    page.wait_for_timeout(500)
    assert [url for url in requested if "/audio/" in url] == []
    assert page.evaluate("document.querySelector('audio').canPlayType('audio/ogg; codecs=opus')") == "probably"
    with page.expect_request(lambda request: "/audio/" in request.url) as first:
        page.evaluate("document.querySelector('audio').play().catch(() => null)")
    assert first.value.url == f"{audio_url}vi/audio/goi.ogg"
    assert page.evaluate("document.querySelector('audio').currentSrc") == f"{audio_url}vi/audio/goi.ogg"
    assert [url for url in requested if url.endswith("goi.mp3")] == []


@pytest.mark.parametrize("path", ["vi/scripts/goi.html", "vi/programmes/sang-chu-nhat.html", "en/programmes/sang-chu-nhat.html"])
def test_the_listen_control_fits_320_px_and_passes_axe(browser, audio_url, path):
    seen = visit_page(browser, audio_url + path, 320)
    assert not seen["scrolls_sideways"]
    assert seen["axe"] == []
