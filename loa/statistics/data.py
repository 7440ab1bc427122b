"""Aggregated statistics files: ``<name>.csv`` with ``<name>.yaml`` beside it (pure, no Pelican).

``content/data/statistics/<name>.csv`` holds counts only, one line per period, area and measure::

    period,area,measure,count
    2025,Lai Châu,received,12

and ``<name>.yaml`` says what they are::

    title: {vi: …, en: …}        # or one Vietnamese text (a msgid, translated by the catalogs)
    source: {name: …, url: …, date: 2026-01-27}
    unit: {vi: người, en: people}
    notes: {vi: …, en: …}        # optional
    measures:                      # every measure of the CSV, in the order shown
      received: {vi: Được tiếp nhận, en: Received}
    summable: [received, …]        # measures whose counts may be added over periods and areas
    add_measures: false            # true: the summable measures are parts of one whole (nobody
                                   # counted twice), so each row gets a total of them too
    periods: {…}  areas: {…}       # optional labels per language for the CSV's values

A file that looks like one row per person is refused (:func:`check_csv`): extra columns (a
name, date of birth, ID number or phone column), counts that are not whole numbers ≥ 0, values
that look like a phone or ID number or a day's date, or too many counts of 1. Every problem is
returned with its line; nothing is half-loaded.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

HEADER = ("period", "area", "measure", "count")

# Column names that mean one row per person (Vietnamese and English, lower-cased, accents kept).
PERSONAL_COLUMNS = re.compile(
    r"(name|tên|ho_ten|hoten|birth|dob|ngày sinh|ngay_sinh|ngaysinh|năm sinh|age|tuổi|tuoi|"
    r"\bid\b|id_|_id|cccd|cmnd|căn cước|can_cuoc|passport|hộ chiếu|phone|điện thoại|dien_thoai|sđt|sdt|"
    r"address|địa chỉ|dia_chi|gender|giới tính|email)", re.IGNORECASE)
PHONE_OR_ID = re.compile(r"^\+?\d[\d .\-]*\d$")   # with 9+ digits: a phone, a CMND/CCCD number
DAY_DATE = re.compile(r"^\s*(\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[/.]\d{1,2}[/.]\d{4})\s*$")
NAME_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")

#: A file with at least this many rows, of which at least this share are counts of exactly 1,
#: is taken for a list of people: aggregated counts are rarely mostly ones.
MANY_ONES_MIN_ROWS = 10
MANY_ONES_SHARE = 0.5


@dataclass(frozen=True)
class Row:
    """One CSV line: ``period``, ``area``, ``measure`` (a key of ``measures``), ``count`` ≥ 0, and
    its 1-based ``line``."""

    period: str
    area: str
    measure: str
    count: int
    line: int


@dataclass(frozen=True)
class Text:
    """Words in several languages: ``texts`` ``{tag: text}``; or one ``msgid`` (Vietnamese) that
    the catalogs translate."""

    texts: dict = field(default_factory=dict)
    msgid: str | None = None

    def get(self, tag: str, source_tag: str, translate=None) -> tuple[str, str]:
        """``(text, lang)`` for a reader of ``tag``: the text in ``tag``, else the catalog's
        translation of the msgid (``translate(msgid, tag)``), else the source language's text."""
        if self.msgid is not None:
            translated = translate(self.msgid, tag) if translate else self.msgid
            return translated, (tag if translated != self.msgid or tag == source_tag else source_tag)
        if tag in self.texts:
            return self.texts[tag], tag
        if source_tag in self.texts:
            return self.texts[source_tag], source_tag
        if self.texts:
            lang, text = next(iter(self.texts.items()))
            return text, lang
        return "", tag


@dataclass(frozen=True)
class Dataset:
    """A checked statistics file pair.

    ``name`` (file stem), ``csv_path``, ``yaml_path``, ``rows`` (in file order), ``title``,
    ``unit``, ``notes`` (:class:`Text`), ``source_name``, ``source_url``, ``source_date``
    (``datetime.date`` or ``None``), ``measures`` (``{key: Text}`` in order), ``summable``
    (measure keys whose counts add up over periods and areas), ``add_measures`` (the summable
    measures are parts of one whole and may be added together), ``periods`` and ``areas``
    (``{value: Text}`` labels).
    """

    name: str
    csv_path: Path
    yaml_path: Path
    rows: tuple
    title: Text
    unit: Text
    notes: Text
    source_name: str
    source_url: str
    source_date: dt.date | None
    measures: dict
    summable: tuple
    add_measures: bool
    periods: dict
    areas: dict


def check_csv(text: str) -> tuple[list[Row], list[tuple[int, str, str]]]:
    """Parse a statistics CSV. Returns ``(rows, problems)``; ``problems`` is
    ``[(line, message, hint)]``, and when it is not empty the rows must not be used.

    Refused: a header other than ``period,area,measure,count`` (a personal column is named as
    such), a line with another number of fields, an empty period/area/measure, a count that is
    not a whole number ≥ 0, a value that looks like a phone or ID number or a day's date, a
    repeated period/area/measure, and files where at least half of ten or more counts are 1.
    """
    problems: list[tuple[int, str, str]] = []
    lines = list(csv.reader(io.StringIO(text)))
    if not lines or not any(field.strip() for field in lines[0]):
        return [], [(1, "this statistics file is empty",
                     "the first line must be: period,area,measure,count")]
    header = tuple(h.strip().lower() for h in lines[0])
    if header != HEADER:
        personal = [h for h in header if h not in HEADER and PERSONAL_COLUMNS.search(h)]
        if personal:
            problems.append((1, f"column '{personal[0]}' looks like data about one person; "
                                "statistics files hold counts only",
                             "publish counts only: one line per period, area and measure, with "
                             "the header period,area,measure,count; keep lists of people out of the site"))
        else:
            problems.append((1, f"the header must be exactly period,area,measure,count, not {','.join(lines[0])}",
                             "write the first line as: period,area,measure,count"))
        return [], problems
    rows: list[Row] = []
    seen: dict[tuple, int] = {}
    for number, fields in enumerate(lines[1:], start=2):
        if not any(f.strip() for f in fields):
            continue
        if len(fields) != 4:
            problems.append((number, f"this line has {len(fields)} values, not 4 (period,area,measure,count)",
                             "a line holds a period, an area, a measure and a count; put quotes around "
                             "a value that contains a comma"))
            continue
        period, area, measure, count_text = (f.strip() for f in fields)
        for column, value in (("period", period), ("area", area), ("measure", measure)):
            if not value:
                problems.append((number, f"the {column} is empty", f"write the {column} on every line"))
            elif PHONE_OR_ID.match(value) and len(re.sub(r"\D", "", value)) >= 9:
                problems.append((number, f"'{value}' in column {column} looks like a phone or ID number",
                                 "statistics files hold counts only, never details about one person"))
            elif DAY_DATE.match(value):
                problems.append((number, f"'{value}' in column {column} is a day's date, which may be a date of birth",
                                 "give periods as a year, a quarter or a month (2025, 2025-Q1, 2025-03)"))
        if not re.fullmatch(r"\d+", count_text):
            problems.append((number, f"the count '{count_text}' is not a whole number of 0 or more",
                             "write whole numbers without spaces, dots or commas: 1234, not 1.234"))
            continue
        key = (period, area, measure)
        if key in seen:
            problems.append((number, f"{period} / {area} / {measure} is given twice (also line {seen[key]})",
                             "give each period, area and measure once; add the counts together"))
            continue
        seen[key] = number
        rows.append(Row(period, area, measure, int(count_text), number))
    ones = [r for r in rows if r.count == 1]
    if len(rows) >= MANY_ONES_MIN_ROWS and len(ones) >= MANY_ONES_SHARE * len(rows):
        problems.append((ones[0].line, f"{len(ones)} of {len(rows)} counts are 1: this looks like one row "
                                       "per person, not counts",
                         "add the people up into counts per period, area and measure before publishing"))
    return rows, problems


def text_of(value, field_name: str) -> tuple[Text | None, str | None]:
    """A YAML value as :class:`Text`: a string is a msgid, a mapping gives texts per language
    tag. Returns ``(text, None)`` or ``(None, problem message)``."""
    if isinstance(value, str) and value.strip():
        return Text(msgid=value.strip()), None
    if isinstance(value, dict) and value and all(isinstance(v, str) and v.strip() for v in value.values()):
        return Text(texts={str(k): v.strip() for k, v in value.items()}), None
    return None, f"'{field_name}' must be a text, or texts per language (vi: …, en: …)"


def check_definition(meta, rows: list[Row], language_tags) -> tuple[dict, list[tuple[int, str, str]]]:
    """Check a ``<name>.yaml`` mapping (a :class:`loa.yamlfile.Located`) against its CSV rows.

    Returns ``(fields, problems)``: ``fields`` are the :class:`Dataset` keyword arguments read
    from the YAML; ``problems`` ``[(line, message, hint)]`` with lines in the YAML file.
    """
    problems: list[tuple[int, str, str]] = []
    line_of = getattr(meta, "line_of", lambda key: 1)
    if not isinstance(meta, dict):
        return {}, [(1, "the statistics description must be a mapping (title:, source:, unit:, measures:)",
                     "see the example in docs/statistics.md")]
    fields: dict = {}
    for key, required in (("title", True), ("unit", True), ("notes", False)):
        if key not in meta:
            if required:
                problems.append((1, f"'{key}' is missing", f"add {key}: with vi: and en: texts"))
            fields[key] = Text()
            continue
        text, message = text_of(meta[key], key)
        if message:
            problems.append((line_of(key), message, "e.g. title: {vi: Nạn nhân được hỗ trợ, en: Victims supported}"))
            text = Text()
        fields[key] = text
    source = meta.get("source")
    if not isinstance(source, dict) or not str(source.get("name") or "").strip():
        problems.append((line_of("source"), "'source' must name where the figures come from (source: {name: …, url: …})",
                         "no number without a source: give the publisher's name and the address of the page"))
        source = {}
    fields["source_name"] = str(source.get("name") or "").strip()
    fields["source_url"] = str(source.get("url") or "").strip()
    date = source.get("date")
    if date is not None and not isinstance(date, dt.date):
        problems.append((line_of("source"), f"the source date '{date}' is not a date", "write it as YYYY-MM-DD"))
        date = None
    fields["source_date"] = date
    measures = meta.get("measures")
    fields["measures"] = {}
    if not isinstance(measures, dict) or not measures:
        problems.append((line_of("measures"), "'measures' must list every measure of the CSV with its words",
                         "measures:\n      received: {vi: Được tiếp nhận, en: Received}"))
    else:
        for key, value in measures.items():
            text, message = text_of(value, f"measures: {key}")
            if message:
                problems.append((getattr(measures, "line_of", line_of)(key), message, "give vi: and en: texts"))
                continue
            fields["measures"][str(key)] = text
    summable = meta.get("summable", [])
    if not isinstance(summable, list) or not all(isinstance(s, str) for s in summable):
        problems.append((line_of("summable"), "'summable' must be a list of measure names",
                         "e.g. summable: [received, supported]; leave it out if no measures may be added"))
        summable = []
    for key in summable:
        if fields["measures"] and key not in fields["measures"]:
            problems.append((line_of("summable"), f"'summable' names '{key}', which is not under 'measures'",
                             f"known measures: {', '.join(fields['measures'])}"))
    fields["summable"] = tuple(s for s in summable if s in fields["measures"])
    add = meta.get("add_measures", False)
    if not isinstance(add, bool):
        problems.append((line_of("add_measures"), f"'add_measures' must be true or false, not {add!r}",
                         "true only when nobody is counted under two of the summable measures"))
        add = False
    fields["add_measures"] = add
    for key in ("periods", "areas"):
        labels = meta.get(key, {})
        fields[key] = {}
        if not isinstance(labels, dict):
            problems.append((line_of(key), f"'{key}' must map each value of the CSV to its words",
                             f"e.g. {key}: {{'2025': {{vi: Năm 2025, en: Year 2025}}}}"))
            continue
        for value, words in labels.items():
            text, message = text_of(words, f"{key}: {value}")
            if message:
                problems.append((getattr(labels, "line_of", line_of)(value), message, "give vi: and en: texts"))
                continue
            fields[key][str(value)] = text
    known = set(fields["measures"])
    if known:
        for row in rows:
            if row.measure not in known:
                problems.append((-row.line, f"measure '{row.measure}' is not described in the .yaml file",
                                 f"add it under measures: in the .yaml file, or use one of: {', '.join(known)}"))
    for key in ("title", "unit"):
        text = fields[key]
        if text.texts and language_tags and not set(text.texts) & set(language_tags):
            problems.append((line_of(key), f"'{key}' has no text in any language of the site",
                             f"use the language tags of languages.yaml: {', '.join(language_tags)}"))
    return fields, problems


def load_dataset(csv_path, yaml_path, language_tags=()) -> tuple[Dataset | None, list[tuple[Path, int, str, str]]]:
    """Read and check one ``<name>.csv`` + ``<name>.yaml`` pair.

    Returns ``(dataset, problems)`` where ``problems`` is ``[(path, line, message, hint)]`` over
    both files; ``dataset`` is ``None`` when there is any problem.
    """
    from loa.problems import Problems
    from loa.yamlfile import load_with_lines

    csv_path, yaml_path = Path(csv_path), Path(yaml_path)
    name = csv_path.stem
    found: list[tuple[Path, int, str, str]] = []
    if not NAME_RE.match(name):
        found.append((csv_path, 1, f"the statistics name '{name}' may hold only a-z, 0-9 and '-'",
                      "rename the file, e.g. nan-nhan-2025.csv"))
    try:
        text = csv_path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = csv_path.read_bytes()[: exc.start].count(b"\n") + 1
        return None, found + [(csv_path, line, "this file is not UTF-8 text", "save it as UTF-8 (CSV UTF-8) in your spreadsheet")]
    rows, csv_problems = check_csv(text)
    found += [(csv_path, line, message, hint) for line, message, hint in csv_problems]
    if not yaml_path.is_file():
        found.append((csv_path, 1, f"{yaml_path.name} is missing beside {csv_path.name}",
                      "add it with title:, source:, unit: and measures: (docs/statistics.md)"))
        return None, found
    yaml_problems = Problems()
    meta = load_with_lines(yaml_path, yaml_problems)
    found += [(yaml_path, p.line, p.message, p.hint) for p in yaml_problems.items]
    if meta is None:
        if not yaml_problems.items:
            found.append((yaml_path, 1, "the statistics description is empty", "see docs/statistics.md"))
        return None, found
    fields, def_problems = check_definition(meta, rows, language_tags)
    for line, message, hint in def_problems:
        # A negative line is a CSV line (a measure the YAML does not describe).
        found.append((csv_path, -line, message, hint) if line < 0 else (yaml_path, line, message, hint))
    if found:
        return None, found
    return Dataset(name=name, csv_path=csv_path, yaml_path=yaml_path, rows=tuple(rows), **fields), []


def load_all(folder, language_tags=()) -> tuple[dict, list[tuple[Path, int, str, str]]]:
    """Every ``*.csv`` in ``folder``: ``({name: Dataset}, problems)``. A ``.yaml`` without its
    ``.csv`` is reported too. A missing folder gives ``({}, [])``."""
    folder = Path(folder)
    datasets, problems = {}, []
    if not folder.is_dir():
        return datasets, problems
    for csv_path in sorted(folder.glob("*.csv")):
        dataset, found = load_dataset(csv_path, csv_path.with_suffix(".yaml"), language_tags)
        problems += found
        if dataset is not None:
            datasets[dataset.name] = dataset
    for yaml_path in sorted(list(folder.glob("*.yaml")) + list(folder.glob("*.yml"))):
        if not yaml_path.with_suffix(".csv").is_file():
            problems.append((yaml_path, 1, f"{yaml_path.with_suffix('.csv').name} is missing beside {yaml_path.name}",
                             "add the counts file, or remove the description"))
    return datasets, problems
