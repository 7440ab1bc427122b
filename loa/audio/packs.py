"""What processed recordings are packed into: a podcast feed, a playlist, a programme mix.

Pure functions over file paths, for the build's audio channel to call (issue 18 items 4 and 5).
"""
from __future__ import annotations

import mimetypes
from dataclasses import dataclass
from datetime import datetime, timezone
from email.utils import format_datetime
from pathlib import Path
from xml.etree import ElementTree as ET

import numpy as np

from loa.audio import settings
from loa.audio.media import decode, encode
from loa.audio.process import integrated_loudness

#: Media types of the files Loa publishes (research §2: ``audio/ogg`` for Ogg Opus, ``audio/mpeg``).
MEDIA_TYPES = {".ogg": "audio/ogg", ".opus": "audio/ogg", ".mp3": "audio/mpeg"}


def media_type(path) -> str:
    """The media type of an audio file from its suffix (``audio/mpeg`` for ``.mp3``)."""
    suffix = Path(path).suffix.lower()
    return MEDIA_TYPES.get(suffix) or mimetypes.guess_type(f"x{suffix}")[0] or "application/octet-stream"


@dataclass(frozen=True)
class Episode:
    """One item of a podcast feed: ``title``; ``path`` of the file (its exact size becomes the
    enclosure's ``length``); ``url`` where listeners fetch it; ``guid`` (stable id, e.g. the cache
    key); ``published`` (aware datetime); optional ``description`` and ``seconds`` (length)."""

    title: str
    path: Path
    url: str
    guid: str
    published: datetime
    description: str = ""
    seconds: float | None = None


def podcast_feed(*, title: str, link: str, description: str, language: str, episodes: list[Episode]) -> str:
    """An RSS 2.0 feed (``podcast.xml``) for podcast apps, as UTF-8 text.

    Each item has an ``<enclosure url length type>`` — all three required by RSS 2.0 (research §4,
    "Podcast RSS"): ``length`` is the file's exact size in bytes, ``type`` its media type. Text
    is escaped by the XML serialiser. ``language`` is the channel's language tag (``vi``, ``hmn``).
    Raises ``FileNotFoundError`` when an episode's file is missing.
    """
    itunes = "http://www.itunes.com/dtds/podcast-1.0.dtd"
    ET.register_namespace("itunes", itunes)
    rss = ET.Element("rss", {"version": "2.0"})
    channel = ET.SubElement(rss, "channel")
    for tag, text in (("title", title), ("link", link), ("description", description), ("language", language)):
        ET.SubElement(channel, tag).text = text
    for episode in episodes:
        item = ET.SubElement(channel, "item")
        ET.SubElement(item, "title").text = episode.title
        if episode.description:
            ET.SubElement(item, "description").text = episode.description
        ET.SubElement(item, "enclosure", {"url": episode.url, "length": str(Path(episode.path).stat().st_size),
                                          "type": media_type(episode.path)})
        ET.SubElement(item, "guid", {"isPermaLink": "false"}).text = episode.guid
        published = episode.published if episode.published.tzinfo else episode.published.replace(tzinfo=timezone.utc)
        ET.SubElement(item, "pubDate").text = format_datetime(published)
        if episode.seconds is not None:
            ET.SubElement(item, f"{{{itunes}}}duration").text = str(int(round(episode.seconds)))
    ET.indent(rss)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(rss, encoding="unicode") + "\n"


def m3u_playlist(entries: list[tuple[str, str, float]]) -> str:
    """An extended M3U playlist, in the order given (the programme's running order).

    ``entries`` are ``(file name relative to the playlist, title, seconds)``. Titles lose line
    breaks (one entry is two lines). Written as UTF-8 (``.m3u8`` players and most ``.m3u`` ones
    read it; file names are ASCII slugs)."""
    lines = ["#EXTM3U"]
    for name, title, seconds in entries:
        clean = " ".join(str(title).split())
        lines += [f"#EXTINF:{int(round(seconds))},{clean}", name]
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class Mix:
    """A programme mix: ``path`` of the MP3, its ``seconds`` and each item's ``starts`` (seconds)."""

    path: Path
    seconds: float
    starts: tuple[float, ...]


#: Hz. The programme is mixed and delivered at 44.1 kHz, research §3.1 (safe loudspeaker file).
PROGRAMME_RATE = 44_100


def mix_programme(items: list[Path], out: Path, *, gap_seconds: float) -> Mix:
    """Mix a loudspeaker programme: decode each item (any format ffmpeg reads) to 44.1 kHz mono,
    set each to :data:`settings.TARGET_LUFS` so the operator sets the volume once (research §3.2),
    join them with ``gap_seconds`` of silence between items, and encode once as MP3 64 kb/s 44.1 kHz
    through a limiter at −2 dBFS (never byte-joined: research §1.4). Raises
    :class:`~loa.audio.media.MediaError` when an item does not decode, ``ValueError`` without items.
    """
    if not items:
        raise ValueError("a programme needs at least one item")
    gap = np.zeros(int(round(max(gap_seconds, 0.0) * PROGRAMME_RATE)), dtype=np.float32)
    parts, starts, position = [], [], 0
    for index, item in enumerate(items):
        samples = decode(item, rate=PROGRAMME_RATE, channels=1)[:, 0]
        loudness = integrated_loudness(samples, PROGRAMME_RATE)
        if np.isfinite(loudness):
            samples = samples * np.float32(10 ** ((settings.TARGET_LUFS - loudness) / 20))
        if index:
            parts.append(gap)
            position += gap.size
        starts.append(position / PROGRAMME_RATE)
        parts.append(samples.astype(np.float32))
        position += samples.size
    mixed = np.concatenate(parts)
    loudspeaker = next(r for r in settings.RUNGS if r.name == "mp3-64")
    ceiling = 10 ** (-2 / 20)
    encode(mixed, PROGRAMME_RATE, Path(out), loudspeaker.args,
           filters=f"alimiter=limit={ceiling:.5f}:attack=5:release=50:level=false")
    return Mix(Path(out), mixed.size / PROGRAMME_RATE, tuple(starts))
