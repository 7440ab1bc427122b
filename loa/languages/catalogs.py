"""Interface-string catalogs: extract (Babel), create and update (polib), compile, and use.

Babel cannot ``init`` a catalog for tags outside CLDR (``hmn``, ``ium``, ``hni``: research/
pelican-i18n.md, bug 13), and its catalogs drop the ``Language`` header for them, so catalogs are
created and merged with polib, which writes the headers we give it: ``Language`` is the tag from
``languages.yaml`` and ``Plural-Forms`` comes from there too. Extraction uses Babel's Jinja
extractor with ``trimmed`` on, matching the ``ext.i18n.trimmed`` policy set at render time, so a
multi-line ``{% trans %}`` block has the same msgid in the catalog and in the template
(pallets/jinja#1925).

msgids are Vietnamese, the source language: translators are bilingual in Vietnamese.
"""
from __future__ import annotations

import gettext
import re
from datetime import datetime, timezone
from pathlib import Path

import polib
from markupsafe import Markup, escape

from loa.site.registry import Language, Registry
from loa.problems import Problems, RecordingProblems

DOMAIN = "messages"
_PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|%[sd]|\{(\w+)\}")


def po_path(translations_dir, tag: str) -> Path:
    return Path(translations_dir) / tag / "LC_MESSAGES" / f"{DOMAIN}.po"


def mo_path(translations_dir, tag: str) -> Path:
    return Path(translations_dir) / tag / "LC_MESSAGES" / f"{DOMAIN}.mo"


def pot_path(translations_dir) -> Path:
    return Path(translations_dir) / f"{DOMAIN}.pot"


def extract(source_dirs, mapping_file, pot_file) -> int:
    """Extract msgids from templates (and Python) into ``pot_file`` with Babel.

    ``mapping_file`` is ``babel.cfg``. Returns the number of messages written.
    """
    from babel.messages.catalog import Catalog
    from babel.messages.extract import extract_from_dir
    from babel.messages.frontend import parse_mapping_cfg
    from babel.messages.pofile import write_po

    with open(mapping_file, encoding="utf-8") as f:
        method_map, options_map = parse_mapping_cfg(f, mapping_file)
    catalog = Catalog(project="Loa", charset="utf-8", fuzzy=False)
    root = Path(pot_file).resolve().parent.parent
    for source_dir in source_dirs:
        source_dir = Path(source_dir)
        for filename, lineno, message, comments, context in extract_from_dir(
            source_dir, method_map, options_map, keywords={"_": None, "gettext": None, "ngettext": (1, 2)},
            comment_tags=("TRANSLATORS:",), strip_comment_tags=True,
        ):
            location = (source_dir / filename).resolve()
            try:
                location = location.relative_to(root)
            except ValueError:
                pass
            catalog.add(message, None, [(location.as_posix(), lineno)],
                        auto_comments=comments, context=context)
    Path(pot_file).parent.mkdir(parents=True, exist_ok=True)
    with open(pot_file, "wb") as f:
        write_po(f, catalog, width=100, omit_header=False, sort_output=False)
    return len(catalog)


def _header(language: Language) -> dict[str, str]:
    return {
        "Project-Id-Version": "Loa",
        "Language": language.tag,
        "Language-Team": f"{language.english_name} <{language.tag}>",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": language.plural_forms,
    }


def update(translations_dir, registry: Registry) -> list[tuple[str, str]]:
    """Create missing catalogs and merge the template into existing ones.

    Every language gets ``translations/<tag>/LC_MESSAGES/messages.po``; new msgids are added
    untranslated, vanished ones become obsolete (``#~``), translations are kept. The
    ``Language`` and ``Plural-Forms`` headers always come from ``languages.yaml``.
    Returns ``[(tag, "created" | "updated")]``. Raises ``OSError`` (polib) on a broken PO.
    """
    pot = polib.pofile(str(pot_path(translations_dir)))
    done = []
    for language in registry:
        path = po_path(translations_dir, language.tag)
        if path.exists():
            po = polib.pofile(str(path), wrapwidth=100)  # as created: no re-wrapping churn
            po.merge(pot)
            state = "updated"
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            po = polib.POFile(wrapwidth=100)
            for entry in pot:
                po.append(polib.POEntry(msgid=entry.msgid, msgid_plural=entry.msgid_plural,
                                        msgstr="" if not entry.msgid_plural else "",
                                        msgstr_plural={0: ""} if entry.msgid_plural else {},
                                        occurrences=entry.occurrences, comment=entry.comment))
            po.header = f"{language.english_name} ({language.tag}) interface strings for Loa."
            state = "created"
        po.metadata.update(_header(language))
        po.metadata.setdefault("PO-Revision-Date", datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M+0000"))
        po.save(str(path))
        done.append((language.tag, state))
    return done


def placeholders(text: str) -> list[str]:
    """The printf/format placeholders in a message, sorted: ``['%(name)s', '{count}']``."""
    return sorted(m.group(0) for m in _PLACEHOLDER.finditer(text or ""))


_PO_LINE = re.compile(r'^(?:(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+)?"(?:[^"\\]|\\.)*"\s*$')


def po_syntax_errors(text: str) -> list[tuple[int, str]]:
    """Lines of a PO file that are neither comments, blank, nor a keyword with one complete
    quoted string (or a continuation string): ``[(line, message)]``. polib silently accepts
    some of these (an unterminated quote), and msgfmt would refuse them."""
    errors = []
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if not _PO_LINE.match(stripped):
            if stripped.count('"') % 2:
                errors.append((number, "a quote is not closed"))
            else:
                errors.append((number, f"unexpected text: {stripped[:40]}"))
    return errors


def check_catalog(path, problems: Problems) -> polib.POFile | None:
    """Read one PO file, adding a problem for a syntax error or a translation whose
    placeholders differ from its msgid's (a dropped ``%(number)s`` would print a wrong
    sentence, a new one would crash). Returns the parsed file or ``None``."""
    syntax = po_syntax_errors(Path(path).read_text(encoding="utf-8-sig", errors="replace"))
    for line, message in syntax:
        problems.add(path, line, f"this catalog cannot be read: {message}",
                     'every msgid and msgstr text must be in straight double quotes: msgstr "…"')
    if syntax:
        return None
    try:
        po = polib.pofile(str(path), check_for_duplicates=True)
    except (OSError, ValueError) as exc:
        message = str(exc)
        match = re.search(r"line (\d+)", message)
        line = int(match.group(1)) if match else 1
        problems.add(path, line, f"this catalog cannot be read: {message.split('(line')[0].strip()}",
                     "check quotes: every msgid and msgstr line must start and end with \"")
        return None
    lines = Path(path).read_text(encoding="utf-8-sig", errors="replace").splitlines()
    for entry in po.translated_entries():
        expected = placeholders(entry.msgid)
        strings = [entry.msgstr] if not entry.msgid_plural else list(entry.msgstr_plural.values())
        for msgstr in strings:
            found = placeholders(msgstr)
            if msgstr and found != expected and not (entry.msgid_plural and set(found) <= set(expected)):
                problems.add(path, _msgstr_line(lines, entry.linenum),
                             f"the translation of '{entry.msgid[:50]}' must keep "
                             f"{', '.join(expected) or 'no placeholder'}; it has {', '.join(found) or 'none'}",
                             "copy the %(…)s parts exactly as they are in msgid; they are filled in by the site")
    return po


def _msgstr_line(lines: list[str], start: int) -> int:
    """The line of the ``msgstr`` that follows the entry starting at ``start`` (1-based)."""
    for number in range(max(start, 1), len(lines) + 1):
        if lines[number - 1].lstrip().startswith("msgstr"):
            return number
    return start


def compile_catalogs(translations_dir, registry: Registry, problems: Problems) -> dict[str, Path]:
    """Compile each language's PO to MO beside it (never committed). A catalog with problems is
    not compiled. Returns ``{tag: mo_path}`` for the catalogs compiled.

    A catalog whose MO file is newer than its PO file was checked and compiled from
    that PO by an earlier build (an MO is written only after a clean check), so it is neither
    parsed nor checked again. Within one process the answer for unchanged PO files is kept,
    with the problems found, which are added to ``problems`` again on every call: the pages,
    leaflets, scripts and status page each ask, and the catalogs are read once."""
    key = (str(Path(translations_dir).resolve()), tuple(registry.tags),
           tuple(_stamp(po_path(translations_dir, tag)) for tag in registry.tags))
    known = _COMPILED.get(key)
    if known is None:
        found = RecordingProblems(root=problems.root)
        known = _COMPILED[key] = (_compile_catalogs(translations_dir, registry, found), found.added)
    compiled, added = known
    for args in added:
        problems.add(*args)
    return dict(compiled)


_COMPILED: dict = {}


def _stamp(path: Path) -> tuple:
    try:
        stat = path.stat()
        return (stat.st_size, stat.st_mtime_ns)
    except OSError:
        return ()


def _compile_catalogs(translations_dir, registry: Registry, problems: Problems) -> dict[str, Path]:
    compiled = {}
    for language in registry:
        path = po_path(translations_dir, language.tag)
        if not path.exists():
            continue
        target = mo_path(translations_dir, language.tag)
        if target.exists() and target.stat().st_mtime_ns > path.stat().st_mtime_ns:
            compiled[language.tag] = target  # compiled from this PO after a clean check
            continue
        before = len(problems.errors)
        po = check_catalog(path, problems)
        if po is None or len(problems.errors) > before:
            continue
        po.save_as_mofile(str(target))
        compiled[language.tag] = target
    return compiled


def load_translations(mo_files: dict[str, Path]) -> dict[str, gettext.NullTranslations]:
    """Open compiled catalogs: ``{tag: GNUTranslations}``. Missing tags get nothing; the
    gettext functions then show the Vietnamese msgid. An unchanged MO file is read once per
    process; every caller gets the same catalog objects."""
    result = {}
    for tag, path in mo_files.items():
        key = (str(Path(path).resolve()), _stamp(Path(path)))
        if key not in _LOADED:
            with open(path, "rb") as f:
                _LOADED[key] = gettext.GNUTranslations(f)
        result[tag] = _LOADED[key]
    return result


_LOADED: dict = {}


def install_gettext(env, translations: dict[str, gettext.NullTranslations], default_tag: str, *,
                    mark_untranslated: bool = False) -> None:
    """Give a Jinja environment ``_``, ``gettext`` and ``ngettext`` that translate into the
    language of the page being rendered (the ``ui_lang`` template variable).

    Old-style gettext is installed, so a literal ``%`` in a message never goes through
    %-formatting (pallets/jinja#516); pass keyword arguments to format: ``_('%(n)s trang', n=3)``.
    Translations are escaped: HTML arriving through a PO file is shown as text.

    ``mark_untranslated``: a message the page's catalog does not translate is shown in the
    source language (its msgid), so it is wrapped in ``<span lang="<default_tag>">`` and a
    screen reader reads it with the right voice (WCAG 3.1.2, Language of Parts). Only for
    templates whose every ``_()`` stands where markup is allowed; in an attribute or a
    ``<title>`` write ``_("…")|striptags``. A template rendered with the variable
    ``loa_mark_untranslated`` set overrides ``mark_untranslated`` for that render, so one
    environment can mark an HTML page and leave a PDF whose ``_()`` stand in CSS unmarked.
    """
    from jinja2 import pass_context

    null = gettext.NullTranslations()

    def lookup(context) -> tuple[str, gettext.NullTranslations]:
        tag = context.get("ui_lang") or default_tag
        return tag, translations.get(tag, null)

    def mark(context, tag: str, catalog, key, text: Markup) -> Markup:
        wanted = context.get("loa_mark_untranslated", mark_untranslated)
        if not wanted or tag == default_tag or is_translated(catalog, key):
            return text
        return Markup('<span lang="%s">%s</span>') % (default_tag, text)

    @pass_context
    def _gettext(context, message, **variables):
        tag, catalog = lookup(context)
        text = escape(catalog.gettext(message))
        return mark(context, tag, catalog, message, Markup(text % variables) if variables else text)

    @pass_context
    def _ngettext(context, singular, plural, n, **variables):
        tag, catalog = lookup(context)
        text = escape(catalog.ngettext(singular, plural, n))
        return mark(context, tag, catalog, (singular, 0),
                    Markup(text % dict(variables, num=n)) if variables else text)

    env.add_extension("jinja2.ext.i18n")
    env.policies["ext.i18n.trimmed"] = True
    env.install_gettext_callables(_gettext, _ngettext, newstyle=False)


def is_translated(catalog: gettext.NullTranslations, key) -> bool:
    """Whether ``catalog`` holds a translation for ``key`` (a msgid, or ``(msgid, 0)`` for a
    plural message). Untranslated and fuzzy entries are not compiled into the MO file
    (:func:`compile_catalogs`), so they are absent here."""
    return key in (getattr(catalog, "_catalog", None) or {})
