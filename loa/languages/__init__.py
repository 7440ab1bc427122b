"""Languages as data, catalogs, and the per-language site (Pelican plugin ``loa.languages``).

Signals: ``initialized`` reads the whole site's ``LOA_*`` settings into
:class:`~loa.site.site_settings.SiteSettings`, loads ``languages.yaml`` into the site model
(:mod:`loa.site.model`), reads every page file once and checks it;
``get_generators`` adds :class:`~loa.languages.generator.LanguagesGenerator`, which writes every
language's pages after Pelican has read them.
"""
from pelican import signals

from loa.site.registry import load_registry


def configure(pelican):
    """Read the site's settings, load and validate the languages file named by
    ``LOA_LANGUAGES_FILE``, read every page file once (:func:`loa.site.pages.read_pages`) and
    check them (once per build)."""
    from pathlib import Path

    from loa.site import site_settings as site_config
    from loa.languages.preflight import check_pages
    from loa.site.settings import read_into
    from loa.site.model import site_of
    from loa.site.pages import read_pages

    settings = pelican.settings
    from loa.parallel import check_setting, workers

    site = site_of(settings)
    config = read_into(settings, site_config.KEY, site_config.SiteSettings.from_settings)
    check_setting(settings, site.problems)
    # the templates read these two by name: the defaults must be there too
    settings.setdefault("LOA_QUICK_EXIT_URL", config.quick_exit_url)
    settings.setdefault("LOA_SAFETY_PAGE", config.safety_page)
    if site.registry is None:
        site.registry = load_registry(config.languages_file)
    site.pages = read_pages(Path(settings["PATH"]) / "pages")
    # results of unchanged pages are kept in the cache folder; production checks every page
    cache = None if config.production else settings.get("CACHE_PATH")
    site.bad_files = check_pages(settings["PATH"], site.registry, site.problems, cache_dir=cache, files=site.pages,
                                 jobs=workers(settings))


def add_generator(pelican):
    from loa.languages.generator import LanguagesGenerator

    return LanguagesGenerator


def register():
    from loa.parallel import convert_pages
    from loa.pelican_edge import use_shared_reader
    from loa.templatecache import use_bytecode_cache

    signals.readers_init.connect(use_shared_reader)
    signals.generator_init.connect(use_bytecode_cache)  # every generator's templates (loa.templatecache)
    signals.page_generator_init.connect(convert_pages)  # Markdown on every core (loa.parallel)
    signals.initialized.connect(configure)
    signals.get_generators.connect(add_generator)
