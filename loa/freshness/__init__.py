"""Translation freshness: which version of a page each language shows, and why.

The pure rules live in :mod:`loa.freshness.core`; the Pelican side is in
:mod:`loa.languages.generator`, which asks :func:`loa.freshness.core.decide` for every page
in every language.
"""
