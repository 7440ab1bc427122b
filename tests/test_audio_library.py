"""audio.status, audio.kit and audio.preview over a small content folder."""
from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from loa.audio.kit import write_kit
from loa.audio.library import format_status, recording_status
from loa.audio.preview import preview
from loa.site.policy import hash_file_text
from loa.problems import ProblemsFound
from tests.audio_helpers import make_content, needs_audio_tools, script_file

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def content(tmp_path):
    return make_content(tmp_path)


def place(content, tag, name, script_tag=None):
    """A placed recording (the bytes do not matter to the status) made from the script as it is now."""
    folder = content / "recordings" / tag
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.m4a").write_bytes(b"audio")
    script = content / "scripts" / (script_tag or tag) / f"{name}.md"
    (folder / f"{name}.yaml").write_text(
        f"speaker: A\nconsent: recorded\nrecorded_on: 2026-11-30\n"
        f"script_hash: {hash_file_text(script.read_text(encoding='utf-8'))}\n", encoding="utf-8")


def states(content, tag):
    return [(row.script.name, row.state) for row in recording_status(content, [tag])[tag]]


def test_status_lists_the_spot_about_111_first_then_spots_then_talks(content):
    assert states(content, "vi") == [("goi-111", "missing"), ("canh-giac-lay-chong", "missing"),
                                     ("viec-lam-giay-to", "missing"), ("chuyen-di-lam-xa", "missing")]


def test_an_order_key_in_a_script_comes_before_the_kind_rule(content):
    path = content / "scripts" / "vi" / "chuyen-di-lam-xa.md"
    path.write_text(path.read_text(encoding="utf-8").replace("kind: talk\n", "kind: talk\norder: 1\n"),
                    encoding="utf-8")
    assert states(content, "vi")[0] == ("chuyen-di-lam-xa", "missing")


def test_a_recording_is_stale_once_its_script_text_changes_but_not_for_a_metadata_edit(content):
    place(content, "vi", "goi-111")
    assert states(content, "vi")[0] == ("goi-111", "current")
    path = content / "scripts" / "vi" / "goi-111.md"
    path.write_text(path.read_text(encoding="utf-8").replace("summary: Bài đọc thử.", "summary: Khác."),
                    encoding="utf-8")
    assert states(content, "vi")[0] == ("goi-111", "current")
    path.write_text(path.read_text(encoding="utf-8").replace("Bà con chú ý.", "Bà con hãy nghe."), encoding="utf-8")
    assert states(content, "vi")[0] == ("goi-111", "stale")
    assert "stale    goi-111  [spot] Gọi 111 (the script changed since it was recorded)" in format_status(
        recording_status(content, ["vi"]))


def test_a_language_without_a_translation_records_from_the_vietnamese_script_until_one_arrives(content):
    place(content, "hmn", "goi-111", script_tag="vi")
    assert states(content, "hmn")[0] == ("goi-111", "current")
    (content / "scripts" / "hmn").mkdir()
    (content / "scripts" / "hmn" / "goi-111.md").write_text(
        script_file("Hu 111", "spot", "Cov neeg mloog. Hu [[hotline:111]]."), encoding="utf-8")
    assert states(content, "hmn")[0] == ("goi-111", "stale")


def test_the_status_text_counts_what_is_recorded_per_language(content):
    place(content, "vi", "goi-111")
    text = format_status(recording_status(content, ["vi", "hmn"]))
    assert text.splitlines()[0] == "vi: 1 of 4 scripts recorded and current"
    assert "hmn: 0 of 4 scripts recorded and current" in text.splitlines()


def test_the_kit_holds_the_vietnamese_guide_and_the_scripts_to_record_most_important_first(content, tmp_path):
    place(content, "vi", "viec-lam-giay-to")
    kit = write_kit(content, "vi", tmp_path / "kits" / "kit.zip", language_name="Tiếng Việt")
    with zipfile.ZipFile(kit.path) as zf:
        names = zf.namelist()
        guide = zf.read("HUONG-DAN-GHI-AM.txt").decode("utf-8")
        first = zf.read("01-goi-111.txt").decode("utf-8")
    assert names == ["HUONG-DAN-GHI-AM.txt", "01-goi-111.txt", "02-canh-giac-lay-chong.txt",
                     "03-chuyen-di-lam-xa.txt"]
    for advice in ("phòng yên tĩnh", "20 cm", "đọc cả hai lần", "TÊN BÀI", "ĐỒNG Ý", "goi-111.m4a"):
        assert advice in guide
    assert "Hãy gọi một – một – một." in first
    assert "Tên bài (đặt tên tệp): goi-111" in first


def test_a_kit_for_a_language_without_translations_says_to_read_the_vietnamese_in_ones_own_language(content,
                                                                                                     tmp_path):
    kit = write_kit(content, "hmn", tmp_path / "hmn.zip", include_all=True)
    with zipfile.ZipFile(kit.path) as zf:
        first = zf.read("01-goi-111.txt").decode("utf-8")
    assert "chưa có bản dịch" in first
    assert "Hãy gọi một – một – một." in first


def test_a_kit_with_nothing_left_to_record_is_refused(content, tmp_path):
    for name in ("goi-111", "canh-giac-lay-chong", "viec-lam-giay-to", "chuyen-di-lam-xa"):
        place(content, "vi", name)
    with pytest.raises(ProblemsFound) as caught:
        write_kit(content, "vi", tmp_path / "kit.zip")
    assert caught.value.problems[0].message == "nothing to record in vi"
    assert not (tmp_path / "kit.zip").exists()


@needs_audio_tools
def test_the_preview_speaks_a_vietnamese_script_into_a_wav_and_gives_its_length(content, tmp_path):
    result = preview(content, "goi-111", tmp_path / "preview")
    assert result.path == tmp_path / "preview" / "goi-111.wav"
    assert result.path.read_bytes()[:4] == b"RIFF"
    assert 5 < result.seconds < 20


@pytest.mark.parametrize("tag", ["hmn", "blt", "ium", "hni", "en"])
def test_the_preview_is_refused_for_every_language_but_vietnamese(content, tmp_path, tag):
    with pytest.raises(ProblemsFound) as caught:
        preview(content, "goi-111", tmp_path / "preview", tag=tag)
    assert caught.value.problems[0].message == f"no synthetic preview in '{tag}': previews are Vietnamese only"
    assert not (tmp_path / "preview").exists()


@needs_audio_tools
def test_invoke_audio_add_refuses_without_consent_and_places_nothing(tmp_path):
    make_content(tmp_path)
    shutil.copy(ROOT / "content" / "languages.yaml", tmp_path / "content" / "languages.yaml")
    shutil.copy(ROOT / "tasks.py", tmp_path / "tasks.py")
    source = tmp_path / "in.wav"
    subprocess.run(["ffmpeg", "-v", "error", "-f", "lavfi", "-i", "sine=f=300:d=2", str(source)], check=True)
    run = subprocess.run([sys.executable, "-m", "invoke", "audio.add", "vi", "goi-111", str(source),
                          "--speaker", "Lò Văn Bình"], cwd=tmp_path, capture_output=True, text=True,
                         stdin=subprocess.DEVNULL, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    assert run.returncode == 1
    assert "in.wav:1: consent not confirmed" in run.stderr
    assert "Nothing was placed." in run.stderr
    assert not (tmp_path / "content" / "recordings").exists()
