"""The site model: what a build knows about the site, as plain data, with no Pelican in it.

- :mod:`loa.site.registry`: the languages (``content/languages.yaml``).
- :mod:`loa.site.policy`: source hashes and the translation status policy (:func:`~loa.site.policy.decide`).
- :mod:`loa.site.pages`: each page file, read once, with its metadata and their line numbers.
- :mod:`loa.site.plan`: what each language shows for each page, with its status and reason.
- :mod:`loa.site.model`: the :class:`~loa.site.model.Site` a build hands to every output, and the
  record of every file written.

Every other ``loa`` package may import this one; it imports only :mod:`loa.problems` and
:mod:`loa.yamlfile` (``tests/test_layers.py`` keeps it so).
"""
