"""Pelican adapter: read the leaflet definitions, render every leaflet in every language, and
write ``<tag>/leaflets/`` (PDFs, previews, an index page).

Runs after :class:`loa.languages.generator.LanguagesGenerator` (PLUGINS order) and uses its plan
(the site model's ``plan``, :mod:`loa.site.model`), so leaflets follow the pages' translation status exactly.
"""
from __future__ import annotations

import html as htmllib
import logging
import re
import time
import unicodedata
from pathlib import Path

from markupsafe import Markup
from pelican.generators import Generator

from loa.incremental import Memo, digest
from loa.languages.catalogs import compile_catalogs, install_gettext, load_translations
from loa.leaflets import cards, content, fonts, guide, jobs, pdfmeta, pictures
from loa.leaflets.definitions import read_definitions
from loa.leaflets.layout import trifold_panels
from loa.leaflets.qr import make_qr_code, short_url
from loa.leaflets.render import RenderJob
from loa.site.site_settings import site_settings
from loa.leaflets.settings import KEY as SETTINGS_KEY
from loa.site.model import site_of
from loa.site.plan import page_path
from loa.theme.settings import theme_settings
from loa.problems import RecordingProblems

log = logging.getLogger("loa.leaflets")

CSS_FILES = {"trifold": "trifold.css", "booklet": "booklet.css", "poster": "poster.css",
             "cards": "cards.css", "guide": "guide.css"}
QR_MIN_MM = {"poster": 40.0}  # read from a step or two away; 25 mm is the floor (research/leaflets.md §4)


def css_string(value) -> Markup:
    """A text as a CSS string literal (for ``content:`` in a ``<style>``), quotes included.

    Letters, digits and spaces are kept; every other ASCII character (quotes, backslash,
    ``<``, ``;``, braces …) and every control, format, private-use or unassigned character
    becomes a CSS hex escape (``\\22 ``), so no value can end the string, the rule or the
    ``<style>`` element (security review M5; CSS Syntax Level 3 §4.3.7). Line breaks, tabs
    and form feeds become spaces (the banner is one line); U+0000 becomes U+FFFD, as CSS
    would read it anyway."""
    text = htmllib.unescape(str(value))
    out = []
    for char in text:
        if char in "\r\n\t\f":
            out.append(" ")
        elif char == "\0":
            out.append("\\fffd ")
        elif char == " " or (char.isascii() and char.isalnum()):
            out.append(char)
        elif char.isascii() or unicodedata.category(char)[0] in "CZ" and char != "\u00a0":
            out.append(f"\\{ord(char):x} ")
        else:
            out.append(char)
    return Markup('"' + "".join(out) + '"')


_CSS_SLOT = "/* loa: leaflet CSS */"
_STYLE_BLOCK = re.compile(r"<style\b[^>]*>.*?</style>", re.S | re.I)


def visible_text(html: str) -> str:
    """The text a leaflet document prints: tags and ``<style>`` blocks removed, entities
    decoded. Interface strings, hotline names and page text alike, for the font checks."""
    return htmllib.unescape(content._TAGS.sub(" ", _STYLE_BLOCK.sub(" ", html)))


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


_LIST_ITEM = re.compile(r"<li>")
_OWN_PICTO = re.compile(r'<svg role="img"[^>]*class="loa-picto".*?</svg>', re.S)


def list_pictograms(html: str, svgs: list[str]) -> str:
    """A poster section with a pictogram at the start of each list item, in order (the
    poster's "three things to remember", each with its picture); the section's own pictogram
    is left out. The pictograms are decorative (``aria-hidden``): the item's text says it all."""
    html = _OWN_PICTO.sub("", html)
    icons = iter(svgs)

    def item(match):
        svg = next(icons, "")
        if not svg:
            return match.group(0)
        svg = re.sub(r"<svg\b", '<svg aria-hidden="true" class="loa-picto loa-picto--item"', svg, count=1)
        return f"<li>{svg}"

    return _LIST_ITEM.sub(item, html)


def text_language(text) -> str:
    """The language most of a leaflet's text is in (by characters of its parts; the title's
    language without parts): the PDF's ``/Lang``. A fallback leaflet carries Vietnamese."""
    weights: dict[str, int] = {}
    for part in text.parts:
        weights[part.lang] = weights.get(part.lang, 0) + len(part.html)
    return max(weights, key=weights.get) if weights else text.title_lang


class LeafletsGenerator(Generator):
    """Writes ``<tag>/leaflets/<name>-<format>.pdf`` (+ ``.png`` preview; a booklet also
    ``-a5.pdf``) for every definition and language, and ``<tag>/leaflets/index.html``."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.site = site_of(self.settings)
        self.problems = self.site.problems
        self.site_config = site_settings(self.settings)
        self.definitions = []
        self.config = None
        self.directory = None   # loa.directory's Directory, from the context
        self.card_specs: dict[str, list] = {}

    # -- reading ---------------------------------------------------------------------------
    def generate_context(self):
        config = self.site.settings.get(SETTINGS_KEY)   # read in initialized (loa.leaflets.configure)
        if config is None or not config.folder.is_dir() or not self.site.plan:
            return
        self.config = config
        definitions = read_definitions(self.config.folder, self.problems)
        if not definitions:
            return
        registry = self.site.registry
        sources = {p.name: p.source for p in self.site.plan[registry.source.tag]}
        self.directory = self.site.directory
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
                if self._callable(key) is None and not data_broken:  # else the data's own error says why
                    self.problems.add(definition.path, line, f"leaflet '{definition.name}': unknown hotline '{key}'",
                                      "hotlines are defined in content/data/hotlines.yaml (by key)")
                    ok = False
            if ok and definition.format == "cards":
                specs = cards.read_cards(definition, self.problems, self._pictures_folder())
                ok = specs is not None
                for spec in specs or []:
                    for key in {k for texts in spec.texts.values() for t in texts.values() for k in cards.hotline_refs(t)}:
                        if self._callable(key) is None and not data_broken:
                            self.problems.add(definition.path, spec.line, f"card '{spec.page}': unknown hotline '{key}'",
                                              "hotlines are defined in content/data/hotlines.yaml (by key)")
                            ok = False
                self.card_specs[definition.name] = specs
            if ok:
                self.definitions.append(definition)
        # A meeting guide is printed for the person running the meeting: its page stays on the
        # site but is left out of the villagers' offline copies (150 KB budget).
        self.site.offline_skip_pages = tuple(sorted(
            {d.pages[0].page for d in definitions if d.format == "guide"}))
        for definition in list(self.definitions):
            if definition.format == "guide" and not guide.check_guide(
                    definition, definitions, sources, self._content_of,
                    Path(self.settings["PATH"]) / "scripts" / registry.source.tag, self.problems):
                self.definitions.remove(definition)

    def _pictures_folder(self) -> Path:
        """Where the cards' drawings are: ``content/pictures/``."""
        return Path(self.settings["PATH"]) / "pictures"

    def _content_of(self, planned, version) -> str:
        """A page version's HTML as shown in ``planned``'s language, content filters applied."""
        html = (version.obj.content or "") if version.obj is not None else ""
        tag = planned.tag if planned is not None else version.tag
        for content_filter in self.site.content_filters:
            html = content_filter(html, tag=tag, content_lang=version.tag, settings=self.settings)
        if "<img" in html.lower() and version.obj is not None:
            html = pictures.printable_pictures(
                html, page_url=getattr(version.obj, "url", "") or f"{version.tag}/", site_url=self._build_site_url(),
                content_root=Path(self.settings["PATH"]), images_dir=theme_settings(self.settings).images_dir)
        return absolute_links(html, tag, self.config.site_url, self.site.registry.tags,
                              self.site_config.home_page)

    def _build_site_url(self) -> str:
        """The ``SITEURL`` pages were built with, if absolute (production); else ``""``."""
        site_url = str(self.settings.get("SITEURL") or "")
        return site_url.rstrip("/") if site_url.startswith(("https://", "http://")) else ""

    def _fetch_allowed(self) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """What a leaflet may load (:func:`loa.leaflets.render.fetch_refusal`): the theme's
        static folder, the project's images and pictograms; and the font files."""
        content_root = Path(self.settings["PATH"])
        roots = (Path(self.theme) / "static", content_root / theme_settings(self.settings).images_dir,
                 content_root / "pictograms")
        return tuple(str(r.resolve()) for r in roots), ()

    # -- writing ---------------------------------------------------------------------------
    def generate_output(self, writer):
        if self.problems.errors or not self.definitions:
            return
        started = time.perf_counter()
        registry = self.site.registry
        # Unmarked by default: the leaflets' _() stand in CSS too. The index asks for marks.
        self.translations = load_translations(compile_catalogs(self.site_config.translations_dir, registry,
                                                               self.problems))
        install_gettext(self.env, self.translations, registry.source.tag)
        self.env.filters["css_string"] = css_string
        from loa.theme.css import read_css

        self.env.globals["loa_css"] = read_css(Path(self.theme) / "static" / "css",
                                                self.settings.get("LOA_CSS_FILES", ()))
        code = jobs.code_digest()
        static = Path(self.theme) / "static" / "leaflets"
        base_css = (static / "leaflet.css").read_text(encoding="utf-8")
        roots, _ = self._fetch_allowed()
        from loa.incremental import files_fingerprint

        loadable = files_fingerprint(roots)   # what the leaflets' HTML may load, by path
        render_jobs, meta = [], {}
        for language in registry:
            planned = {p.name: p for p in self.site.plan[language.tag]}
            drafts = []
            plan_key = drafts_key = None
            for definition in self.definitions:
                if not definition.for_language(language.tag):
                    continue
                if plan_key is None:
                    plan_key, drafts_key = self._drafts_keys(language.tag)
                made = (_DRAFTS.get(self._draft_key(drafts_key, plan_key, definition, planned),
                                    lambda: self._draft(definition, language, registry, planned))
                        if drafts_key else self._draft(definition, language, registry, planned))
                text, html, printed, found = made
                for args in found:
                    self.problems.add(*args)
                if html is not None:
                    drafts.append((definition, text, html, printed))
            # One font choice per language, from every character its leaflets print.
            faces, _ = fonts.language_faces(self.config.fonts, language.script,
                                            " ".join(d[3] for d in drafts), getattr(language, "font", None))
            covered = fonts.covered_codepoints(faces)
            font_css = fonts.font_face_css(faces)
            fonts_digest = fonts.fonts_digest(faces)
            font_files = tuple(str(face.path.resolve()) for face in faces)
            for definition, text, html, printed in drafts:
                missing = fonts.missing_characters(printed, covered)
                if missing:
                    self._missing_problem(definition, language, text, missing)
                    continue
                css = "\n".join([font_css, base_css, (static / CSS_FILES[definition.format]).read_text(encoding="utf-8")])
                html = html.replace(_CSS_SLOT, css, 1)
                key = jobs.input_key(definition.format, html, fonts_digest, code, loadable)
                label = f"{language.tag}/{definition.filename}"
                render_jobs.append(RenderJob(key, definition.format, html, static.resolve().as_uri() + "/",
                                             label, self.config.preview_width, roots, font_files))
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
            for warning in outcome.warnings:
                self.problems.warn(definition.path, definition.format_line,
                                   f"leaflet '{definition.name}' ({language.tag}): {warning}")
            entry = self._write(definition, language.tag, text, outcome)
            if definition.format == "cards":  # the set's own title, an interface string
                entry["title"], entry["title_lang"] = pdfmeta.head_values(job.html)["title"], language.tag
            listed[language.tag].append(entry)
        rendered = sum(1 for key, was_cached in cached.items() if not was_cached)
        self.site.leaflets = {"count": len(render_jobs), "rendered": rendered,
                              "seconds": time.perf_counter() - started}
        if self.config.log:
            log.info("leaflets: %d in %.1f s (%d rendered, %d unchanged)", len(render_jobs),
                     time.perf_counter() - started, rendered, len(render_jobs) - rendered)
        if self.problems.errors:
            return
        self._write_index(writer, registry, listed)

    # -- unchanged leaflets cost close to nothing ----------------------------------------
    def _draft(self, definition, language, registry, planned) -> tuple:
        """``(text, html, printed text, problems)`` of one leaflet in one language: its text,
        its HTML document (CSS slot not yet filled; ``None`` when a picture cannot be printed)
        and the problems found, as arguments of ``Problems.add``."""
        problems, self.problems = self.problems, RecordingProblems(root=self.problems.root)
        try:
            text = content.leaflet_text(definition, language.tag, planned, self._content_of)
            for warning in text.warnings:
                self.problems.add(warning.path, warning.line, warning.message, warning.hint, warning.severity)
            html = printed = None
            if self._pictures_ok(definition, language.tag, text):
                html = self._leaflet_html(definition, language, registry, text, _CSS_SLOT)
                printed = visible_text(html)
            return text, html, printed, self.problems.added
        finally:
            self.problems = problems

    def _drafts_keys(self, tag: str) -> tuple[str | None, str | None]:
        """``(plan key, drafts key)`` for language ``tag``: what every page of its plan is made
        from, and what every leaflet is made from besides its pages (the pages channel's site
        fingerprint: theme, catalogs, data, pictograms, Loa's code, settings; and the leaflet
        definitions, pictures, scripts and the files a leaflet may load). ``(None, None)`` when unchanged leaflets are not
        to be reused: production and ``invoke check`` work everything out again."""
        cache = self.site.output_cache
        if (cache is None or self.site_config.production or self.settings.get("LOA_PREVIOUS_OUTPUT") is None
                or not self.site_config.reuse_output):
            return None, None
        from loa.incremental import files_fingerprint

        planned = self.site.plan[tag]
        plan_key = digest([_planned_inputs(p) for p in planned])
        content_root = Path(self.settings["PATH"])
        drafts_key = digest(cache.site, files_fingerprint([self.config.folder, self._pictures_folder(),
                                                           content_root / "scripts", *self._fetch_allowed()[0]]),
                            repr(self.config), tag)
        return plan_key, drafts_key

    def _draft_key(self, drafts_key: str, plan_key: str, definition, planned) -> tuple:
        """The key of one leaflet's draft: a poster, trifold or booklet reads only its own
        pages; cards and a guide read others (their titles, steps), so the whole plan counts."""
        if definition.format in ("poster", "trifold", "booklet"):
            pages = [_planned_inputs(planned[ref.page]) for ref in definition.pages if ref.page in planned]
        else:
            pages = plan_key
        return (drafts_key, definition.filename, str(definition.path), _file_stamp(definition.path), digest(pages))

    def _callable(self, key: str):
        """The directory's hotline ``key`` if a leaflet can print it (it has a number), else ``None``."""
        return self.directory.callable_hotline(key) if self.directory is not None else None

    def _leaflet_html(self, definition, language, registry, text, css) -> str:
        url = f"{self.config.site_url}/{page_path(language.tag, text.page, self.site_config.home_page)}"
        qr = make_qr_code(url, module_mm=self.config.qr_module_mm,
                          min_mm=max(self.config.qr_min_mm, QR_MIN_MM.get(definition.format, 0)),
                          cache_dir=self.config.cache)
        # The hotlines as the directory gives them to a reader of this language (LocalisedEntry):
        # the primary one first unless the definition places it (loa.directory.data).
        hotlines = self.directory.hotlines_to_call([key for key, _ in definition.hotlines], language.tag)
        values = {
            "leaflet": definition, "text": text, "parts": text.parts, "hotline": hotlines[0],
            "hotlines": hotlines, "qr": qr, "url": url,
            "short_url": short_url(url), "ui_lang": language.tag, "language": language,
            "source_language": registry.source, "leaflet_css": Markup(css),
            "SITENAME": self.settings.get("SITENAME", "Loa"),
        }
        values["pdf_lang"] = text_language(text)
        values["page_picto"] = Markup(self._page_pictogram(text.page))
        if definition.format == "cards":
            planned = {p.name: p for p in self.site.plan[language.tag]}
            values["cards"] = cards.cards_in(self.card_specs[definition.name], language.tag, registry.source.tag,
                                             planned, self._pictures_folder(),
                                             lambda key: self._callable(key).display)
            langs = [c.lang for c in values["cards"]]
            values["pdf_lang"] = max(sorted(set(langs)), key=langs.count)
            values["cards_fallback"] = any(c.lang != language.tag for c in values["cards"])
            values["cards_draft"] = any(c.status == "draft" for c in values["cards"])
        elif definition.format == "guide":
            values["part_materials"] = self._guide_materials(definition, language, text)
        elif definition.format == "poster" and definition.data.get("pictograms"):
            values["parts"] = [content.Part(p.heading, list_pictograms(p.html, self._pictogram_svgs(definition)),
                                            p.lang, p.page, p.path) for p in text.parts]
        if definition.format == "trifold":
            values["panels"] = trifold_panels(text.parts)
        elif definition.format == "booklet":
            htmls, toc = number_sections(text.parts)
            values["part_htmls"], values["toc"] = htmls, toc
        return self.get_template(f"leaflets/{definition.format}").render(values)

    def _page_pictogram(self, page: str) -> str:
        """The pictogram the page names in its ``pictogram:`` field, as decorative inline SVG
        (the cover's title says the same), or ``""``."""
        from loa.directory.render import SvgCache

        registry = self.site.registry
        planned = {p.name: p for p in self.site.plan[registry.source.tag]}
        meta = planned[page].source.meta if page in planned else {}
        svg = SvgCache(Path(self.settings["PATH"]) / "pictograms").get(str(meta.get("pictogram") or ""))
        return re.sub(r"<svg\b", '<svg aria-hidden="true" class="loa-picto loa-picto--cover"', svg, count=1) if svg else ""

    def _pictogram_svgs(self, definition) -> list[str]:
        """The SVGs a poster's ``pictograms`` name (content/pictograms/<name>.svg), in order."""
        from loa.directory.render import SvgCache

        svgs = SvgCache(Path(self.settings["PATH"]) / "pictograms")
        return [svgs.get(str(name)) or "" for name in definition.data.get("pictograms") or []]

    def _guide_materials(self, definition, language, text) -> list:
        """For each part of a guide, the cards, leaflets and scripts of its step
        (:func:`loa.leaflets.guide.step_materials`), labelled in the guide's language."""
        planned = {p.name: p for p in self.site.plan[language.tag]}
        page = planned[definition.pages[0].page]
        source_sections = content.split_sections(self._content_of(page, page.source))
        by_name = {d.name: d for d in self.definitions}

        def resolve(kind, name):
            if kind == "cards":
                for d in self.definitions:
                    specs = self.card_specs.get(d.name) or []
                    for number, spec in enumerate(specs, 1):
                        if spec.page == name:
                            shown = planned[name].shown
                            return guide.Material("card", name, f"{number}. {cards.short_title(shown.title)}",
                                                  d.filename, shown.tag)
            if kind == "leaflets" and name in by_name:
                d = by_name[name]
                shown = planned[d.pages[0].page].shown
                return guide.Material("leaflet", name, cards.short_title(shown.title), d.filename, shown.tag)
            return guide.Material("script", name, *self._script_title(name, language.tag))

        return guide.step_materials(definition, text.parts, source_sections, resolve)

    def _script_title(self, name: str, tag: str) -> tuple[str, str, str]:
        """``(title, file, its language)`` of loudspeaker script ``name`` for a guide in ``tag``:
        ``content/scripts/<tag>/<name>.md`` if it exists, else the Vietnamese one; the file
        is the script's page, ``scripts/<name>.html`` in the guide's language."""
        from loa.site.metadata import split_metadata

        registry = self.site.registry
        folder = Path(self.settings["PATH"]) / "scripts"
        for lang in (tag, registry.source.tag):
            path = folder / lang / f"{name}.md"
            if path.is_file():
                meta, _ = split_metadata(path.read_text(encoding="utf-8-sig"))
                return str(meta.get("title") or name), f"{tag}/scripts/{name}.html", lang
        return name, "", registry.source.tag

    def _pictures_ok(self, definition, tag: str, text) -> bool:
        """Report each picture of the leaflet's text that cannot be printed (not one of the
        project's images in content/images/, or unreadable); ``False`` if there is one."""
        ok = True
        for part in text.parts:
            for src in pictures.unprintable(part.html):
                name = src.rsplit("/", 1)[-1] or src
                self.problems.add(part.path, _line_of(part.path, name) if name else 1,
                                  f"leaflet '{definition.name}' ({tag}): picture '{src}' cannot be printed",
                                  "use an image from content/images/ (JPEG or PNG): "
                                  "![what it shows]({static}/images/<file>)")
                ok = False
        return ok

    def _missing_problem(self, definition, language, text, missing) -> None:
        tag = language.tag
        setting = (f"the 'font:' of '{tag}' in content/languages.yaml (an installed font family with "
                   f"these characters: fc-list ':charset={' '.join(f'{ord(c):x}' for c in missing)}' family), "
                   "or install a Debian font package that has them (fonts-noto-core covers most scripts)")
        found = False
        pieces = list(text.parts) + [content.Part(None, text.title, text.title_lang, text.page, text.title_path),
                                     content.Part(None, text.summary, text.summary_lang, text.page, text.summary_path)]
        for part in pieces:
            chars = [c for c in missing if c in htmllib.unescape(part.html)]
            if chars and part.path:
                self.problems.add(part.path, _line_of(part.path, chars[0]),
                                  f"leaflet '{definition.name}' ({tag}): characters missing from the leaflet fonts: "
                                  f"{fonts.describe(chars)}",
                                  f"a typing mistake? Else set {setting}")
                found = True
        if not found:
            self.problems.add(definition.path, definition.line,
                              f"leaflet '{definition.name}' ({tag}): characters missing from the leaflet fonts: "
                              f"{fonts.describe(missing)}",
                              f"they are in a hotline name (content/data/) or an interface string "
                              f"(translations/{tag}/LC_MESSAGES/messages.po); set {setting}")

    def _where(self, text, needle: str):
        """``(path, line)`` of the first part of ``text`` holding ``needle``, or ``None``."""
        if not needle:
            return None
        for part in text.parts:
            if needle in part.html or needle in htmllib.unescape(content._TAGS.sub("", part.html)):
                return part.path, _line_of(part.path, needle[:30])
        return None

    def _render_problem(self, definition, tag, text, outcome) -> None:
        if outcome.refused:
            for url in outcome.refused:
                where = self._where(text, url.split(" ")[0]) or (definition.path, definition.line)
                self.problems.add(where[0], where[1],
                                  f"leaflet '{definition.name}' ({tag}) may not load {url}",
                                  "a leaflet uses only the theme's files, the project's images "
                                  "(content/images/), pictograms and fonts; remove the address or the "
                                  "rel=\"attachment\"")
        elif outcome.text:
            where = self._where(text, outcome.text.split(" ")[0])
            self.problems.add(where[0] if where else definition.path, where[1] if where else definition.format_line,
                              f"leaflet '{definition.name}' ({tag}): {outcome.error}",
                              "break the long word or number (a space or a hyphen), or shorten it")
        elif outcome.panel and definition.format == "cards":
            number = int(outcome.panel.split()[1])
            spec = self.card_specs[definition.name][number - 1]
            self.problems.add(definition.path, spec.line,
                              f"leaflet '{definition.name}' ({tag}): the text of card {number} "
                              f"('{spec.page}', {outcome.panel.split()[2]}) does not fit on the card",
                              "shorten its question or action (one sentence each)")
        elif outcome.panel:
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
        source, output = str(definition.path), Path(self.output_path)
        self.site.write(output, f"{tag}/leaflets/{definition.filename}", outcome.pdf, "leaflet", tag=tag, source=source)
        self.site.write(output, f"{tag}/leaflets/{stem}.png", outcome.preview, "leaflet-preview", tag=tag,
                        source=source)
        entry = {"definition": definition, "text": text, "pdf": definition.filename,
                 "kb": max(1, round(len(outcome.pdf) / 1024)), "pages": outcome.pages,
                 "preview": f"{stem}.png", "a5": None}
        if outcome.sequential is not None:
            suffix = "a6" if definition.format == "cards" else "a5"
            self.site.write(output, f"{tag}/leaflets/{stem}-{suffix}.pdf", outcome.sequential, "leaflet", tag=tag,
                            source=source)
            entry["a5"] = f"{stem}-{suffix}.pdf"
            entry["a5_kb"] = max(1, round(len(outcome.sequential) / 1024))
        return entry

    def _write_index(self, writer, registry, listed) -> None:
        template = self.get_template("leaflets/index")
        relative = bool(self.settings.get("RELATIVE_URLS"))
        cache = self.site.output_cache   # an unchanged index is reused (loa.incremental)
        for language in registry:
            key = digest(relative, [sorted((k, repr(v)) for k, v in item.items()) for item in listed[language.tag]])
            self.site.record(f"{language.tag}/leaflets/index.html", "leaflet-index", tag=language.tag)
            if cache is not None and cache.reuse(f"{language.tag}/leaflets/index.html", key, self.output_path):
                continue
            writer.write_file(f"{language.tag}/leaflets/index.html", template, self.context,
                              relative_urls=relative, override_output=True, page=None,
                              ui_lang=language.tag, language=language, leaflets=listed[language.tag],
                              languages=registry.languages, source_language=registry.source,
                              production=self.site_config.production,
                              loa_mark_untranslated=True,
                              translation_status=interface_status(language, self.translations.get(language.tag)))


_DRAFTS = Memo(limit=5_000, name="leaflet-drafts")  # unchanged leaflets are not written out again


def _file_stamp(path) -> tuple:
    try:
        stat = Path(path).stat()
        return (stat.st_size, stat.st_mtime_ns)
    except OSError:
        return ()


def _planned_inputs(planned) -> tuple:
    """What a planned page's text is made from: its name, status and reason, and the files of
    the version shown and of its source (name, size, modification time)."""
    return (planned.name, planned.status, planned.reason, str(planned.shown.path), _file_stamp(planned.shown.path),
            str(planned.source.path), _file_stamp(planned.source.path))


def interface_status(language, catalog) -> str:
    """``data-translation-status`` of a page whose own words are all interface strings (the
    leaflet index): ``source`` for the source language; ``fallback`` when the language's
    catalog translates nothing, so the page is shown in the source language (PRODUCT.md:
    "the source shown because no usable translation exists"); ``current`` otherwise — a catalog
    has no per-message review state, and a missing message is marked ``lang`` where shown.
    ``base.html`` shows it as ``translation_status`` when the page has no ``page`` object."""
    if language.is_source:
        return "source"
    if not any(key != "" for key in (getattr(catalog, "_catalog", None) or {})):
        return "fallback"
    return "current"


_HREF = re.compile(r"""\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+))""", re.I)


def absolute_links(html: str, tag: str, site_url: str, tags, home: str) -> str:
    """Links between pages, as printed on paper: the page in the leaflet's language under the
    production ``site_url`` (a relative link in a PDF would point into the machine that built
    it). Any other relative link, in any quoting, loses its target and keeps its text. Links
    with a scheme stay: ``https:``, ``tel:`` … print as they are, and any other (``file:``)
    is refused when the leaflet is rendered (:func:`loa.leaflets.render.render_pdf`)."""
    def replace(match: re.Match) -> str:
        href = next(g for g in match.groups() if g is not None)
        if href.strip().startswith("#") or re.match(r"[a-z][a-z0-9+.-]*:", href.strip(), re.I):
            return match.group(0)
        path = href.split("#")[0].split("?")[0]
        parts = [p for p in path.split("/") if p not in ("", ".", "..")]
        if len(parts) == 2 and parts[0] in tags and parts[1].endswith(".html"):
            name = parts[1][:-5]
            return f'href="{site_url}/{page_path(tag, home if name == "index" else name, home)}"'
        return ""

    return _HREF.sub(replace, html)


def _line_of(path, char: str) -> int:
    try:
        for number, line in enumerate(Path(path).read_text(encoding="utf-8-sig").splitlines(), 1):
            if char in line:
                return number
    except OSError:
        pass
    return 1
