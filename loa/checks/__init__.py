"""Content rules and budget checks (Pelican plugin ``loa.checks``).

First (``initialized``) the content rules of :mod:`loa.checks.content` run over the Markdown
and ``content/data/outdated.yaml``: metadata, outdated facts, pictogram sizes, translation
hashes, Unicode NFC, and sentence length (a warning). Then, after the site is written:

Runs last (``finalized``, after ``loa.theme`` wrote fonts and images) over the whole output and
adds every broken budget to the site model's problems, so ``invoke build`` and ``invoke check`` fail
with ``path:line: message`` lines. A problem caused by a page's text is reported at its
Markdown file (and the line where the offending address is written); one caused by the theme
at the output file and line. The checks themselves are :mod:`loa.checks.budgets`.
"""
from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from pelican import signals

from loa.checks import budgets
from loa.site.model import site_of


def page_languages(plan, tags, source_tag: str, home_name: str):
    """``language(output path) -> tag``: a planned page's language from the plan; any other page
    (leaflet and script pages under ``<tag>/``, the chooser, the status page) by Loa's layout,
    the first folder when it is a language's, else the source language."""
    from loa.site.plan import page_path

    planned = {page_path(tag, p.name, home_name): tag for tag, pages in (plan or {}).items() for p in pages}

    def language(path: str) -> str:
        if path in planned:
            return planned[path]
        folder = budgets.layout_language(path)
        return folder if folder in tags else source_tag

    return language


def own_hosts(settings) -> set[str]:
    """Hosts that are the site itself: those of ``SITEURL`` and ``LOA_PREVIEW_URL``."""
    hosts = set()
    for key in ("SITEURL", "LOA_PREVIEW_URL"):
        host = urlsplit(str(settings.get(key) or "")).hostname
        if host:
            hosts.add(host)
    return hosts


def report(findings, problems, sources: dict[str, str], output_name: str = "output") -> None:
    """Add each finding to ``problems``: at the Markdown source (and the line where the
    finding's excerpt is written) when the page has one, else at the output file."""
    for finding in findings:
        source = sources.get(finding.path)
        where, line = f"{output_name}/{finding.path}", finding.line
        message = finding.message
        if source:
            text = _read(source)
            source_line = _line_containing(text, finding.excerpt) if finding.excerpt else 0
            if source_line or not finding.excerpt:
                where, line = source, source_line or 1
                message = f"{message} (in {output_name}/{finding.path})"
        problems.add(where, line, message, finding.hint, finding.severity)


def run_checks(pelican):
    """``finalized``: check every budget over the written site."""
    from loa.parallel import workers

    settings = pelican.settings
    site = site_of(settings)
    problems = site.problems
    if problems.errors:
        return  # nothing (or a broken site) was written; the build reports the cause
    from loa.site.site_settings import site_settings
    from loa.theme.settings import theme_settings

    theme = theme_settings(settings)
    status = site.settings.get("LOA_STATUS_SETTINGS")   # read by loa.freshness (the status page)
    registry = site.registry
    font_tags = [lang.tag for lang in registry if lang.font] if registry else []
    languages = (page_languages(site.plan, set(registry.tags), registry.source.tag,
                                site_settings(settings).home_page) if registry else None)
    findings = budgets.check_site(Path(pelican.output_path), own_hosts=own_hosts(settings),
                                  font_languages=font_tags, image_limit=theme.image_max_bytes,
                                  font_limit=theme.font_max_bytes, languages=languages,
                                  # the coordinators' page lists every page: no weight budget
                                  reports=[status.save_as if status is not None else ""],
                                  jobs=workers(settings))
    report(findings, problems, site.page_sources())


def _read(path) -> str:
    try:
        return Path(path).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


def _line_containing(text: str, needle: str) -> int:
    for number, line in enumerate(text.splitlines(), start=1):
        if needle in line:
            return number
    return 0


def run_content_rules(pelican):
    """``initialized``: read the ``CHECKS_*`` settings (:mod:`loa.checks.settings`), then add
    every content-rule problem (:func:`loa.checks.content.check_content`) to the site model's
    problems. ``CHECKS_OUTDATED_FILE`` names the outdated-facts list (default
    ``<content>/data/outdated.yaml``); ``LOA_PRODUCTION`` makes missing metadata an error."""
    from loa.checks import settings as checks
    from loa.checks.content import check_content
    from loa.site.site_settings import site_settings
    from loa.site.settings import read_into

    settings = pelican.settings
    site = site_of(settings)
    problems = site.problems
    config = read_into(settings, checks.KEY, checks.ChecksSettings.from_settings)
    for p in check_content(Path(settings["PATH"]), problems.root,
                           outdated_file=config.outdated_file,
                           production=site_settings(settings).production, read=site.pages.text):
        problems.add(p.path, p.line, p.message, p.hint, p.severity)


def register():
    """Connect to Pelican: the content rules first, then check the budgets once everything is
    written."""
    signals.initialized.connect(run_content_rules)
    signals.finalized.connect(run_checks)
