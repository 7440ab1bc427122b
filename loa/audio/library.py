"""The spoken channel's files: scripts under ``content/scripts``, recordings under
``content/recordings`` (PRODUCT.md, "The spoken channel"), and the commands that use them.

Scripts are read as plain files (metadata block + body, as pages are), so this module needs no
build. A recording ``content/recordings/<tag>/<name>.<ext>`` has a sidecar ``<name>.yaml``::

    speaker: Giàng A Páo
    consent: recorded
    recorded_on: 2026-12-01
    script_hash: 0123456789abcdef    # the script it was read from (loa.freshness.core.hash_file_text)
    speech_seconds: 41.3             # first to last sound: teaches the language's speaking rate

A recording is **stale** when ``script_hash`` differs from its script's hash today.
"""
from __future__ import annotations

import datetime as dt
import difflib
import io
import os
import re
import shutil
import subprocess
import zipfile
from dataclasses import dataclass
from pathlib import Path

import soundfile
import yaml

from loa.audio import settings
from loa.audio.checks import analyse, check_recording
from loa.audio.media import MediaError, decode, probe
from loa.audio.spoken import VI_DIGITS, count_syllables, speaking_rate, spoken_text
from loa.freshness.core import hash_file_text, split_metadata
from loa.problems import Problems, ProblemsFound

SOURCE_TAG = "vi"
_NAME = re.compile(r"^[a-z0-9][a-z0-9-]*$")

MISSING = "missing"
STALE = "stale"
CURRENT = "current"


@dataclass(frozen=True)
class Script:
    """A read-aloud script file: ``name``, ``tag`` of the folder it was read from, ``path``,
    ``title``, ``kind`` (``spot``/``talk``/""), ``order`` (an ``order`` key, or ``None``),
    ``body``, and ``hash`` (:func:`loa.freshness.core.hash_file_text` of the file)."""

    name: str
    tag: str
    path: Path
    title: str
    kind: str
    order: int | None
    body: str
    hash: str

    def syllables(self, numbers: dict[str, str]) -> int:
        """Syllables of the title and body as spoken (see :mod:`loa.audio.spoken`)."""
        return count_syllables(spoken_text(f"{self.title}\n{self.body}", numbers))

    @property
    def importance(self) -> tuple:
        """Sort key, most important first: an ``order`` key if the script has one; then the spot
        about 111 (the number every script ends on), then other spots, then talks; then name."""
        about_111 = "111" in self.name or "111" in self.title
        rank = 0 if self.kind == "spot" and about_111 else 1 if self.kind == "spot" else 2
        return (self.order if self.order is not None else 10_000, rank, self.name)


def read_script(path: Path, tag: str) -> Script:
    """Read one script file (UTF-8 Markdown with a metadata block)."""
    text = Path(path).read_text(encoding="utf-8-sig")
    meta, body = split_metadata(text)
    try:
        order = int(meta["order"]) if meta.get("order", "").strip() else None
    except ValueError:
        order = None
    return Script(Path(path).stem, tag, Path(path), meta.get("title", ""), meta.get("kind", "").strip().lower(),
                  order, body, hash_file_text(text))


def find_script(content: Path, tag: str, name: str) -> Script | None:
    """The script ``name`` for language ``tag``: ``content/scripts/<tag>/<name>.md``, or the
    Vietnamese one when that language has no translation yet (it is read from the Vietnamese
    text, as the scripts' fallback rule shows it), or ``None``."""
    for folder in dict.fromkeys((tag, SOURCE_TAG)):
        path = Path(content) / "scripts" / folder / f"{name}.md"
        if path.is_file():
            return read_script(path, folder)
    return None


def script_names(content: Path) -> list[str]:
    """Names of the Vietnamese scripts: every language records the same set."""
    folder = Path(content) / "scripts" / SOURCE_TAG
    return sorted(p.stem for p in folder.glob("*.md")) if folder.is_dir() else []


def hotline_numbers(content: Path) -> dict[str, str]:
    """Hotline key → number from ``content/data/hotlines.yaml`` (the only place numbers are
    written); empty when the file is missing or unreadable (the build reports that)."""
    path = Path(content) / "data" / "hotlines.yaml"
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError):
        return {}
    return {str(h.get("key")): str(h.get("number", "")) for h in data.get("hotlines") or [] if isinstance(h, dict)}


@dataclass(frozen=True)
class Recording:
    """A placed recording: ``tag``, ``name``, ``path`` of the audio, ``sidecar`` values."""

    tag: str
    name: str
    path: Path
    sidecar: dict


def recordings(content: Path, tag: str) -> list[Recording]:
    """Every recording of language ``tag`` that has a sidecar, by name."""
    folder = Path(content) / "recordings" / tag
    found = []
    if folder.is_dir():
        for path in sorted(folder.iterdir()):
            if path.suffix.lower() in settings.RECORDING_SUFFIXES and path.with_suffix(".yaml").is_file():
                try:
                    meta = yaml.safe_load(path.with_suffix(".yaml").read_text(encoding="utf-8")) or {}
                except yaml.YAMLError:
                    meta = {}
                found.append(Recording(tag, path.stem, path, meta if isinstance(meta, dict) else {}))
    return found


def language_rate(content: Path, tag: str, numbers: dict[str, str]):
    """The speaking rate of ``tag`` from its current recordings (script syllables over the
    sidecar's ``speech_seconds``, measured again from the audio when the sidecar lacks it), or
    ``None`` while fewer than :data:`settings.MIN_RECORDINGS_FOR_RATE` exist."""
    pairs = []
    for recording in recordings(content, tag):
        script = find_script(content, tag, recording.name)
        if script is None or str(recording.sidecar.get("script_hash", "")) != script.hash:
            continue
        seconds = recording.sidecar.get("speech_seconds")
        if not isinstance(seconds, (int, float)):
            try:
                seconds = analyse(decode(recording.path), probe(recording.path).sample_rate).speech_seconds
            except MediaError:
                continue
        pairs.append((script.syllables(numbers), float(seconds)))
    return speaking_rate(pairs, settings.MIN_RECORDINGS_FOR_RATE)


@dataclass(frozen=True)
class Added:
    """What :func:`add_recording` did: the placed ``audio`` and ``sidecar`` paths (``None`` on a
    dry run), the ``speech_seconds`` measured, and ``notes`` on checks that were skipped."""

    audio: Path | None
    sidecar: Path | None
    speech_seconds: float
    notes: tuple[str, ...]


def add_recording(content: Path, tag: str, name: str, source: Path, *, speaker: str, consent: bool,
                  known_tags=None, recorded_on: dt.date | None = None, replace: bool = False,
                  dry_run: bool = False, root: Path | None = None) -> Added:
    """Check the recording ``source`` of script ``name`` in language ``tag``, then place it as
    ``content/recordings/<tag>/<name>.<ext>`` with its sidecar.

    Every problem is collected first (cannot be decoded, sample rate, too quiet, clipped, mostly
    silence, length against the script once the language's rate is known, no script of that name,
    no speaker, no consent, unknown language, an existing recording without ``replace``); on any
    problem nothing is placed and :class:`~loa.problems.ProblemsFound` is raised, each problem
    naming ``source``. ``known_tags``: the registry's tags, or ``None`` to accept any folder name.
    """
    content, source = Path(content), Path(source)
    problems = Problems(root=root or content.parent)
    where = source

    def refuse(message, hint=""):
        problems.add(where, 1, message, hint)

    if known_tags is not None and tag not in known_tags:
        refuse(f"unknown language '{tag}'", f"known languages: {', '.join(known_tags)}")
    if not _NAME.match(name):
        refuse(f"'{name}' is not a script name (lower-case letters, digits and hyphens)")
    script = find_script(content, tag, name) if _NAME.match(name) else None
    if script is None and _NAME.match(name):
        close = difflib.get_close_matches(name, script_names(content), n=3)
        folders = " or ".join(f"content/scripts/{t}/" for t in dict.fromkeys((tag, SOURCE_TAG)))
        refuse(f"no script named '{name}' in {folders}",
               f"did you mean: {', '.join(close)}?" if close else "see the list with: invoke audio.status")
    if not speaker.strip():
        refuse("no speaker given", 'add --speaker "Full Name" (the person whose voice this is)')
    if not consent:
        refuse("consent not confirmed: the speaker must agree that the recording is published",
               "ask the speaker, keep their answer (a voice message or a signed note), then add --consent")
    suffix = source.suffix.lower()
    if suffix not in settings.RECORDING_SUFFIXES:
        refuse(f"'{suffix or 'no suffix'}' is not an audio file a phone makes",
               f"accepted: {' '.join(settings.RECORDING_SUFFIXES)}")
    folder = content / "recordings" / tag
    existing = [p for p in folder.glob(f"{name}.*") if p.suffix.lower() in settings.RECORDING_SUFFIXES] \
        if folder.is_dir() else []
    if existing and not replace:
        refuse(f"{name} already has a recording in {tag} ({existing[0].name})",
               "add --replace to put this one in its place")
    if not source.is_file():
        refuse("file not found")
        raise ProblemsFound(problems.items)
    numbers = hotline_numbers(content)
    rate = language_rate(content, tag, numbers) if script is not None else None
    findings, analysis, notes = check_recording(
        source, syllables=script.syllables(numbers) if script else None, rate=rate)
    for finding in findings:
        refuse(finding.message, finding.hint)
    if problems.errors:
        raise ProblemsFound(problems.items)
    assert script is not None and analysis is not None
    if dry_run:
        return Added(None, None, analysis.speech_seconds, tuple(notes))
    folder.mkdir(parents=True, exist_ok=True)
    audio = folder / f"{name}{suffix}"
    sidecar = audio.with_suffix(".yaml")
    values = {"speaker": speaker.strip(), "consent": "recorded",
              "recorded_on": recorded_on or dt.date.today(), "script_hash": script.hash,
              "speech_seconds": round(analysis.speech_seconds, 2)}
    header = (f"# Recording of content/scripts/{script.tag}/{name}.md, placed by `invoke audio.add`.\n"
              "# script_hash: the script it was read from; when the script changes, the recording is stale.\n")
    temp_audio, temp_side = folder / f".{audio.name}.tmp", folder / f".{sidecar.name}.tmp"
    shutil.copyfile(source, temp_audio)
    temp_side.write_text(header + yaml.safe_dump(values, allow_unicode=True, sort_keys=False), encoding="utf-8")
    os.replace(temp_audio, audio)
    os.replace(temp_side, sidecar)
    for old in existing:
        if old != audio:
            old.unlink()
    return Added(audio, sidecar, analysis.speech_seconds, tuple(notes))


@dataclass(frozen=True)
class StatusRow:
    """One script in one language: ``state`` is ``missing``, ``stale`` or ``current``."""

    tag: str
    script: Script
    state: str
    recording: Recording | None


def recording_status(content: Path, tags) -> dict[str, list[StatusRow]]:
    """For each language in ``tags``, every Vietnamese script's recording state, most important
    first (:attr:`Script.importance`). A recording is stale when its ``script_hash`` differs from
    the hash of the script it is read from today (its language's translation, or the Vietnamese
    script while there is none)."""
    content = Path(content)
    result = {}
    for tag in tags:
        placed = {r.name: r for r in recordings(content, tag)}
        rows = []
        for name in script_names(content):
            script = find_script(content, tag, name)
            recording = placed.get(name)
            if recording is None:
                state = MISSING
            elif str(recording.sidecar.get("script_hash", "")) != script.hash:
                state = STALE
            else:
                state = CURRENT
            rows.append(StatusRow(tag, script, state, recording))
        rows.sort(key=lambda r: r.script.importance)
        result[tag] = rows
    return result


def format_status(status: dict[str, list[StatusRow]]) -> str:
    """The status as text for ``invoke audio.status``: per language, counts, then the scripts to
    record (stale and missing), most important first."""
    if not any(status.values()):
        return "No scripts yet (content/scripts/vi/ is empty)."
    lines = []
    for tag, rows in status.items():
        todo = [r for r in rows if r.state != CURRENT]
        current = len(rows) - len(todo)
        lines.append(f"{tag}: {current} of {len(rows)} scripts recorded and current")
        for row in todo:
            note = " (the script changed since it was recorded)" if row.state == STALE else ""
            lines.append(f"  {row.state:8} {row.script.name}  [{row.script.kind or '?'}] {row.script.title}{note}")
    return "\n".join(lines)


GUIDE = """HƯỚNG DẪN GHI ÂM — Loa

Cảm ơn anh/chị đã giúp đọc và ghi âm các bài phát thanh phòng, chống mua bán người
bằng tiếng {language}. Bà con không đọc được chữ sẽ nghe giọng nói của anh/chị
trên loa xã, loa biên phòng và trên điện thoại.

CHUẨN BỊ
1. Chọn phòng yên tĩnh: đóng cửa, tắt quạt, tắt ti vi, xa đường và xa gà, chó.
   Phòng có chăn, đệm, rèm thì tiếng đỡ vang hơn.
2. Đọc thử bài một lượt cho quen trước khi ghi.
3. Cầm hoặc đặt điện thoại cách miệng khoảng 20 cm (một gang tay), không thổi
   vào máy, không để tay che micro.

KHI GHI
4. Dùng ứng dụng Ghi âm của điện thoại, hoặc gửi tin nhắn thoại Zalo/WhatsApp.
5. Bấm ghi, chờ 1 giây rồi mới đọc; đọc xong chờ 1 giây rồi mới dừng.
6. Đọc chậm, rõ, giọng bình thường như nói chuyện với một người — không cần to.
7. Đọc số điện thoại đúng như trong bài, từng chữ số một. Bài đã viết sẵn để
   nhắc lại số: hãy đọc cả hai lần.
8. Mỗi bài ghi thành MỘT tệp riêng. Đọc sai thì ghi lại cả bài từ đầu.

GỬI VỀ
9. Đặt tên tệp (hoặc ghi chú kèm tin nhắn) đúng bằng TÊN BÀI trong danh sách
   dưới đây, ví dụ: {example}
10. Gửi tệp như điện thoại đã lưu (m4a, 3gp, amr, ogg, opus, webm, wav, mp3).
    Không cắt, không chỉnh, không nén lại.
11. Gửi kèm họ tên người đọc, và cho biết người đọc ĐỒNG Ý để bài ghi âm được
    phát trên loa và đăng trên trang Loa (nói câu đồng ý trong một tin nhắn
    thoại là đủ).
12. Người điều phối sẽ kiểm tra tự động: tệp quá nhỏ tiếng, bị rè (quá to),
    phần lớn là im lặng, hoặc dài/ngắn khác hẳn bài đọc thì sẽ nhờ ghi lại.

DANH SÁCH BÀI CẦN GHI (bài quan trọng nhất trước)
{listing}
"""


@dataclass(frozen=True)
class Kit:
    """The zip written by :func:`write_kit`, and the ``scripts`` it holds, in order."""

    path: Path
    scripts: tuple[Script, ...]

    def summary(self) -> str:
        return f"Wrote {self.path} ({len(self.scripts)} script(s) to record)."


def _script_sheet(script: Script, tag: str, numbers: dict[str, str], position: int) -> str:
    digits = VI_DIGITS if script.tag == SOURCE_TAG else tuple("0123456789")
    lines = [f"{position:02d}. {script.title}", f"Tên bài (đặt tên tệp): {script.name}", ""]
    if script.tag != tag:
        lines += ["(Bài tiếng Việt — chưa có bản dịch; đọc lại bằng tiếng của anh/chị.)", ""]
    if digits[0] == "0":
        lines += ["(Số điện thoại: đọc từng chữ số bằng tiếng của anh/chị.)", ""]
    lines.append(spoken_text(script.body, numbers, digits))
    return "\n".join(lines) + "\n"


def write_kit(content: Path, tag: str, out: Path, *, language_name: str = "", include_all: bool = False) -> Kit:
    """Write a recording kit for volunteers: ``HUONG-DAN-GHI-AM.txt`` (the guide in Vietnamese,
    from research §5.1: quiet room, phone 20 cm away, say the number twice, one file per script,
    name it after the script, send it back with the speaker's consent) and one ``NN-<name>.txt``
    per script to record, most important first. Only missing and stale scripts unless
    ``include_all``. Raises :class:`~loa.problems.ProblemsFound` when there is nothing to record."""
    content, out = Path(content), Path(out)
    rows = recording_status(content, [tag])[tag]
    chosen = [r.script for r in rows if include_all or r.state != CURRENT]
    if not chosen:
        problems = Problems(root=content.parent)
        problems.add(content / "scripts" / SOURCE_TAG, 1,
                     f"nothing to record in {tag}" + ("" if rows else ": there are no scripts yet"),
                     "add --all to put every script in the kit" if rows else "")
        raise ProblemsFound(problems.items)
    numbers = hotline_numbers(content)
    listing = "\n".join(f"  {i:02d}. {s.name:<28} {s.title}" for i, s in enumerate(chosen, 1))
    guide = GUIDE.format(language=language_name or tag, example=f"{chosen[0].name}.m4a", listing=listing)
    out.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("HUONG-DAN-GHI-AM.txt", guide.replace("\n", "\r\n"))
        for i, script in enumerate(chosen, 1):
            zf.writestr(f"{i:02d}-{script.name}.txt", _script_sheet(script, tag, numbers, i).replace("\n", "\r\n"))
    temp = out.with_name(f".{out.name}.tmp")
    temp.write_bytes(buffer.getvalue())
    os.replace(temp, out)
    return Kit(out, tuple(chosen))


@dataclass(frozen=True)
class Preview:
    """A synthetic preview: the WAV ``path`` and its length in ``seconds``."""

    path: Path
    seconds: float


def preview(content: Path, name: str, cache: Path, *, tag: str = SOURCE_TAG) -> Preview:
    """Speak the Vietnamese script ``name`` with espeak-ng (voice :data:`settings.PREVIEW_VOICE`,
    speed :data:`settings.PREVIEW_SPEED`) into ``cache/<name>.wav``, for a communicator to hear
    its timing. Never published. Refused for any language but Vietnamese: no synthetic voice
    exists for Hmong, Tai Dam, Iu Mien or Hani, and none would be trusted (PRODUCT.md).
    Raises :class:`~loa.problems.ProblemsFound`."""
    content = Path(content)
    problems = Problems(root=content.parent)
    path = content / "scripts" / tag / f"{name}.md"
    if tag != SOURCE_TAG:
        problems.add(path, 1, f"no synthetic preview in '{tag}': previews are Vietnamese only",
                     "minority-language audio is only ever a person's recording (invoke audio.kit)")
        raise ProblemsFound(problems.items)
    if not path.is_file():
        close = difflib.get_close_matches(name, script_names(content), n=3)
        problems.add(path, 1, f"no script named '{name}'", f"did you mean: {', '.join(close)}?" if close else "")
        raise ProblemsFound(problems.items)
    script = read_script(path, tag)
    text = spoken_text(f"{script.title}.\n{script.body}", hotline_numbers(content))
    cache = Path(cache)
    cache.mkdir(parents=True, exist_ok=True)
    out = cache / f"{name}.wav"
    subprocess.run(["espeak-ng", "-v", settings.PREVIEW_VOICE, "-s", str(settings.PREVIEW_SPEED), "-w", str(out),
                    text], check=True, capture_output=True)
    info = soundfile.info(str(out))
    return Preview(out, info.frames / info.samplerate)
