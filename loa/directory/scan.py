"""Find directory references and typed phone numbers in Markdown source text (pure functions).

Python-Markdown does not know which file it converts, so the checks that must name a file and
line read the Markdown source here: :func:`check_text` returns ``(line, message, hint)`` for an
unknown hotline or service, an unknown reference form, a missing pictogram or alt text, and a
phone number typed by hand instead of a reference (PRODUCT.md: "a number typed by hand in a page
is an error").
"""
from __future__ import annotations

import re
from dataclasses import dataclass

#: ``[[hotline:111]]``, ``[[service:commune]]``, ``[[directory]]``, ``[[picto:NAME|alt]]``,
#: ``[[statistics:NAME]]`` (a table and chart, loa.statistics). The one grammar of ``[[…]]``: the
#: Markdown extension and every scan use these patterns.
REFERENCE_RE = re.compile(r"\[\[(?P<body>[^\[\]\n]*)\]\]")
KEYED_RE = re.compile(r"^(?P<kind>hotline|service):(?P<key>[^\s|\]]+)$")
PICTO_RE = re.compile(r"^picto:(?P<name>[^|\]]*)(?:\|(?P<alt>[^\]]*))?$")
STATISTICS_RE = re.compile(r"^statistics:(?P<name>[^\s|\]]+)$")
URL_RE = re.compile(r"(?:https?://|www\.|\{filename\}|\{static\}|\{attach\})[^\s)\]>\"']*")
HASH_LINE_RE = re.compile(r"^\s*(?:source_hash|hash|checksum)\s*:", re.IGNORECASE)

#: Short codes of Vietnam's national numbering plan that readers dial as they are
#: (Circular 22/2014/TT-BTTTT Art. 13: 112 rescue, 113 police, 114 fire, 115 ambulance; 111
#: child protection and, since Decree 162/2025/NĐ-CP, anti-trafficking; research/domain.md §2).
SHORT_CODES = frozenset({"111", "112", "113", "114", "115"})

# A run of digit groups joined by one kind of separator (a space, a dot or a hyphen), optionally
# after "+84"/"(+84)"/"0084" or an area code in brackets. Not preceded by a letter, digit or
# / . , - + (so 53/2024/QH15, 2025-07-01 and tongdai111 are never the start of a run).
NUMBER_RUN_RE = re.compile(
    r"(?<![\w/.,\-+(])"
    r"(?P<prefix>\(\+84\)[ .\-]?|\+84[ .\-]?|\b0084[ .\-]?|\((?=0\d{2,3}\))(?P<area>0\d{2,3})\)[ .\-]?)?"
    r"(?P<run>\d+(?:(?P<sep>[ .\-])\d+(?:(?P=sep)\d+)*)?)"
    r"(?![\w/]|[.,\-]\d)"
)
# Words before a short code that make it a legal article, chapter or page number, not a phone.
NOT_PHONE_BEFORE = re.compile(
    r"(?:điều|khoản|chương|mục|điểm|trang|article|art\.|chapter|section|page|clause|no\.|năm|year)\s*$",
    re.IGNORECASE)
# Words after a short code that make it an amount, a count or a measure.
NOT_PHONE_AFTER = re.compile(
    r"^\s*(?:%|đồng|đ\b|vnd|vnđ|usd|cny|nhân dân tệ|triệu|nghìn|ngàn|tỷ|trăm|km|kg|m\b|cm|"
    r"người|ngày|tháng|năm|giờ|phút|lần|vụ|hộ|xã|trẻ|nạn nhân|people|persons|victims|cases|days|"
    r"months|years|hours|minutes|million|thousand|dollars|yuan)",
    re.IGNORECASE)


@dataclass(frozen=True)
class Reference:
    """A ``[[…]]`` in the text: ``kind`` (hotline, service, directory, picto, statistics or
    unknown), ``key`` (or pictogram or statistics name), ``alt`` (pictograms), 1-based ``line``,
    the ``raw`` text, and ``alone``: nothing else is written on its line."""

    kind: str
    key: str
    line: int
    raw: str
    alt: str | None = None
    alone: bool = False


@dataclass(frozen=True)
class TypedNumber:
    """A phone-number-like string typed in the text: ``text`` as written, ``digits`` in
    national form (``0…`` for ``+84…``), 1-based ``line``, and ``form`` (mobile, landline,
    international, freephone, short code)."""

    text: str
    digits: str
    line: int
    form: str


def find_references(text: str) -> list[Reference]:
    """Every ``[[…]]`` in ``text`` with its line (see :class:`Reference`)."""
    found = []
    for match in REFERENCE_RE.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        body = match.group("body").strip()
        keyed = KEYED_RE.match(body)
        picto = PICTO_RE.match(body)
        statistics = STATISTICS_RE.match(body)
        alone = _own_paragraph(text, match.start(), match.end())
        if statistics:
            found.append(Reference("statistics", statistics.group("name"), line, match.group(0), alone=alone))
        elif keyed:
            found.append(Reference(keyed.group("kind"), keyed.group("key"), line, match.group(0)))
        elif body == "directory":
            found.append(Reference("directory", "", line, match.group(0)))
        elif picto:
            alt = picto.group("alt")
            found.append(Reference("picto", picto.group("name").strip(), line, match.group(0),
                                   alt.strip() if alt is not None else None))
        else:
            found.append(Reference("unknown", body, line, match.group(0)))
    return found


def _own_paragraph(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is a paragraph of its own: alone on its line, with an empty
    line (or the start or end of the text) before and after, as Markdown needs to make it a
    block and not part of a sentence."""
    lines = text.split("\n")
    number = text.count("\n", 0, start)
    if lines[number].strip() != text[start:end] or text.count("\n", start, end):
        return False
    before = lines[number - 1].strip() if number > 0 else ""
    after = lines[number + 1].strip() if number + 1 < len(lines) else ""
    return not before and not after


def find_typed_numbers(text: str, short_codes=SHORT_CODES) -> list[TypedNumber]:
    """Phone-number-like strings in ``text`` (references, URLs and hash metadata ignored).

    Flags: 10–11 digit national numbers starting with 0 (mobiles such as ``0912 345 678``,
    ``0912.345.678``, landlines such as ``0213 3876 543``), ``+84``/``0084`` forms, 1800 and 1900
    numbers (8 or 10 digits, research/domain.md §2), and ``short_codes`` standing alone. Leaves
    alone dates (``01/7/2025``, ``2025-07-01``), years, document numbers (``53/2024/QH15``,
    ``162/2025/NĐ-CP``) and amounts (``5.000.000 đồng``, ``200 USD``, ``10 triệu``).
    """
    found = []
    lines = text.split("\n")
    for number, line in enumerate(lines, start=1):
        if HASH_LINE_RE.match(line):
            continue
        line = _blank(REFERENCE_RE, line)
        line = _blank(URL_RE, line)
        for match in NUMBER_RUN_RE.finditer(line):
            found.extend(_classify(match, line, number, short_codes))
    return found


def _blank(pattern: re.Pattern, line: str) -> str:
    return pattern.sub(lambda m: " " * len(m.group(0)), line)


def _classify(match: re.Match, line: str, number: int, short_codes) -> list[TypedNumber]:
    prefix = match.group("prefix") or ""
    run = match.group("run")
    digits = (match.group("area") or "") + re.sub(r"\D", "", run)
    written = match.group(0).rstrip()
    if prefix and not match.group("area"):
        national = "0" + digits
        if 9 <= len(national) <= 11:
            return [TypedNumber(written, national, number, "international")]
        return []
    if digits.startswith("0") and len(digits) in (10, 11):
        form = "mobile" if len(digits) == 10 and digits[1] in "35789" else "landline"
        return [TypedNumber(written, digits, number, form)]
    if digits[:4] in ("1800", "1900") and len(digits) in (8, 10):
        return [TypedNumber(written, digits, number, "freephone" if digits.startswith("18") else "premium")]
    # Short codes: the whole run, or each group of a space-separated run ("111 hoặc 113" is two
    # runs; "111 113 115" is one run of three groups).
    groups = [(match.start("run"), run)] if match.group("sep") != " " else \
        [(match.start("run") + m.start(), m.group(0)) for m in re.finditer(r"\d+", run)]
    result = []
    for start, group in groups:
        end = start + len(group)
        if group in short_codes and not _not_a_phone(line, start, end):
            result.append(TypedNumber(group, group, number, "short code"))
    return result


def _not_a_phone(line: str, start: int, end: int) -> bool:
    before, after = line[:start], line[end:]
    if NOT_PHONE_BEFORE.search(before) or NOT_PHONE_AFTER.match(after):
        return True
    return bool(re.match(r"^[.,]\d", after))


def check_text(text: str, directory, pictograms=frozenset()) -> list[tuple[int, str, str]]:
    """Problems in one Markdown source: ``[(line, message, hint)]`` in line order.

    ``directory`` is a :class:`~loa.directory.data.Directory` (or ``None``: references are then
    not checked against data); ``pictograms`` the names of the available ``NAME.svg`` files.
    """
    problems = []
    for ref in find_references(text):
        if ref.kind in ("hotline", "service"):
            if directory is not None and directory.get(ref.kind, ref.key) is None:
                known = directory.keys(ref.kind)
                problems.append((ref.line, f"unknown {ref.kind} '{ref.key}'; known: {', '.join(known) or 'none'}",
                                 f"use one of the keys in content/data/{ref.kind}s.yaml"))
        elif ref.kind == "picto":
            if ref.key not in pictograms:
                problems.append((ref.line, f"unknown pictogram '{ref.key}'; known: {', '.join(sorted(pictograms)) or 'none'}",
                                 f"add content/pictograms/{ref.key}.svg or use a known name"))
            if not ref.alt:
                problems.append((ref.line, f"pictogram '{ref.key}' has no text for people who cannot see it",
                                 f"write [[picto:{ref.key}|what the picture shows]]"))
        elif ref.kind == "unknown":
            problems.append((ref.line, f"unknown reference '{ref.raw}'",
                             "write [[hotline:KEY]], [[service:KEY]], [[directory]], [[picto:NAME|alt text]] "
                             "or [[statistics:NAME]]"))
        # statistics: checked by loa.statistics, which knows the data files (name, own line)
    codes = set(SHORT_CODES)
    if directory is not None:
        codes |= {e.number for e in directory if e.number and len(e.number) <= 5}
    for typed in find_typed_numbers(text, codes):
        entry = directory.by_number(typed.digits) if directory is not None else None
        if entry is not None:
            hint = f"use [[{entry.kind}:{entry.key}]]"
        else:
            hint = ("numbers are written once, in content/data/hotlines.yaml or services.yaml, with a "
                    "public source; add it there and write [[hotline:KEY]]")
        problems.append((typed.line, f"phone number '{typed.text}' typed in the text", hint))
    return sorted(problems, key=lambda p: p[0])
