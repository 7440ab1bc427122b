"""Statistics for coordinators and the public, with small numbers hidden (plugin ``loa.statistics``).

Public API, free of Pelican (a future site model can call it directly):

- :func:`loa.statistics.data.load_all` (``folder, language_tags``) → ``({name: Dataset}, problems)``
- :func:`loa.statistics.suppress.suppress` (``counts, threshold, summable, row_totals,
  column_totals``) → :class:`~loa.statistics.suppress.Suppressed`: the disclosure rule
- :func:`loa.statistics.table.build_table` (``dataset, threshold``) → ``DisplayTable``
- :func:`loa.statistics.chart.bar_chart` (``groups``) → SVG text
- :class:`loa.statistics.render.StatisticsRenderer`: ``view``/``render`` in a language, and the
  content filter (needs a Jinja environment with ``_()``)

Wiring (``initialized``, after ``loa.languages`` and ``loa.directory``): reads the
``STATISTICS_*`` settings, appends the renderer's content filter to the site model's content filters and
``statistics.css`` to ``LOA_CSS_FILES``; ``get_generators`` adds
:class:`~loa.statistics.generator.StatisticsGenerator`. The ``[[statistics:NAME]]`` grammar is
in :mod:`loa.directory.scan`, shared with the Markdown extension. See docs/statistics.md.
"""
from __future__ import annotations

CSS_FILE = "statistics.css"


def configure(pelican):
    """``initialized``: validate settings and append this plugin's pieces to the shared ones."""
    from loa.languages.extend import add_to_pages
    from loa.statistics.render import StatisticsRenderer
    from loa.site.model import site_of
    from loa.site.settings import read_into
    from loa.statistics.settings import KEY, StatisticsSettings

    settings = pelican.settings
    config = read_into(settings, KEY, StatisticsSettings.from_settings)
    renderer = StatisticsRenderer(config.threshold)
    site_of(settings).renderers["statistics"] = renderer
    add_to_pages(settings, renderer.content_filter, CSS_FILE)


def add_generator(pelican):
    from loa.statistics.generator import StatisticsGenerator

    return StatisticsGenerator


def register():
    from pelican import signals

    signals.initialized.connect(configure)
    signals.get_generators.connect(add_generator)
