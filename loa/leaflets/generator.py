"""Pelican adapter: read the leaflet definitions, render every leaflet in every language, and
write ``<tag>/leaflets/`` (PDFs, previews, an index page).

Runs after :class:`loa.languages.generator.LanguagesGenerator` (PLUGINS order) and uses its plan
(``context["loa_plan"]``), so leaflets follow the pages' translation status exactly.
"""
from __future__ import annotations

import html as htmllib
import logging
import re
import time
from pathlib import Path

from markupsafe import Markup
from pelican.generators import Generator

from loa.incremental import digest
from loa.languages.catalogs import compile_catalogs, install_gettext, load_translations
from loa.leaflets import content, fonts, jobs
from loa.leaflets.definitions import read_definitions
from loa.leaflets.hotlines import hotline_lookup
from loa.leaflets.layout import trifold_panels
from loa.leaflets.qr import make_qr_code, short_url
from loa.leaflets.render import RenderJob
from loa.leaflets.settings import LeafletSettingsError, read_settings
from loa.languages.site import page_path

log = logging.getLogger("loa.leaflets")

CSS_FILES = {"trifold": "trifold.css", "booklet": "booklet.css", "poster": "poster.css"}
QR_MIN_MM = {"poster": 40.0}  # read from a step or two away; 25 mm is the floor (research/leaflets.md §4)


def css_string(value) -> Markup:
    """A text as a CSS string literal (for ``content:`` in a ``<style>``), quotes included."""
    text = htmllib.unescape(str(value))
    text = text.replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\3C ").replace("\n", " ")
    return Markup(f'"{text}"')


def number_sections(parts) -> tuple[list, list[tuple[str, str, str]]]:
    """Give each part's ``<h2>`` an ``id`` (``s-1``, ``s-2`` …) for the booklet's table of
    contents; returns the parts' HTML and ``[(id, heading, lang)]``."""
    toc, htmls = [], []
    for part in parts:
        html = part.html
        if part.heading:
            anchor = f"s-{len(toc) + 1}"
            html = re.sub(r"<h2(?=[\s>])", f'<h2 id="{anchor}"', html, count=1)
            toc.append((anchor, part.heading, part.lang))
        htmls.append(html)
    return htmls, toc


class LeafletsGenerator(Generator):
    """Writes ``<tag>/leaflets/<name>-<format>.pdf`` (+ ``.png`` preview; a booklet also
    ``-a5.pdf``) for every definition and language, and ``<tag>/leaflets/index.html``."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.problems = self.settings["LOA_PROBLEMS"]
        self.definitions = []
        self.config = None

    # -- reading ---------------------------------------------------------------------------
    def generate_context(self):
        folder = Path(self.settings.get("LEAFLETS_PATH") or Path(self.settings["PATH"]) / "leaflets")
        if not folder.is_dir() or "loa_plan" not in self.context:
            return
        try:
            self.config = read_settings(self.settings)
        except LeafletSettingsError as exc:
            self.problems.add("pelicanconf.py", 1, str(exc))
            return
        definitions = read_definitions(self.config.folder, self.problems)
        if not definitions:
            return
        registry = self.context["loa_registry"]
        sources = {p.name: p.source for p in self.context["loa_plan"][registry.source.tag]}
        self.lookup = hotline_lookup(self.config, self.context.get("loa_directory"))
        source_folder = Path(self.settings["PATH"]) / "pages" / registry.source.tag
        for definition in definitions:
            if any(ref.page not in sources and (source_folder / f"{ref.page}.md").is_file()
                   for ref in definition.pages):
                continue  # the page exists but could not be read: its own errors say why
            ok = content.check_definition(definition, sources, self._content_of, self.problems)
            for tag in definition.languages:
                if registry.get(tag) is None:
                    self.problems.add(definition.path, definition.line,
                                      f"leaflet '{definition.name}': unknown language '{tag}'",
                                      f"known: {', '.join(registry.tags)}")
                    ok = False
            data_broken = any(Path(p.path).name in ("hotlines.yaml", "services.yaml") for p in self.problems.errors)
            for key, line in definition.hotlines:
                if self.lookup(key) is None and not data_broken:  # else the data's own error says why
                    self.problems.add(definition.path, line, f"leaflet '{definition.name}': unknown hotline '{key}'",
                                      "hotlines are defined in content/data/hotlines.yaml (by key)")
                    ok = False
            if ok:
                self.definitions.append(definition)

    def _content_of(self, planned, version) -> str:
        """A page version's HTML as shown in ``planned``'s language, content filters applied."""
        html = (version.obj.content or "") if version.obj is not None else ""
        tag = planned.tag if planned is not None else version.tag
        for content_filter in self.settings.get("LOA_CONTENT_FILTERS", []):
            html = content_filter(html, tag=tag, content_lang=version.tag, settings=self.settings)
        return absolute_links(html, tag, self.config.site_url, self.context["loa_registry"].tags,
                              self.settings.get("LOA_HOME_PAGE", "trang-chu"))

    # -- writing ---------------------------------------------------------------------------
    def generate_output(self, writer):
        if self.problems.errors or not self.definitions:
            return
        started = time.perf_counter()
        registry = self.context["loa_registry"]
        translations_dir = self.settings.get("LOA_TRANSLATIONS_DIR", "translations")
        install_gettext(self.env, load_translations(compile_catalogs(translations_dir, registry, self.problems)),
                        registry.source.tag)
        self.env.filters["css_string"] = css_string
        from loa.languages.generator import _read_css

        self.env.globals["loa_css"] = _read_css(Path(self.theme) / "static" / "css",
                                                self.settings.get("LOA_CSS_FILES", ()))
        covered = fonts.covered_codepoints(self.config.fonts)
        font_css = fonts.font_face_css(self.config.fonts)
        fonts_digest = fonts.fonts_digest(self.config.fonts)
        code = jobs.code_digest()
        static = Path(self.theme) / "static" / "leaflets"
        base_css = (static / "leaflet.css").read_text(encoding="utf-8")
        render_jobs, meta = [], {}
        for language in registry:
            planned = {p.name: p for p in self.context["loa_plan"][language.tag]}
            for definition in self.definitions:
                if not definition.for_language(language.tag):
                    continue
                text = content.leaflet_text(definition, language.tag, planned, self._content_of)
                for path, message in text.warnings:
                    self.problems.warn(path, 1, f"leaflet '{definition.name}': {message}")
                missing = fonts.missing_characters(text.text() + self._hotline_text(definition, language.tag), covered)
                if missing:
                    self._missing_problem(definition, language.tag, text, missing)
                    continue
                css = "\n".join([font_css, base_css, (static / CSS_FILES[definition.format]).read_text(encoding="utf-8")])
                html = self._leaflet_html(definition, language, registry, text, css)
                key = jobs.input_key(definition.format, html, fonts_digest, code)
                label = f"{language.tag}/{definition.filename}"
                render_jobs.append(RenderJob(key, definition.format, html, static.resolve().as_uri() + "/",
                                             label, self.config.preview_width))
                meta[label] = (definition, language, text)
        if not render_jobs:
            return
        cache = jobs.LeafletCache(self.config.cache)

        def report(job, outcome, cached):
            if not self.config.log or outcome.error:
                return
            if cached:
                log.info("leaflet %s: unchanged, reused (%d pages)", job.label, outcome.pages)
            else:
                log.info("leaflet %s: rendered in %.2f s (%d pages)", job.label, outcome.seconds, outcome.pages)

        outcomes, cached = jobs.run_jobs(render_jobs, workers=self.config.workers, cache=cache, report=report)
        cache.prune()
        listed: dict[str, list[dict]] = {tag: [] for tag in registry.tags}
        for job in render_jobs:
            definition, language, text = meta[job.label]
            outcome = outcomes[job.key]
            if outcome.error:
                self._render_problem(definition, language.tag, text, outcome)
                continue
            listed[language.tag].append(self._write(definition, language.tag, text, outcome))
        rendered = sum(1 for key, was_cached in cached.items() if not was_cached)
        self.settings["LOA_LEAFLETS"] = {"count": len(render_jobs), "rendered": rendered,
                                         "seconds": time.perf_counter() - started}
        if self.config.log:
            log.info("leaflets: %d in %.1f s (%d rendered, %d unchanged)", len(render_jobs),
                     time.perf_counter() - started, rendered, len(render_jobs) - rendered)
        if self.problems.errors:
            return
        self._write_index(writer, registry, listed)

    def _hotlines(self, definition, tag: str) -> list[dict]:
        source_tag = self.context["loa_registry"].source.tag
        found = []
        directory = self.context.get("loa_directory")
        keys = [key for key, _ in definition.hotlines]
        primary = getattr(directory, "primary_key", None)
        if primary and self.lookup(primary) is not None and primary not in keys:
            keys.insert(0, primary)  # every leaflet carries the primary hotline (issue 4)
        for key in keys:
            hotline = self.lookup(key)
            name, name_lang = hotline.name(tag, source_tag)
            found.append({"key": key, "display": hotline.display, "tel": hotline.tel,
                          "name": name, "name_lang": name_lang})
        return found

    def _hotline_text(self, definition, tag: str) -> str:
        return " ".join(f"{h['display']} {h['name']}" for h in self._hotlines(definition, tag))

    def _leaflet_html(self, definition, language, registry, text, css) -> str:
        url = f"{self.config.site_url}/{page_path(language.tag, text.page, self.settings.get('LOA_HOME_PAGE', 'trang-chu'))}"
        qr = make_qr_code(url, module_mm=self.config.qr_module_mm,
                          min_mm=max(self.config.qr_min_mm, QR_MIN_MM.get(definition.format, 0)),
                          cache_dir=self.config.cache)
        hotlines = self._hotlines(definition, language.tag)
        values = {
            "leaflet": definition, "text": text, "parts": text.parts, "hotline": hotlines[0],
            "hotlines": hotlines, "qr": qr, "qr_svg": Markup(qr.svg), "url": url,
            "short_url": short_url(url), "ui_lang": language.tag, "language": language,
            "source_language": registry.source, "leaflet_css": Markup(css),
            "SITENAME": self.settings.get("SITENAME", "Loa"),
        }
        if definition.format == "trifold":
            values["panels"] = trifold_panels(text.parts)
        elif definition.format == "booklet":
            htmls, toc = number_sections(text.parts)
            values["part_htmls"], values["toc"] = htmls, toc
        return self.get_template(f"leaflets/{definition.format}").render(values)

    def _missing_problem(self, definition, tag, text, missing) -> None:
        found = False
        for part in text.parts + [content.Part(None, text.title + " " + text.summary, text.title_lang, text.page, "")]:
            chars = [c for c in missing if c in htmllib.unescape(part.html)]
            if chars and part.path:
                self.problems.add(part.path, _line_of(part.path, chars[0]),
                                  f"leaflet '{definition.name}' ({tag}): characters missing from the leaflet fonts: "
                                  f"{fonts.describe(chars)}",
                                  "replace them (a typing mistake?) or add a font to LEAFLETS_FONTS")
                found = True
        if not found:
            self.problems.add(definition.path, definition.line,
                              f"leaflet '{definition.name}' ({tag}): characters missing from the leaflet fonts: "
                              f"{fonts.describe(missing)}", "check the hotline names and interface strings")

    def _render_problem(self, definition, tag, text, outcome) -> None:
        if outcome.panel:
            panel_parts = []
            if definition.format == "trifold":
                panel_parts = trifold_panels(text.parts).get(outcome.panel, [])
            where = ", ".join(f"'{p.heading or p.page}' ({self.problems.relative(p.path)})" for p in panel_parts)
            self.problems.add(definition.path, definition.format_line,
                              f"leaflet '{definition.name}' ({tag}): {outcome.error}"
                              + (f"; it holds {where}" if where else ""),
                              "shorten that text, or choose fewer sections with 'sections:'")
        else:
            self.problems.add(definition.path, definition.line,
                              f"leaflet '{definition.name}' ({tag}) could not be made: {outcome.error}")

    def _write(self, definition, tag, text, outcome) -> dict:
        folder = Path(self.output_path) / tag / "leaflets"
        folder.mkdir(parents=True, exist_ok=True)
        stem = definition.filename[:-4]
        (folder / definition.filename).write_bytes(outcome.pdf)
        (folder / f"{stem}.png").write_bytes(outcome.preview)
        entry = {"definition": definition, "text": text, "pdf": definition.filename,
                 "kb": max(1, round(len(outcome.pdf) / 1024)), "pages": outcome.pages,
                 "preview": f"{stem}.png", "a5": None}
        if outcome.sequential is not None:
            (folder / f"{stem}-a5.pdf").write_bytes(outcome.sequential)
            entry["a5"] = f"{stem}-a5.pdf"
            entry["a5_kb"] = max(1, round(len(outcome.sequential) / 1024))
        return entry

    def _write_index(self, writer, registry, listed) -> None:
        template = self.get_template("leaflets/index")
        relative = bool(self.settings.get("RELATIVE_URLS"))
        cache = self.settings.get("LOA_OUTPUT_CACHE")   # an unchanged index is reused (loa.incremental)
        for language in registry:
            key = digest(relative, [sorted((k, repr(v)) for k, v in item.items()) for item in listed[language.tag]])
            if cache is not None and cache.reuse(f"{language.tag}/leaflets/index.html", key, self.output_path):
                continue
            writer.write_file(f"{language.tag}/leaflets/index.html", template, self.context,
                              relative_urls=relative, override_output=True, page=None,
                              ui_lang=language.tag, language=language, leaflets=listed[language.tag],
                              languages=registry.languages, source_language=registry.source,
                              production=bool(self.settings.get("LOA_PRODUCTION")))


_SITE_LINK = re.compile(r'href="(?!https?:|tel:|mailto:|#)([^"]*)"')


def absolute_links(html: str, tag: str, site_url: str, tags, home: str) -> str:
    """Links between pages, as printed on paper: the page in the leaflet's language under the
    production ``site_url`` (a relative link in a PDF would point into the machine that built
    it). Any other relative link loses its target and keeps its text."""
    def replace(match: re.Match) -> str:
        path = match.group(1).split("#")[0].split("?")[0]
        parts = [p for p in path.split("/") if p not in ("", ".", "..")]
        if len(parts) == 2 and parts[0] in tags and parts[1].endswith(".html"):
            name = parts[1][:-5]
            return f'href="{site_url}/{page_path(tag, home if name == "index" else name, home)}"'
        return ""

    return _SITE_LINK.sub(replace, html)


def _line_of(path, char: str) -> int:
    try:
        for number, line in enumerate(Path(path).read_text(encoding="utf-8-sig").splitlines(), 1):
            if char in line:
                return number
    except OSError:
        pass
    return 1
