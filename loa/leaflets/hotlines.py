"""Where leaflets get hotline numbers: one small adapter, :func:`hotline_lookup`.

The directory plugin (``loa.directory``) owns the hotline data (``content/data/hotlines.yaml``);
leaflets read it through :func:`from_directory`, so a number changed there changes every leaflet
at the next build.
A phone number is never written in a leaflet definition: definitions name hotlines by key.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable



@dataclass(frozen=True)
class Hotline:
    """One hotline: ``key`` (as definitions name it), ``display`` (as printed, e.g.
    ``1800 1567``), ``tel`` (the ``tel:`` URI), ``names`` (``{tag: name}``)."""

    key: str
    display: str
    tel: str
    names: dict = field(default_factory=dict, hash=False, compare=False)

    def name(self, tag: str, source_tag: str = "vi") -> tuple[str, str]:
        """``(name, its language tag)``: the name in ``tag``, else in the source language."""
        if self.names.get(tag):
            return str(self.names[tag]), tag
        return str(self.names.get(source_tag) or ""), source_tag


def tel_uri(number: str) -> str:
    """``tel:`` URI of a number as written (spaces, dots and dashes dropped; RFC 3966)."""
    return "tel:" + re.sub(r"[\s.\-()]", "", str(number))


def from_directory(directory) -> Callable[[str], Hotline | None]:
    """A lookup ``key -> Hotline | None`` over the directory's hotlines (``loa.directory``):
    the one place numbers are written. A hotline without a number cannot go on a leaflet."""
    from loa.directory.data import HOTLINE

    def lookup(key: str) -> Hotline | None:
        entry = directory.get(HOTLINE, key) if directory is not None else None
        if entry is None or not entry.number:
            return None
        names = {tag: text.name for tag, text in entry.texts.items()}
        return Hotline(key, entry.display or entry.number, tel_uri(entry.number), names)

    return lookup


def hotline_lookup(settings, directory) -> Callable[[str], Hotline | None]:
    """The adapter: a function ``key -> Hotline | None``. ``settings.hotlines`` (from
    ``LEAFLETS_HOTLINES``, for tests) wins; otherwise the directory's data."""
    if settings.hotlines is not None:
        return settings.hotlines
    return from_directory(directory)
