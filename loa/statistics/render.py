"""Expand ``<loa-ref data-kind="statistics" data-key="NAME" data-form="card">`` into a table and
chart in the reader's language (a page content filter, ``site.content_filters``; needs only Jinja, not Pelican).

The words come from three places: the dataset's ``.yaml`` (title, unit, notes, measures, periods,
areas: per language, or a msgid the catalogs translate), the catalogs through ``_()`` in
``components/statistics.html`` (Total, "fewer than 5", hidden, Source…), and Babel for numbers
and dates in the language's ``babel_locale`` (plain digits and ISO dates without one).
"""
from __future__ import annotations

import re

from markupsafe import Markup

from loa.statistics.chart import Bar, bar_chart
from loa.statistics.table import COUNT, HIDDEN, MISSING, SMALL, build_table

PLACEHOLDER_RE = re.compile(r'<loa-ref\b[^>]*\bdata-kind="statistics"[^>]*>\s*</loa-ref>')
KEY_RE = re.compile(r'\bdata-key="([^"]*)"')
FORM_RE = re.compile(r'\bdata-form="([^"]*)"')
TEMPLATE = "components/statistics.html"


def number_text(value: int, locale: str | None) -> str:
    """``7147`` → ``"7.147"`` (``vi``), ``"7,147"`` (``en``): Babel's decimal format for a CLDR
    ``locale``; plain digits (``"7147"``) for a language without one (``babel_locale`` in
    languages.yaml), where either separator could be misread."""
    if not locale:
        return str(value)
    from babel.numbers import format_decimal

    return format_decimal(value, locale=locale)


def date_text(date, locale: str | None) -> str:
    """A source date in the ``locale``'s long format (Babel), ISO 8601 without one (as the rest
    of the site writes dates for such languages)."""
    if not locale:
        return date.isoformat()
    from babel.dates import format_date

    return format_date(date, format="long", locale=locale)


class StatisticsRenderer:
    """Holds the build's datasets, Jinja environment and translations; :meth:`content_filter` is
    the page content filter (``site.content_filters``). ``datasets``/``env`` are set by the plugin's generator
    before any page is written; until then placeholders are left as they are."""

    def __init__(self, threshold: int = 5, source_tag: str = "vi"):
        self.threshold = threshold
        self.source_tag = source_tag
        self.datasets: dict | None = None
        self.env = None
        self.translations: dict = {}
        self.locales: dict = {}   # {tag: CLDR locale or None}, from languages.yaml's babel_locale

    def translate(self, msgid: str, tag: str) -> str:
        translations = self.translations.get(tag)
        return translations.gettext(msgid) if translations is not None else msgid

    def content_filter(self, html_text: str, *, tag: str, content_lang: str, settings=None) -> str:
        """Replace every statistics placeholder; an unknown name or an inline one gives ``""``
        (the scan reports it with file and line)."""
        if 'data-kind="statistics"' not in html_text or self.datasets is None or self.env is None:
            return html_text

        def replace(match):
            key = KEY_RE.search(match.group(0))
            form = FORM_RE.search(match.group(0))
            dataset = self.datasets.get(key.group(1)) if key else None
            if dataset is None or not form or form.group(1) != "card":
                return ""
            return str(self.render(dataset, content_lang))

        return PLACEHOLDER_RE.sub(replace, html_text)

    def view(self, dataset, tag: str) -> dict:
        """Everything the template shows, in ``tag``: texts as ``(text, lang)`` pairs, cells as
        ``{"kind", "text", "value"}`` (``text`` and ``value`` only for shown counts: hidden values
        never leave this function)."""
        table = build_table(dataset, self.threshold)
        locale = self.locales.get(tag)

        def words(text):
            return text.get(tag, self.source_tag, self.translate)

        def label(dim, value):
            labels = dataset.periods if dim == "period" else dataset.areas
            return words(labels[value]) if value in labels else (value, tag)

        def cell(c):
            shown = c.kind == COUNT
            return {"kind": c.kind, "text": number_text(c.value, locale) if shown else "",
                    "value": c.value if shown else None}

        rows = []
        for r, (period, area) in enumerate(table.row_keys):
            values = {"period": period, "area": area}
            rows.append({"labels": [label(d, values[d]) for d in table.row_dims],
                         "cells": [cell(c) for c in table.cells[r]],
                         "total": cell(table.row_total[r]) if table.row_total else None})
        return {
            "name": dataset.name,
            "title": words(dataset.title),
            "unit": words(dataset.unit),
            "notes": words(dataset.notes) if (dataset.notes.texts or dataset.notes.msgid) else None,
            "constant": [label(d, v) for d, v in table.constant.items()],
            "row_dims": list(table.row_dims),
            "measures": [words(dataset.measures[m]) for m in table.measures],
            "rows": rows,
            "total_row": [cell(c) for c in table.total_row] if table.total_row else None,
            "grand_total": cell(table.grand_total) if table.grand_total else None,
            "has_row_total": table.row_total is not None,
            "source_name": (dataset.source_name, self.source_tag),   # written in the source language
            "source_url": dataset.source_url,
            "source_date": date_text(dataset.source_date, locale) if dataset.source_date else "",
            "threshold": self.threshold,
            "suppressed": any(c.kind in (SMALL, HIDDEN) for c in table.all_cells()),
            "missing": any(c.kind == MISSING for c in table.all_cells()),
        }

    def render(self, dataset, tag: str) -> Markup:
        """The figure (``components/statistics.html``) for ``dataset`` in ``tag``."""
        return Markup(self.env.get_template(TEMPLATE).render(stat=self.view(dataset, tag), ui_lang=tag,
                                                             statistics_chart=statistics_chart))


def statistics_chart(stat: dict, small: str, hidden: str, missing: str = "–") -> Markup:
    """The SVG chart of a :meth:`StatisticsRenderer.view`: one group per row, one bar per
    measure; ``small``/``hidden``/``missing`` are the words shown for cells without a bar
    (translated in the template)."""
    words = {SMALL: str(small), HIDDEN: str(hidden), MISSING: missing}
    groups = []
    for row in stat["rows"]:
        bars = []
        for (measure, _), cell in zip(stat["measures"], row["cells"]):
            if cell["kind"] == COUNT:
                bars.append(Bar(measure, cell["text"], cell["value"]))
            else:
                bars.append(Bar(measure, words.get(cell["kind"], ""), None))
        groups.append((" · ".join(text for text, _ in row["labels"]), bars))
    return Markup(bar_chart(groups))
