"""Both cores for a cold build: Markdown conversion and page rendering in worker processes.

A build with nothing in the content cache converts every Markdown file (Python-Markdown, about
half of a cold build) and renders every page through Jinja; one Python process uses one core.
This module does both on ``LOA_JOBS`` processes (default: every core, ``os.cpu_count()``;
``1`` does everything in the build process, as before).

- :func:`convert_pages` (``page_generator_init``): the Markdown files Pelican's content cache
  does not hold are converted by workers before Pelican reads them; the shared reader
  (:class:`loa.pelican_edge.SharedMarkdownReader`) then takes each file's HTML and raw metadata from
  there instead of converting it itself. Metadata is still processed in the build process by the
  reader, exactly as for a file it converts.
- :func:`write_files`: pages the pages channel must render are rendered by workers, each writing
  its share of the files; the build process waits for them all.

Workers are forked (Linux), as the leaflets' are (:mod:`loa.leaflets.jobs`): they start with
everything the build has read, and nothing is pickled but the results. Conversion and rendering
are pure (same input, same bytes), so the output is byte for byte that of a serial build
(``tests/test_parallel.py`` builds the fixture site both ways and compares the trees). Little
work is not worth a process: below :data:`MIN_FILES` files everything stays in the build process.
"""
from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor

MIN_FILES = 40   # fewer files than this are converted or rendered in the build process


class JobsSettingError(ValueError):
    """``LOA_JOBS`` is not a whole number ≥ 1."""


def jobs(settings) -> int:
    """The number of processes a build may use: ``LOA_JOBS`` from the settings or the
    environment variable of the same name (the environment wins, so ``LOA_JOBS=1 invoke build``
    makes a serial build), else the number of cores. Raises :class:`JobsSettingError`."""
    value = os.environ.get("LOA_JOBS") or settings.get("LOA_JOBS")
    if value in (None, "", 0):
        return os.cpu_count() or 1
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = 0
    if number < 1 or (isinstance(value, float)) or isinstance(value, bool):
        raise JobsSettingError(f"LOA_JOBS must be a whole number ≥ 1, not {value!r}")
    return number


def workers(settings) -> int:
    """:func:`jobs`, or 1 when ``LOA_JOBS`` is wrong (:func:`check_setting` reports it)."""
    try:
        return jobs(settings)
    except JobsSettingError:
        return 1


def check_setting(settings, problems) -> None:
    """Add a problem at the line of the settings file that sets ``LOA_JOBS`` when it is not a
    whole number ≥ 1."""
    try:
        jobs(settings)
    except JobsSettingError as exc:
        from loa.site.settings import locate

        problems.add(*locate(settings, "LOA_JOBS"), str(exc),
                     "LOA_JOBS = 1 builds in one process; leave it out to use every core")


def _pool(workers: int) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork"))


def _shares(items: list, workers: int) -> list[list]:
    """``items`` dealt into ``workers`` lists, round robin (neighbouring files, often alike in
    size, go to different workers)."""
    return [items[i::workers] for i in range(workers) if items[i::workers]]


# -- Markdown ---------------------------------------------------------------------------------
_READER = None   # the reader a forked worker converts with (set in the parent before forking)


def _convert_share(paths: list[str]) -> list[tuple[str, str, dict] | tuple[str, None, None]]:
    results = []
    for path in paths:
        try:
            html, meta = _READER.convert(path)
        except Exception:  # noqa: BLE001 - the build process converts it again and reports it
            results.append((path, None, None))
            continue
        results.append((path, html, meta))
    return results


def convert_pages(generator) -> int:
    """``page_generator_init`` receiver: convert, on every core, the Markdown files that
    Pelican's content cache does not hold, and give the results to the shared reader. Returns
    the number of files converted in workers (0 when the work stays in the build process)."""
    from loa.pelican_edge import pages_to_convert

    global _READER
    processes = workers(generator.settings)
    todo = pages_to_convert(generator)
    if processes < 2 or len(todo) < MIN_FILES:
        return 0
    by_reader: dict[int, list[str]] = {}
    for path, reader in todo.items():
        by_reader.setdefault(id(reader), []).append(path)
    converted = 0
    for paths in by_reader.values():
        reader = todo[paths[0]]
        _READER = reader
        try:
            with _pool(processes) as pool:
                for results in pool.map(_convert_share, _shares(sorted(paths), processes)):
                    for path, html, meta in results:
                        if html is not None:
                            reader.prefill(path, html, meta)
                            converted += 1
        finally:
            _READER = None
    return converted


# -- rendering --------------------------------------------------------------------------------
_WRITES = None   # the pending writes a forked worker performs (set in the parent before forking)


def _write_share(indexes: list[int]) -> tuple[int, list]:
    writer, pending, problems = _WRITES
    before = len(problems.items) if problems is not None else 0
    for index in indexes:
        args, kwargs = pending[index]
        writer.write_file(*args, **kwargs)
    return len(indexes), (problems.items[before:] if problems is not None else [])


def write_files(writer, pending: list[tuple[tuple, dict]], settings) -> int:
    """Call ``writer.write_file(*args, **kwargs)`` for every ``(args, kwargs)`` of ``pending``,
    on ``LOA_JOBS`` processes when there are :data:`MIN_FILES` or more. Each write makes one
    file that no other write touches. A problem a worker finds while rendering (a Pelican log
    line about a link, collected by the build) is added to the build's problems (the site model's).
    Returns the number of files written by workers."""
    global _WRITES
    processes = workers(settings)
    if processes < 2 or len(pending) < MIN_FILES:
        for args, kwargs in pending:
            writer.write_file(*args, **kwargs)
        return 0
    first, kwargs = pending[0]  # in the build process: the templates it imports are compiled
    writer.write_file(*first, **kwargs)  # once here, not once in every worker
    from loa.site.model import site_of

    problems = site_of(settings).problems
    _WRITES = (writer, pending, problems)
    written = 0
    try:
        with _pool(processes) as pool:
            for count, found in pool.map(_write_share, _shares(list(range(1, len(pending))), processes)):
                written += count
                for problem in found:
                    problems._append(problem)
    finally:
        _WRITES = None
    return written


# -- any pure per-file work ---------------------------------------------------------------------
_TASK = None   # (function, items) a forked worker works on (set in the parent before forking)


def _run_share(indexes: list[int]) -> list:
    function, items = _TASK
    return [(index, function(*items[index])) for index in indexes]


def map_pure(function, items: list[tuple], processes: int) -> list:
    """``[function(*item) for item in items]``, on ``processes`` processes when there are
    :data:`MIN_FILES` items or more. ``function`` must be pure (its result depends on its
    arguments only, and it changes nothing) and its results picklable."""
    global _TASK
    if processes < 2 or len(items) < MIN_FILES:
        return [function(*item) for item in items]
    results: list = [None] * len(items)
    _TASK = (function, items)
    try:
        with _pool(processes) as pool:
            for share in pool.map(_run_share, _shares(list(range(len(items))), processes)):
                for index, result in share:
                    results[index] = result
    finally:
        _TASK = None
    return results
