"""A synthetic preview of a Vietnamese script's timing (``invoke audio.preview``): espeak-ng,
never published, never in another language (PRODUCT.md, "The spoken channel")."""
from __future__ import annotations

import difflib
import subprocess
from dataclasses import dataclass
from pathlib import Path

import soundfile

from loa.audio import settings
from loa.audio.library import SOURCE_TAG, hotline_numbers, read_script, script_names
from loa.audio.spoken import spoken_text
from loa.problems import Problems, ProblemsFound

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
