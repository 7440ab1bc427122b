"""Pelican adapter: load the directory, run the checks, hand data to templates and the filter.

:class:`DirectoryGenerator` writes nothing. In ``generate_context`` (after Pelican has read the
pages, before any page is written) it loads ``hotlines.yaml``/``services.yaml``, reports stale
entries, scans every Markdown source for references and typed numbers, and publishes the
directory in the site model (``site.directory``, :mod:`loa.site.model`).
"""
from __future__ import annotations

from pathlib import Path

from pelican.generators import Generator

from loa.directory.data import stale_entries
from loa.directory.load import load_directory
from loa.directory.scan import check_text
from loa.directory.settings import KEY as DIRECTORY_KEY, DirectorySettings
from loa.incremental import Memo, file_key
from loa.languages.catalogs import compile_catalogs, install_gettext, load_translations
from loa.site.site_settings import site_settings
from loa.problems import Problems
from loa.site.model import Site, site_of

SKIPPED_FOLDERS = {"data", "pictograms", "images", "scripts"}  # loa.spoken checks scripts itself


_SCANNED = Memo(name="directory-references")  # unchanged pages are not scanned again, in this process or the next


class DirectoryGenerator(Generator):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.site: Site = site_of(self.settings)
        self.config: DirectorySettings = self.site.settings[DIRECTORY_KEY]
        self.renderer = self.site.renderers["directory"]
        self.problems: Problems = self.site.problems
        self.registry = self.site.registry
        # Catalog problems are reported by loa.languages; this only needs the compiled files.
        mo_files = compile_catalogs(site_settings(self.settings).translations_dir,
                                    self.registry, Problems())
        install_gettext(self.env, load_translations(mo_files), self.registry.source.tag,
                        mark_untranslated=True)
        self.renderer.env = self.env

    def generate_context(self):
        config = self.config
        before = len(self.problems.errors)
        directory = load_directory(config.data_path, self.registry, self.problems,
                                   primary_key=config.primary_hotline)
        # A mistake in the data drops that entry (or the file): the pages that refer to it would
        # then each report an unknown key. Report the data mistake alone.
        data_broken = len(self.problems.errors) > before
        for entry in directory:
            if entry.verified_on > config.today:
                self.problems.add(entry.path, entry.verified_line,
                                  f"{entry.kind} '{entry.key}': verified_on {entry.verified_on.isoformat()} is in the future",
                                  "write the day the entry was really checked (YYYY-MM-DD)")
        for entry in stale_entries(directory, config.today, config.max_age_days):
            age = (config.today - entry.verified_on).days
            report = self.problems.add if config.production else self.problems.warn
            report(entry.path, entry.verified_line,
                   f"{entry.kind} '{entry.key}' was last verified on {entry.verified_on.isoformat()}, "
                   f"{age} days ago (limit {config.max_age_days})",
                   "check it against its source (and call the number, if it has one), then set verified_on to that day")
        pictograms = self.renderer.svgs.names()
        data_key = (tuple((e.kind, e.key, e.number) for e in directory), frozenset(pictograms))
        for path in markdown_sources(config.content_path):
            def scan(path=path):   # a page's text was read when the build started (loa.site.pages)
                return check_text(self.site.pages.text(path), directory, pictograms)

            for line, message, hint in _SCANNED.get((str(path), file_key(path), data_key), scan):
                if data_broken and message.startswith(("unknown hotline", "unknown service")):
                    continue
                self.problems.add(path, line, message, hint)
        self.renderer.directory = directory
        self.site.directory = directory
        # what the templates read (the footer's and the home's primary hotline): Pelican hands
        # templates its context, so the directory is there as well as in the model
        self.context["loa_directory"] = directory
        # Whether the data had a mistake: other channels then leave hotline keys unchecked too,
        # so that the data mistake is reported alone (loa.spoken).
        self.site.directory_broken = data_broken

    def generate_output(self, writer):
        pass  # the pages are written by loa.languages; cards are expanded by the content filter


def markdown_sources(content: Path) -> list[Path]:
    """Every ``*.md`` under the content folder except data, pictograms and images, sorted."""
    content = Path(content)
    return sorted(p for p in content.rglob("*.md")
                  if p.is_file() and not SKIPPED_FOLDERS & set(p.relative_to(content).parts[:-1]))
