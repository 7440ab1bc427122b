"""Pelican adapter: load the statistics files, check the pages' ``[[statistics:NAME]]``, and hand
the datasets to the content filter.

:class:`StatisticsGenerator` writes nothing. In ``generate_context`` (after Pelican has read the
pages, before any page is written) it loads ``content/data/statistics/*.csv`` with their
``.yaml``, reports every problem with its file and line, and scans every Markdown source for
statistics references (an unknown name, or one that is not a paragraph of its own, is an error).
The CSV files are read here only: they are never copied to the output (``STATIC_PATHS`` holds
``images`` alone).
"""
from __future__ import annotations

from pelican.generators import Generator

from loa.directory.generator import markdown_sources
from loa.directory.scan import find_references
from loa.incremental import Memo, file_key
from loa.languages.catalogs import compile_catalogs, install_gettext, load_translations
from loa.site.site_settings import site_settings
from loa.problems import Problems
from loa.site.model import site_of
from loa.statistics.data import load_all
from loa.statistics.settings import KEY as SETTINGS_KEY
from loa.statistics.table import missing_summable

_SCANNED = Memo(name="statistics-references")  # unchanged pages are not scanned again, in this process or the next


def reference_problems(text: str, names) -> list[tuple[int, str, str]]:
    """``[(line, message, hint)]`` for the ``[[statistics:NAME]]`` of one Markdown source:
    names not in ``names``, and references that are not a paragraph of their own."""
    found = []
    for ref in find_references(text):
        if ref.kind != "statistics":
            continue
        if ref.key not in names:
            found.append((ref.line, f"unknown statistics '{ref.key}'; known: {', '.join(sorted(names)) or 'none'}",
                          "use the name of a file in content/data/statistics (without .csv)"))
        if not ref.alone:
            found.append((ref.line, f"{ref.raw} must be a paragraph of its own",
                          "put it on a line by itself, with an empty line before and after"))
    return found


class StatisticsGenerator(Generator):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.site = site_of(self.settings)
        self.config = self.site.settings[SETTINGS_KEY]
        self.renderer = self.site.renderers["statistics"]
        self.problems: Problems = self.site.problems
        self.registry = self.site.registry
        # Catalog problems are reported by loa.languages; this only needs the compiled files.
        mo_files = compile_catalogs(site_settings(self.settings).translations_dir,
                                    self.registry, Problems())
        translations = load_translations(mo_files)
        install_gettext(self.env, translations, self.registry.source.tag)
        self.renderer.env = self.env
        self.renderer.translations = translations
        self.renderer.source_tag = self.registry.source.tag
        self.renderer.locales = {language.tag: language.babel_locale for language in self.registry}

    def generate_context(self):
        datasets, problems = load_all(self.config.data_path, self.registry.tags)
        for path, line, message, hint in problems:
            self.problems.add(path, line, message, hint)
        for dataset in datasets.values():
            first = dataset.rows[0].line if dataset.rows else 1
            for period, area, measure in missing_summable(dataset):
                self.problems.add(dataset.csv_path, first,
                                  f"no count for {period} / {area} / {measure}, a measure that is added up",
                                  "give every period and area a count for it (0 if none), or remove it from summable:")
        names = frozenset(datasets) | {p[0].stem for p in problems if p[0].suffix == ".csv"}
        for path in markdown_sources(self.config.content_path):
            def scan(path=path):   # a page's text was read when the build started (loa.site.pages)
                return reference_problems(self.site.pages.text(path), names)

            for line, message, hint in _SCANNED.get((str(path), file_key(path), names), scan):
                self.problems.add(path, line, message, hint)
        self.renderer.datasets = datasets

    def generate_output(self, writer):
        pass  # the pages are written by loa.languages; tables are expanded by the content filter
