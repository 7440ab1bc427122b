"""How each language is spoken, read from ``content/languages.yaml`` (no Pelican).

Three optional fields per language entry (docs/scripts.md):

- ``digits``: the names of the digits 0 to 9, in that language, as a list of ten. A hotline is
  read digit by digit with them. A language without them reads numbers with the source
  language's digits, marked (``lang="vi"`` and a note for the reader).
- ``speaking_rate``: syllables a second, overall (breaths included), for the spoken length.
  Without it :data:`loa.spoken.core.DEFAULT_RATE` (3; research/audio.md §3.4).
- ``syllables``: how syllables are counted, ``words`` (one per written word: Vietnamese,
  Hmong RPA) or ``vowels`` (runs of vowel letters: English). Default ``words``.
"""
from __future__ import annotations

from loa.problems import Problems
from loa.spoken.core import DEFAULT_RATE, Speech
from loa.yamlfile import load_with_lines

RULES = ("words", "vowels")
#: A speaking rate outside this range (syllables a second) is a typing mistake: TV presenters
#: reach 5.5 (research/audio.md §3.4).
RATE_RANGE = (1.0, 6.0)


def read_speech(path, problems: Problems) -> dict[str, Speech]:
    """``{tag: Speech}`` for every language entry of ``languages.yaml`` at ``path``. Wrong values
    become problems (``path:line: message``) and that language keeps the defaults. The file's
    other fields are checked by :func:`loa.site.registry.load_registry`."""
    data = load_with_lines(path, Problems())
    entries = data.get("languages") if isinstance(data, dict) else None
    found: dict[str, Speech] = {}
    for entry in entries or []:
        if not isinstance(entry, dict) or not entry.get("tag"):
            continue
        tag = str(entry["tag"])
        digits = entry.get("digits")
        if digits is not None:
            names = [str(d).strip() for d in digits] if isinstance(digits, list) else []
            if len(names) != 10 or not all(names):
                problems.add(path, entry.line_of("digits"),
                             f"language '{tag}': 'digits' must list ten names, for 0 to 9",
                             "write digits: [không, một, hai, ba, bốn, năm, sáu, bảy, tám, chín]")
                digits = None
            else:
                digits = tuple(names)
        rate = entry.get("speaking_rate", DEFAULT_RATE)
        if isinstance(rate, bool) or not isinstance(rate, (int, float)) or not RATE_RANGE[0] <= rate <= RATE_RANGE[1]:
            problems.add(path, entry.line_of("speaking_rate"),
                         f"language '{tag}': speaking_rate must be a number of syllables a second "
                         f"from {RATE_RANGE[0]:g} to {RATE_RANGE[1]:g}, not '{rate}'",
                         "Vietnamese read slowly for the loudspeaker: about 3")
            rate = DEFAULT_RATE
        rule = str(entry.get("syllables", "words"))
        if rule not in RULES:
            problems.add(path, entry.line_of("syllables"),
                         f"language '{tag}': syllables must be 'words' or 'vowels', not '{rule}'",
                         "words: one syllable per written word; vowels: count vowel groups (English)")
            rule = "words"
        found[tag] = Speech(tag, digits, float(rate), rule)
    return found
