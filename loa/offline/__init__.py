"""Offline copies (Pelican plugin ``loa.offline``): ``output/offline/loa-<tag>.html`` per language
and ``output/offline/loa-all.zip`` with them and the leaflets.

``initialized`` reads the ``OFFLINE_*`` settings (:mod:`loa.offline.settings`). ``finalized``
runs after every generator has written its files, so list it LAST in ``PLUGINS``: it reads the
written pages and the leaflet PDFs. Nothing is written when the build already has errors.
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


def write_offline_copies(pelican):
    """``finalized`` handler: write the offline files into the build's output folder."""
    from loa.languages.settings import site_settings
    from loa.offline.settings import KEY
    from loa.offline.write import render_environment, write_offline

    settings = pelican.settings
    problems = settings["LOA_PROBLEMS"]
    config = settings.get(KEY)
    if problems.errors or config is None or not config.enabled:
        return
    site = site_settings(settings)
    registry = settings["LOA_LANGUAGES"]
    env = render_environment(Path(settings["THEME"]), site.translations_dir, registry)
    site_url = "" if settings.get("RELATIVE_URLS") else settings.get("SITEURL", "")
    write_offline(Path(settings["OUTPUT_PATH"]), registry, env=env, site_url=site_url,
                  home_name=site.home_page,
                  sitename=settings.get("SITENAME", "Loa"), content_dir=Path(settings["PATH"]),
                  problems=problems, production=site.production, settings=config,
                  skip_pages=tuple(settings.get("LOA_OFFLINE_SKIP_PAGES", ())))


def register():
    signals.initialized.connect(configure)
    signals.finalized.connect(write_offline_copies)
