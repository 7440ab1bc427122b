"""Recordings in a built site: the listen control on the script page, the programme mix, the
podcast feed, the offline audio zip, stale recordings, the cache and the page-weight budget.

The fixture site gets one Vietnamese recording added with ``audio.add`` (espeak-ng speech made
here, research/audio.md §6) and one English recording placed with a sidecar from an older text.
"""
from __future__ import annotations

import gzip
import re
import zipfile
from xml.etree import ElementTree as ET

import pytest
import yaml

from tests.audio_helpers import needs_audio_tools, speech, tone
from tests.test_spoken_site import add_scripts

pytestmark = needs_audio_tools

SPOKEN_VI = ("Thưa bà con, đây là loa truyền thanh của xã. Có người rủ bạn đi làm xa, lương cao, việc nhẹ? "
             "Đừng im lặng. Hãy gọi số một, một, một. Nhớ nhé: gọi một, một, một.")


def add_recordings(site, tmp_path):
    from loa.audio.library import add_recording

    add_scripts(site)
    phone = speech(tmp_path / "ghi-am.m4a", SPOKEN_VI, args=("-ar", "44100", "-c:a", "aac", "-b:a", "64k"))
    add_recording(site.content, "vi", "goi", phone, speaker="Lò Văn Test", consent=True)
    old = tone(site.content / "recordings" / "en" / "goi.wav", "sine=f=330:d=4", "-af", "volume=-12dB")
    old.with_suffix(".yaml").write_text(yaml.safe_dump({
        "speaker": "Test Reader", "consent": "recorded", "recorded_on": "2026-10-01",
        "script_hash": "0000000000000000"}), encoding="utf-8")


@pytest.fixture(scope="module")
def audio_site(tmp_path_factory):
    from tests.conftest import make_site

    root = tmp_path_factory.mktemp("audio-site")
    site = make_site(root)
    add_recordings(site, root)
    site.build()
    return site


def test_a_recording_added_with_audio_add_is_processed_into_the_three_files(audio_site):
    from loa.audio.media import probe

    audio = audio_site.output / "vi" / "audio"
    assert probe(audio / "goi.ogg").codec == "opus"
    assert (probe(audio / "goi.mp3").codec, probe(audio / "goi.mp3").sample_rate) == ("mp3", 22050)
    assert probe(audio / "loudspeaker" / "goi.mp3").sample_rate == 44100


def test_the_script_page_has_a_listen_control_with_opus_then_mp3_and_a_download_link(audio_site):
    page = audio_site.read("vi/scripts/goi.html")
    size_kb = round((audio_site.output / "vi/audio/goi.mp3").stat().st_size / 1000)
    assert '<audio controls preload="none"' in page
    sources = re.findall(r'<source src="([^"]+)" type="([^"]+)">', page)
    assert sources == [("../audio/goi.ogg", "audio/ogg; codecs=opus"), ("../audio/goi.mp3", "audio/mpeg")]
    assert re.search(rf'<a href="\.\./audio/goi\.mp3" download>⬇ Tải về \(MP3 · 0:\d\d · {size_kb} kB\)</a>', page)
    assert 'class="loa-listen__icon" aria-hidden="true">▶</span> Nghe bài này' in page
    assert "loa-notice--stale" not in page


def test_a_language_without_a_recording_has_no_listen_control(audio_site):
    assert "<audio" not in audio_site.read("hmn/scripts/goi.html")
    assert not (audio_site.output / "hmn" / "audio").exists()
    assert not (audio_site.output / "hmn" / "podcast.xml").exists()


def test_a_recording_of_an_older_text_is_published_marked_stale(audio_site):
    page = audio_site.read("en/scripts/goi.html")
    assert "<audio" in page
    assert '<p class="loa-notice loa-notice--stale">The text has changed since this recording was made.</p>' in page


def test_a_fully_recorded_programme_is_mixed_once_at_44_1_khz(audio_site):
    from loa.audio.media import probe

    mix = audio_site.output / "vi" / "programmes" / "sang-chu-nhat.mp3"
    single = probe(audio_site.output / "vi" / "audio" / "loudspeaker" / "goi.mp3").duration
    found = probe(mix)
    assert found.sample_rate == 44100
    assert found.duration == pytest.approx(2 * single + 5, abs=0.3)  # two items and the 5 s gap
    page = audio_site.read("vi/programmes/sang-chu-nhat.html")
    assert '<source src="sang-chu-nhat.mp3" type="audio/mpeg">' in page
    assert "Đọc trực tiếp" not in page


def test_a_programme_with_a_stale_item_is_not_mixed_and_its_running_order_says_read_live(audio_site):
    assert not (audio_site.output / "en" / "programmes" / "sang-chu-nhat.mp3").exists()
    page = audio_site.read("en/programmes/sang-chu-nhat.html")
    assert page.count("<strong>Read live</strong>: the recording is out of date") == 2


def test_the_podcast_feed_gives_each_recording_with_its_absolute_url_exact_length_and_type(audio_site):
    feed = ET.fromstring(audio_site.read("vi/podcast.xml"))
    enclosures = feed.findall("./channel/item/enclosure")
    assert [e.attrib for e in enclosures] == [{
        "url": "http://localhost:8000/vi/audio/goi.mp3",
        "length": str((audio_site.output / "vi/audio/goi.mp3").stat().st_size), "type": "audio/mpeg"}]
    assert feed.findtext("./channel/language") == "vi"
    assert feed.findtext("./channel/item/description") is None


def test_a_stale_recording_is_marked_in_the_feed_as_on_its_page(audio_site):
    feed = ET.fromstring(audio_site.read("en/podcast.xml"))
    assert feed.findtext("./channel/item/description") == "The text has changed since this recording was made."


def test_the_offline_audio_zip_holds_the_mp3s_and_a_playlist_and_the_offline_copy_links_to_it(audio_site):
    path = audio_site.output / "offline" / "loa-audio-vi.zip"
    with zipfile.ZipFile(path) as archive:
        assert sorted(archive.namelist()) == ["goi.mp3", "loa-audio-vi.m3u"]
        assert archive.read("goi.mp3") == (audio_site.output / "vi/audio/goi.mp3").read_bytes()
        playlist = archive.read("loa-audio-vi.m3u").decode("utf-8")
    assert playlist.startswith("#EXTM3U\n#EXTINF:") and playlist.endswith("\ngoi.mp3\n")
    offline = audio_site.read("offline/loa-vi.html")
    assert '<a href="loa-audio-vi.zip" download>' in offline
    assert "loa-audio-hmn.zip" not in audio_site.read("offline/loa-hmn.html")


def listen_bytes(page: str, css: str) -> int:
    """Gzipped bytes the listen control (its markup, and its CSS matched by ``css``) adds."""
    without = re.sub(r'<div class="loa-listen">.*?</div>\n', "", page, flags=re.S)
    without = re.sub(css, "", without)
    assert without != page and "loa-listen" not in without
    return len(gzip.compress(page.encode(), 9)) - len(gzip.compress(without.encode(), 9))


def test_the_listen_control_adds_at_most_800_bytes_gzipped_to_the_page(audio_site):
    assert 0 < listen_bytes(audio_site.read("vi/scripts/goi.html"), r"\.loa-listen[^{]*\{[^}]*\}") <= 800


def test_a_second_build_does_no_audio_work(audio_site, monkeypatch):
    import loa.audio.packs
    import loa.audio.process

    def refuse(*args, **kwargs):
        raise AssertionError("audio was decoded or encoded again")

    monkeypatch.setattr(loa.audio.process, "make_master", refuse)
    monkeypatch.setattr(loa.audio.packs, "mix_programme", refuse)
    before = (audio_site.output / "vi/programmes/sang-chu-nhat.mp3").read_bytes()
    audio_site.build()
    assert (audio_site.output / "vi/programmes/sang-chu-nhat.mp3").read_bytes() == before
    assert (audio_site.output / "vi/audio/goi.ogg").is_file()


def test_the_source_order_is_a_setting_and_a_wrong_one_is_refused():
    from loa.spoken.audio import Listen, source_order

    item = Listen("vi", "goi", "Gọi", {}, 40.0, 160_000, False, "k", "", None)
    assert item.sources(source_order(["mp3", "opus"])) == [("goi.mp3", "audio/mpeg"),
                                                            ("goi.ogg", "audio/ogg; codecs=opus")]
    with pytest.raises(ValueError, match="SPOKEN_AUDIO_SOURCE_ORDER"):
        source_order(["opus", "aac"])


def test_without_recordings_nothing_is_written_and_the_audio_core_is_not_imported(tmp_path):
    import subprocess
    import sys

    (tmp_path / "content" / "scripts" / "vi").mkdir(parents=True)
    code = ("import sys; from pathlib import Path; from loa.problems import Problems; "
            "from loa.spoken.audio import publish; "
            f"r = publish(Path({str(tmp_path / 'content')!r}), Path({str(tmp_path / 'out')!r}), "
            f"Path({str(tmp_path / 'cache')!r}), {{'vi': []}}, {{'vi': []}}, Problems()); "
            "print(r.listen, sorted(m for m in ('numpy', 'pyloudnorm', 'mutagen', 'loa.audio.process') "
            "if m in sys.modules))")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert run.stdout.strip() == "{} []"
    assert not (tmp_path / "out").exists() and not (tmp_path / "cache").exists()


def test_the_page_a_recorded_script_names_has_the_same_listen_control_and_a_link_to_the_script(audio_site):
    page = audio_site.read("vi/noi-nhan-giup-do.html")
    size_kb = round((audio_site.output / "vi/audio/goi.mp3").stat().st_size / 1000)
    assert '<audio controls preload="none" aria-labelledby="loa-listen-goi">' in page
    sources = re.findall(r'<source src="([^"]+)" type="([^"]+)">', page)
    assert sources == [("audio/goi.ogg", "audio/ogg; codecs=opus"), ("audio/goi.mp3", "audio/mpeg")]
    assert re.search(rf'<a href="audio/goi\.mp3" download>⬇ Tải về \(MP3 · 0:\d\d · {size_kb} kB\)</a> · '
                     r'<a href="scripts/goi\.html">Bài đọc trên loa</a>', page)
    assert 'class="loa-listen__icon" aria-hidden="true">▶</span> Nghe bài này' in page


def test_a_page_no_recorded_script_names_has_no_listen_control(audio_site):
    assert "loa-listen" not in audio_site.read("vi/viec-nhe-luong-cao.html")
    assert "loa-listen" not in audio_site.read("hmn/noi-nhan-giup-do.html")


def test_the_listen_control_adds_at_most_800_bytes_gzipped_to_the_page_it_belongs_to(audio_site):
    assert 0 < listen_bytes(audio_site.read("vi/noi-nhan-giup-do.html"), r"<style>\.loa-listen[^<]*</style>") <= 800


def test_adding_a_recording_to_an_unchanged_site_rewrites_the_page_its_script_names(tmp_path):
    from tests.conftest import make_site
    from tests.test_incremental import page_inodes, rewritten

    site = make_site(tmp_path / "site")
    add_scripts(site)
    site.build()
    before = page_inodes(site)
    assert "<audio" not in site.read("vi/noi-nhan-giup-do.html")
    phone = speech(tmp_path / "ghi-am.m4a", SPOKEN_VI, args=("-ar", "44100", "-c:a", "aac", "-b:a", "64k"))
    from loa.audio.library import add_recording

    add_recording(site.content, "vi", "goi", phone, speaker="Lò Văn Test", consent=True)
    site.build()
    changed = rewritten(before, site)
    assert "vi/noi-nhan-giup-do.html" in changed and "vi/viec-nhe-luong-cao.html" not in changed
    assert '<source src="audio/goi.ogg"' in site.read("vi/noi-nhan-giup-do.html")
