"""Loa: multilingual anti-trafficking awareness pages, leaflets and offline copies.

Each sub-package is one capability, with pure functions at its core and a thin Pelican
adapter in its ``__init__``: ``languages`` (languages, catalogs, per-language output),
``freshness`` (translation status), and the rest as listed in ``docs/architecture.md``.
"""
