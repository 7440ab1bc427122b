"""The site model: one :class:`Site` per build, handed to every output.

It holds what the build knows (the languages, every page file read once, the plan of what each
language shows, the hotline and service directory, the problems found) and the record of every
file written, with its kind, language, status and source. Outputs read it instead of each other's
HTML or Pelican's settings.

Pelican carries it to the plugins as the one runtime setting :data:`SETTING` (``LOA_SITE``);
:func:`site_of` finds it there (or puts a new one there, for a plugin run outside
:func:`loa.build.build`). Being an object, not plain data, it is never part of the configuration
that :func:`loa.incremental.configuration` fingerprints.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from loa.problems import Problems
from loa.site.pages import PageFiles
from loa.site.registry import Registry

SETTING = "LOA_SITE"

#: What a written file is. ``page`` and ``home`` are a language's pages; ``chooser`` the root
#: ``index.html``; ``status`` the coordinators' page; ``leaflet`` a PDF, ``leaflet-preview`` its
#: PNG, ``leaflet-index`` a language's list of leaflets; ``offline`` an offline copy or its zip;
#: ``script`` and ``programme`` the read-aloud pages; ``audio`` a recording; ``sitemap``, ``feed``.
KINDS = ("page", "home", "chooser", "status", "sitemap", "feed", "leaflet", "leaflet-preview",
         "leaflet-index", "offline", "script", "programme", "audio")


class Directory(Protocol):
    """What the site model needs to know of the hotline and service directory
    (:class:`loa.directory.data.Directory` is one; this package may not import it)."""

    primary_key: str
    source_tag: str
    hotlines: tuple

    def localised(self, kind: str, key: str, tag: str) -> Any:
        """The entry ``key`` of ``kind`` in language ``tag``, or ``None``."""


@dataclass(frozen=True)
class Output:
    """One file a build wrote: ``path`` relative to the output folder (``/`` separators),
    ``kind`` one of :data:`KINDS`, ``tag`` its language (``None`` for a file of no language),
    ``status`` the translation status of the text it shows (:data:`loa.site.policy.STATUSES`,
    ``None`` when it shows no one page), ``source`` the Markdown file shown (``None`` when none)."""

    path: str
    kind: str
    tag: str | None = None
    status: str | None = None
    source: str | None = None


@dataclass(eq=False)
class Site:
    """Everything one build knows about the site, filled in as the build goes.

    - ``problems``: every problem found (:class:`loa.problems.Problems`);
    - ``registry``: the languages (set when the build starts);
    - ``pages``: every page file, read once (:class:`loa.site.pages.PageFiles`);
    - ``bad_files``: resolved paths of the page files with errors (already reported);
    - ``plan``: tag → :class:`loa.site.plan.PlannedPage` list, in source order (set once the
      pages are read by Pelican);
    - ``directory``: the hotlines and services (:class:`loa.directory.data.Directory`, set by
      the ``loa.directory`` plugin), ``directory_broken`` whether its data had a mistake (other
      outputs then leave hotline keys unchecked, so the mistake is reported alone);
    - ``listen``: (tag, page name) → the recording the page shows
      (:class:`loa.spoken.audio.Listen`), and ``audio_sources``, the recording formats in order
      (set by ``loa.spoken``); ``scripts_made``: whether there are read-aloud scripts;
    - ``leaflets``: the leaflet build's counts, and ``offline_skip_pages`` the pages printed for
      the person running a meeting, which the villagers' offline copies leave out (both set by
      ``loa.leaflets``);
    - ``output_cache``: the rendered pages kept from the last build
      (:class:`loa.incremental.OutputCache`);
    - ``outputs``: every file written, by path (:class:`Output`, :meth:`record`);
    - ``settings``: each capability's settings, read once and validated into a frozen object,
      by the capability's key (``loa.site.settings.read_into``);
    - ``font_subsets``: the web font subsets the pages name (set by ``loa.theme`` before any page
      is written); ``offline_pages``: tag → the pages each offline copy holds, in order;
      ``page_languages``: output page → the language its text is in (both from the plan);
    - ``content_filters``: what other plugins do to each page's HTML in the reader's language,
      in order (``loa.languages.extend.add_to_pages``); ``renderers``: the objects behind them,
      by plugin (``"directory"``, ``"statistics"``), which their generators fill in.
    """

    problems: Problems = field(default_factory=Problems)
    registry: Registry | None = None
    pages: PageFiles = field(default_factory=PageFiles)
    bad_files: set = field(default_factory=set)
    plan: dict = field(default_factory=dict)
    directory: Directory | None = None
    directory_broken: bool = False
    listen: dict = field(default_factory=dict)
    audio_sources: tuple = ()
    scripts_made: bool = False
    leaflets: dict | None = None
    offline_skip_pages: tuple = ()
    output_cache: Any = None
    outputs: dict = field(default_factory=dict)
    settings: dict = field(default_factory=dict)
    font_subsets: dict | None = None
    offline_pages: dict | None = None
    page_languages: dict | None = None
    content_filters: list = field(default_factory=list)
    renderers: dict = field(default_factory=dict)

    def record(self, path: str, kind: str, *, tag: str | None = None, status: str | None = None,
               source: str | None = None) -> Output:
        """Record a file written (or kept from the last build) at ``path`` in the output folder.
        Raises ``ValueError`` for a ``kind`` not in :data:`KINDS`."""
        if kind not in KINDS:
            raise ValueError(f"unknown kind of output {kind!r}; known: {', '.join(KINDS)}")
        output = Output(str(path).replace("\\", "/"), kind, tag, status, None if source is None else str(source))
        self.outputs[output.path] = output
        return output

    def write(self, root, relative: str, data: bytes, kind: str, *, tag: str | None = None,
              status: str | None = None, source: str | None = None) -> bool:
        """Write ``data`` at ``root/relative`` and :meth:`record` it: the one way for an output
        to write a file of bytes. With an ``output_cache`` (:class:`loa.incremental.OutputCache`)
        a file the last build wrote with the same bytes is linked, not written again. Returns
        whether the file was written."""
        if self.output_cache is not None:
            written = self.output_cache.write(str(relative), data, root)
        else:
            target = Path(root) / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            written = True
        self.record(relative, kind, tag=tag, status=status, source=source)
        return written

    def written(self, *kinds: str, tag: str | None = None) -> list[Output]:
        """The files recorded, in the order written, of the given ``kinds`` (all when none),
        of language ``tag`` (any when ``None``)."""
        return [o for o in self.outputs.values()
                if (not kinds or o.kind in kinds) and (tag is None or o.tag == tag)]

    def pages_written(self) -> dict[str, int]:
        """Pages (homes included) per language tag, in the order the languages were written."""
        counts: dict[str, int] = {}
        for output in self.written("page", "home"):
            counts[output.tag] = counts.get(output.tag, 0) + 1
        return counts

    def page_sources(self) -> dict[str, str]:
        """Output path → Markdown source shown, for every page written that shows one."""
        return {o.path: o.source for o in self.written("page", "home") if o.source}


def site_of(settings: dict) -> Site:
    """The build's :class:`Site`, from Pelican's ``settings`` (put there when missing)."""
    site = settings.get(SETTING)
    if not isinstance(site, Site):
        site = settings[SETTING] = Site()
    return site
