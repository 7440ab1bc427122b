"""ffprobe and ffmpeg (Debian's, research §1.1): probe, decode to PCM, encode, measure.

Every function raises :class:`MediaError` with ffmpeg's own last line when a file cannot be read;
callers turn that into a ``path:line: message`` problem.
"""
from __future__ import annotations

import json
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

import numpy as np


class MediaError(Exception):
    """ffmpeg or ffprobe could not read or write a file; the message is ffmpeg's reason."""


@dataclass(frozen=True)
class Probe:
    """What ffprobe says about a file's first audio stream.

    ``codec`` (ffmpeg's decoder name, e.g. ``aac``, ``opus``, ``amr_nb``), ``sample_rate`` in Hz,
    ``channels``, ``duration`` in seconds (0.0 when the container does not say).
    """

    codec: str
    sample_rate: int
    channels: int
    duration: float


def _last_line(stderr: bytes) -> str:
    lines = [line.strip() for line in stderr.decode("utf-8", "replace").splitlines() if line.strip()]
    return lines[-1] if lines else "ffmpeg failed without a message"


def probe(path) -> Probe:
    """Probe ``path`` with ffprobe. Raises :class:`MediaError` when there is no audio stream or
    the file is not a media file ffmpeg knows."""
    run = subprocess.run(
        ["ffprobe", "-v", "error", "-select_streams", "a:0", "-show_entries",
         "stream=codec_name,sample_rate,channels:format=duration", "-of", "json", str(path)],
        capture_output=True)
    if run.returncode != 0:
        raise MediaError(_last_line(run.stderr))
    data = json.loads(run.stdout or b"{}")
    streams = data.get("streams") or []
    if not streams:
        raise MediaError("no audio stream in the file")
    stream = streams[0]
    try:
        duration = float((data.get("format") or {}).get("duration") or 0.0)
    except ValueError:
        duration = 0.0
    return Probe(codec=str(stream.get("codec_name", "")), sample_rate=int(stream.get("sample_rate") or 0),
                 channels=int(stream.get("channels") or 0), duration=duration)


def decode(path, *, rate: int | None = None, channels: int | None = None, filters: str = "",
           data: bytes | None = None) -> np.ndarray:
    """Decode ``path`` (any container ffmpeg reads) to 32-bit float PCM.

    ``rate`` resamples (Hz; ``None`` keeps the file's rate), ``channels`` downmixes (``None``
    keeps them), ``filters`` is an ffmpeg ``-af`` chain. With ``data``, raw float32 mono PCM at
    ``rate`` is read from those bytes instead of ``path``. Returns an array of shape
    ``(samples, channels)``, full scale ±1.0. Raises :class:`MediaError` when nothing decodes.
    """
    if data is not None:
        source = ["-f", "f32le", "-ar", str(rate), "-ac", "1", "-i", "pipe:0"]
    else:
        source = ["-i", str(path)]
    out_channels = channels or (1 if data is not None else probe(path).channels) or 1
    command = ["ffmpeg", "-hide_banner", "-v", "error", *(["-nostdin"] if data is None else []), *source, "-vn"]
    if filters:
        command += ["-af", filters]
    if rate:
        command += ["-ar", str(rate)]
    command += ["-ac", str(out_channels), "-f", "f32le", "-c:a", "pcm_f32le", "pipe:1"]
    run = subprocess.run(command, input=data, capture_output=True)
    if run.returncode != 0:
        raise MediaError(_last_line(run.stderr))
    samples = np.frombuffer(run.stdout, dtype="<f4")
    if samples.size == 0:
        raise MediaError("the file holds no sound that ffmpeg could decode")
    return samples[: samples.size - samples.size % out_channels].reshape(-1, out_channels)


def encode(samples: np.ndarray, rate: int, out: Path, args, *, filters: str = "") -> None:
    """Encode mono float PCM ``samples`` (shape ``(n,)`` or ``(n, 1)``, at ``rate`` Hz) into
    ``out`` with ffmpeg output ``args`` (codec, bitrate…), after the optional ``filters``.
    Raises :class:`MediaError` on failure."""
    pcm = np.ascontiguousarray(samples, dtype="<f4").reshape(-1)
    command = ["ffmpeg", "-hide_banner", "-v", "error", "-y", "-f", "f32le", "-ar", str(rate), "-ac", "1",
               "-i", "pipe:0"]
    if filters:
        command += ["-af", filters]
    command += [*args, "-map_metadata", "-1", str(out)]
    run = subprocess.run(command, input=pcm.tobytes(), capture_output=True)
    if run.returncode != 0:
        raise MediaError(_last_line(run.stderr))


def filter_pcm(samples: np.ndarray, rate: int, filters: str) -> np.ndarray:
    """Run mono float PCM through an ffmpeg filter chain; returns mono float PCM at ``rate``."""
    pcm = np.ascontiguousarray(samples, dtype="<f4").reshape(-1)
    return decode(None, rate=rate, channels=1, filters=filters, data=pcm.tobytes())[:, 0]


@dataclass(frozen=True)
class Loudness:
    """ffmpeg ``ebur128=peak=true`` on a decoded file: ``integrated`` in LUFS, ``true_peak`` in dBTP
    (4× oversampled, ITU-R BS.1770-4)."""

    integrated: float
    true_peak: float


_SUMMARY_I = re.compile(r"Integrated loudness:\s*I:\s*(-?[\d.]+|-inf)\s*LUFS", re.S)
_SUMMARY_TP = re.compile(r"True peak:\s*Peak:\s*(-?[\d.]+|-inf)\s*dBFS", re.S)


def measure_file(path) -> Loudness:
    """Measure an encoded file as a listener's player decodes it: integrated loudness (LUFS) and
    true peak (dBTP) from ffmpeg's EBU R128 meter (research §1.4: agrees with pyloudnorm to 0.1 LU).
    Raises :class:`MediaError` when the file does not decode."""
    run = subprocess.run(["ffmpeg", "-nostdin", "-hide_banner", "-nostats", "-i", str(path), "-vn",
                          "-af", "ebur128=peak=true:framelog=verbose", "-f", "null", "-"],
                         capture_output=True)
    text = run.stderr.decode("utf-8", "replace")
    if run.returncode != 0:
        raise MediaError(_last_line(run.stderr))
    summary = text[text.rfind("Summary:"):]
    i, tp = _SUMMARY_I.search(summary), _SUMMARY_TP.search(summary)
    if not (i and tp):
        raise MediaError("ffmpeg's loudness meter gave no summary")
    return Loudness(float(i.group(1)), float(tp.group(1)))
