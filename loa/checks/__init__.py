"""Content rules and budget checks (Pelican plugin ``loa.checks``).

First (``initialized``) the content rules of :mod:`loa.checks.content` run over the Markdown
and ``content/data/outdated.yaml``: metadata, outdated facts, pictogram sizes, translation
hashes, Unicode NFC, and sentence length (a warning). Then, after the site is written:

Runs last (``finalized``, after ``loa.theme`` wrote fonts and images) over the whole output and
adds every broken budget to ``LOA_PROBLEMS``, so ``invoke build`` and ``invoke check`` fail
with ``path:line: message`` lines. A problem caused by a page's text is reported at its
Markdown file (and the line where the offending address is written); one caused by the theme
at the output file and line. The checks themselves are :mod:`loa.checks.budgets`.
"""
from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from pelican import signals

from loa.checks import budgets


def page_sources(plan, home_name: str) -> dict[str, str]:
    """``{output path: Markdown source path}`` for every planned page (the text shown)."""
    from loa.languages.site import page_path

    return {page_path(tag, p.name, home_name): p.shown.path
            for tag, pages in (plan or {}).items() for p in pages}


def own_hosts(settings) -> set[str]:
    """Hosts that are the site itself: those of ``SITEURL`` and ``LOA_PREVIEW_URL``."""
    hosts = set()
    for key in ("SITEURL", "LOA_PREVIEW_URL"):
        host = urlsplit(str(settings.get(key) or "")).hostname
        if host:
            hosts.add(host)
    return hosts


def remember_pages(generators):
    """``all_generators_finalized``: keep the map from output page to Markdown source."""
    for generator in generators:
        plan = generator.context.get("loa_plan")
        if plan is not None:
            settings = generator.settings
            settings["LOA_PAGE_SOURCES"] = page_sources(plan, settings.get("LOA_HOME_PAGE", "trang-chu"))
            return


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
    problems = settings.get("LOA_PROBLEMS")
    if problems is None or problems.errors:
        return  # nothing (or a broken site) was written; the build reports the cause
    registry = settings.get("LOA_LANGUAGES")
    font_tags = [lang.tag for lang in registry if lang.font] if registry else []
    findings = budgets.check_site(Path(pelican.output_path), own_hosts=own_hosts(settings),
                                  font_languages=font_tags,
                                  image_limit=int(settings.get("LOA_IMAGE_MAX_BYTES", budgets.IMAGE_LIMIT)),
                                  font_limit=int(settings.get("LOA_FONT_MAX_BYTES", budgets.FONT_LIMIT)),
                                  reports=[settings.get("LOA_STATUS_SAVE_AS", "status/index.html") or ""],
                                  jobs=workers(settings))
    report(findings, problems, settings.get("LOA_PAGE_SOURCES", {}))


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
    """``initialized``: add every content-rule problem (:func:`loa.checks.content.check_content`)
    to ``LOA_PROBLEMS``. ``LOA_OUTDATED_FILE`` names the outdated-facts list (default
    ``<content>/data/outdated.yaml``); ``LOA_PRODUCTION`` makes missing metadata an error."""
    from loa.checks.content import check_content

    settings = pelican.settings
    problems = settings.get("LOA_PROBLEMS")
    if problems is None:
        return
    outdated = settings.get("LOA_OUTDATED_FILE")
    for p in check_content(Path(settings["PATH"]), problems.root,
                           outdated_file=Path(outdated) if outdated else None,
                           production=bool(settings.get("LOA_PRODUCTION"))):
        problems.add(p.path, p.line, p.message, p.hint, p.severity)


def register():
    """Connect to Pelican: the content rules first, then remember the page map, then check the
    budgets once everything is written."""
    signals.initialized.connect(run_content_rules)
    signals.all_generators_finalized.connect(remember_pages)
    signals.finalized.connect(run_checks)
