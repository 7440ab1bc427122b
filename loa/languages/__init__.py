"""Languages as data, catalogs, and the per-language site (Pelican plugin ``loa.languages``).

Signals: ``initialized`` loads ``languages.yaml`` once into ``LOA_LANGUAGES``;
``get_generators`` adds :class:`~loa.languages.generator.LanguagesGenerator`, which writes every
language's pages after Pelican has read them.
"""
from pelican import signals

from loa.languages.registry import load_registry


def configure(pelican):
    """Load and validate the languages file named by ``LOA_LANGUAGES_FILE`` (once per build)."""
    from loa.problems import Problems

    settings = pelican.settings
    settings.setdefault("LOA_PROBLEMS", Problems())
    if not hasattr(settings.get("LOA_LANGUAGES"), "languages"):
        settings["LOA_LANGUAGES"] = load_registry(settings.get("LOA_LANGUAGES_FILE", "content/languages.yaml"))
    from loa.languages.preflight import check_pages

    # results of unchanged pages are kept in the cache folder; production checks every page
    cache = None if settings.get("LOA_PRODUCTION") else settings.get("CACHE_PATH")
    settings["LOA_BAD_FILES"] = check_pages(settings["PATH"], settings["LOA_LANGUAGES"], settings["LOA_PROBLEMS"],
                                            cache_dir=cache)


def add_generator(pelican):
    from loa.languages.generator import LanguagesGenerator

    return LanguagesGenerator


def register():
    from loa.pelican_edge import use_shared_reader

    signals.readers_init.connect(use_shared_reader)
    signals.initialized.connect(configure)
    signals.get_generators.connect(add_generator)
