"""Offline copies (Pelican plugin ``loa.offline``): ``output/offline/loa-<tag>.html`` per language
and ``output/offline/loa-all.zip`` with them and the leaflets.

``initialized`` reads the ``OFFLINE_*`` settings (:mod:`loa.offline.settings`); ``finalized``
takes which pages each copy holds, in which order and with which status, from the plan in the
site model (:mod:`loa.site.model`). It runs after every generator has
written its files, so list it LAST in ``PLUGINS``: it reads the bodies of the written pages and
the leaflet PDFs. Nothing is written when the build already has errors.
"""
from pathlib import Path

from pelican import signals


def configure(pelican):
    """``initialized``: read and check the ``OFFLINE_*`` settings once."""
    from loa.offline import settings as offline
    from loa.site.settings import read_into

    read_into(pelican.settings, offline.KEY, offline.OfflineSettings.from_settings)


def write_offline_copies(pelican):
    """``finalized`` handler: write the offline files into the build's output folder. Which
    pages each copy holds, in which order and with which status, comes from the plan
    (:func:`loa.offline.bundle.offline_pages`); the meeting guides the leaflets plugin names
    (``site.offline_skip_pages``) are left out: they are printed for the person running a
    meeting, the copy is for villagers."""
    from loa.site.site_settings import site_settings
    from loa.offline.bundle import offline_pages
    from loa.offline.settings import KEY
    from loa.offline.write import render_environment, write_offline
    from loa.site.model import site_of

    settings = pelican.settings
    site = site_of(settings)
    problems = site.problems
    config = site.settings.get(KEY)
    if problems.errors or config is None or not config.enabled or not site.plan:
        return
    config_site = site_settings(settings)
    registry = site.registry
    pages = offline_pages(site.plan, config_site.home_page, skip=set(site.offline_skip_pages))
    env = render_environment(Path(settings["THEME"]), config_site.translations_dir, registry)
    site_url = "" if settings.get("RELATIVE_URLS") else settings.get("SITEURL", "")
    output = Path(settings["OUTPUT_PATH"])
    write_offline(output, registry, env=env, site_url=site_url, home_name=config_site.home_page,
                  sitename=settings.get("SITENAME", "Loa"), problems=problems,
                  production=config_site.production, settings=config, pages=pages,
                  write=lambda relative, data: site.write(
                      output, relative, data, "offline", tag=_tag_of(relative, registry)))


def _tag_of(relative: str, registry) -> str | None:
    """The language of ``offline/loa-<tag>.html``; ``None`` for the zip of every language."""
    tag = Path(relative).stem[len("loa-"):]
    return tag if registry.get(tag) is not None else None


def register():
    signals.initialized.connect(configure)
    signals.finalized.connect(write_offline_copies)
