"""Test audio made on the spot: espeak-ng Vietnamese speech and ffmpeg ``lavfi`` tones, plus a
tiny content folder with read-aloud scripts (research/audio.md §6: fixtures made at test time)."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

needs_audio_tools = pytest.mark.skipif(not (shutil.which("ffmpeg") and shutil.which("espeak-ng")),
                                       reason="ffmpeg and espeak-ng are installed by scripts/setup.sh")

GOI_111 = ("Bà con chú ý. Nếu có người lạ rủ đi làm xa, lương cao, hãy hỏi cán bộ xã. "
           "Hãy gọi [[hotline:111]]. Nhắc lại: gọi [[hotline:111]].")
CANH_GIAC = ("Đồn biên phòng xin thông báo. Có người hứa lấy chồng bên kia biên giới "
             "cho cuộc sống sung sướng. Đó có thể là lừa bán người. Hãy gọi [[hotline:111]].")
VIEC_LAM = ("Xã xin thông báo. Việc làm tốt không bắt bà con đưa giấy tờ cho người lạ giữ. "
            "Thấy lạ thì hỏi công an xã. Hãy gọi [[hotline:111]].")
TALK = "Hôm nay chúng tôi nói chuyện về việc đi làm xa. " * 6

HOTLINES = """hotlines:
  - key: "111"
    number: "111"
    display: "111"
"""


def script_file(title: str, kind: str, body: str, extra: str = "") -> str:
    return (f"title: {title}\nkind: {kind}\nsummary: Bài đọc thử.\nsources: https://example.org\n"
            f"reviewed_on: 2026-11-01\n{extra}\n{body}\n")


def make_content(root: Path) -> Path:
    """``root/content`` with four Vietnamese scripts, one English translation and the hotlines."""
    content = root / "content"
    scripts = content / "scripts" / "vi"
    scripts.mkdir(parents=True)
    (scripts / "goi-111.md").write_text(script_file("Gọi 111", "spot", GOI_111), encoding="utf-8")
    (scripts / "canh-giac-lay-chong.md").write_text(script_file("Cảnh giác", "spot", CANH_GIAC), encoding="utf-8")
    (scripts / "viec-lam-giay-to.md").write_text(script_file("Giấy tờ", "spot", VIEC_LAM), encoding="utf-8")
    (scripts / "chuyen-di-lam-xa.md").write_text(script_file("Đi làm xa", "talk", TALK), encoding="utf-8")
    (content / "data").mkdir()
    (content / "data" / "hotlines.yaml").write_text(HOTLINES, encoding="utf-8")
    return content


def spoken(body: str) -> str:
    """A script body as espeak-ng should read it (the number digit by digit)."""
    return body.replace("[[hotline:111]]", "một, một, một")


def speech(out: Path, text: str, *, filters: str = "", args: tuple = (), speed: int = 150) -> Path:
    """Vietnamese speech by espeak-ng, 6 dB under full scale like a phone recording (espeak-ng
    normalises to 0 dBFS), then converted by ffmpeg (``filters``, output ``args``) into ``out``
    (its suffix chooses the container)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    raw = out.with_name(out.stem + ".espeak.wav")
    subprocess.run(["espeak-ng", "-v", "vi", "-s", str(speed), "-w", str(raw), text], check=True, capture_output=True)
    command = ["ffmpeg", "-v", "error", "-y", "-i", str(raw), "-af", ",".join(filter(None, ("volume=-6dB", filters)))]
    subprocess.run([*command, *args, str(out)], check=True, capture_output=True)
    raw.unlink()
    return out


def tone(out: Path, source: str, *args: str) -> Path:
    """A file made from an ffmpeg ``lavfi`` source (``sine=f=440:d=3`` …)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", source, *args, str(out)],
                   check=True, capture_output=True)
    return out
