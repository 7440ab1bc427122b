"""Script text as it is spoken: the words to read, their syllables, and a language's rate.

Vietnamese, Hmong (RPA), Iu Mien and Tai Dam are written syllable by syllable (research §1.3,
"speech rate / duration"), so a syllable is counted as one space-separated word. For a script
that breaks this rule the count is still consistent within its language, and the length check
(:func:`expected_seconds`) compares a language's recordings only with each other's rate, so
the unit cancels out.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

#: Vietnamese digit names, spoken one by one ("một – một – một"; issue 17, spoken forms).
VI_DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")

_HOTLINE = re.compile(r"\[\[\s*hotline\s*:\s*([^\]\s]+)\s*\]\]")
_PLACEHOLDER = re.compile(r"\[\[[^\]]*\]\]")
_LINE_MARK = re.compile(r"^[ \t]*(?:#+|>|[-+*]|\d+[.)])[ \t]+", re.M)
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_INLINE_MARK = re.compile(r"[*_`]+")
_WORD = re.compile(r"\w", re.UNICODE)


def spoken_number(number: str, digits=VI_DIGITS) -> str:
    """A phone number as it is read aloud: each digit's name, joined by " – ".
    ``digits`` holds the names of 0–9; characters that are not digits are dropped."""
    return " – ".join(digits[int(ch)] for ch in number if ch.isdigit())


def spoken_text(body: str, numbers: dict[str, str], digits=VI_DIGITS) -> str:
    """The words of a script body as read aloud: ``[[hotline:KEY]]`` becomes the number of KEY
    in ``numbers`` (key → number) spoken digit by digit (a key not in ``numbers`` is read as
    written); other ``[[…]]`` placeholders (pauses, cues) and Markdown marks are dropped."""
    def hotline(match):
        return spoken_number(numbers.get(match.group(1), match.group(1)), digits)

    text = _HOTLINE.sub(hotline, body)
    text = _PLACEHOLDER.sub(" ", text)
    text = _LINK.sub(r"\1", text)
    text = _LINE_MARK.sub("", text)
    text = _INLINE_MARK.sub("", text).replace("|", " ")
    lines = (re.sub(r"[ \t]+", " ", line).strip() for line in text.split("\n"))
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def count_syllables(text: str) -> int:
    """Syllables in spoken text: the space-separated words holding at least one letter or digit
    (an en dash between digits is not a syllable)."""
    return sum(1 for word in text.split() if _WORD.search(word))


@dataclass(frozen=True)
class SpeakingRate:
    """A language's speaking rate learned from its current recordings: ``syllables_per_second``
    (over the speech span, first to last sound) and the number of ``recordings`` it comes from."""

    syllables_per_second: float
    recordings: int


def speaking_rate(samples: list[tuple[int, float]], minimum: int) -> SpeakingRate | None:
    """The rate from ``(script syllables, speech seconds)`` pairs of a language's recordings, or
    ``None`` when fewer than ``minimum`` usable pairs exist (research §3.4: calibrate per language
    from approved recordings instead of hard-coding). Total syllables over total seconds, so a
    long talk weighs more than a short spot."""
    usable = [(s, t) for s, t in samples if s > 0 and t > 0]
    if len(usable) < minimum:
        return None
    return SpeakingRate(sum(s for s, _ in usable) / sum(t for _, t in usable), len(usable))


def expected_seconds(syllables: int, rate: SpeakingRate) -> float:
    """Seconds a script of ``syllables`` takes at ``rate``."""
    return syllables / rate.syllables_per_second
