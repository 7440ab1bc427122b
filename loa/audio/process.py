"""Processing a recording into what listeners get (issue 18 item 2, research §1.4 and §3.2).

Steps: decode to 48 kHz mono, high-pass, trim silence at both ends; gain towards −16 LUFS with a
limiter in front of the gain's peaks (the limiter comes first so that the gain can be linear);
encode the three rungs of :data:`settings.RUNGS` from that master; measure every encoded file
again as a player decodes it and, if the codec pushed the true peak over −1 dBTP or moved the
loudness, encode that rung once more with the correcting gain; tag the files (title, language, speaker).

Cached by input: the folder ``<cache>/<key>/`` holds the encoded rungs and ``manifest.json``,
where ``key`` is SHA-256 of the input bytes and the processing settings. An unchanged recording
is never decoded or encoded again; only its tags are rewritten when they differ.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
import pyloudnorm
from mutagen.id3 import ID3, TIT2, TLAN, TPE1, ID3NoHeaderError
from mutagen.oggopus import OggOpus

from loa.audio import settings
from loa.audio.media import MediaError, decode, encode, filter_pcm, measure_file

#: ISO 639-2 codes for ID3's TLAN frame, for the two-letter tags Loa uses; three-letter tags
#: (hmn, blt, ium) already are ISO 639-3/639-2 codes.
ISO639_2 = {"vi": "vie", "en": "eng"}

#: LU. An encoded rung further than this from the target is encoded again with a correcting gain;
#: half of the ± 1 LU tolerance (research §3.2), so a second encoding is rare.
REENCODE_LU = 0.5


@dataclass(frozen=True)
class Encoded:
    """One rung's file as measured after encoding: ``path``, ``bytes`` (exact size), ``seconds``
    (length of the master it came from), ``loudness`` in LUFS and ``true_peak`` in dBTP."""

    rung: str
    path: Path
    bytes: int
    seconds: float
    loudness: float
    true_peak: float

    @property
    def kib_per_minute(self) -> float:
        """Size per minute of audio, KiB/min (the unit of the budgets)."""
        return self.bytes / 1024 / (self.seconds / 60) if self.seconds else 0.0


@dataclass(frozen=True)
class Processed:
    """The result of :func:`process`: the cache ``key``, each rung by name (``opus16``, ``mp3-32``,
    ``mp3-64``), and ``encoded`` — False when everything came from the cache."""

    key: str
    rungs: dict[str, Encoded]
    encoded: bool


def cache_key(source: Path) -> str:
    """SHA-256 (hex) of the input file's bytes and of every processing setting."""
    recipe = {
        "version": settings.PROCESS_VERSION, "target": settings.TARGET_LUFS,
        "ceiling": settings.LIMITER_CEILING_DBFS, "max_tp": settings.MAX_TRUE_PEAK_DBTP,
        "rate": settings.MASTER_RATE, "highpass": settings.HIGHPASS_HZ, "trim": settings.TRIM_FILTER,
        "rungs": [asdict(r) for r in settings.RUNGS],
    }
    digest = hashlib.sha256(json.dumps(recipe, sort_keys=True).encode())
    with open(source, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def integrated_loudness(mono: np.ndarray, rate: int) -> float:
    """Integrated loudness in LUFS (ITU-R BS.1770-4, pyloudnorm) of mono float samples."""
    return float(pyloudnorm.Meter(rate).integrated_loudness(mono.astype(np.float64)))


def make_master(source: Path) -> np.ndarray:
    """Decode ``source`` and make the master: 48 kHz mono float, high-passed at 70 Hz, silence
    trimmed at both ends, limited and set to :data:`settings.TARGET_LUFS` (± 0.1 LU).

    The limiter (ffmpeg ``alimiter``, ceiling :data:`settings.LIMITER_CEILING_DBFS`) sits after the
    gain, so the gain can rise as far as the loudness target needs without the peaks following it
    (pyloudnorm's own normalise clips instead, research §1.3). Limiting lowers the loudness a
    little, so gain and limiter are run again from the trimmed signal until the target is met.
    Raises :class:`MediaError` when nothing is left after trimming.
    """
    rate = settings.MASTER_RATE
    trimmed = decode(source, rate=rate, channels=1,
                     filters=f"highpass=f={settings.HIGHPASS_HZ},{settings.TRIM_FILTER}")[:, 0]
    if trimmed.size < rate // 2:
        raise MediaError("less than half a second of sound is left once the silence is trimmed")
    ceiling = 10 ** (settings.LIMITER_CEILING_DBFS / 20)
    target = settings.TARGET_LUFS
    loudness = integrated_loudness(trimmed, rate)
    gain = target - loudness
    # Below the gain that brings the highest sample to the ceiling the limiter does nothing, so
    # that point is known without running it; the second guess steps along the line through it.
    free = settings.LIMITER_CEILING_DBFS - 20 * float(np.log10(max(float(np.abs(trimmed).max()), 1e-9)))
    tried: list[tuple[float, float]] = [(free, loudness + free)] if free < gain else []  # (gain dB, LUFS)
    master = trimmed
    for _ in range(4):
        master = filter_pcm(trimmed, rate, f"volume={gain:.3f}dB,"
                                           f"alimiter=limit={ceiling:.5f}:attack=5:release=50:level=false")
        loudness = integrated_loudness(master, rate)
        missing = target - loudness
        if abs(missing) <= 0.5:
            # A last fraction of a dB as plain gain: peaks stay ≤ 2.5 dB under full scale.
            return (master * 10 ** (missing / 20)).astype(np.float32)
        tried.append((gain, loudness))
        if len(tried) >= 2 and tried[-1][1] != tried[-2][1]:
            # Limiting makes loudness grow slower than gain: step along the measured slope.
            (g0, l0), (g1, l1) = tried[-2], tried[-1]
            gain = g1 + missing * max((g1 - g0) / (l1 - l0), 1.0)
        else:
            gain += missing
    return master


def _encode_rung(master: np.ndarray, rung: settings.Rung, out: Path) -> Encoded:
    """Encode one rung and measure it as a player decodes it.

    Lossy encoders move loudness and peaks (research §1.4: decoded files up to 0.8 LU quieter,
    low-bitrate Opus peaks about 1 dB higher). When the true peak is over
    :data:`settings.MAX_TRUE_PEAK_DBTP` or the loudness is more than :data:`REENCODE_LU` from the
    target, the rung is encoded once more from the master with the gain that corrects the
    loudness, lowered where needed so that the true peak lands 0.3 dB under its limit.
    """
    rate = settings.MASTER_RATE
    seconds = master.size / rate
    encode(master, rate, out, rung.args)
    measured = measure_file(out)
    gain = min(settings.TARGET_LUFS - measured.integrated,
               settings.MAX_TRUE_PEAK_DBTP - 0.3 - measured.true_peak)
    if measured.true_peak > settings.MAX_TRUE_PEAK_DBTP or abs(gain) > REENCODE_LU:
        encode(master, rate, out, rung.args, filters=f"volume={gain:.2f}dB")
        measured = measure_file(out)
    return Encoded(rung.name, out, out.stat().st_size, seconds, measured.integrated, measured.true_peak)


def write_tags(path: Path, *, title: str, language: str, speaker: str) -> None:
    """Write title, language and speaker into an Ogg Opus (Vorbis comments ``title``,
    ``language``, ``artist``) or MP3 (ID3v2.3 ``TIT2``, ``TLAN``, ``TPE1``) file, with mutagen;
    research §1.3 checked that ffprobe and players show them."""
    if path.suffix == ".ogg":
        audio = OggOpus(path)
        wanted = {"title": [title], "language": [language], "artist": [speaker]}
        if {k: audio.get(k) for k in wanted} != wanted:
            for k, v in wanted.items():
                audio[k] = v
            audio.save()
        return
    try:
        tags = ID3(path)
    except ID3NoHeaderError:
        tags = ID3()
    code = ISO639_2.get(language, language)
    if (str(tags.get("TIT2", "")), str(tags.get("TLAN", "")), str(tags.get("TPE1", ""))) != (title, code, speaker):
        tags.setall("TIT2", [TIT2(encoding=3, text=title)])
        tags.setall("TLAN", [TLAN(encoding=3, text=code)])
        tags.setall("TPE1", [TPE1(encoding=3, text=speaker)])
        tags.save(path, v2_version=3)


def process(source: Path, cache_dir: Path, *, title: str, language: str, speaker: str) -> Processed:
    """Process the recording ``source`` into every rung, in ``cache_dir`` (see the module).

    Returns the encoded files with their measurements. Raises :class:`MediaError` when the
    recording cannot be decoded or holds no sound.
    """
    source, cache_dir = Path(source), Path(cache_dir)
    key = cache_key(source)
    folder = cache_dir / key
    manifest = folder / "manifest.json"
    encoded = False
    if not manifest.is_file():
        master = make_master(source)
        work = cache_dir / f".{key}.{os.getpid()}.tmp"
        shutil.rmtree(work, ignore_errors=True)
        work.mkdir(parents=True)
        rows = []
        for rung in settings.RUNGS:
            result = _encode_rung(master, rung, work / f"{rung.name}{rung.suffix}")
            rows.append({**asdict(result), "path": result.path.name})
        (work / "manifest.json").write_text(json.dumps({"source": source.name, "rungs": rows}, indent=1))
        shutil.rmtree(folder, ignore_errors=True)
        os.replace(work, folder)
        encoded = True
    rungs = {}
    for row in json.loads(manifest.read_text())["rungs"]:
        path = folder / row["path"]
        write_tags(path, title=title, language=language, speaker=speaker)
        rungs[row["rung"]] = Encoded(row["rung"], path, path.stat().st_size, row["seconds"], row["loudness"],
                                     row["true_peak"])
    return Processed(key, rungs, encoded)
