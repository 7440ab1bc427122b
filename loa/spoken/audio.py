"""The spoken channel's recordings in the build: processed files, the listen control's values,
programme mixes, the podcast feed and the offline audio zip (issue 18 items 3–6).

Called by :mod:`loa.spoken.generator` with what the channel already planned (the scripts shown
per language, the running orders); it reads ``content/recordings`` itself and never another
channel's output. The audio core (:mod:`loa.audio`: numpy, pyloudnorm, ffmpeg) is imported only
when a recording exists, so a site without recordings pays nothing for it.

Written, per language ``<tag>`` with recordings:

- ``<tag>/audio/<name>.ogg`` (Opus 16 kb/s) and ``<tag>/audio/<name>.mp3`` (MP3 32 kb/s), for the
  page; ``<tag>/audio/loudspeaker/<name>.mp3`` (MP3 64 kb/s, 44.1 kHz), for the loudspeaker;
- ``<tag>/programmes/<programme>.mp3`` when every item of a programme has a current recording;
- ``<tag>/podcast.xml``;
- ``offline/loa-audio-<tag>.zip``: the 32 kb/s MP3s and ``loa-audio-<tag>.m3u``.

Processing and mixing are cached under the audio cache folder (``SPOKEN_AUDIO_CACHE``): an unchanged
recording is never decoded or encoded again, an unchanged programme never mixed again.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import logging
import os
import shutil
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from loa.problems import Problems
from loa.yamlfile import as_date

log = logging.getLogger(__name__)

#: The two ways a browser can be given a recording, in the order of ``SPOKEN_AUDIO_SOURCE_ORDER``.
#: Research/audio.md §2: Opus first saves data on every browser that plays it, but iOS Safari
#: before 18.4 cannot play Ogg Opus and some 18.4 versions fail on it; MP3 first is the safe order.
SOURCES = {"opus": ("ogg", "audio/ogg; codecs=opus"), "mp3": ("mp3", "audio/mpeg")}
#: A fixed time for every zip entry, so the same files give the same zip (ZIP has no 1970).
ZIP_DATE = (1980, 1, 1, 0, 0, 0)


def source_order(value) -> tuple[str, ...]:
    """``SPOKEN_AUDIO_SOURCE_ORDER`` checked: a list of ``"opus"`` and ``"mp3"``, each once.
    Raises ``ValueError`` with the reason otherwise."""
    order = tuple(str(v).strip().lower() for v in (value or ()))
    if sorted(order) != sorted(SOURCES):
        raise ValueError(f"SPOKEN_AUDIO_SOURCE_ORDER must list 'opus' and 'mp3', each once, not {list(value or ())}")
    return order


def has_recordings(content: Path) -> bool:
    """Whether ``content/recordings/<tag>/`` holds any sidecar (cheap: no audio import)."""
    return any((Path(content) / "recordings").glob("*/*.yaml"))


def format_length(seconds: float) -> str:
    """Seconds as ``m:ss`` (42.4 → ``0:42``)."""
    minutes, rest = divmod(int(round(seconds)), 60)
    return f"{minutes}:{rest:02d}"


@dataclass(frozen=True)
class Listen:
    """One published recording of script ``name`` in language ``tag``: ``files`` maps ``opus``,
    ``mp3`` and ``loudspeaker`` to the path written, relative to the output folder; ``seconds``
    (length), ``mp3_bytes`` (exact size of the download), ``stale`` (the script changed since it
    was recorded), ``key`` (the processing cache key), ``speaker``, ``recorded_on``."""

    tag: str
    name: str
    title: str
    files: dict
    seconds: float
    mp3_bytes: int
    stale: bool
    key: str
    speaker: str
    recorded_on: dt.date | None

    @property
    def length(self) -> str:
        return format_length(self.seconds)

    @property
    def size_kb(self) -> int:
        """The download's size in kB (1000 bytes), at least 1."""
        return max(1, round(self.mp3_bytes / 1000))

    def sources(self, order) -> list[tuple[str, str]]:
        """``[(file name beside the other audio files, type)]`` in ``order`` (:func:`source_order`)."""
        return [(f"{self.name}.{SOURCES[kind][0]}", SOURCES[kind][1]) for kind in order]


@dataclass
class AudioResult:
    """What :func:`publish` made: ``listen[tag][name]``, programme mixes ``mixes[(tag, programme)]``
    → ``(path relative to output, seconds, bytes)``, ``work``: how many recordings were
    encoded and programmes mixed in this build (0 and 0 when everything came from the cache), and
    ``pending``: processed files not yet copied into the output (:func:`prepare`, :func:`write`)."""

    listen: dict = field(default_factory=dict)
    mixes: dict = field(default_factory=dict)
    work: dict = field(default_factory=lambda: {"encoded": 0, "mixed": 0})
    pending: list = field(default_factory=list)

    def for_language(self, tag: str) -> dict:
        return self.listen.get(tag, {})


def _copy(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)


def publish(content: Path, output: Path, cache: Path, plan: dict, orders: dict, problems: Problems) -> AudioResult:
    """Process every recording of a planned script and write the audio files into ``output``:
    :func:`prepare`, then :func:`write`. Same arguments; raises nothing."""
    result = prepare(content, cache, plan, problems)
    write(result, output, cache, orders, problems)
    return result


def prepare(content: Path, cache: Path, plan: dict, problems: Problems) -> AudioResult:
    """Process every recording of a planned script into the cache, writing nothing into the
    output: the result knows each recording's length, size and files (``result.pending``: the
    processed files still to copy, ``[(cached path, path relative to output)]``), so pages can
    show the listen control before :func:`write` runs. An unchanged recording comes from the
    cache without decoding.

    ``plan``: tag → planned scripts (:class:`loa.spoken.collect.PlannedScript`). A recording that
    cannot be processed is an error naming it (``path:1: message``); a recording of no planned
    script is left out. Raises nothing."""
    result = AudioResult()
    if not has_recordings(content):
        return result
    from loa.audio.library import STALE, recording_status
    from loa.audio.media import MediaError
    from loa.audio.process import process

    cache = Path(cache)
    for tag, planned in plan.items():
        rows = {row.script.name: row for row in recording_status(content, [tag])[tag] if row.recording}
        for item in planned:
            row = rows.get(item.name)
            if row is None:
                continue
            recording = row.recording
            speaker = str(recording.sidecar.get("speaker") or "")
            try:
                made = process(recording.path, cache / "processed", title=item.shown.title, language=tag,
                               speaker=speaker)
            except MediaError as exc:
                problems.add(recording.path, 1, f"recording cannot be processed: {exc}",
                             "add it again with invoke audio.add, which checks it first")
                continue
            result.work["encoded"] += made.encoded
            files = {"opus": f"{tag}/audio/{item.name}.ogg", "mp3": f"{tag}/audio/{item.name}.mp3",
                     "loudspeaker": f"{tag}/audio/loudspeaker/{item.name}.mp3"}
            for kind, rung in (("opus", "opus16"), ("mp3", "mp3-32"), ("loudspeaker", "mp3-64")):
                result.pending.append((made.rungs[rung].path, files[kind]))
            mp3 = made.rungs["mp3-32"]
            result.listen.setdefault(tag, {})[item.name] = Listen(
                tag, item.name, item.shown.title, files, mp3.seconds, mp3.bytes, row.state == STALE, made.key,
                speaker, as_date(recording.sidecar.get("recorded_on")))
    return result


def write(result: AudioResult, output: Path, cache: Path, orders: dict, problems: Problems) -> None:
    """Copy the files :func:`prepare` processed into ``output`` and mix each fully recorded
    programme (``orders``: tag → running orders, :class:`loa.spoken.programmes.RunningOrder`)."""
    for cached, relative in result.pending:
        _copy(cached, Path(output) / relative)
    for tag in result.listen:
        for order in orders.get(tag, []):
            _mix(order, result, Path(cache), Path(output), problems)


def page_listen(result: AudioResult, plan: dict) -> dict:
    """``{(tag, page name): Listen}``: for each page a recorded script names with ``page:``, the
    recording its page shows (the first such script in the scripts index's order when several
    name the same page). ``plan``: tag → planned scripts."""
    found = {}
    for tag, planned in plan.items():
        listen = result.for_language(tag)
        for item in planned:
            page = str(item.source.meta.get("page", "")).strip()
            if page and item.name in listen:
                found.setdefault((tag, page), listen[item.name])
    return found


def recorded_items(order, listen: dict) -> list:
    """The items of running order ``order`` that have a current recording in ``listen``."""
    return [i for i in order.items if i.name in listen and not listen[i.name].stale]


def _mix(order, result: AudioResult, cache: Path, output: Path, problems: Problems) -> None:
    """Write ``<tag>/programmes/<name>.mp3`` when every item of ``order`` has a current recording;
    mixed once per set of inputs (cached under ``<cache>/programmes/<key>.mp3``)."""
    listen = result.for_language(order.tag)
    if not order.items or len(recorded_items(order, listen)) != len(order.items):
        return
    from loa.audio import settings
    from loa.audio.media import MediaError, probe
    from loa.audio.packs import mix_programme
    from loa.audio.process import write_tags

    sources = [cache / "processed" / listen[i.name].key for i in order.items]
    recipe = {"items": [listen[i.name].key for i in order.items], "gap": order.programme.gap_seconds,
              "version": settings.PROCESS_VERSION, "rungs": [r.args for r in settings.RUNGS]}
    key = hashlib.sha256(json.dumps(recipe, sort_keys=True).encode()).hexdigest()
    cached = cache / "programmes" / f"{key}.mp3"
    if not cached.is_file():
        cached.parent.mkdir(parents=True, exist_ok=True)
        partial = cached.with_name(f".{key}.{os.getpid()}.mp3")
        try:
            mix_programme([s / "mp3-64.mp3" for s in sources], partial, gap_seconds=order.programme.gap_seconds)
        except MediaError as exc:
            problems.add(order.programme.path, order.programme.line,
                         f"programme '{order.programme.name}' in {order.tag} cannot be mixed: {exc}")
            partial.unlink(missing_ok=True)
            return
        os.replace(partial, cached)
        result.work["mixed"] += 1
    write_tags(cached, title=order.programme.title, language=order.tag,
               speaker=", ".join(dict.fromkeys(listen[i.name].speaker for i in order.items)))
    relative = f"{order.tag}/programmes/{order.programme.name}.mp3"
    _copy(cached, output / relative)
    result.mixes[(order.tag, order.programme.name)] = (relative, probe(cached).duration, cached.stat().st_size)


def playlist_order(planned: list, orders: list, listen: dict) -> list[str]:
    """Names of the recorded scripts for the offline playlist: every programme's items in running
    order (each script once, where it first comes), then the other recordings in the scripts
    index's order."""
    names = [i.name for order in orders for i in order.items if i.name in listen]
    names += [p.name for p in planned if p.name in listen]
    return list(dict.fromkeys(names))


def write_feed(output: Path, tag: str, listen: dict, *, title: str, description: str, site_url: str,
               stale_note: str = "") -> Path:
    """``<tag>/podcast.xml``: an RSS 2.0 feed with one item per recording (its 32 kb/s MP3 as the
    enclosure, with an absolute URL under ``site_url``), newest recording first. A stale
    recording's item carries ``stale_note`` as its description, as its page does."""
    from loa.audio.packs import Episode, podcast_feed

    base = site_url.rstrip("/")
    episodes = []
    for item in sorted(listen.values(), key=lambda l: (l.recorded_on or dt.date.min, l.name), reverse=True):
        when = dt.datetime.combine(item.recorded_on or dt.date(2026, 1, 1), dt.time(8), tzinfo=dt.timezone.utc)
        episodes.append(Episode(item.title, Path(output) / item.files["mp3"], f"{base}/{item.files['mp3']}",
                                f"loa:{tag}:{item.name}:{item.key[:16]}", when,
                                description=stale_note if item.stale else "", seconds=item.seconds))
    path = Path(output) / tag / "podcast.xml"
    path.write_text(podcast_feed(title=title, link=f"{base}/{tag}/scripts/index.html", description=description,
                                 language=tag, episodes=episodes), encoding="utf-8")
    return path


def write_zip(output: Path, tag: str, listen: dict, names: list[str]) -> Path:
    """``offline/loa-audio-<tag>.zip``: the 32 kb/s MP3 of each script in ``names`` and the
    playlist ``loa-audio-<tag>.m3u`` in that order (:func:`playlist_order`). Entries are stored
    (MP3 is compressed already) with a fixed date, so the same files give the same zip."""
    from loa.audio.packs import m3u_playlist

    entries = [(f"{name}.mp3", (Path(output) / listen[name].files["mp3"]).read_bytes()) for name in names]
    playlist = m3u_playlist([(f"{name}.mp3", listen[name].title, listen[name].seconds) for name in names])
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
        for entry, data in [(f"loa-audio-{tag}.m3u", playlist.encode("utf-8")), *entries]:
            info = zipfile.ZipInfo(entry, date_time=ZIP_DATE)
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    path = Path(output) / "offline" / f"loa-audio-{tag}.zip"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buffer.getvalue())
    return path
