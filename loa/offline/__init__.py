"""Offline copies (Pelican plugin ``loa.offline``): ``output/offline/loa-<tag>.html`` per language
and ``output/offline/loa-all.zip`` with them and the leaflets.

Runs on ``finalized``, after every generator has written its files, so list it LAST in
``PLUGINS``: it reads the written pages and the leaflet PDFs. Nothing is written when the build
already has errors. Settings: ``LOA_OFFLINE`` (default True), ``LOA_OFFLINE_MAX_BYTES``,
``LOA_OFFLINE_IMAGE_MAX_BYTES``, ``LOA_OFFLINE_IMAGE_MAX_WIDTH`` (:mod:`loa.offline.bundle`).
"""
from pathlib import Path

from pelican import signals


def write_offline_copies(pelican):
    """``finalized`` handler: write the offline files into the build's output folder."""
    from loa.offline.bundle import OfflineSettings
    from loa.offline.write import render_environment, write_offline

    settings = pelican.settings
    problems = settings["LOA_PROBLEMS"]
    if problems.errors or not settings.get("LOA_OFFLINE", True):
        return
    try:
        offline_settings = OfflineSettings.from_settings(settings)
    except ValueError as exc:
        problems.add("pelicanconf.py", 1, str(exc))
        return
    registry = settings["LOA_LANGUAGES"]
    env = render_environment(Path(settings["THEME"]),
                             Path(settings.get("LOA_TRANSLATIONS_DIR", "translations")), registry)
    site_url = "" if settings.get("RELATIVE_URLS") else settings.get("SITEURL", "")
    write_offline(Path(settings["OUTPUT_PATH"]), registry, env=env, site_url=site_url,
                  home_name=settings.get("LOA_HOME_PAGE", "trang-chu"),
                  sitename=settings.get("SITENAME", "Loa"), content_dir=Path(settings["PATH"]),
                  problems=problems, production=bool(settings.get("LOA_PRODUCTION")),
                  settings=offline_settings, output_cache=settings.get("LOA_OUTPUT_CACHE"))


def register():
    signals.finalized.connect(write_offline_copies)
