"""The plan of a multilingual site: which page each language shows, under which URL, with
which alternates. Plain data in and out; no Pelican here.

Every source page exists in every language: as the translation when one is usable, else as the
source shown inside that language's site (status ``fallback``). The source language lives under
its own prefix like every other (PRODUCT.md: ``output/<tag>/…``).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from loa.site import policy
from loa.site.registry import Registry


@dataclass
class PageVersion:
    """One Markdown file: a source page or a translation.

    ``name`` is the file name without ``.md`` (shared by a source and its translations);
    ``meta`` the lower-cased metadata (:attr:`loa.site.pages.PageFile.values`); ``body_hash`` the source hash of this file's
    own text (:func:`loa.site.policy.source_hash`); ``obj`` whatever the caller needs to render
    it (a Pelican ``Page``).
    """

    tag: str
    name: str
    title: str
    path: str
    meta: dict[str, Any] = field(default_factory=dict)
    body_hash: str = ""
    obj: Any = None

    def flag(self, key: str) -> bool:
        return str(self.meta.get(key, "")).strip().lower() in ("true", "yes", "1")


@dataclass
class Planned:
    """What one language shows for one source file (a page, a script): the decision of
    :func:`loa.site.policy.decide` with the versions it chose between.

    ``shown`` is the version whose text is displayed (the translation, or the source);
    ``source`` and ``translation`` (``None`` when there is none) are both versions; ``status`` one
    of :data:`loa.site.policy.STATUSES`; ``reason`` why a fallback happened (``""`` otherwise).
    A version is anything with a ``tag`` (:class:`PageVersion`, :class:`loa.spoken.core.Script`).
    """

    tag: str
    name: str
    shown: Any
    source: Any
    translation: Any
    status: str
    reason: str

    @property
    def content_lang(self) -> str:
        """The language of the text shown: the translation's, or the source's on a fallback."""
        return self.shown.tag

    @property
    def is_fallback(self) -> bool:
        return self.status == policy.FALLBACK


@dataclass
class PlannedPage(Planned):
    """What one language shows for one source page (:class:`Planned`, with
    :class:`PageVersion` records). ``available`` lists the tags whose readers get this page's own text
    (source and usable translations), in registry order: the switcher and the ``hreflang``
    alternates list exactly these.
    """

    available: list[str] = field(default_factory=list)


def decide_for(language, current_hash: str, translation, *, critical: bool = False,
               production: bool) -> policy.Decision:
    """What ``language`` (a :class:`loa.site.registry.Language`) shows of one source file whose
    text hashes to ``current_hash``, given its ``translation`` there (a version with ``meta``, or
    ``None``): :func:`loa.site.policy.decide` with the translation's recorded ``source_hash`` and
    ``translation_status``. Pages and scripts are planned by it alike."""
    meta = translation.meta if translation is not None else {}
    return policy.decide(
        is_source_language=language.is_source,
        has_translation=translation is not None,
        recorded_hash=meta.get("source_hash") if translation is not None else None,
        current_hash=current_hash,
        review=meta.get("translation_status") if translation is not None else None,
        critical=critical,
        production=production,
        drafts_allowed=language.publish_drafts,
    )


def page_path(tag: str, name: str, home: str) -> str:
    """Output path of a page, relative to the output root: ``<tag>/<name>.html``; the home page
    is the language's ``<tag>/index.html``."""
    return f"{tag}/index.html" if name == home else f"{tag}/{name}.html"


def plan_site(
    registry: Registry,
    sources: dict[str, PageVersion],
    translations: dict[tuple[str, str], PageVersion],
    *,
    production: bool,
) -> dict[str, list[PlannedPage]]:
    """Decide every page of every language: ``{tag: [PlannedPage, …]}`` in source order.

    ``sources`` maps a name to the source-language version; ``translations`` maps
    ``(tag, name)`` to a translation. Translations without a source are the caller's error to
    report; they are ignored here.
    """
    planned: dict[str, list[PlannedPage]] = {lang.tag: [] for lang in registry}
    for name, source in sources.items():
        row: list[PlannedPage] = []
        for language in registry:
            translation = translations.get((language.tag, name))
            decision = decide_for(language, source.body_hash, translation, critical=source.flag("critical"),
                                  production=production)
            shown = translation if decision.show_translation else source
            row.append(PlannedPage(language.tag, name, shown, source, translation,
                                   decision.status, decision.reason))
        available = [p.tag for p in row if not p.is_fallback]
        for page in row:
            page.available = available
            planned[page.tag].append(page)
    return planned


def sort_key(page: PlannedPage) -> tuple:
    """Order of a language's home list: the source's ``order`` metadata, then the title."""
    try:
        order = int(str(page.source.meta.get("order", "1000")).strip())
    except ValueError:
        order = 1000
    return (order, page.shown.title.casefold())
