"""Audio processing cost and sizes: seconds of CPU per minute of audio, KiB per minute of each rung.

    python3 benchmarks/audio.py [--minutes 1.0] [--noise]

Makes a phone-like recording (espeak-ng Vietnamese speech, 6 dB under full scale, 1.5 s of
silence at each end, AAC in .m4a; with ``--noise``, pink noise 30 dB under the speech), processes
it into a fresh cache, then processes it again (the cache: no audio work), and prints the CPU
time (this process and its ffmpeg children) per minute of audio, the size of each rung per
minute and its measured loudness and true peak. Budgets (PRODUCT.md): Opus ≤ 130 KiB/min,
MP3 32k ≤ 240 KiB/min, processing ≤ 5 s of CPU per minute, −16 LUFS ± 1, ≤ −1 dBTP.
The machine's load average is printed too: other processes on a 2-core machine change times.
"""
from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT)]

from loa.audio.media import probe  # noqa: E402
from loa.audio.process import process  # noqa: E402

SENTENCES = ("Bà con chú ý. Đồn biên phòng xin thông báo. Nếu có người lạ rủ đi làm xa với lương cao, "
             "hãy hỏi cán bộ xã trước khi đi. Không đưa giấy tờ cho người lạ giữ. "
             "Hãy gọi một, một, một. Gọi miễn phí, cả ngày và đêm. Nhắc lại: một, một, một. ")


def cpu_seconds() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def make_recording(folder: Path, minutes: float, noise: bool) -> Path:
    text_seconds = 14.0  # one pass of SENTENCES at espeak-ng -s 150
    text = SENTENCES * max(1, round(minutes * 60 / text_seconds))
    raw, out = folder / "speech.wav", folder / "recording.m4a"
    subprocess.run(["espeak-ng", "-v", "vi", "-s", "150", "-w", str(raw), text], check=True)
    chain = "volume=-6dB,adelay=1500,apad=pad_dur=1.5"
    if noise:
        command = ["ffmpeg", "-v", "error", "-y", "-i", str(raw), "-f", "lavfi", "-i",
                   "anoisesrc=color=pink:amplitude=0.02:sample_rate=22050", "-filter_complex",
                   f"[0:a]{chain}[s];[1:a]volume=-6dB[n];[s][n]amix=inputs=2:duration=first:normalize=0",
                   "-c:a", "aac", str(out)]
    else:
        command = ["ffmpeg", "-v", "error", "-y", "-i", str(raw), "-af", chain, "-c:a", "aac", str(out)]
    subprocess.run(command, check=True)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=1.0, help="length of the test recording")
    parser.add_argument("--noise", action="store_true", help="add pink noise 30 dB under the speech")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        source = make_recording(folder, args.minutes, args.noise)
        length = probe(source).duration
        print(f"load average {os.getloadavg()[0]:.2f}; recording {length:.1f} s "
              f"({'with' if args.noise else 'without'} noise)")
        start = cpu_seconds()
        first = process(source, folder / "cache", title="Benchmark", language="vi", speaker="espeak-ng")
        spent = cpu_seconds() - start
        start = cpu_seconds()
        again = process(source, folder / "cache", title="Benchmark", language="vi", speaker="espeak-ng")
        cached = cpu_seconds() - start
        print(f"processing: {spent:.2f} s CPU = {spent / (length / 60):.2f} s per minute of audio (budget 5)")
        print(f"unchanged recording again: {cached:.3f} s CPU, encoded again: {again.encoded}")
        for rung in first.rungs.values():
            budget = {"opus16": " (budget 130)", "mp3-32": " (budget 240)"}.get(rung.rung, "")
            print(f"  {rung.rung:7} {rung.bytes / 1024:7.1f} KiB  {rung.kib_per_minute:6.1f} KiB/min{budget:13}"
                  f"  {rung.loudness:6.1f} LUFS  {rung.true_peak:5.1f} dBTP")


if __name__ == "__main__":
    main()
