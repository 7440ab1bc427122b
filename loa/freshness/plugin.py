"""Pelican adapter for :mod:`loa.freshness.report`: one page for coordinators.

``STATUS_SAVE_AS`` (default ``status/index.html``; empty to turn off: :mod:`loa.freshness.settings`,
read in ``initialized``) is written after the
languages generator, from the same files the report reads. It is not in the plan of pages,
so it is not in ``sitemap.xml``, and it carries ``<meta name="robots" content="noindex">``.
Translator and reviewer names are deliberately left off this public page.
"""
from __future__ import annotations

from pathlib import Path

from pelican.generators import Generator

from loa.freshness.report import build_report
from loa.freshness.settings import DEFAULTS, KEY, StatusSettings
from loa.languages.catalogs import compile_catalogs, install_gettext, load_translations
from loa.site.site_settings import site_settings
from loa.site.plan import page_path
from loa.problems import Problems
from loa.site.model import site_of

DEFAULT_SAVE_AS = DEFAULTS["STATUS_SAVE_AS"]


def configure(pelican):
    """``initialized``: read and check the ``STATUS_*`` settings once."""
    from loa.site.settings import read_into

    read_into(pelican.settings, KEY, StatusSettings.from_settings)


class StatusGenerator(Generator):
    """Computes the report once (``generate_context``) and writes the status page."""

    def generate_context(self):
        site = site_of(self.settings)
        registry = site.registry
        self.site_config = site_settings(self.settings)
        self.report = build_report(self.settings["PATH"], registry, self.site_config.translations_dir,
                                   production=True, orphans=False,  # "published" = on the public site
                                   files=site.pages)
        problems: Problems = site.problems
        bad_files = site.bad_files
        # lines the page checks or the content rules already reported: said once, not twice
        reported = {(p.path, p.line) for p in problems.items}
        for problem in self.report.problems.items:
            if str(Path(problem.path).resolve()) in bad_files:
                continue  # the page checks already said what is wrong with this file
            if (problems.relative(problem.path), problem.line) in reported:
                continue
            problems.warn(problem.path, problem.line, problem.message, problem.hint)
        self.scripts_report = None
        if (Path(self.settings["PATH"]) / "scripts" / registry.source.tag).is_dir():  # loa.spoken reports their errors
            self.scripts_report = build_report(self.settings["PATH"], registry, self.site_config.translations_dir,
                                               production=True, orphans=False, kind="scripts")

    def generate_output(self, writer):
        site = site_of(self.settings)
        config = site.settings.get(KEY) or StatusSettings()
        save_as = config.save_as
        problems: Problems = site.problems
        if not save_as or problems.errors:
            return
        from loa.theme.css import read_css

        registry = site.registry
        mo_files = compile_catalogs(self.site_config.translations_dir, registry, Problems())
        install_gettext(self.env, load_translations(mo_files), registry.source.tag)
        self.env.globals["loa_css"] = read_css(Path(self.theme) / "static" / "css",
                                                self.settings.get("LOA_CSS_FILES", ()))
        home = self.site_config.home_page
        writer.write_file(save_as, self.get_template("status"), self.context,
                          relative_urls=bool(self.settings.get("RELATIVE_URLS")), override_output=True,
                          report=self.report, scripts_report=self.scripts_report, page=None, ui_lang=registry.source.tag,
                          language=registry.source, languages=registry.languages,
                          source_language=registry.source, production=self.site_config.production,
                          page_url=lambda tag, name: page_path(tag, name, home))
        site.record(save_as, "status")


def add_generator(pelican):
    return StatusGenerator
