"""Leaflet render times: one build in-process, one with a worker per core, then an unchanged
build (everything from the cache). Prints the time per leaflet and per build.

    python3 benchmarks/leaflets.py [--languages 3] [--rounds 1]

Builds a copy of the test fixture site in a temporary folder with one tri-fold, one A5 booklet
(about 15 pages) and one poster, in every fixture language. The machine's load average is
printed too: other processes on a 2-core machine change these numbers a lot.
"""
from __future__ import annotations

import argparse
import contextlib
import io
import logging
import os
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from conftest import make_site  # noqa: E402
from test_leaflets_build import add_leaflets  # noqa: E402


class _Collect(logging.Handler):
    def __init__(self):
        super().__init__(logging.INFO)
        self.lines: list[str] = []

    def emit(self, record):
        self.lines.append(record.getMessage())


def timed_build(site, **settings) -> tuple[float, list[tuple[str, float]], int]:
    collect = _Collect()
    logger = logging.getLogger("loa.leaflets")
    logger.addHandler(collect)
    started = time.perf_counter()
    try:
        with contextlib.redirect_stderr(io.StringIO()), contextlib.redirect_stdout(io.StringIO()):
            site.build(**settings)
    finally:
        logger.removeHandler(collect)
    seconds = time.perf_counter() - started
    log = "\n".join(collect.lines)
    rendered = [(m.group(1), float(m.group(2))) for m in re.finditer(r"leaflet (\S+): rendered in ([\d.]+) s", log)]
    return seconds, rendered, log.count("unchanged, reused")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=1)
    args = parser.parse_args()
    print(f"load average before: {os.getloadavg()[0]:.2f}, cores: {os.cpu_count()}")
    for round_ in range(args.rounds):
        for workers in (1, os.cpu_count() or 1):
            with tempfile.TemporaryDirectory() as folder:
                site = make_site(Path(folder))
                add_leaflets(site)
                seconds, rendered, _ = timed_build(site, LEAFLETS_WORKERS=workers)
                print(f"\nround {round_ + 1}, {workers} worker(s): build {seconds:.2f} s, "
                      f"{len(rendered)} leaflets rendered, sum of render times {sum(s for _, s in rendered):.2f} s")
                for label, s in rendered:
                    print(f"  {label:36} {s:.2f} s")
                again, rendered_again, reused = timed_build(site, LEAFLETS_WORKERS=workers)
                print(f"  unchanged second build: {again:.2f} s ({len(rendered_again)} rendered, {reused} reused)")
    print(f"\nload average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
