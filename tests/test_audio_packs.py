"""Podcast feed, playlist and programme mix, built from files on disk."""
from __future__ import annotations

from datetime import datetime, timezone
from xml.etree import ElementTree as ET

import numpy as np
import pytest

from loa.audio.media import decode, probe
from loa.audio.packs import Episode, m3u_playlist, mix_programme, podcast_feed
from loa.audio.process import integrated_loudness
from tests.audio_helpers import needs_audio_tools, tone


def test_the_podcast_feed_gives_each_enclosure_its_url_exact_length_and_type(tmp_path):
    mp3, ogg = tmp_path / "goi-111.mp3", tmp_path / "canh-giac.ogg"
    mp3.write_bytes(b"\xff\xfb" * 1234)
    ogg.write_bytes(b"OggS" * 77)
    when = datetime(2026, 12, 1, 8, 0, tzinfo=timezone.utc)
    feed = podcast_feed(title="Loa – tiếng Việt", link="https://loa.example/vi/", description="Bài phát thanh",
                        language="vi", episodes=[
                            Episode("Gọi 111", mp3, "https://loa.example/vi/audio/goi-111.mp3", "k1", when,
                                    seconds=41.6),
                            Episode("Cảnh giác", ogg, "https://loa.example/vi/audio/canh-giac.ogg", "k2", when)])
    channel = ET.fromstring(feed).find("channel")
    enclosures = [item.find("enclosure").attrib for item in channel.findall("item")]
    assert enclosures == [
        {"url": "https://loa.example/vi/audio/goi-111.mp3", "length": "2468", "type": "audio/mpeg"},
        {"url": "https://loa.example/vi/audio/canh-giac.ogg", "length": "308", "type": "audio/ogg"}]
    assert channel.findtext("language") == "vi"
    assert channel.find("item").findtext("pubDate") == "Tue, 01 Dec 2026 08:00:00 +0000"
    assert ET.fromstring(feed).get("version") == "2.0"


def test_the_podcast_feed_escapes_titles_and_urls(tmp_path):
    path = tmp_path / "a.mp3"
    path.write_bytes(b"x")
    title = 'Hỏi & đáp <bài 1> "111"'
    url = "https://loa.example/a.mp3?x=1&y=2"
    feed = podcast_feed(title=title, link="https://loa.example/", description="d", language="vi",
                        episodes=[Episode(title, path, url, "g", datetime(2026, 1, 1, tzinfo=timezone.utc))])
    assert "Hỏi &amp; đáp &lt;bài 1&gt;" in feed
    item = ET.fromstring(feed).find("channel/item")
    assert (item.findtext("title"), item.find("enclosure").get("url")) == (title, url)


def test_the_playlist_lists_files_in_the_order_given_with_their_lengths():
    text = m3u_playlist([("goi-111.mp3", "Gọi 111", 41.6), ("canh-giac.mp3", "Cảnh giác\nlấy chồng", 58.2)])
    assert text == ("#EXTM3U\n#EXTINF:42,Gọi 111\ngoi-111.mp3\n"
                    "#EXTINF:58,Cảnh giác lấy chồng\ncanh-giac.mp3\n")


@needs_audio_tools
def test_a_programme_mix_puts_items_at_equal_loudness_with_the_gaps_set(tmp_path):
    quiet = tone(tmp_path / "quiet.ogg", "sine=f=330:d=3", "-af", "volume=-30dB", "-c:a", "libopus")
    loud = tone(tmp_path / "loud.wav", "sine=f=550:d=2", "-af", "volume=-6dB")
    mix = mix_programme([quiet, loud, quiet], tmp_path / "chuong-trinh.mp3", gap_seconds=1.5)
    info = probe(mix.path)
    assert (info.codec, info.sample_rate) == ("mp3", 44100)
    assert mix.seconds == pytest.approx(3 + 1.5 + 2 + 1.5 + 3, abs=0.1)
    assert mix.starts == pytest.approx((0.0, 4.5, 8.0), abs=0.05)
    samples = decode(mix.path, rate=44100, channels=1)[:, 0]
    loudness = [integrated_loudness(samples[int((s + 0.3) * 44100): int((s + 1.7) * 44100)], 44100)
                for s in mix.starts]
    assert max(loudness) - min(loudness) < 1.0
    assert abs(np.mean(loudness) + 16) < 1.0
    gap = samples[int(3.3 * 44100): int(4.2 * 44100)]
    assert np.abs(gap).max() < 0.01
