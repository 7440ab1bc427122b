"""Hotlines and support services as data: load, validate, look up, localise.

``content/data/hotlines.yaml`` and ``content/data/services.yaml`` are the only place a phone
number is written (PRODUCT.md, "The contract"). Each file is a mapping with one list,
``hotlines:`` or ``services:``; each entry::

    - key: "111"                 # what pages write: [[hotline:111]]
      number: "111"              # as dialled: digits, optionally a leading +
      display: "111"             # as printed; the same digits, spaces or dots allowed
      free: true                 # calling costs nothing
      hours: 24/7                # "24/7", or text per language {vi: …, en: …}
      from_abroad: true          # optional: the number can be called from outside Vietnam
      verified_on: 2026-01-27    # the day someone last checked the number against the source
      source: https://…          # a public URL, or the name of a public document
      text:
        vi: {name: …, for: …}    # the source language is required
        en: {name: …, for: …}
        hmn: {name: …, for: …, draft: true}

Services may leave out ``number``, ``display``, ``free`` and ``hours`` (a place without a
verified number is listed without one: research/domain.md, section 2). Missing languages fall
back to the source language. ``from_abroad`` (optional, default false) says the source shows the
number is for callers outside Vietnam: short codes such as 111 are domestic, and nothing shows
they work from a foreign network (content review, problem 1). Loading and validation: :mod:`loa.directory.load`. Nothing here
imports Pelican.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

HOTLINE = "hotline"
SERVICE = "service"
KINDS = (HOTLINE, SERVICE)
FILES = {HOTLINE: "hotlines.yaml", SERVICE: "services.yaml"}
LISTS = {HOTLINE: "hotlines", SERVICE: "services"}
ALWAYS = ("key", "verified_on", "source", "text")
CALLABLE = ("number", "display", "free")
FIELDS = ALWAYS + CALLABLE + ("hours", "from_abroad")
TEXT_FIELDS = ("name", "for", "draft")
ROUND_THE_CLOCK = "24/7"


@dataclass(frozen=True)
class EntryText:
    """An entry's words in one language: ``name``, ``purpose`` (one line: what it is for),
    ``lang`` (the tag the words are in) and ``draft`` (written without a native speaker)."""

    name: str
    purpose: str
    lang: str
    draft: bool = False


@dataclass(frozen=True)
class LocalisedEntry:
    """One hotline or service as a reader of one language sees it: the one value the web card,
    the print card, the footer, the home page's lead and the leaflets are made from.

    ``name`` and ``purpose`` are in the reader's language when the entry has words in it, else
    in the source language; ``lang`` says which (a template marks the words with ``lang`` when
    it is not the page's). ``number`` is ``None`` for a place without a verified number; ``tel``
    is its ``tel:`` URI (RFC 3966), built once here from ``number`` (already the digits as
    dialled, checked by :mod:`loa.directory.load`), or ``None``. ``display``: the number as
    printed. ``free``: calling costs nothing. ``hours``: ``"24/7"``, a text in ``lang`` (or the
    source language), or ``None``. ``from_abroad``: the number can be called from outside
    Vietnam (the card says so). ``draft``: the words were written without a native speaker.
    """

    kind: str
    key: str
    name: str
    purpose: str
    lang: str
    draft: bool
    number: str | None
    display: str | None
    free: bool | None
    hours: str | None
    from_abroad: bool = False
    tel: str | None = field(init=False)

    def __post_init__(self):
        object.__setattr__(self, "tel", tel_uri(self.number) if self.number else None)

    @property
    def round_the_clock(self) -> bool:
        """Whether it answers day and night (``hours`` is ``"24/7"``)."""
        return self.hours == ROUND_THE_CLOCK


def tel_uri(number: str) -> str:
    """``111`` → ``tel:111``; ``+84981848484`` → ``tel:+84981848484`` (RFC 3966 global or local
    number: the digits as dialled, which is how ``number`` is written in the data)."""
    return f"tel:{number}"


@dataclass(frozen=True)
class Entry:
    """One hotline or service as written in its YAML file (``path``, ``line`` of its ``- key``)."""

    kind: str
    key: str
    number: str | None
    display: str | None
    free: bool | None
    hours: str | dict | None
    verified_on: dt.date
    source: str
    texts: dict = field(hash=False)
    path: str = ""
    line: int = 1
    verified_line: int = 1
    from_abroad: bool = False

    def text(self, tag: str, fallback: str) -> EntryText:
        """The words in ``tag``, else in ``fallback`` (the source language, always present)."""
        return self.texts.get(tag) or self.texts[fallback]

    def localised(self, tag: str, fallback: str) -> LocalisedEntry:
        """This entry as shown to a reader of ``tag`` (see :class:`LocalisedEntry`)."""
        words = self.text(tag, fallback)
        hours = self.hours
        if isinstance(hours, dict):
            hours = hours.get(words.lang) or hours.get(fallback)
        return LocalisedEntry(self.kind, self.key, words.name, words.purpose, words.lang, words.draft,
                              self.number, self.display, self.free, hours, self.from_abroad)


@dataclass(frozen=True)
class Directory:
    """Every hotline and service, in file order. ``source_tag``: the fallback language;
    ``primary_key``: the hotline in every footer and on every leaflet (may be missing from
    ``hotlines`` only when loading reported a problem)."""

    hotlines: tuple[Entry, ...]
    services: tuple[Entry, ...]
    source_tag: str
    primary_key: str = "111"

    def entries(self, kind: str) -> tuple[Entry, ...]:
        return self.hotlines if kind == HOTLINE else self.services

    def get(self, kind: str, key: str) -> Entry | None:
        return next((e for e in self.entries(kind) if e.key == key), None)

    def keys(self, kind: str) -> list[str]:
        return [e.key for e in self.entries(kind)]

    def localised(self, kind: str, key: str, tag: str) -> LocalisedEntry | None:
        """Entry ``key`` of ``kind`` as a reader of ``tag`` sees it, or ``None`` if unknown."""
        entry = self.get(kind, key)
        return entry.localised(tag, self.source_tag) if entry else None

    def primary(self, tag: str) -> LocalisedEntry | None:
        """The primary hotline (:func:`primary_hotline`) as a reader of ``tag`` sees it: the
        number in every footer, on every home page and on every leaflet; ``None`` if missing."""
        entry = primary_hotline(self)
        return entry.localised(tag, self.source_tag) if entry else None

    def callable_hotline(self, key: str) -> Entry | None:
        """Hotline ``key`` if it has a number to call, else ``None``: what a leaflet or a
        loudspeaker script may name (a hotline without a number cannot be printed or read out)."""
        entry = self.get(HOTLINE, key)
        return entry if entry is not None and entry.number else None

    def hotlines_to_call(self, keys, tag: str) -> list[LocalisedEntry]:
        """The hotlines a leaflet prints, in ``tag``: ``keys`` in their order, and the primary
        hotline first when ``keys`` leave it out (every leaflet carries it: issue 4). Keys
        without a callable hotline are left out (the leaflet's checks report them)."""
        keys = list(keys)
        primary = self.primary_key
        if self.callable_hotline(primary) is not None and primary not in keys:
            keys.insert(0, primary)
        return [self.localised(HOTLINE, key, tag) for key in keys if self.callable_hotline(key) is not None]

    def numbers(self) -> dict[str, str]:
        """``{key: number}`` of every hotline with a number, in file order: the digits a
        loudspeaker script reads out for ``[[hotline:KEY]]`` (:mod:`loa.spoken`)."""
        return {entry.key: entry.number for entry in self.hotlines if entry.number}

    def by_number(self, digits: str) -> Entry | None:
        """The entry dialled with ``digits`` (national form: ``0…`` for ``+84…``), or ``None``."""
        for entry in self.hotlines + self.services:
            if entry.number and national_digits(entry.number) == digits:
                return entry
        return None

    def __iter__(self):
        return iter(self.hotlines + self.services)


def national_digits(number: str) -> str:
    """Digits of a Vietnamese number in national form: ``+84 912 345 678`` → ``0912345678``
    (ITU-T E.164 country code 84; the trunk prefix 0 replaces it)."""
    digits = re.sub(r"\D", "", number)
    if number.strip().startswith(("+84", "(+84)")) or (digits.startswith("0084") and len(digits) > 9):
        digits = "0" + digits[(4 if digits.startswith("0084") else 2):]
    return digits


def primary_hotline(directory: Directory) -> Entry | None:
    """The hotline every footer and leaflet carries (``DIRECTORY_PRIMARY_HOTLINE``, default
    ``111``: the national child-protection and anti-trafficking hotline, research/domain.md 0.2)."""
    return directory.get(HOTLINE, directory.primary_key)


def stale_entries(directory: Directory, today: dt.date, max_age_days: int) -> list[Entry]:
    """Entries whose ``verified_on`` is more than ``max_age_days`` days before ``today``
    (default policy 180 days: issue 4; a number is re-checked at least twice a year)."""
    limit = today - dt.timedelta(days=max_age_days)
    return [e for e in directory if e.verified_on < limit]
