"""Loa's spoken channel: recordings of read-aloud scripts, checked, processed and packed.

A pure core package: nothing here imports Pelican, so the same functions serve the Invoke
commands today and a site model's audio channel later (architecture review, section 5).

Modules:

- :mod:`loa.audio.settings` — every target and threshold, each with its source.
- :mod:`loa.audio.media` — ffprobe/ffmpeg: probe, decode to PCM, encode, measure loudness.
- :mod:`loa.audio.checks` — the checks a recording must pass before it is placed.
- :mod:`loa.audio.spoken` — script text as spoken: syllables, numbers, speaking rate.
- :mod:`loa.audio.process` — trim, limit, normalise, encode the three rungs, tag; cached.
- :mod:`loa.audio.packs` — podcast feed, ``.m3u`` playlist, programme mix.
- :mod:`loa.audio.library` — the files under ``content/recordings`` and ``content/scripts``:
  adding a recording, the status report.
- :mod:`loa.audio.kit` — the recording kit for volunteers.
- :mod:`loa.audio.preview` — the synthetic Vietnamese preview of a script's timing.

The measurements behind the numbers are in the project's audio research note
(``research/audio.md``), cited below by section.
"""
