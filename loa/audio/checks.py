"""The checks a recording must pass before ``audio.add`` places it (issue 18, research §5.2).

:func:`analyse` measures decoded samples; :func:`check_recording` turns a file into a list of
:class:`Finding` (message and hint), every one at once. What no machine can judge — the right
words, the dialect, the tones — stays with a native-speaker reviewer (research §5.2).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyloudnorm

from loa.audio import settings
from loa.audio.media import MediaError, decode, probe
from loa.audio.spoken import SpeakingRate, expected_seconds


@dataclass(frozen=True)
class Analysis:
    """Measurements of one decoded recording.

    ``seconds``: whole length; ``loudness``: integrated LUFS (``-inf`` for silence);
    ``peak``: sample peak, linear full scale; ``clip_runs``: runs of ≥ :data:`CLIP_RUN_SAMPLES`
    samples at ≥ :data:`CLIP_LEVEL`; ``sound_fraction``: share of frames that are not silence (0–1);
    ``speech_start`` / ``speech_end``: seconds of the first and last sound frame.
    """

    seconds: float
    loudness: float
    peak: float
    clip_runs: int
    sound_fraction: float
    speech_start: float
    speech_end: float

    @property
    def speech_seconds(self) -> float:
        """Seconds from the first to the last sound: the length once the ends are trimmed."""
        return max(self.speech_end - self.speech_start, 0.0)


def clip_runs(channel: np.ndarray, level: float = settings.CLIP_LEVEL,
              run: int = settings.CLIP_RUN_SAMPLES) -> int:
    """Number of runs of at least ``run`` consecutive samples with ``|x| ≥ level`` (research §5.2)."""
    hot = np.abs(channel) >= level
    if not hot.any():
        return 0
    edges = np.diff(np.concatenate(([0], hot.astype(np.int8), [0])))
    starts, ends = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
    return int(np.count_nonzero(ends - starts >= run))


def sound_frames(mono: np.ndarray, rate: int) -> np.ndarray:
    """A boolean per :data:`FRAME_SECONDS` frame: True where the frame is sound, not silence.

    A frame is silence when its RMS is below :data:`SILENCE_FLOOR_DBFS` or more than
    :data:`SILENCE_BELOW_LOUD_DB` below the 95th percentile of the recording's frame levels;
    pauses shorter than :data:`BRIDGE_SECONDS` between sounds count as sound."""
    size = max(int(rate * settings.FRAME_SECONDS), 1)
    count = mono.size // size
    if count == 0:
        return np.zeros(0, dtype=bool)
    frames = mono[: count * size].astype(np.float64).reshape(count, size)
    level = 10 * np.log10(np.mean(frames ** 2, axis=1) + 1e-12)
    gate = max(settings.SILENCE_FLOOR_DBFS, float(np.percentile(level, 95)) - settings.SILENCE_BELOW_LOUD_DB)
    sound = level >= gate
    # Pauses between words and sentences are part of speech: a silent run shorter than
    # BRIDGE_SECONDS between two sounds counts as sound.
    bridge = int(settings.BRIDGE_SECONDS / settings.FRAME_SECONDS)
    edges = np.diff(np.concatenate(([1], sound.astype(np.int8), [1])))
    for start, end in zip(np.flatnonzero(edges == -1), np.flatnonzero(edges == 1)):
        if 0 < start and end < sound.size and end - start <= bridge:
            sound[start:end] = True
    return sound


def analyse(samples: np.ndarray, rate: int) -> Analysis:
    """Measure ``samples`` (shape ``(n, channels)``, float full scale, at ``rate`` Hz)."""
    mono = samples.mean(axis=1) if samples.ndim == 2 else samples
    seconds = mono.size / rate
    meter = pyloudnorm.Meter(rate)
    loudness = float(meter.integrated_loudness(samples)) if seconds > 0.4 else float("-inf")
    runs = sum(clip_runs(samples[:, c]) for c in range(samples.shape[1])) if samples.ndim == 2 else clip_runs(samples)
    sound = sound_frames(mono, rate)
    frame = settings.FRAME_SECONDS
    if sound.any():
        first, last = int(np.argmax(sound)), int(sound.size - 1 - np.argmax(sound[::-1]))
        start, end = first * frame, min((last + 1) * frame, seconds)
    else:
        start = end = 0.0
    fraction = float(sound.mean()) if sound.size else 0.0
    return Analysis(seconds=seconds, loudness=loudness, peak=float(np.max(np.abs(samples))) if samples.size else 0.0,
                    clip_runs=runs, sound_fraction=fraction, speech_start=start, speech_end=end)


@dataclass(frozen=True)
class Finding:
    """One reason to refuse a recording: ``message`` for the list, ``hint`` for what to do."""

    message: str
    hint: str = ""


def _mmss(seconds: float) -> str:
    seconds = int(round(seconds))
    return f"{seconds // 60}:{seconds % 60:02d}"


def check_recording(path: Path, *, syllables: int | None, rate: SpeakingRate | None
                    ) -> tuple[list[Finding], Analysis | None, list[str]]:
    """Check the recording at ``path`` against the rules of research §5.2.

    ``syllables``: syllables of its script as spoken, or ``None`` when there is no script (that
    problem is reported by the caller); ``rate``: the language's speaking rate, or ``None`` while
    it is not known. Returns ``(findings, analysis or None, notes)``: every finding at once; the
    analysis when the file decoded; notes for checks that were skipped and why.
    """
    findings: list[Finding] = []
    notes: list[str] = []
    try:
        info = probe(path)
        samples = decode(path)
    except MediaError as exc:
        findings.append(Finding(f"cannot be decoded as audio ({exc})",
                                "send the file exactly as the phone saved it (m4a, 3gp, amr, ogg, opus, webm, "
                                "wav or mp3), not a screenshot, link or chat export"))
        return findings, None, notes
    rate_hz = info.sample_rate
    if rate_hz < settings.MIN_SAMPLE_RATE:
        findings.append(Finding(
            f"sample rate {rate_hz} Hz is below {settings.MIN_SAMPLE_RATE} Hz: telephone quality, "
            "too muffled for the loudspeaker",
            "record again with the phone's voice recorder app, not a phone call or an 'AMR' setting"))
    analysis = analyse(samples, rate_hz)
    if not analysis.loudness >= settings.MIN_LOUDNESS_LUFS:
        shown = "silent" if analysis.loudness == float("-inf") else f"{analysis.loudness:.1f} LUFS"
        findings.append(Finding(f"too quiet ({shown}; at least {settings.MIN_LOUDNESS_LUFS:.0f} LUFS needed)",
                                "record again with the phone about 20 cm from the mouth, speaking at a normal voice"))
    if analysis.clip_runs > settings.MAX_CLIP_RUNS:
        findings.append(Finding(f"clipped: the sound hit the top of the scale {analysis.clip_runs} times "
                                "(distorted, too loud)",
                                "record again a little further from the phone (about 20 cm), without shouting"))
    if analysis.sound_fraction < settings.MIN_SOUND_FRACTION:
        findings.append(Finding(f"mostly silence: sound in only {analysis.sound_fraction:.0%} of "
                                f"{_mmss(analysis.seconds)}",
                                "check that this is the right file; start speaking soon after pressing record"))
    if syllables is not None:
        if rate is None:
            notes.append(f"length not checked: the language's speaking rate is known after "
                         f"{settings.MIN_RECORDINGS_FOR_RATE} recordings")
        elif syllables > 0:
            expected = expected_seconds(syllables, rate)
            low, high = settings.LENGTH_RATIO_BAND
            ratio = analysis.speech_seconds / expected
            if not low <= ratio <= high:
                word = "shorter" if ratio < low else "longer"
                findings.append(Finding(
                    f"far {word} than the script: {_mmss(analysis.speech_seconds)} of speech, the script takes "
                    f"about {_mmss(expected)} at this language's pace "
                    f"({rate.syllables_per_second:.1f} syllables/s from {rate.recordings} recordings)",
                    "check that the whole script was read, once, and that it is the right script"))
    return findings, analysis, notes
