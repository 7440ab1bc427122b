"""Write ``output/offline/loa-<tag>.html`` for every language and ``output/offline/loa-all.zip``.

Plain functions: the Pelican plugin (:mod:`loa.offline`) only calls :func:`write_offline` after
every other plugin has written its files.
"""
from __future__ import annotations

import base64
import hashlib
import io
import re

import zipfile
from pathlib import Path

from markupsafe import Markup

from loa.incremental import Memo, file_key
from loa.offline import html as pages_html
from loa.offline.bundle import Section, assemble, biggest, largest_sections
from loa.offline.settings import OfflineSettings
from loa.problems import Problems

#: A fixed time for every zip entry, so the same files give the same zip (ZIP has no 1970).
ZIP_DATE = (1980, 1, 1, 0, 0, 0)


def render_environment(theme: Path, translations_dir: Path, registry):
    """A Jinja environment on ``theme/templates`` with Loa's gettext installed (the same
    catalogs as the site, compiled beside their PO files if needed; untranslated strings
    marked ``lang``), and the quick exit's script with its CSP hash
    (``loa_offline_script``, ``loa_offline_script_hash``: docs/quick-exit.md)."""
    from jinja2 import Environment, FileSystemLoader

    from loa.languages.catalogs import compile_catalogs, install_gettext, load_translations

    env = Environment(loader=FileSystemLoader(str(Path(theme) / "templates")), autoescape=True,
                      trim_blocks=True, lstrip_blocks=True)
    mo_files = compile_catalogs(translations_dir, registry, Problems())  # problems: reported by the build
    install_gettext(env, load_translations(mo_files), registry.source.tag, mark_untranslated=True)
    from loa.theme import OFFLINE_EXIT_JS
    from loa.theme.security import script_hash

    env.globals.update(loa_offline_script=Markup(OFFLINE_EXIT_JS),
                       loa_offline_script_hash=Markup(script_hash(OFFLINE_EXIT_JS)))
    return env


_FONT_URL = re.compile(r"url\((['\"]?)([^)'\"]*?fonts/([^)'\"/]+\.woff2))\1\)")


def inline_fonts(text: str, output: Path, site_url: str = "") -> str:
    """Put the site's web fonts (``fonts/*.woff2``, the Tai Viet subset) into the offline file
    as ``data:`` URIs, so Tai Viet text shows on a phone without the font and the file needs
    nothing beside it. The font's address may be relative (``fonts/x.woff2``,
    ``../fonts/x.woff2``, ``/fonts/x.woff2``: development builds) or absolute under
    ``site_url`` (``https://loa.example.org/fonts/x.woff2``: production builds, where
    ``SITEURL`` is set). Only a file directly in ``output/fonts/`` is read. A font on another
    host, or not in ``output``, is left as it is (and then reported as a reference outside the
    file)."""
    site_prefix = (site_url or "").rstrip("/") + "/"

    def replace(match: re.Match) -> str:
        address, name = match.group(2), match.group(3)
        before = address[: -len("fonts/" + name)]
        if before not in ("", "../", "/") and not (site_url and before == site_prefix):
            return match.group(0)
        font = output / "fonts" / name
        if not font.is_file():
            return match.group(0)
        return f"url(data:font/woff2;base64,{base64.b64encode(font.read_bytes()).decode('ascii')})"

    return _FONT_URL.sub(replace, text)


_COPIES = Memo(limit=64)
_REFERENCES = Memo(name="offline-references")  # addresses in a page's section that would leave the file
_ZIPS = Memo(limit=4)  # offline copies of unchanged pages, while `invoke serve` runs


def write_offline(output: Path, registry, *, env, site_url: str, home_name: str, sitename: str,
                  problems: Problems, production: bool, pages: dict,
                  settings: OfflineSettings = OfflineSettings(), write=None) -> dict[str, Path]:
    """Write one offline file per language into ``output/offline/`` and the sharing zip.
    ``write(relative path, bytes)``, when given, writes each file (the site model's
    :meth:`loa.site.model.Site.write`, which keeps an unchanged file from the last build).

    ``pages`` is ``{tag: [OfflinePage]}`` from the plan (:func:`loa.offline.bundle.offline_pages`):
    which pages, in which order, with which status. A file over ``settings.max_bytes`` is a
    problem in the Markdown file of its biggest page (the others named in the hint); a reference
    that would leave the file is one in the page holding it (else the offline template). Both are
    errors in production (``invoke publish`` stops), warnings in development. An image that
    cannot be inlined is a warning in its page's file (its ``alt`` text stays). Returns ``{tag:
    path}`` of the files written.
    """
    folder = Path(output) / "offline"
    folder.mkdir(parents=True, exist_ok=True)
    report = problems.add if production else problems.warn
    template = env.get_template("offline.html")
    written = {}
    for language in registry:
        # The spoken channel wrote offline/loa-audio-<tag>.zip already when the language has recordings.
        audio_zip = folder / f"loa-audio-{language.tag}.zip"
        audio_zip = (audio_zip.name, audio_zip.stat().st_size) if audio_zip.is_file() else None

        language_pages = tuple(pages.get(language.tag, ()))

        def make(language=language, audio_zip=audio_zip, language_pages=language_pages):
            assembled = assemble(Path(output), language.tag, site_url=site_url, home_name=home_name,
                                 settings=settings, pages=language_pages)
            if not assembled.sections:
                return None
            sections = [_markup(s) for s in assembled.sections]

            def render(sections):
                return inline_fonts(template.render(
                    ui_lang=language.tag, language=language, SITENAME=sitename, css=Markup(assembled.css),
                    status=assembled.sections[0].status, sections=sections, audio_zip=audio_zip,
                ), Path(output), site_url)

            text = render(sections)
            # What would leave the file: looked for in the file without its pages' text (fast),
            # then in each page's text, kept by its content (a page unchanged, not looked at again);
            # each is reported in the page holding it, else in the offline template.
            hollow = [Section(s.id, s.name, s.title, s.status, Markup("")) for s in sections]
            holders = {ref: template.filename for ref in pages_html.outside_references(render(hollow))}
            for s in assembled.sections:
                for ref in _REFERENCES.get(hashlib.sha1(str(s.html).encode("utf-8")).hexdigest(),
                                           lambda s=s: pages_html.outside_references(str(s.html))):
                    holders.setdefault(ref, s.source or template.filename)
            return (text, assembled.image_problems, largest_sections(assembled.sections),
                    biggest(assembled.sections, 1)[0].source or template.filename, holders)

        # Made from the written pages, fonts and images: unchanged inputs, unchanged copy.
        inputs = sorted((p.relative_to(output).as_posix(), file_key(p))
                        for p in Path(output).glob(f"{language.tag}/*.html"))
        inputs += sorted((p.relative_to(output).as_posix(), hashlib.sha1(p.read_bytes()).hexdigest())
                         for pattern in ("fonts/*", "images/**/*") for p in Path(output).glob(pattern)
                         if p.is_file())  # written anew by every build: compared by content
        key = (language.tag, tuple(inputs), audio_zip, site_url, home_name, sitename, repr(settings), language_pages,
               template.filename and Path(template.filename).stat().st_mtime_ns)
        made = _COPIES.get(key, make)
        if made is None:
            continue
        text, image_problems, largest, biggest_source, outside = made
        path = folder / f"loa-{language.tag}.html"
        if write is not None:
            write(path.relative_to(output).as_posix(), text.encode("utf-8"))
        else:
            path.write_text(text, encoding="utf-8")
        written[language.tag] = path
        for problem in image_problems:
            problems.put(problem)
        size = len(text.encode("utf-8"))
        if size > settings.max_bytes:
            report(biggest_source, 1, f"the offline copy loa-{language.tag}.html is {size:,} bytes; "
                   f"the budget is {settings.max_bytes:,} (PRODUCT.md)",
                   f"largest pages: {largest}; shorten them or use fewer images")
        by_holder: dict[str, list[str]] = {}
        for ref, holder in outside.items():
            by_holder.setdefault(holder, []).append(ref)
        for holder, refs in sorted(by_holder.items()):
            report(holder, 1, f"the offline copy loa-{language.tag}.html refers to files outside "
                   f"itself: {', '.join(sorted(set(refs))[:5])}",
                   "this is a bug in Loa or a plugin's HTML; the copy would not work when shared")
    write_share_zip(folder / "loa-all.zip", list(written.values()), leaflets(Path(output)),
                    write=None if write is None else lambda data: write("offline/loa-all.zip", data))
    return written


def leaflets(output: Path) -> list[tuple[Path, str]]:
    """Every leaflet PDF the build wrote, ``output/<tag>/leaflets/*.pdf``, as
    ``(path, name in the zip)``: ``leaflets/<tag>/<file>.pdf``, sorted."""
    found = []
    for pdf in sorted(Path(output).glob("*/leaflets/*.pdf")):
        tag = pdf.parent.parent.name
        found.append((pdf, f"leaflets/{tag}/{pdf.name}"))
    return found


def write_share_zip(path: Path, offline_files: list[Path], leaflet_files: list[tuple[Path, str]],
                    write=None) -> Path:
    """Write ``path`` (``loa-all.zip``): the offline files at the top, the leaflets under
    ``leaflets/<tag>/``, compressed (DEFLATE, level 9; PDFs stored), entries sorted with a fixed date and
    mode, so the same files make a byte-identical zip. Written beside and renamed into place, or
    handed to ``write(bytes)`` when given."""
    entries = sorted([(p, p.name) for p in offline_files] + list(leaflet_files), key=lambda e: e[1])
    contents = [(name, Path(source).read_bytes()) for source, name in entries]

    def pack() -> bytes:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
            for name, data in contents:
                info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
                # PDFs are compressed inside already: stored as they are, they cost no time.
                info.compress_type = zipfile.ZIP_STORED if name.endswith(".pdf") else zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                archive.writestr(info, data, compresslevel=9)
        return buffer.getvalue()

    key = tuple((name, hashlib.sha1(data).hexdigest()) for name, data in contents)
    if write is not None:
        write(_ZIPS.get(key, pack))
        return path
    partial = path.with_name(path.name + ".partial")
    partial.write_bytes(_ZIPS.get(key, pack))
    partial.replace(path)
    return path


_HEADING = re.compile(r"<(/?)h([1-6])\b", re.I)


def shift_headings(html: str) -> str:
    """Move every heading of one page one level down (``h1`` → ``h2`` … ``h5`` → ``h6``; ``h6``
    stays), so the offline file has one ``h1`` and screen readers see each page as a part of it."""
    return _HEADING.sub(lambda m: f"<{m.group(1)}h{min(int(m.group(2)) + 1, 6)}", html)


def _markup(section):
    section.html = Markup(shift_headings(str(section.html)))
    return section
