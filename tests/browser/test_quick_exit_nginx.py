"""The quick exit on the live server: pages served by Debian's nginx with deploy/nginx's headers
(security review M2). A browser enforces the header's policy and the page's meta policy both,
so the script runs only if the server's header allows it too (docs/quick-exit.md)."""
from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest

from loa import publish as pub
from loa.theme import security
from tests.test_nginx import NGINX, public_folder, site_server

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not NGINX.exists(), reason="nginx is not installed (scripts/setup.sh)")]

NEUTRAL = "https://www.google.com.vn/"


@pytest.fixture(scope="module")
def nginx_url(browser_site):
    """The browser fixture site, published and served by nginx (worker ``www-data``)."""
    public = Path(tempfile.mkdtemp(prefix="loa-nginx-browser-", dir="/tmp"))
    public.chmod(0o755)
    dest = public_folder(public, "dest")
    pub.publish(browser_site.output, dest)
    nginx, port = site_server(public_folder(public, "nginx"), dest)
    yield f"http://127.0.0.1:{port}/"
    nginx.stop()
    shutil.rmtree(public, ignore_errors=True)


def policy_errors(page) -> list[str]:
    errors = []
    page.on("console", lambda message: "Content Security Policy" in message.text and errors.append(message.text))
    return errors


def test_on_the_server_the_quick_exit_script_runs_and_blanks_the_page(new_page, nginx_url):
    page = new_page(320)
    errors = policy_errors(page)
    # The neutral page answers "204 No Content": the browser stays on the page, so what the
    # script did to it can be read.
    page.route(NEUTRAL + "**", lambda route: route.fulfill(status=204, body=""))
    response = page.goto(nginx_url + "vi/viec-nhe-luong-cao.html")
    assert security.script_hash(security.QUICK_EXIT_JS) in response.headers["content-security-policy"]
    assert "loa-leaving" not in page.evaluate("document.documentElement.className")
    with page.expect_request(NEUTRAL):
        page.click("#quick-exit")
    assert "loa-leaving" in page.evaluate("document.documentElement.className")
    assert errors == []


def test_on_the_server_the_quick_exit_replaces_the_page_in_history(new_page, nginx_url):
    page = new_page(320)
    errors = policy_errors(page)
    page.route(NEUTRAL + "**", lambda route: route.fulfill(
        status=200, content_type="text/html", body="<!doctype html><title>neutral</title>"))
    page.goto(nginx_url + "vi/index.html")
    page.goto(nginx_url + "vi/viec-nhe-luong-cao.html")
    page.click("#quick-exit")
    page.wait_for_url(NEUTRAL)
    page.go_back()
    assert page.url == nginx_url + "vi/index.html"   # the page read last is not one Back away
    assert errors == []


def test_on_the_server_pressing_shift_three_times_leaves(new_page, nginx_url):
    page = new_page(360)
    page.route(NEUTRAL + "**", lambda route: route.fulfill(
        status=200, content_type="text/html", body="<!doctype html><title>neutral</title>"))
    page.goto(nginx_url + "en/index.html")
    for _ in range(3):
        page.keyboard.press("Shift")
    page.wait_for_url(NEUTRAL, timeout=5000)
