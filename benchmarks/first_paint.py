"""First contentful paint and largest contentful paint of each language's heaviest page.

Conditions (PRODUCT.md, research/low-bandwidth.md §5): Chrome DevTools "3G" — 2,000 ms latency,
50,000 B/s down and up (devtools-frontend ``Slow3GConditions``) — with a 6× CPU slowdown
(DevTools "low-end mobile"), a 320×568 viewport, a fresh browser context (empty cache) per run,
median of 5 runs. Pages are served from 127.0.0.1 gzipped, as a production server would.

It prints the figures beside the budget (≤ 2,600 ms median: one round trip plus the bytes) and
the one-round-trip estimate (latency + gzipped bytes ÷ throughput). It asserts nothing: compare
runs on the same machine; the CPU slowdown is relative to this machine.

    python3 benchmarks/first_paint.py [OUTPUT_DIR] [--runs 5]
"""
from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import io
import statistics
import sys
import threading
from pathlib import Path

LATENCY_MS = 2000
THROUGHPUT = 50_000          # bytes per second
CPU_SLOWDOWN = 6
VIEWPORT = {"width": 320, "height": 568}
BUDGET_MS = 2600
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
OBSERVERS = """
window.__perf = {fcp: null, lcp: null};
new PerformanceObserver(l => { for (const e of l.getEntries())
  if (e.name === 'first-contentful-paint') window.__perf.fcp = e.startTime; })
  .observe({type: 'paint', buffered: true});
new PerformanceObserver(l => { const e = l.getEntries(); if (e.length)
  window.__perf.lcp = e[e.length - 1].startTime; })
  .observe({type: 'largest-contentful-paint', buffered: true});
"""
SETTLE = "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(window.__perf))))"


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Serves files like a production server with gzip on: text compressed, logs quiet."""

    def log_message(self, *args):
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if path.suffix not in (".html", ".css", ".js", ".xml", ".atom") or not path.is_file() \
                or "gzip" not in self.headers.get("Accept-Encoding", ""):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), 9)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


def heaviest_pages(output: Path) -> dict[str, Path]:
    """``{language tag: its largest page by gzipped bytes}`` for every ``<tag>/`` folder of a
    configured language (``output/offline/`` holds files for phones, opened from storage, and
    ``output/status/`` is for coordinators: neither is a page read over the network)."""
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from loa.site.registry import load_registry

    tags = set(load_registry(Path(__file__).resolve().parent.parent / "content" / "languages.yaml").tags)
    found: dict[str, tuple[int, Path]] = {}
    for page in output.glob("*/*.html"):
        tag = page.parent.name
        if tag not in tags:
            continue
        size = len(gzip.compress(page.read_bytes(), 9))
        if tag not in found or size > found[tag][0]:
            found[tag] = (size, page)
    return {tag: page for tag, (size, page) in sorted(found.items())}


def measure(browser, url: str) -> tuple[float, float]:
    """One cold load of ``url`` under the conditions above → ``(fcp_ms, lcp_ms)``."""
    context = browser.new_context(viewport=VIEWPORT, is_mobile=True, has_touch=True)
    try:
        context.add_init_script(OBSERVERS)
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        conditions = {"latency": LATENCY_MS, "downloadThroughput": THROUGHPUT,
                      "uploadThroughput": THROUGHPUT}
        try:
            cdp.send("Network.emulateNetworkConditions", {"offline": False, **conditions})
        except Exception:  # deprecated in newer protocols: the rule-based form replaces it
            cdp.send("Network.emulateNetworkConditionsByRule",
                     {"offline": False, "matchedNetworkConditions": [{"urlPattern": "", **conditions}]})
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
        page.goto(url, wait_until="load", timeout=60_000)
        perf = page.evaluate(SETTLE)
        for _ in range(100):     # paint entries can arrive a little after load (2 of 9 runs)
            if perf["fcp"] is not None:
                break
            page.wait_for_timeout(100)
            perf = page.evaluate(SETTLE)
        return float(perf["fcp"] or "nan"), float(perf["lcp"] or perf["fcp"] or "nan")
    finally:
        context.close()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output", nargs="?", default="output", help="built site (default: output/)")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    output = Path(args.output)
    pages = heaviest_pages(output)
    if not pages:
        print(f"no pages under {output}/<language>/: build the site first (invoke build)")
        return 1
    from playwright.sync_api import sync_playwright

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                             functools.partial(GzipHandler, directory=str(output)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}/"
    print(f"DevTools 3G ({LATENCY_MS} ms, {THROUGHPUT:,} B/s), {CPU_SLOWDOWN}x CPU, "
          f"{VIEWPORT['width']}x{VIEWPORT['height']}, median of {args.runs}; budget {BUDGET_MS:,} ms")
    print(f"{'page':34} {'gzip B':>7} {'one trip':>9} {'FCP ms':>7} {'LCP ms':>7}  budget")
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for tag, page in pages.items():
                relative = page.relative_to(output).as_posix()
                size = len(gzip.compress(page.read_bytes(), 9))
                runs = [measure(browser, base + relative) for _ in range(args.runs)]
                fcp = statistics.median(r[0] for r in runs)
                lcp = statistics.median(r[1] for r in runs)
                one_trip = LATENCY_MS + size * 1000 / THROUGHPUT
                verdict = "within" if max(fcp, lcp) <= BUDGET_MS else "OVER"
                print(f"{relative:34} {size:7,} {one_trip:9,.0f} {fcp:7,.0f} {lcp:7,.0f}  "
                      f"{BUDGET_MS:,} ({verdict})")
            browser.close()
    finally:
        server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
