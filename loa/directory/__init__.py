"""Hotlines and support services as data, written once and shown everywhere (plugin ``loa.directory``).

Public API (no Pelican needed; the leaflets use it):

- :func:`load_directory` (``data_path, registry, problems, primary_key="111"``) → :class:`Directory`
- :func:`primary_hotline` (``directory``) → :class:`Entry` or ``None``
- ``Entry.localised(tag, fallback)`` / ``Directory.localised(kind, key, tag)`` → :class:`LocalisedEntry`
  (name, purpose, lang, draft, number, display, tel, free, hours)
- :func:`stale_entries`, :func:`loa.directory.scan.check_text`

Wiring (``initialized``, after ``loa.languages``): reads ``DIRECTORY_*`` settings, appends the
Markdown extension to ``MARKDOWN["extension_configs"]``, the placeholder expander to
``LOA_CONTENT_FILTERS``, ``hotline.css`` to ``LOA_CSS_FILES`` and the template globals
``loa_hotline(key=None, kind="hotline")`` and ``hotline_card(key=None, kind="hotline")`` to
``JINJA_GLOBALS``; ``get_generators`` adds :class:`~loa.directory.generator.DirectoryGenerator`.
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
    from jinja2 import pass_context
    from markupsafe import Markup

    from loa.directory.data import HOTLINE
    from loa.directory.render import DirectoryRenderer
    from loa.directory.settings import KEY, DirectorySettings
    from loa.languages.extend import add_to_pages
    from loa.site.settings import read_into

    settings = pelican.settings
    config = read_into(settings, KEY, DirectorySettings.from_settings)
    renderer = DirectoryRenderer(config.pictograms_path)
    settings["LOA_DIRECTORY_RENDERER"] = renderer

    markdown = settings.setdefault("MARKDOWN", {})
    markdown.setdefault("extension_configs", {})[EXTENSION] = {}
    add_to_pages(settings, renderer.content_filter, CSS_FILE)

    def lookup(context, key, kind):
        directory = renderer.directory
        if directory is None:
            return None
        return directory.localised(kind, str(key or directory.primary_key), context.get("ui_lang") or directory.source_tag)

    @pass_context
    def loa_hotline(context, key=None, kind=HOTLINE):
        """The entry ``key`` (default: the primary hotline) in the page's language, or None."""
        return lookup(context, key, kind)

    @pass_context
    def hotline_card(context, key=None, kind=HOTLINE):
        """The card of ``key`` (default: the primary hotline) in the page's language."""
        entry = lookup(context, key, kind)
        if entry is None:
            return Markup("")
        return renderer.card(kind, entry.key, context.get("ui_lang") or renderer.directory.source_tag)

    settings["JINJA_GLOBALS"] = {**settings.get("JINJA_GLOBALS", {}),
                                 "loa_hotline": loa_hotline, "hotline_card": hotline_card}


def add_generator(pelican):
    from loa.directory.generator import DirectoryGenerator

    return DirectoryGenerator


def register():
    from pelican import signals

    signals.initialized.connect(configure)
    signals.get_generators.connect(add_generator)
