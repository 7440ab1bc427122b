"""Printable leaflets in every language (Pelican plugin ``loa.leaflets``).

``content/leaflets/*.yaml`` defines each leaflet (format, pages, hotlines); the generator renders
every leaflet in every language with WeasyPrint from ``theme/templates/leaflets/`` and
``theme/static/leaflets/``, imposes it for duplex printing and writes ``<tag>/leaflets/``.
Without a ``content/leaflets`` folder the plugin does nothing. See docs/leaflets.md.
"""
import logging
import sys

from pelican import signals

from loa.pelican_edge import never_limit


class _LeafletLog(logging.Handler):
    """Prints the per-leaflet timing lines on stderr (the build log)."""

    def emit(self, record):
        print(record.getMessage(), file=sys.stderr)


def configure(pelican):
    """``initialized``: read the ``LEAFLETS_*`` settings once (:mod:`loa.leaflets.settings`);
    their mistakes are reported when there are leaflets to make (a definitions folder)."""
    from loa.leaflets.settings import KEY, LeafletSettingsError, read_settings
    from loa.site.settings import report
    from loa.site.model import site_of

    settings = pelican.settings
    site = site_of(settings)
    try:
        config = read_settings(settings)
    except LeafletSettingsError as error:
        config = error.partial
        if config.folder.is_dir():
            report(error, settings, site.problems)
            config = None   # no leaflets from wrong settings; the build fails with the reasons
    site.settings[KEY] = config
    log = logging.getLogger("loa.leaflets")
    # A second build in the same process (invoke serve, the tests) would lose its "leaflets: …
    # (N rendered, M unchanged)" line to Pelican's LimitFilter when the figures happen to repeat.
    # Leaflet lines are a build's own report: never dropped.
    never_limit(log)
    if config is not None and config.log and not any(isinstance(h, _LeafletLog) for h in log.handlers):
        log.addHandler(_LeafletLog(logging.INFO))
        log.setLevel(logging.INFO)
        log.propagate = False


def add_generator(pelican):
    from loa.leaflets.generator import LeafletsGenerator

    return LeafletsGenerator


def register():
    signals.initialized.connect(configure)
    signals.get_generators.connect(add_generator)
