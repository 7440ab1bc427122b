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
    from dataclasses import replace

    from loa.offline.bundle import OfflineSettings
    from loa.offline.write import render_environment, write_offline
    from loa.site.model import site_of

    settings = pelican.settings
    site = site_of(settings)
    problems = site.problems
    if problems.errors or not settings.get("LOA_OFFLINE", True):
        return
    try:
        offline_settings = OfflineSettings.from_settings(settings)
    except ValueError as exc:
        problems.add("pelicanconf.py", 1, str(exc))
        return
    offline_settings = replace(offline_settings, skip_pages=site.offline_skip_pages)
    registry = site.registry
    env = render_environment(Path(settings["THEME"]),
                             Path(settings.get("LOA_TRANSLATIONS_DIR", "translations")), registry)
    site_url = "" if settings.get("RELATIVE_URLS") else settings.get("SITEURL", "")
    output = Path(settings["OUTPUT_PATH"])
    write_offline(output, registry, env=env, site_url=site_url,
                  home_name=settings.get("LOA_HOME_PAGE", "trang-chu"),
                  sitename=settings.get("SITENAME", "Loa"), content_dir=Path(settings["PATH"]),
                  problems=problems, production=bool(settings.get("LOA_PRODUCTION")),
                  settings=offline_settings, write=lambda relative, data: site.write(
                      output, relative, data, "offline", tag=_tag_of(relative, registry)))


def _tag_of(relative: str, registry) -> str | None:
    """The language of ``offline/loa-<tag>.html``; ``None`` for the zip of every language."""
    tag = Path(relative).stem[len("loa-"):]
    return tag if registry.get(tag) is not None else None


def register():
    signals.finalized.connect(write_offline_copies)
