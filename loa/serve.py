"""Preview server: builds, serves ``output/`` on localhost, rebuilds when a source changes.

Polls modification times (no extra dependency, works on every filesystem) twice a second; a
failed rebuild prints its problems and keeps serving the last good site.
"""
from __future__ import annotations

import functools
import http.server
import os
import threading
import time
from pathlib import Path

from loa.build import build
from loa.cli import run_reporting

WATCHED = ("content", "theme", "translations", "pelicanconf.py")


def snapshot(root: Path) -> dict[str, float]:
    """``{path: mtime}`` of every file under the watched folders (compiled ``.mo`` excluded)."""
    state = {}
    for name in WATCHED:
        base = root / name
        paths = [base] if base.is_file() else base.rglob("*")
        for path in paths:
            if path.is_file() and path.suffix != ".mo":
                state[str(path)] = path.stat().st_mtime
    return state


def serve(settings_file: str, output: str, *, port: int = 8000, poll: float = 0.5) -> None:
    """Build once, then serve ``output`` on ``http://localhost:port`` and rebuild on change.
    Runs until interrupted (Ctrl+C)."""
    root = Path(settings_file).resolve().parent
    out = (root / output).resolve()

    def rebuild():
        result = build(settings_file, output)
        for warning in result.warnings:
            print(warning, flush=True)
        print(result.summary().splitlines()[0], flush=True)

    run_reporting(rebuild)

    class Handler(http.server.SimpleHTTPRequestHandler):
        def translate_path(self, path):
            # Resolve against the output folder at request time: a rebuild swaps the folder.
            relative = Path(super().translate_path(path)).relative_to(Path.cwd())
            return str(out / relative)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), functools.partial(Handler))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(f"Serving on http://localhost:{port}/  (Ctrl+C to stop)", flush=True)
    state = snapshot(root)
    try:
        while True:
            time.sleep(poll)
            current = snapshot(root)
            if current != state:
                state = current
                print("Change seen, rebuilding…", flush=True)
                run_reporting(rebuild)
    except KeyboardInterrupt:
        server.shutdown()
    finally:
        os.chdir(root)
