"""Offline copies (Pelican plugin ``loa.offline``): ``output/offline/loa-<tag>.html`` per language
and ``output/offline/loa-all.zip`` with them and the leaflets.

``initialized`` reads the ``OFFLINE_*`` settings (:mod:`loa.offline.settings`);
``all_generators_finalized`` takes which pages each copy holds, in which order and with which
status, from the plan (:func:`site_model`). ``finalized`` runs after every generator has
written its files, so list it LAST in ``PLUGINS``: it reads the bodies of the written pages and
the leaflet PDFs. Nothing is written when the build already has errors.
"""
from pathlib import Path

from pelican import signals


def configure(pelican):
    """``initialized``: read and check the ``OFFLINE_*`` settings once."""
    from loa.offline import settings as offline
    from loa.problems import Problems
    from loa.settings import read_into

    settings = pelican.settings
    settings.setdefault("LOA_PROBLEMS", Problems())
    read_into(settings, settings["LOA_PROBLEMS"], offline.KEY, offline.OfflineSettings.from_settings)


#: ``{tag: [OfflinePage]}`` of this build, from the plan.
PAGES_KEY = "LOA_OFFLINE_PAGES"


def site_model(generators):
    """The plan (``{tag: [PlannedPage]}``) as the languages generator made it, or ``None``: the
    one place this plugin reads the site model."""
    return next((g.context["loa_plan"] for g in generators if "loa_plan" in g.context), None)


def remember_pages(generators):
    """``all_generators_finalized``: keep each language's pages, in reading order, from the plan;
    the meeting guides the leaflets plugin names (``LOA_OFFLINE_SKIP_PAGES``) are left out: they
    are printed for the person running a meeting, the copy is for villagers."""
    from loa.languages.settings import site_settings
    from loa.offline.bundle import offline_pages

    if not generators:
        return
    settings = generators[0].settings
    plan = site_model(generators)
    if plan is not None:
        settings[PAGES_KEY] = offline_pages(plan, site_settings(settings).home_page,
                                            skip=set(settings.get("LOA_OFFLINE_SKIP_PAGES", ())))


def write_offline_copies(pelican):
    """``finalized`` handler: write the offline files into the build's output folder."""
    from loa.languages.settings import site_settings
    from loa.offline.settings import KEY
    from loa.offline.write import render_environment, write_offline

    settings = pelican.settings
    problems = settings["LOA_PROBLEMS"]
    config = settings.get(KEY)
    pages = settings.get(PAGES_KEY)
    if problems.errors or config is None or not config.enabled or pages is None:
        return
    site = site_settings(settings)
    registry = settings["LOA_LANGUAGES"]
    env = render_environment(Path(settings["THEME"]), site.translations_dir, registry)
    site_url = "" if settings.get("RELATIVE_URLS") else settings.get("SITEURL", "")
    write_offline(Path(settings["OUTPUT_PATH"]), registry, env=env, site_url=site_url,
                  home_name=site.home_page,
                  sitename=settings.get("SITENAME", "Loa"), problems=problems,
                  production=site.production, settings=config, pages=pages)


def register():
    signals.initialized.connect(configure)
    signals.all_generators_finalized.connect(remember_pages)
    signals.finalized.connect(write_offline_copies)
