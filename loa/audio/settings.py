"""Targets and thresholds of the spoken channel, each with its unit and source.

"research §N" is the project's audio research note, ``research/audio.md``, section N, measured on
this project's kind of machine (Debian 12, ffmpeg 5.1, libopus 1.3.1, LAME 3.100).
"""
from __future__ import annotations

from dataclasses import dataclass

# --- checks on an incoming recording (research §5.2) -------------------------------------------

#: Hz. Below this the file is narrowband (8 kHz phone codecs, AMR-NB): refused, research §5.2
#: "reject < 16 kHz".
MIN_SAMPLE_RATE = 16_000

#: LUFS integrated (ITU-R BS.1770-4, pyloudnorm). Quieter is "too quiet, re-record", research §5.2.
#: A planted quiet file measured −46.8 LUFS; ordinary phone recordings −25 LUFS.
MIN_LOUDNESS_LUFS = -35.0

#: Linear full scale. A sample at or above this magnitude counts as clipped, research §5.2.
CLIP_LEVEL = 0.99
#: Samples. A clipping run is at least this many consecutive clipped samples, research §5.2.
CLIP_RUN_SAMPLES = 3
#: Runs. More clipping runs than this → "too loud, clipped", research §5.2 ("> 5 clip runs").
MAX_CLIP_RUNS = 5

#: Seconds. Length of the analysis frames for sound/silence, research §5.2 (30 ms VAD frames).
FRAME_SECONDS = 0.030
#: dB below the recording's loud frames (95th percentile of frame RMS) under which a frame is
#: silence. Judgement: a usable recording has speech ≥ 20 dB over its noise (research §5.2,
#: "SNR < 20 dB → noisy"); 25 dB keeps quiet syllables counted as sound.
SILENCE_BELOW_LOUD_DB = 25.0
#: dBFS. A frame quieter than this is always silence (digital silence, −60 dBFS hiss).
SILENCE_FLOOR_DBFS = -60.0
#: Seconds. A silence shorter than this between two sounds is a pause in speech, not silence.
#: Judgement: pauses between sentences in read speech are under a second (research §3.4: rate is
#: driven mostly by pause length).
BRIDGE_SECONDS = 0.8
#: Fraction of the recording. Less sound than this → "mostly silence". Judgement: the planted
#: phone recording in research §5.2 had 7 s of silence in 68 s (90 % sound); a file that is
#: mostly silence is an empty or accidental recording (Common Voice's "blank recordings",
#: research §4).
MIN_SOUND_FRACTION = 0.5

#: The recording's speech span (first to last sound) divided by the script's expected spoken
#: length must lie in this band, research §5.2 ("outside 0.6–1.6× the language's calibrated rate
#: → missing or extra text?").
LENGTH_RATIO_BAND = (0.6, 1.6)
#: Recordings. The speaking rate of a language is known once this many current recordings exist.
#: Judgement: research §3.4 says to calibrate per language from approved recordings instead of
#: hard-coding; one reader on one script can be unusually slow or fast, two agree better.
MIN_RECORDINGS_FOR_RATE = 2

#: Container suffixes a phone makes, accepted by ``audio.add`` (PRODUCT.md, the spoken channel).
RECORDING_SUFFIXES = (".m4a", ".aac", ".3gp", ".amr", ".ogg", ".opus", ".webm", ".wav", ".mp3")

# --- processing (research §1.4, §3.2) -----------------------------------------------------------


@dataclass(frozen=True)
class Rung:
    """One encoding of a processed recording.

    ``name`` is the file-name part (``opus16``…), ``suffix`` the file suffix, ``mime`` its media
    type, ``args`` the ffmpeg output arguments, ``kib_per_minute`` the budget (KiB per minute of
    audio) or ``None`` when there is none.
    """

    name: str
    suffix: str
    mime: str
    args: tuple[str, ...]
    kib_per_minute: float | None
    use: str


#: The encoding ladder, research §1.4 (measured KiB/min: 124.6, 234.8, 469.3) and the budgets in
#: PRODUCT.md (Opus ≤ 130 KiB/min, MP3 32k ≤ 240 KiB/min). Mono throughout. Opus is encoded at a
#: constant 16 kb/s (``-vbr off``, about 122 KiB/min with the Ogg pages): with variable rate it
#: measured 17.4 kb/s (128 KiB/min) on clean synthetic speech here, and a variable-rate encoder
#: spends more bits on a noisy phone recording, which would break the 130 KiB/min budget.
RUNGS = (
    Rung("opus16", ".ogg", "audio/ogg",
         ("-ac", "1", "-c:a", "libopus", "-b:a", "16k", "-application", "voip"), 130.0,
         "the web (Ogg Opus, 16 kb/s)"),
    Rung("mp3-32", ".mp3", "audio/mpeg",
         ("-ac", "1", "-ar", "22050", "-c:a", "libmp3lame", "-b:a", "32k"), 240.0,
         "web fallback, offline copies, phones (MP3 32 kb/s, 22.05 kHz)"),
    Rung("mp3-64", ".mp3", "audio/mpeg",
         ("-ac", "1", "-ar", "44100", "-c:a", "libmp3lame", "-b:a", "64k"), None,
         "the loudspeaker (MP3 64 kb/s, 44.1 kHz)"),
)

#: LUFS integrated. Every master and programme, research §3.2 (AES TD1004 revision, Apple
#: Podcasts −16 LUFS ± 1); PRODUCT.md budget "−16 LUFS ± 1 LU".
TARGET_LUFS = -16.0
#: LU. Allowed distance from :data:`TARGET_LUFS` after encoding, research §3.2.
LOUDNESS_TOLERANCE_LU = 1.0
#: dBTP. The most any encoded file may peak (true peak), PRODUCT.md budget, research §3.2.
MAX_TRUE_PEAK_DBTP = -1.0
#: dBFS. Ceiling of the limiter on the master, before encoding. Research §1.4: low-bitrate Opus
#: raises peaks by about 1 dB, so the master is made at −2 dBTP at most. Measured here (benchmarks/
#: audio.py): with a −3 dBFS sample ceiling, Opus 16 kb/s still peaked above −1 dBTP on clean
#: speech and had to be encoded twice; at −4 dBFS it rarely does.
LIMITER_CEILING_DBFS = -4.0
#: Hz. Sample rate of the master (Opus works at 48 kHz), research §1.4.
MASTER_RATE = 48_000
#: Hz. High-pass on the master to remove handling rumble, research §1.4 (``highpass=f=70``).
HIGHPASS_HZ = 70
#: ffmpeg filter that trims silence at both ends of a recording, research §5.2 ("Trim used").
TRIM_FILTER = ("silenceremove=start_periods=1:start_duration=0.2:start_threshold=-45dB:"
               "start_silence=0.3,areverse,"
               "silenceremove=start_periods=1:start_duration=0.2:start_threshold=-45dB:"
               "start_silence=0.3,areverse")

#: Version of the processing recipe; part of the cache key, so changing it re-encodes everything.
PROCESS_VERSION = "1"

# --- preview -----------------------------------------------------------------------------------

#: espeak-ng voice for previews: Vietnamese (Northern), the only voice for a Loa language,
#: research §1.2. Never used for Hmong, Tai Dam, Iu Mien or Hani (PRODUCT.md).
PREVIEW_VOICE = "vi"
#: espeak-ng speed (its "words per minute"; a Vietnamese word is a syllable). Research §1.2
#: measured 2.76 syllables/s overall at ``-s 130``; 140 comes near the 3 syllables/s that the
#: scripts' spoken length assumes for Vietnamese (issue 17).
PREVIEW_SPEED = 140
