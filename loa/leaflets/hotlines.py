"""Where leaflets get hotline numbers: one small adapter, :func:`hotline_lookup`.

The directory plugin (``loa.directory``, issue 4) will own the hotline data. Until it is merged,
the default reads ``content/data/hotlines.yaml`` itself (entries with ``key``, ``number``,
``display`` and ``name: {vi: …, en: …}``). Switching to the directory means changing
:func:`hotline_lookup` only, or setting ``LEAFLETS_HOTLINES`` to its lookup function.
A phone number is never written in a leaflet definition: definitions name hotlines by key.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from loa.problems import Problems
from loa.yamlfile import load_with_lines


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


def load_hotlines(path, problems: Problems) -> dict[str, Hotline]:
    """Read the hotline data file: a list of entries, or ``hotlines:`` holding one. Returns
    ``{key: Hotline}``; adds ``path:line`` problems for an entry without ``key`` or ``number``.
    A missing file gives ``{}``."""
    path = Path(path)
    if not path.is_file():
        return {}
    data = load_with_lines(path, problems)
    entries = data.get("hotlines") if isinstance(data, dict) else data
    if not isinstance(entries, list):
        problems.add(path, getattr(data, "line", 1), "expected a list of hotlines (key, number, display, name)")
        return {}
    found: dict[str, Hotline] = {}
    for entry in entries:
        if not isinstance(entry, dict) or not entry.get("key") or not entry.get("number"):
            problems.add(path, getattr(entry, "line", 1), "a hotline needs 'key' and 'number'")
            continue
        names = entry.get("name") if isinstance(entry.get("name"), dict) else {}
        number = str(entry["number"])
        key = str(entry["key"])
        found[key] = Hotline(key, str(entry.get("display") or number), tel_uri(number), dict(names))
    return found


def hotline_lookup(settings, problems: Problems) -> Callable[[str], Hotline | None]:
    """The adapter: a function ``key -> Hotline | None``. ``settings.hotlines`` (from
    ``LEAFLETS_HOTLINES``) wins; otherwise ``settings.hotlines_file`` is read once."""
    if settings.hotlines is not None:
        return settings.hotlines
    table = load_hotlines(settings.hotlines_file, problems)
    return table.get
