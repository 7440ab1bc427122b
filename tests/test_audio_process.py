"""Processing: −16 LUFS and ≤ −1 dBTP measured after encoding, the size budgets, tags, the cache."""
from __future__ import annotations

import pytest
from mutagen.id3 import ID3
from mutagen.oggopus import OggOpus

import loa.audio.process as process_module
from loa.audio.media import decode, measure_file, probe
from loa.audio.process import cache_key, process
from tests.audio_helpers import GOI_111, TALK, needs_audio_tools, speech, spoken

pytestmark = needs_audio_tools


@pytest.fixture(scope="module")
def processed(tmp_path_factory):
    """A 30-second phone-like recording (1.5 s of silence at each end), processed once."""
    folder = tmp_path_factory.mktemp("process")
    text = spoken(GOI_111) + " " + TALK[:200]
    source = speech(folder / "ghi-am.m4a", text, filters="adelay=1500,apad=pad_dur=1.5", args=("-c:a", "aac"))
    result = process(source, folder / "cache", title="Gọi 111 & hỏi cán bộ", language="vi", speaker="Lò Văn Bình")
    return source, folder / "cache", result


def test_every_rung_measures_minus_16_lufs_within_1_lu_after_encoding(processed):
    _, _, result = processed
    for rung in result.rungs.values():
        measured = measure_file(rung.path)
        assert abs(measured.integrated + 16) <= 1.0, (rung.rung, measured)


def test_every_rung_peaks_at_or_below_minus_1_dbtp_after_encoding(processed):
    _, _, result = processed
    for rung in result.rungs.values():
        assert measure_file(rung.path).true_peak <= -1.0, rung.rung


def test_the_web_rungs_keep_within_the_size_budgets_per_minute(processed):
    _, _, result = processed
    assert result.rungs["opus16"].seconds > 25
    assert result.rungs["opus16"].kib_per_minute <= 130
    assert result.rungs["mp3-32"].kib_per_minute <= 240


def test_the_rungs_have_the_codecs_and_sample_rates_of_the_ladder(processed):
    _, _, result = processed
    shapes = {name: (probe(r.path).codec, probe(r.path).sample_rate, probe(r.path).channels)
              for name, r in result.rungs.items()}
    assert shapes == {"opus16": ("opus", 48000, 1), "mp3-32": ("mp3", 22050, 1), "mp3-64": ("mp3", 44100, 1)}
    assert result.rungs["opus16"].path.suffix == ".ogg"


def test_silence_at_the_ends_is_trimmed(processed):
    source, _, result = processed
    before = probe(source).duration
    after = result.rungs["mp3-64"].seconds
    assert 2.0 < before - after < 3.4


def test_the_files_carry_title_language_and_speaker_tags(processed):
    _, _, result = processed
    ogg = OggOpus(result.rungs["opus16"].path)
    assert (ogg["title"], ogg["language"], ogg["artist"]) == (["Gọi 111 & hỏi cán bộ"], ["vi"], ["Lò Văn Bình"])
    id3 = ID3(result.rungs["mp3-32"].path)
    assert (str(id3["TIT2"]), str(id3["TLAN"]), str(id3["TPE1"])) == ("Gọi 111 & hỏi cán bộ", "vie", "Lò Văn Bình")


def test_processing_an_unchanged_recording_again_encodes_nothing(processed, monkeypatch):
    source, cache, first = processed
    assert first.encoded

    def no_encoding(*args, **kwargs):
        raise AssertionError("encoded again")

    monkeypatch.setattr(process_module, "encode", no_encoding)
    monkeypatch.setattr(process_module, "decode", no_encoding)
    again = process(source, cache, title="Gọi 111", language="vi", speaker="Lò Văn Bình")
    assert not again.encoded
    assert {n: r.path for n, r in again.rungs.items()} == {n: r.path for n, r in first.rungs.items()}
    assert str(ID3(again.rungs["mp3-64"].path)["TIT2"]) == "Gọi 111"


def test_the_cache_key_changes_with_the_recordings_bytes(tmp_path):
    one, two = tmp_path / "a.wav", tmp_path / "b.wav"
    one.write_bytes(b"RIFF" + b"\0" * 100)
    two.write_bytes(b"RIFF" + b"\0" * 99 + b"\1")
    assert cache_key(one) != cache_key(two)
    assert cache_key(one) == cache_key(one)


def test_a_quiet_recording_is_raised_to_minus_16_lufs_without_its_peaks_passing_the_limit(tmp_path):
    source = speech(tmp_path / "nho.wav", spoken(GOI_111), filters="volume=-12dB")
    result = process(source, tmp_path / "cache", title="t", language="vi", speaker="s")
    samples = decode(result.rungs["mp3-64"].path)
    measured = measure_file(result.rungs["mp3-64"].path)
    assert abs(measured.integrated + 16) <= 1.0
    assert measured.true_peak <= -1.0
    assert abs(samples).max() < 0.9
