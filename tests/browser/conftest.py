"""Browser fixtures: Debian's Chromium driven by Playwright (never ``playwright install``), one
launch per session, and the fixture site (with a Tai Viet page added) served on 127.0.0.1."""
from __future__ import annotations

import contextlib
import functools
import http.server
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.conftest import BLT, ROOT, make_site  # the browser fixture is in tests/conftest.py too

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WIDTHS = (240, 320, 360)
LANGS = ("vi", "hmn", "en", "blt")
# Each language's home and one content page (fallbacks included), and the chooser.
PAGES = ("index.html",) + tuple(f"{tag}/{name}" for tag in LANGS
                                 for name in ("index.html", "viec-nhe-luong-cao.html"))


def build_browser_site(root: Path):
    """The fixture site plus a Tai Viet home page and a longer Vietnamese page (a list, a long
    unbroken address) so that layout problems at 240 px would show."""
    site = make_site(root)
    site.write("languages.yaml", (site.content / "languages.yaml").read_text(encoding="utf-8") + BLT)
    site.write("pages/blt/trang-chu.md", "title: ꪹꪭꪙ ꪻꪬ\nsummary: ꪀꪱꪉ ꪹꪭꪙ\ntranslation_status: draft\n"
                                         "source_hash: 052194306da08b50\n\n"
                                         "ꪎꪱꪣ ꪔꪱ ꪹꪖꪱ ꪻꪠ꪿ ꪩꪳꪣ. ꪁꪾ ꪶꪀ ꪀꪰꪙ ꪻꪊ꪿ ꪹꪀꪱ ꪠꪱ ꪕꪷ꪿ ꪹꪚꪷꪉ.\n")
    source = (site.content / "pages/vi/viec-nhe-luong-cao.md").read_text(encoding="utf-8")
    site.write("pages/vi/viec-nhe-luong-cao.md", source + """
## Dấu hiệu cần cảnh giác

- Người lạ hứa **việc nhẹ, lương cao** ở thành phố hoặc bên kia biên giới.
- Họ trả tiền đi lại trước và giữ giấy tờ tùy thân của bạn.

| Ai gọi | Số |
| --- | --- |
| Đường dây nóng quốc gia | [[hotline:111]] |

Thông tin thêm: <https://www.example.org/phong-chong-mua-ban-nguoi/huong-dan-day-du-cho-gia-dinh>
""")
    site.build()
    return site


@pytest.fixture(scope="session")
def browser_site(tmp_path_factory):
    return build_browser_site(tmp_path_factory.mktemp("browser"))


@pytest.fixture(scope="session")
def base_url(browser_site):
    with served(browser_site.output) as url:
        yield url


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextlib.contextmanager
def served(folder: Path, port: int = 0):
    """Serve ``folder`` on 127.0.0.1 (``port`` 0: any free port) in a thread; yields the base
    URL, ``http://127.0.0.1:PORT/``."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()


AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def visit_page(browser, url: str, width: int, javascript: bool = True) -> dict:
    """Open ``url`` once at ``width`` × 568 and record what the tests assert on: whether it
    scrolls sideways, the hosts it requested, console errors, the element the first Tab
    focuses and the quick exit's box; with JavaScript, axe-core's violations; without, whether
    the heading and main text are visible."""
    context = browser.new_context(viewport={"width": width, "height": 568},
                                  java_script_enabled=javascript)
    try:
        page = context.new_page()
        hosts, errors = [], []
        page.on("request", lambda request: hosts.append(urlsplit(request.url).hostname))
        page.on("console", lambda message: message.type == "error" and errors.append(message.text))
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(url, wait_until="load")
        found = {"hosts": hosts, "errors": errors,
                 "scrolls_sideways": page.evaluate(
                     "document.documentElement.scrollWidth > window.innerWidth"),
                 "exit_box": page.locator("#quick-exit").bounding_box(),
                 "exit_visible": page.locator("#quick-exit").is_visible()}
        heading = page.locator("main h1").first
        found["heading"] = heading.inner_text().strip() if heading.is_visible() else ""
        found["main_text"] = page.locator("main").inner_text().strip()
        page.keyboard.press("Tab")
        found["first_focus"] = page.evaluate("document.activeElement && document.activeElement.id")
        if javascript:
            # evaluated through the DevTools protocol, so the page's CSP stays on while axe runs
            page.evaluate(AXE.read_text(encoding="utf-8"))
            result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})",
                                   AXE_TAGS)
            found["axe"] = [(v["id"], [n["target"] for n in v["nodes"]]) for v in result["violations"]]
            found["axe_passes"] = len(result["passes"])
        return found
    finally:
        context.close()


@pytest.fixture(scope="session")
def visit(browser, base_url):
    """``visit(path, width, javascript=True)`` → :func:`visit_page`'s record, each page opened
    once per session however many tests look at it."""
    if not AXE.is_file():
        pytest.fail("axe-core missing: run `npm ci` (scripts/setup.sh does)")
    cache: dict = {}

    def get(path: str, width: int, javascript: bool = True) -> dict:
        key = (path, width, javascript)
        if key not in cache:
            cache[key] = visit_page(browser, base_url + path, width, javascript)
        return cache[key]

    return get


@pytest.fixture
def new_page(browser):
    """``new_page(width, **context_options)`` → a page in a fresh context (closed afterwards)."""
    contexts = []

    def make(width: int = 320, height: int = 568, **options):
        context = browser.new_context(viewport={"width": width, "height": height}, **options)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()
