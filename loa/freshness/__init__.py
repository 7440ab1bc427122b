"""Translation freshness (Pelican plugin ``loa.freshness``): which version of a page each
language shows and why, and what translators still have to do.

- :mod:`loa.site.policy` (moved out of this package): source hashes and :func:`~loa.site.policy.decide`. The
  languages generator asks it for every page in every language.
- :mod:`loa.freshness.report`: the per-language status report (``invoke i18n.status``).
- :mod:`loa.freshness.files`: ``invoke i18n.new`` / ``stamp`` / ``diff``.
- :mod:`loa.freshness.kit`: the offline translator's kit (``invoke i18n.kit`` / ``import``).
- :mod:`loa.freshness.plugin`: writes the coordinators' status page; warns about translations
  without a usable ``source_hash``.

Pelican is imported only when the plugin is registered, so the pure modules work without it.
"""


def register():
    from pelican import signals

    from loa.freshness.plugin import add_generator, configure

    signals.initialized.connect(configure)
    signals.get_generators.connect(add_generator)
