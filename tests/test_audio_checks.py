"""audio.add's checks: planted defects are refused by name, every problem at once, nothing placed."""
from __future__ import annotations

import datetime as dt

import pytest
import yaml

from loa.audio.library import add_recording
from loa.site.policy import hash_file_text
from loa.problems import ProblemsFound
from tests.audio_helpers import CANH_GIAC, GOI_111, TALK, VIEC_LAM, make_content, needs_audio_tools, speech

pytestmark = needs_audio_tools


@pytest.fixture
def content(tmp_path):
    return make_content(tmp_path)


def refused(content, name, path, **kwargs):
    with pytest.raises(ProblemsFound) as caught:
        add_recording(content, "vi", name, path, speaker="Lò Văn Bình", consent=True, **kwargs)
    return caught.value.problems


def nothing_placed(content):
    folder = content / "recordings"
    return not folder.exists() or not any(folder.rglob("*"))


def test_a_good_phone_recording_is_placed_with_its_sidecar(content, tmp_path):
    source = speech(tmp_path / "in" / "ghi-am.m4a", GOI_111.replace("[[hotline:111]]", "một, một, một"),
                    filters="adelay=500,apad=pad_dur=0.5")
    added = add_recording(content, "vi", "goi-111", source, speaker="Lò Văn Bình", consent=True,
                          recorded_on=dt.date(2026, 11, 30))
    assert added.audio == content / "recordings" / "vi" / "goi-111.m4a"
    assert added.audio.read_bytes() == source.read_bytes()
    sidecar = yaml.safe_load(added.sidecar.read_text(encoding="utf-8"))
    script_text = (content / "scripts" / "vi" / "goi-111.md").read_text(encoding="utf-8")
    assert sidecar["speaker"] == "Lò Văn Bình"
    assert sidecar["consent"] == "recorded"
    assert sidecar["recorded_on"] == dt.date(2026, 11, 30)
    assert sidecar["script_hash"] == hash_file_text(script_text)
    assert 3 < sidecar["speech_seconds"] < added.audio.stat().st_size
    assert added.notes == ("length not checked: the language's speaking rate is known after 2 recordings",)


DEFECTS = {
    "narrowband": (dict(args=("-ar", "8000")), ".wav", "sample rate 8000 Hz is below 16000 Hz"),
    "too quiet": (dict(filters="volume=-25dB"), ".wav", "too quiet"),
    "clipped": (dict(filters="volume=20dB", args=("-c:a", "pcm_s16le")), ".wav", "clipped"),
    "mostly silence": (dict(filters="apad=pad_dur=20"), ".m4a", "mostly silence"),
}


@pytest.mark.parametrize("defect", DEFECTS)
def test_a_recording_with_a_planted_defect_is_refused_by_name_and_nothing_is_placed(content, tmp_path, defect):
    options, suffix, message = DEFECTS[defect]
    source = speech(tmp_path / f"bad{suffix}", "Bà con chú ý. Hãy gọi một, một, một.", **options)
    problems = refused(content, "goi-111", source)
    assert [p.message.startswith(message) for p in problems] == [True]
    assert problems[0].path.endswith(f"bad{suffix}")
    assert nothing_placed(content)


def test_bytes_that_are_not_audio_are_refused_as_undecodable(content, tmp_path):
    source = tmp_path / "tin-nhan.m4a"
    source.write_bytes(b"this is a chat export, not a recording\n" * 50)
    problems = refused(content, "goi-111", source)
    assert len(problems) == 1
    assert problems[0].message.startswith("cannot be decoded as audio")
    assert problems[0].path.endswith("tin-nhan.m4a")
    assert nothing_placed(content)


def test_a_recording_for_a_script_that_does_not_exist_is_refused_with_the_nearest_name(content, tmp_path):
    source = speech(tmp_path / "good.wav", "Bà con chú ý. Hãy gọi một, một, một.")
    problems = refused(content, "goi-112", source)
    assert [p.message for p in problems] == [
        "no script named 'goi-112' in content/scripts/vi/"]
    assert problems[0].hint == "did you mean: goi-111?"
    assert nothing_placed(content)


def test_every_problem_of_one_file_is_reported_at_once(content, tmp_path):
    source = speech(tmp_path / "xau.wav", "Hãy gọi một, một, một.", filters="volume=-25dB,apad=pad_dur=12",
                    args=("-ar", "8000"))
    with pytest.raises(ProblemsFound) as caught:
        add_recording(content, "vi", "goi-112", source, speaker="", consent=False)
    messages = [p.message.split(":")[0].split(" (")[0] for p in caught.value.problems]
    assert messages == ["no script named 'goi-112' in content/scripts/vi/",
                        "no speaker given", "consent not confirmed",
                        "sample rate 8000 Hz is below 16000 Hz", "too quiet", "mostly silence"]
    assert {p.path for p in caught.value.problems} == {"xau.wav"}
    assert nothing_placed(content)


def test_a_recording_without_confirmed_consent_is_refused(content, tmp_path):
    source = speech(tmp_path / "good.wav", "Bà con chú ý. Hãy gọi một, một, một.")
    with pytest.raises(ProblemsFound) as caught:
        add_recording(content, "vi", "goi-111", source, speaker="Lò Văn Bình", consent=False)
    assert [p.message for p in caught.value.problems] == [
        "consent not confirmed: the speaker must agree that the recording is published"]
    assert nothing_placed(content)


def test_an_unknown_language_is_refused(content, tmp_path):
    source = speech(tmp_path / "good.wav", "Bà con chú ý. Hãy gọi một, một, một.")
    with pytest.raises(ProblemsFound) as caught:
        add_recording(content, "xx", "goi-111", source, speaker="A", consent=True, known_tags=("vi", "hmn"))
    assert caught.value.problems[0].message == "unknown language 'xx'"
    assert nothing_placed(content)


@pytest.mark.parametrize("suffix,args", [
    (".m4a", ("-c:a", "aac")),
    (".3gp", ("-c:a", "aac", "-ar", "16000")),
    (".ogg", ("-c:a", "libopus", "-b:a", "24k")),
    (".webm", ("-c:a", "libopus")),
    (".mp3", ("-c:a", "libmp3lame")),
    (".wav", ()),
])
def test_each_format_a_phone_makes_passes_the_checks(content, tmp_path, suffix, args):
    source = speech(tmp_path / f"phone{suffix}", "Bà con chú ý. Hãy hỏi cán bộ xã. Hãy gọi một, một, một.",
                    args=args)
    added = add_recording(content, "vi", "goi-111", source, speaker="A", consent=True, dry_run=True)
    assert added.audio is None
    assert 2 < added.speech_seconds < 8
    assert nothing_placed(content)


def test_a_second_recording_of_a_script_needs_replace_and_then_takes_its_place(content, tmp_path):
    first = speech(tmp_path / "one.m4a", "Bà con chú ý. Hãy gọi một, một, một.")
    add_recording(content, "vi", "goi-111", first, speaker="A", consent=True)
    second = speech(tmp_path / "two.ogg", "Bà con chú ý. Hãy gọi một, một, một.", args=("-c:a", "libopus"))
    problems = refused(content, "goi-111", second)
    assert [p.message for p in problems] == ["goi-111 already has a recording in vi (goi-111.m4a)"]
    add_recording(content, "vi", "goi-111", second, speaker="B", consent=True, replace=True)
    assert sorted(p.name for p in (content / "recordings" / "vi").iterdir()) == ["goi-111.ogg", "goi-111.yaml"]


def spoken(body):
    return body.replace("[[hotline:111]]", "một, một, một")


def test_once_two_recordings_teach_the_pace_a_recording_far_longer_than_its_script_is_refused(content, tmp_path):
    for name, body in (("canh-giac-lay-chong", CANH_GIAC), ("viec-lam-giay-to", VIEC_LAM)):
        add_recording(content, "vi", name, speech(tmp_path / f"{name}.m4a", spoken(body)), speaker="A",
                      consent=True)
    wrong = speech(tmp_path / "wrong.m4a", spoken(GOI_111) + " " + TALK[:180])
    problems = refused(content, "goi-111", wrong)
    assert len(problems) == 1
    assert problems[0].message.startswith("far longer than the script")
    right = speech(tmp_path / "right.m4a", spoken(GOI_111))
    added = add_recording(content, "vi", "goi-111", right, speaker="A", consent=True)
    assert added.notes == ()


def amr_file(path, magic: bytes, header: int, payload: int, frames: int = 150):
    """An AMR file made frame by frame (ffmpeg here has AMR decoders but no encoder, research
    §5.1): seeded random payloads of one mode, which the decoder turns into noise."""
    import random

    rng = random.Random(1)
    path.write_bytes(magic + b"".join(bytes([header]) + rng.randbytes(payload) for _ in range(frames)))
    return path


def test_an_amr_nb_voice_note_decodes_and_is_refused_as_telephone_quality(content, tmp_path):
    source = amr_file(tmp_path / "voice.amr", b"#!AMR\n", 0x3C, 31)  # mode 7, 12.2 kb/s, 8 kHz
    problems = refused(content, "goi-111", source)
    messages = [p.message for p in problems]
    assert "sample rate 8000 Hz is below 16000 Hz: telephone quality, too muffled for the loudspeaker" in messages
    assert not [m for m in messages if m.startswith("cannot be decoded")]
    assert nothing_placed(content)


def test_an_amr_wb_voice_note_decodes_at_16_khz_and_passes_the_sample_rate_check(tmp_path):
    from loa.audio.checks import check_recording
    from loa.audio.media import probe

    source = amr_file(tmp_path / "voice-wb.amr", b"#!AMR-WB\n", 0x44, 60)  # mode 8, 23.85 kb/s, 16 kHz
    assert (probe(source).codec, probe(source).sample_rate) == ("amr_wb", 16000)
    findings, analysis, _ = check_recording(source, syllables=None, rate=None)
    assert analysis.seconds == pytest.approx(3.0, abs=0.01)
    assert not [f for f in findings if f.message.startswith(("sample rate", "cannot be decoded"))]
