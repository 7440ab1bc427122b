"""Source hashes and translation status, as plain functions.

A translation records ``source_hash``: the hash of its source page's *normalised text* at the
time it was translated. It is stale when the source's hash today differs. Nothing about
staleness is stored; it is always computed.

Normalisation (documented for translators in ``docs/translator-guide.md``):

1. Only the title and the body count. Every other metadata line (``summary``, ``sources``,
   ``reviewed_on`` …) is ignored, so a metadata-only edit does not make translations stale.
2. Unicode NFC: Vietnamese typed as composed or decomposed characters hashes the same.
3. CRLF and CR become LF; a UTF-8 byte-order mark is dropped; trailing spaces are removed.
4. Inside a paragraph, line breaks and runs of spaces and tabs become one space, and
   indentation is dropped (re-wrapping is not a change). Blank lines separate paragraphs;
   several count as one.
5. Markdown structure still counts. A heading (``#``), quote (``>``), code fence (`````` ``` ``````,
   ``~~~``) or placeholder line (``[[``) always starts a new line. Inside a list or a table
   (a block whose first line is a list item or a ``|`` row) each item or row starts a new line;
   inside an ordinary paragraph a line starting with ``-`` or ``2.`` is just text, because
   Python-Markdown reads it so (a list needs a blank line before it).

Metadata follows Python-Markdown's ``meta`` extension, which Pelican uses: ``key: value``
lines at the top, optionally between ``---`` lines, ended by a blank line
(:func:`loa.site.metadata.split_metadata`).

The hash is SHA-256 of the normalised text in UTF-8, as its first 16 hexadecimal digits
(64 bits: enough to tell versions of one page apart, short enough to read aloud).
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass

from loa.site.metadata import split_metadata

SOURCE = "source"
CURRENT = "current"
DRAFT = "draft"
STALE = "stale"
FALLBACK = "fallback"
STATUSES = (SOURCE, CURRENT, DRAFT, STALE, FALLBACK)

TRANSLATION_STATUSES = ("draft", "reviewed")

_BREAKS_ALWAYS = re.compile(r"^\s*(#|>|```|~~~|\[\[)")
_ITEM = re.compile(r"^\s*([-*+]\s|\d+[.)]\s|\|)")
_SPACES = re.compile(r"[ \t\u00a0]{2,}|[\t\u00a0]")  # same as [ \t\u00a0]+ -> " ", fewer matches
HASH_LENGTH = 16
_HASH = re.compile(r"^(?:sha256:)?([0-9a-f]{16})$")


def normalise(title: str, body: str) -> str:
    """Return the normalised text of a page (see the module docstring for the rules)."""
    text = unicodedata.normalize("NFC", f"{title}\n\n{body}")
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    paragraphs: list[list[str]] = [[]]
    is_list = False
    for raw in text.split("\n"):
        line = _SPACES.sub(" ", raw).strip()
        if not line:
            if paragraphs[-1]:
                paragraphs.append([])
            continue
        current = paragraphs[-1]
        if not current:
            is_list = bool(_ITEM.match(raw))
            current.append(line)
        elif _BREAKS_ALWAYS.match(raw) or (is_list and _ITEM.match(raw)):
            current.append(line)
        else:
            current[-1] = f"{current[-1]} {line}"
    return "\n\n".join("\n".join(p) for p in paragraphs if p)


def source_hash(title: str, body: str) -> str:
    """16 hex digits of SHA-256 over :func:`normalise` ``(title, body)``."""
    return hashlib.sha256(normalise(title, body).encode("utf-8")).hexdigest()[:16]


def hash_file_text(text: str) -> str:
    """:func:`source_hash` of a whole Markdown file's text (metadata block included)."""
    meta, body = split_metadata(text)
    return source_hash(meta.get("title", ""), body)


def clean_hash(value) -> str | None:
    """A recorded ``source_hash`` as 16 lower-case hex digits, or ``None`` when it is not one.
    An optional ``sha256:`` prefix (research/translation-workflow.md §8.2) is accepted."""
    match = _HASH.match(str(value or "").strip().lower())
    return match.group(1) if match else None


@dataclass(frozen=True)
class Decision:
    """What one language shows for one source page.

    ``status`` is one of :data:`STATUSES`; ``show_translation`` is False when the source is
    shown instead (status ``source`` in the source language, ``fallback`` elsewhere).
    ``reason`` says why a fallback happened: ``missing``, ``draft`` (not allowed in
    production), ``stale-critical`` (a critical page whose translation is stale), or ``""``.
    """

    status: str
    show_translation: bool
    reason: str = ""


def translation_status(recorded_hash: str | None, current_hash: str, review: str | None) -> str:
    """Status of an existing translation: ``stale`` when its recorded hash differs from the
    source's current hash (or is missing), else ``draft`` or ``current`` by its review status."""
    if clean_hash(recorded_hash) != current_hash:
        return STALE
    return CURRENT if (review or "").strip().lower() == "reviewed" else DRAFT


def decide(
    *,
    is_source_language: bool,
    has_translation: bool,
    recorded_hash: str | None = None,
    current_hash: str = "",
    review: str | None = None,
    critical: bool = False,
    production: bool = False,
    drafts_allowed: bool = True,
) -> Decision:
    """Decide what a language shows for a page.

    Rules (PRODUCT.md, issue "Translation freshness"): the source language shows the source;
    a missing translation falls back; a stale translation of a ``critical`` page falls back
    rather than show outdated help; a draft is left out of a production build unless the
    language allows drafts. A stale translation is never better than a draft: in production
    it follows the draft rule as well (a stale reviewed page stays, marked stale).
    """
    if is_source_language:
        return Decision(SOURCE, False)
    if not has_translation:
        return Decision(FALLBACK, False, "missing")
    status = translation_status(recorded_hash, current_hash, review)
    if status == STALE and critical:
        return Decision(FALLBACK, False, "stale-critical")
    is_draft = (review or "").strip().lower() != "reviewed"
    if production and is_draft and not drafts_allowed:
        return Decision(FALLBACK, False, "draft")
    return Decision(status, True)
