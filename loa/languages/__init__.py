"""Languages as data, catalogs, and the per-language site (Pelican plugin ``loa.languages``).

Signals: ``initialized`` reads the whole site's ``LOA_*`` settings into
:class:`~loa.languages.settings.SiteSettings` and loads ``languages.yaml`` once into ``LOA_LANGUAGES``;
``get_generators`` adds :class:`~loa.languages.generator.LanguagesGenerator`, which writes every
language's pages after Pelican has read them.
"""
from pelican import signals

from loa.languages.registry import load_registry


def configure(pelican):
    """Read the site's settings and load and validate the languages file named by
    ``LOA_LANGUAGES_FILE`` (once per build)."""
    from loa.languages import settings as site
    from loa.problems import Problems
    from loa.settings import read_into

    settings = pelican.settings
    settings.setdefault("LOA_PROBLEMS", Problems())
    config = read_into(settings, settings["LOA_PROBLEMS"], site.KEY, site.SiteSettings.from_settings)
    # the templates read these two by name: the defaults must be there too
    settings.setdefault("LOA_QUICK_EXIT_URL", config.quick_exit_url)
    settings.setdefault("LOA_SAFETY_PAGE", config.safety_page)
    if not hasattr(settings.get("LOA_LANGUAGES"), "languages"):
        settings["LOA_LANGUAGES"] = load_registry(config.languages_file)
    from loa.languages.preflight import check_pages

    # results of unchanged pages are kept in the cache folder; production checks every page
    cache = None if config.production else settings.get("CACHE_PATH")
    settings["LOA_BAD_FILES"] = check_pages(settings["PATH"], settings["LOA_LANGUAGES"], settings["LOA_PROBLEMS"],
                                            cache_dir=cache)


def add_generator(pelican):
    from loa.languages.generator import LanguagesGenerator

    return LanguagesGenerator


def register():
    from loa.reading import use_shared_reader

    signals.readers_init.connect(use_shared_reader)
    signals.initialized.connect(configure)
    signals.get_generators.connect(add_generator)
