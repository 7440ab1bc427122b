"""Hotlines and support services as data, written once and shown everywhere (plugin ``loa.directory``).

Public API (no Pelican needed; the leaflets use it):

- :func:`load_directory` (``data_path, registry, problems, primary_key="111"``) → :class:`Directory`
- :func:`primary_hotline` (``directory``) → :class:`Entry` or ``None``
- ``Directory.localised(kind, key, tag)``, ``Directory.primary(tag)``,
  ``Directory.hotlines_to_call(keys, tag)`` → :class:`LocalisedEntry` (name, purpose, lang,
  draft, number, display, tel, free, hours, from_abroad): the one shape of a number that the
  web card, the print card, the footer and the leaflets show; ``Directory.numbers()`` → the
  digits loudspeaker scripts read out
- :func:`stale_entries`, :func:`loa.directory.scan.check_text`

Wiring (``initialized``, after ``loa.languages``): reads ``DIRECTORY_*`` settings, appends the
Markdown extension to ``MARKDOWN["extension_configs"]``, the placeholder expander to
the site model's content filters and ``hotline.css`` to ``LOA_CSS_FILES``; ``get_generators`` adds
:class:`~loa.directory.generator.DirectoryGenerator`, which puts the directory in the templates'
context as ``loa_directory`` (the footer asks it for ``loa_directory.primary(ui_lang)``).
See docs/directory.md.
"""
from __future__ import annotations

from loa.directory.data import (Directory, Entry, EntryText, LocalisedEntry, primary_hotline,
                                stale_entries)
from loa.directory.load import load_directory

__all__ = ["Directory", "Entry", "EntryText", "LocalisedEntry", "load_directory", "primary_hotline",
           "stale_entries", "register"]

EXTENSION = "loa.directory.markdown_ext"
CSS_FILE = "hotline.css"


def configure(pelican):
    """``initialized``: validate settings and append this plugin's pieces to the shared ones."""
    from loa.directory.render import DirectoryRenderer
    from loa.directory.settings import KEY, DirectorySettings
    from loa.languages.extend import add_to_pages
    from loa.site.model import site_of
    from loa.site.settings import read_into

    settings = pelican.settings
    config = read_into(settings, KEY, DirectorySettings.from_settings)
    renderer = DirectoryRenderer(config.pictograms_path)
    site_of(settings).renderers["directory"] = renderer

    markdown = settings.setdefault("MARKDOWN", {})
    markdown.setdefault("extension_configs", {})[EXTENSION] = {}
    add_to_pages(settings, renderer.content_filter, CSS_FILE)


def add_generator(pelican):
    from loa.directory.generator import DirectoryGenerator

    return DirectoryGenerator


def register():
    from pelican import signals

    signals.initialized.connect(configure)
    signals.get_generators.connect(add_generator)
