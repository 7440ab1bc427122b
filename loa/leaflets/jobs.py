"""Rendering many leaflets: skip the unchanged ones (content-hash cache), render the rest in
parallel worker processes, time each one.

A leaflet's cache key is a SHA-256 over everything that shapes its PDF: the whole HTML document
(text, hotline data, QR code, template output and inline CSS), the font files, and the code of
the render and imposition modules. Same key, same PDF: the cached files are reused.
"""
from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from loa.leaflets import impose, render
from loa.leaflets.render import RenderJob, RenderOutcome, render_job

CACHE_FORMAT = "1"
MAX_AGE_DAYS = 30


def code_digest() -> str:
    """SHA-256 of the modules that turn HTML into the printed PDF (render, impose)."""
    digest = hashlib.sha256(CACHE_FORMAT.encode())
    for module in (render, impose):
        digest.update(Path(module.__file__).read_bytes())
    return digest.hexdigest()


def input_key(kind: str, html: str, fonts_digest: str, code: str, files: str = "") -> str:
    """The cache key of one leaflet (64 hex digits). ``files``: a fingerprint of the files the
    HTML may load (pictures, pictograms, the theme's static files,
    :func:`loa.incremental.files_fingerprint`): the HTML names a picture by its path, so a
    picture replaced under the same name must change the key too."""
    digest = hashlib.sha256()
    for part in (kind, fonts_digest, code, files, html):
        digest.update(part.encode("utf-8"))
        digest.update(b"\0")
    return digest.hexdigest()


class LeafletCache:
    """Rendered leaflets by cache key in ``folder``: ``<key>.pdf``, ``<key>.png``, for a
    booklet ``<key>.a5.pdf``, and ``<key>.json`` (page count), written last so that a
    half-written entry is never used. ``folder=None`` caches nothing."""

    def __init__(self, folder: Path | None):
        self.folder = Path(folder) if folder else None

    def get(self, key: str) -> RenderOutcome | None:
        if self.folder is None:
            return None
        meta = self.folder / f"{key}.json"
        try:
            info = json.loads(meta.read_text(encoding="utf-8"))
            outcome = RenderOutcome(key, pages=int(info["pages"]), warnings=list(info.get("warnings", [])))
            outcome.pdf = (self.folder / f"{key}.pdf").read_bytes()
            outcome.preview = (self.folder / f"{key}.png").read_bytes()
            if info.get("sequential"):
                outcome.sequential = (self.folder / f"{key}.a5.pdf").read_bytes()
        except (OSError, ValueError, KeyError):
            return None
        os.utime(meta)  # last use, for pruning
        return outcome

    def put(self, outcome: RenderOutcome) -> None:
        if self.folder is None or outcome.error:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        key = outcome.key
        (self.folder / f"{key}.pdf").write_bytes(outcome.pdf)
        (self.folder / f"{key}.png").write_bytes(outcome.preview)
        if outcome.sequential is not None:
            (self.folder / f"{key}.a5.pdf").write_bytes(outcome.sequential)
        info = {"pages": outcome.pages, "sequential": outcome.sequential is not None,
                "warnings": outcome.warnings}
        (self.folder / f"{key}.json").write_text(json.dumps(info), encoding="utf-8")

    def prune(self, max_age_days: float = MAX_AGE_DAYS) -> int:
        """Delete entries not used for ``max_age_days``; returns how many."""
        if self.folder is None or not self.folder.is_dir():
            return 0
        limit = time.time() - max_age_days * 86400
        removed = 0
        for meta in self.folder.glob("*.json"):
            if meta.stat().st_mtime < limit:
                for path in self.folder.glob(f"{meta.stem}.*"):
                    path.unlink(missing_ok=True)
                removed += 1
        return removed


def run_jobs(jobs: list[RenderJob], *, workers: int, cache: LeafletCache,
             report=None) -> tuple[dict[str, RenderOutcome], dict[str, bool]]:
    """Render every job whose key is not in ``cache``; returns ``({key: outcome}, {key: cached})``.

    With ``workers`` > 1 and more than one leaflet to render, a process pool renders them in
    parallel; each worker imports WeasyPrint once. Workers are forked (Linux): ``spawn`` and
    ``forkserver`` re-run the calling script's main module, which breaks any script that builds
    without an ``if __name__ == "__main__"`` guard; WeasyPrint starts no threads, so forking
    after it rendered in the build process is safe. ``report(job, outcome, cached)``
    is called once per job as results arrive.
    """
    outcomes: dict[str, RenderOutcome] = {}
    cached: dict[str, bool] = {}
    todo = []
    for job in jobs:
        hit = cache.get(job.key)
        if hit is not None:
            outcomes[job.key], cached[job.key] = hit, True
            if report:
                report(job, hit, True)
        else:
            todo.append(job)
    unique = list({job.key: job for job in todo}.values())
    if workers > 1 and len(unique) > 1:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=min(workers, len(unique)), mp_context=context,
                                 initializer=render.warm_up) as pool:
            results = pool.map(render_job, unique)
            for job, outcome in zip(unique, results):
                _done(job, outcome, cache, outcomes, cached, report)
    else:
        for job in unique:
            _done(job, render_job(job), cache, outcomes, cached, report)
    for job in todo:  # identical leaflets (same key) rendered once
        if job.key not in cached:
            cached[job.key] = False
    return outcomes, cached


def _done(job, outcome, cache, outcomes, cached, report):
    cache.put(outcome)
    outcomes[job.key], cached[job.key] = outcome, False
    if report:
        report(job, outcome, False)
