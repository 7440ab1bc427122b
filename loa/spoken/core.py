"""Read-aloud scripts as plain values: parse one script file, its spoken forms, its syllables and
its spoken length. No Pelican here (docs/scripts.md).

A script is a Markdown-like file, ``content/scripts/<tag>/<name>.md``: ``key: value`` metadata
(``title``, ``kind``, ``page``, ``summary``, ``sources``, ``reviewed_on``; a translation adds
``source_hash`` and ``translation_status``), a blank line, then the words to read. In the words:

- a blank line separates paragraphs; the reader takes a breath between them;
- ``[[pause]]`` on a line of its own is a long pause (:data:`PAUSE_SECONDS`);
- a paragraph that starts with ``>`` is a line to repeat: the key action or the number, said
  slowly, and marked for the reader;
- ``[[hotline:KEY]]`` is a number from ``content/data/hotlines.yaml``, spoken digit by digit;
- ``[[say:word|how to say it]]`` reads ``word`` and shows the reader a pronunciation note.

The spoken length is syllables ÷ speaking rate + pauses. The rate is an *overall* rate, normal
breaths between sentences included (research/audio.md §3.4: aim at 2.5–3.5 syllables a second
for second-language and elderly listeners; Loa's default for Vietnamese is 3).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from loa.site import policy
from loa.site.metadata import split_metadata

SPOT, TALK = "spot", "talk"
KINDS = (SPOT, TALK)
#: Allowed spoken length in seconds per kind (PRODUCT.md, "The spoken channel"; research/audio.md
#: §3.1: spots 15–60 s with one message, ≤ 60–90 s per language item).
LIMITS = {SPOT: (15, 90), TALK: (120, 300)}
#: A programme longer than this gets a warning: the commune limit in town, Hà Nội's 2021 rule of
#: at most 15 minutes per broadcast (research/audio.md §3.1).
PROGRAMME_WARNING_SECONDS = 15 * 60
#: Seconds a ``[[pause]]`` adds (a deliberate silence, beyond normal breaths).
PAUSE_SECONDS = 2.0
#: Syllables a second when ``languages.yaml`` gives no ``speaking_rate`` (research/audio.md §3.4).
DEFAULT_RATE = 3.0
#: Digit names the source language falls back to when ``languages.yaml`` gives it none: Loa's
#: source language is Vietnamese ("không, một … chín").
VIETNAMESE_DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
#: Metadata a script may carry; a translation adds :data:`TRANSLATION_KEYS`.
SCRIPT_KEYS = ("title", "kind", "page", "summary", "sources", "reviewed_on")
TRANSLATION_KEYS = ("source_hash", "translation_status", "translator", "reviewer", "translator_note")

MARK_RE = re.compile(r"\[\[(?P<body>[^\[\]\n]*)\]\]")
HOTLINE_RE = re.compile(r"^hotline:(?P<key>[^\s|\]]+)$")
SAY_RE = re.compile(r"^say:(?P<word>[^|\]]+)\|(?P<note>[^\]]+)$")
_NUMBER = re.compile(r"\d+")
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*", re.UNICODE)
_VOWELS = re.compile(r"[aeiouy]+", re.IGNORECASE)


@dataclass(frozen=True)
class Segment:
    """One piece of a paragraph: ``kind`` is ``text`` (``text`` as written), ``number`` (a
    hotline: ``key``; spoken by :func:`spoken_numbers`),
    ``say`` (``text`` the word, ``note`` how to say it), or ``pause``."""

    kind: str
    text: str = ""
    key: str = ""
    note: str = ""
    line: int = 1


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of the script: its segments, its first ``line`` in the file, and whether it is
    a line to ``repeat`` (written with a leading ``>``)."""

    segments: tuple[Segment, ...]
    line: int
    repeat: bool = False

    @property
    def is_pause(self) -> bool:
        return len(self.segments) == 1 and self.segments[0].kind == "pause"


@dataclass(frozen=True)
class Script:
    """One script file as read: ``tag`` (its folder), ``name`` (file name without ``.md``),
    ``path``, ``meta`` (lower-case keys), ``meta_lines`` (key → line), ``paragraphs``, and
    ``text`` (the whole file, for hashing)."""

    tag: str
    name: str
    path: str
    meta: dict
    meta_lines: dict
    paragraphs: tuple[Paragraph, ...]
    text: str = field(repr=False, default="")

    @property
    def title(self) -> str:
        return self.meta.get("title") or self.name

    @property
    def kind(self) -> str:
        return str(self.meta.get("kind", "")).strip().lower()

    @property
    def own_hash(self) -> str:
        """The source hash of this file (loa.freshness: title and body count, metadata does not)."""
        return policy.hash_file_text(self.text)

    def line_of(self, key: str) -> int:
        return self.meta_lines.get(key, 1)

    def hotlines(self) -> list[Segment]:
        return [s for p in self.paragraphs for s in p.segments if s.kind == "number"]


def parse_script(text: str, *, tag: str, name: str, path: str = "",
                 source_kind: str | None = None) -> tuple[Script, list[tuple[int, str, str]]]:
    """Read one script's text (decoded, LF line ends). Returns the :class:`Script` and its own
    problems ``[(line, message, hint)]``: no or unknown ``kind``, an unknown ``[[…]]`` mark, a
    ``[[say:…]]`` without its note. A translation (``source_kind`` given: its Vietnamese
    script's kind) may leave ``kind`` out and takes the source's. Metadata syntax, raw HTML and personal data are checked by
    :func:`loa.languages.preflight.check_page_text`; hotline keys and typed numbers by the caller,
    who has the directory."""
    problems: list[tuple[int, str, str]] = []
    meta, body = split_metadata(text)
    lines = text.lstrip("\ufeff").split("\n")
    meta_lines: dict[str, int] = {}
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            break
        match = re.match(r"^([A-Za-z0-9_-]+)\s*:", line)
        if match:
            meta_lines.setdefault(match.group(1).lower(), number)
    body_line = len(lines) - body.count("\n")  # first line of the body, 1-based
    if "kind" not in meta and source_kind:
        meta["kind"] = source_kind
    kind = str(meta.get("kind", "")).strip().lower()
    if "kind" not in meta:
        problems.append((1, "this script has no 'kind'",
                         "add 'kind: spot' (one message, 15–90 seconds) or 'kind: talk' (2–5 minutes)"))
    elif kind not in KINDS:
        problems.append((meta_lines.get("kind", 1), f"kind must be 'spot' or 'talk', not '{kind or 'empty'}'",
                         "spot: one message, 15–90 seconds; talk: 2–5 minutes"))
    paragraphs, mark_problems = parse_body(body, body_line)
    problems += mark_problems
    return Script(tag, name, path, meta, meta_lines, tuple(paragraphs), text), problems


def parse_body(body: str, first_line: int = 1) -> tuple[list[Paragraph], list[tuple[int, str, str]]]:
    """Split a script body into :class:`Paragraph` s (blank lines separate them; a paragraph
    starting with ``>`` is a line to repeat; ``[[pause]]`` alone on a line is its own paragraph).
    ``first_line`` is the file line of the body's first line. Returns paragraphs and problems."""
    problems: list[tuple[int, str, str]] = []
    paragraphs: list[Paragraph] = []
    current: list[tuple[int, str]] = []

    def close():
        if not current:
            return
        start = current[0][0]
        repeat = current[0][1].lstrip().startswith(">")
        segments = _segments(current, problems)
        if segments:
            paragraphs.append(Paragraph(tuple(segments), start, repeat))
        current.clear()

    for offset, line in enumerate(body.split("\n")):
        number = first_line + offset
        if not line.strip():
            close()
        elif line.strip().lower() == "[[pause]]":
            close()
            paragraphs.append(Paragraph((Segment("pause", line=number),), number))
        else:
            current.append((number, line))
    close()
    return paragraphs, problems


def _segments(lines: list[tuple[int, str]], problems) -> list[Segment]:
    """The segments of one paragraph, line by line (so marks keep their line numbers); lines are
    joined by a space."""
    segments: list[Segment] = []
    for number, raw in lines:
        text = re.sub(r"^\s*>\s?", "", raw).strip()
        position = 0
        for match in MARK_RE.finditer(text):
            if match.start() > position:
                segments.append(Segment("text", text[position:match.start()], line=number))
            position = match.end()
            body = match.group("body").strip()
            hotline, say = HOTLINE_RE.match(body), SAY_RE.match(body)
            if hotline:
                segments.append(Segment("number", key=hotline.group("key"), line=number))
            elif say:
                segments.append(Segment("say", say.group("word").strip(), note=say.group("note").strip(), line=number))
            elif body.lower() == "pause":
                segments.append(Segment("pause", line=number))
            elif body.startswith("say:"):
                problems.append((number, f"'{match.group(0)}' has no note on how to say it",
                                 "write [[say:word|how to say it]]"))
            else:
                problems.append((number, f"unknown mark '{match.group(0)}' in a script",
                                 "write [[hotline:KEY]], [[say:word|how to say it]] or [[pause]]"))
        if position < len(text):
            segments.append(Segment("text", text[position:], line=number))
        segments.append(Segment("text", " ", line=number))
    while segments and segments[-1].kind == "text" and not segments[-1].text.strip():
        segments.pop()
    return segments


# -- spoken forms ---------------------------------------------------------------------------------

def spoken_number(number: str, digit_names) -> list[str]:
    """The digits of ``number`` as words, one per digit: ``spoken_number("111", VI)`` →
    ``["một", "một", "một"]``. ``digit_names`` holds the ten names for 0–9. Characters that are
    not digits (spaces, dots) are skipped. Raises ``ValueError`` when ``digit_names`` is not ten."""
    names = list(digit_names)
    if len(names) != 10:
        raise ValueError(f"digit names must be ten (0 to 9), got {len(names)}")
    return [names[int(c)] for c in number if c.isdigit()]


def say_digits(number: str, digit_names, separator: str = " – ") -> str:
    """The number as the reader says it: ``"một – một – một"`` (digit words joined by a dash:
    the reader pauses briefly between digits)."""
    return separator.join(spoken_number(number, digit_names))


# -- syllables and length ------------------------------------------------------------------------

def count_syllables(text: str, rule: str = "words") -> int:
    """Syllables in ``text`` as spoken.

    ``rule`` ``words``: each written word is one syllable, as in Vietnamese (and Hmong RPA),
    where syllables are written apart. ``vowels``: each run of vowel letters in a word is one
    syllable, less a silent final ``e`` (English; an estimate, within a syllable or so per
    word). Written numbers count as they are read: :func:`number_syllables`. Punctuation counts
    nothing.
    """
    total = 0
    for token in _WORD.findall(text):
        if token.isdigit():
            total += number_syllables(token)
        elif _NUMBER.search(token):
            total += sum(number_syllables(n) for n in _NUMBER.findall(token)) + (1 if re.search(r"[^\W\d_]", token) else 0)
        elif rule == "vowels":
            total += _vowel_syllables(token)
        else:
            total += 1
    return total


def _vowel_syllables(word: str) -> int:
    lower = word.lower().replace("’", "'")
    groups = len(_VOWELS.findall(lower))
    if lower.endswith("e") and not lower.endswith(("le", "ee", "ye")) and groups > 1:
        groups -= 1
    if lower.endswith("'s") or lower.endswith("n't"):
        groups = max(groups, 1)
    return max(groups, 1)


def number_syllables(digits: str) -> int:
    """Syllables of a number written in figures, read as a whole (``18`` "mười tám"): an
    estimate of two per digit but one for the last digit (``18`` → 3, ``240`` → 5), close to
    Vietnamese and English readings; hotlines are not counted this way but digit by digit."""
    digits = digits.lstrip("0") or "0"
    return 2 * len(digits) - 1


@dataclass(frozen=True)
class Speech:
    """How one language is spoken: ``digits`` (ten names, 0–9, or ``None``), ``rate``
    (syllables a second, overall), ``rule`` (:func:`count_syllables` rule)."""

    tag: str
    digits: tuple[str, ...] | None = None
    rate: float = DEFAULT_RATE
    rule: str = "words"


@dataclass(frozen=True)
class SpokenNumber:
    """A hotline as the reader says it: ``words`` (the digit names joined), ``lang`` of the
    digit names (the script's language, or the fallback's when it has none), ``display`` (the
    number as written, for the margin)."""

    key: str
    words: str
    lang: str
    display: str
    fallback: bool


def spoken_numbers(script: Script, numbers: dict[str, str], speech: Speech, fallback: Speech) -> dict[str, SpokenNumber]:
    """Each hotline key in ``script`` → :class:`SpokenNumber`. ``numbers`` maps hotline keys to
    their digits; keys not in it are left out (the caller reports them). A language without
    digit names uses ``fallback`` 's (Vietnamese), marked ``fallback``."""
    found = {}
    for segment in script.hotlines():
        number = numbers.get(segment.key)
        if number is None:
            continue
        use = speech if speech.digits else fallback
        found[segment.key] = SpokenNumber(segment.key, say_digits(number, use.digits), use.tag, number,
                                          not speech.digits)
    return found


def syllables(script: Script, numbers: dict[str, SpokenNumber], speech: Speech, fallback: Speech) -> int:
    """Syllables of the whole script as spoken: title (the reader announces it, research/audio.md
    §3.3 "an audio title at the very beginning") and every paragraph, hotlines as their digit words."""
    total = count_syllables(script.title, speech.rule)
    for paragraph in script.paragraphs:
        for segment in paragraph.segments:
            if segment.kind in ("text", "say"):
                total += count_syllables(segment.text, speech.rule)
            elif segment.kind == "number" and segment.key in numbers:
                spoken = numbers[segment.key]
                total += count_syllables(spoken.words, speech.rule if spoken.lang == speech.tag else fallback.rule)
    return total


def pauses(script: Script) -> int:
    """How many ``[[pause]]`` marks the script has."""
    return sum(1 for p in script.paragraphs for s in p.segments if s.kind == "pause")


def spoken_seconds(syllable_count: int, rate: float, pause_count: int = 0) -> float:
    """Seconds to read: ``syllable_count / rate + pause_count × PAUSE_SECONDS``. ``rate`` in
    syllables a second (> 0)."""
    if rate <= 0:
        raise ValueError("the speaking rate must be more than 0 syllables a second")
    return syllable_count / rate + pause_count * PAUSE_SECONDS


def format_length(seconds: float) -> str:
    """``m:ss``, rounded to the nearest second: 75.4 → ``1:15``."""
    whole = int(round(seconds))
    return f"{whole // 60}:{whole % 60:02d}"


def length_problem(kind: str, seconds: float) -> str | None:
    """A sentence when a ``kind`` of script is outside its :data:`LIMITS`, else ``None``."""
    if kind not in LIMITS:
        return None
    low, high = LIMITS[kind]
    if seconds > high or seconds < low:
        side = "over" if seconds > high else "under"
        limit = high if seconds > high else low
        return (f"a {kind} runs {format_length(seconds)}, {side} the {format_length(limit)} "
                f"{'limit' if side == 'over' else 'minimum'} ({kind}: {format_length(low)}–{format_length(high)})")
    return None
