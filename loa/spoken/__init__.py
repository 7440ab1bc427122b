"""Read-aloud scripts for the commune loudspeaker (Pelican plugin ``loa.spoken``).

The pure core (:mod:`loa.spoken.core`, :mod:`~loa.spoken.speech`, :mod:`~loa.spoken.collect`,
:mod:`~loa.spoken.programmes`) reads ``content/scripts/<tag>/*.md`` and
``content/programmes/*.yaml``; the plugin (:mod:`loa.spoken.generator`) writes
``<tag>/scripts/`` (a page and a printable sheet per script, an index) and
``<tag>/programmes/``. Without a ``content/scripts`` folder the plugin does nothing.
See docs/scripts.md.
"""


def add_generator(pelican):
    from loa.spoken.generator import ScriptsGenerator

    return ScriptsGenerator


def configure(pelican):
    """``initialized``: read the ``SPOKEN_*`` settings once (:mod:`loa.spoken.settings`); the
    footer links to the scripts index when there are scripts."""
    from pathlib import Path

    from loa.site.settings import read_into
    from loa.site.model import site_of
    from loa.spoken.settings import KEY, SpokenSettings

    settings = pelican.settings
    read_into(settings, KEY, SpokenSettings.from_settings)
    made = any((Path(settings["PATH"]) / "scripts").glob("*/*.md"))
    site_of(settings).scripts_made = made  # part of the reused pages' fingerprint (the footer links to them)
    settings["JINJA_GLOBALS"] = {**settings.get("JINJA_GLOBALS", {}), "loa_scripts_made": made}


def register():
    from pelican import signals

    signals.initialized.connect(configure)
    signals.get_generators.connect(add_generator)
