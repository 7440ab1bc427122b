"""Pelican adapter: turn the pages Pelican read into every language's site.

Pelican reads and caches the Markdown (``PagesGenerator``); it writes nothing itself
(``PAGE_SAVE_AS = ''``). :class:`LanguagesGenerator` then validates languages, asks
:func:`loa.site.plan.plan_site` what each language shows, and writes each language's pages,
its home, the language chooser, the sitemap and one Atom feed per language.
"""
from __future__ import annotations

import logging
import os
import re
from pathlib import Path

from markupsafe import Markup
from pelican.generators import Generator

import loa
from loa.site import policy
from loa.incremental import OutputCache, configuration, digest, files_fingerprint
from loa import parallel
from loa.languages import feeds, sitemap
from loa.languages.catalogs import compile_catalogs, install_gettext, load_translations
from loa.site.site_settings import site_settings
from loa.theme.settings import theme_settings
from loa.site.plan import PageVersion, PlannedPage, page_path, plan_site, sort_key
from loa.site.registry import Registry
from loa.problems import Problems
from loa.site.model import Site, site_of
from loa.site.pages import read_page
from loa.theme.css import read_css

log = logging.getLogger(__name__)

RESERVED_KEYS = {"status": "translation_status", "lang": None, "slug": None}


class PageView:
    """What templates see of a planned page: text, status, links. Built per write, cheap."""

    def __init__(self, planned: PlannedPage, generator: "LanguagesGenerator"):
        self.planned = planned
        self._generator = generator
        self.name = planned.name
        self.tag = planned.tag
        self.status = planned.status
        self.reason = planned.reason
        self.content_lang = planned.content_lang
        self.title = planned.shown.title
        self.meta = planned.shown.meta
        self.source_meta = planned.source.meta
        self.path = page_path(planned.tag, planned.name, generator.home_name)
        self.available = planned.available
        self.is_home = planned.name == generator.home_name

    @property
    def summary(self) -> str:
        return str(self.meta.get("summary") or self.planned.source.meta.get("summary") or "")

    @property
    def content(self) -> Markup:
        html = self.planned.shown.obj.content or ""
        siteurl = self._generator.context.get("localsiteurl") or ""
        html = self._generator.localise_links(html, siteurl, self.tag)
        for content_filter in self._generator.site.content_filters:
            html = content_filter(html, tag=self.tag, content_lang=self.content_lang,
                                  settings=self._generator.settings)
        return Markup(html)

    def url(self, tag: str | None = None) -> str:
        """Path of this page in ``tag`` (default: its own language), relative to the site root."""
        return page_path(tag or self.tag, self.name, self._generator.home_name)


class LanguagesGenerator(Generator):
    """Writes ``<tag>/…`` for every configured language, plus the chooser, sitemap and feeds."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.site: Site = site_of(self.settings)
        self.registry: Registry = self.site.registry
        self.problems: Problems = self.site.problems
        self.site_config = site_settings(self.settings)
        self.home_name = self.site_config.home_page
        self.production = self.site_config.production
        mo_files = compile_catalogs(self.site_config.translations_dir, self.registry, self.problems)
        install_gettext(self.env, load_translations(mo_files), self.registry.source.tag,
                        mark_untranslated=True)
        self.env.globals["loa_css"] = read_css(Path(self.theme) / "static" / "css",
                                                self.settings.get("LOA_CSS_FILES", ()))
        # The footer links to what the other plugins make, when they make it: each keeps its
        # settings in the site model under its key in ``initialized``; without the plugin, no
        # key and no link.
        offline = self.site.settings.get("LOA_OFFLINE_SETTINGS")
        leaflets = self.site.settings.get("LOA_LEAFLETS_SETTINGS")
        self.env.globals["loa_offline_copies"] = offline is not None and offline.enabled
        self.env.globals["loa_leaflets_made"] = leaflets is not None and any(leaflets.folder.glob("*.y*ml"))
        self.plan: dict[str, list[PlannedPage]] = {}

    def _output_cache(self) -> OutputCache:
        """The cache of rendered pages, keyed by everything a page is made from
        (:mod:`loa.incremental`). Disabled for checks and production builds."""
        settings = self.settings
        names = sorted((tag, p.name) for tag, pages in self.plan.items() for p in pages
                       if p.translation is not None or p.status == policy.SOURCE)
        content = Path(settings["PATH"])
        site = digest(
            files_fingerprint([self.theme, self.site_config.translations_dir,
                               content / "data", content / "pictograms",
                               # a picture replaced under the same name changes its page's <img> size
                               content / theme_settings(settings).images_dir,
                               self.site_config.languages_file, Path(loa.__file__).parent]),
            configuration(settings), settings.get("SITEURL"), settings.get("RELATIVE_URLS"),
            settings.get("SITENAME"), names,
            # what the footer links to (offline copies, leaflets, scripts) is decided from files, not settings
            self.env.globals.get("loa_offline_copies"), self.env.globals.get("loa_leaflets_made"),
            self.site.scripts_made,
            # the font subset pages name (loa.theme): a new letter renames it for every page
            sorted((script, subset.file_name) for script, subset in (self.site.font_subsets or {}).items()),
        )
        enabled = self.site_config.reuse_output and not self.production
        cache = OutputCache(settings.get("CACHE_PATH", "cache"), settings.get("LOA_PREVIOUS_OUTPUT"),
                            site, enabled=enabled)
        self.site.output_cache = cache
        return cache

    def localise_links(self, html: str, siteurl: str, tag: str) -> str:
        """Point links to any language's version of a page at the reader's language (``tag``),
        where every page exists, as a translation or a fallback; the home page is
        ``<tag>/index.html``. So a Vietnamese link shown inside the Hmong site stays there."""
        tags = "|".join(re.escape(t) for t in self.registry.tags)
        pattern = re.compile(rf'href="{re.escape(siteurl)}/(?:{tags})/([^"/#?]+)\.html')
        return pattern.sub(lambda m: f'href="{siteurl}/{page_path(tag, m.group(1), self.home_name)}', html)

    # -- reading ---------------------------------------------------------------------------
    def _versions(self) -> tuple[dict[str, PageVersion], dict[tuple[str, str], PageVersion]]:
        pages = (self.context.get("pages", []) + self.context.get("hidden_pages", [])
                 + self.context.get("draft_pages", []))
        content_root = Path(self.settings["PATH"])
        sources: dict[str, PageVersion] = {}
        translations: dict[tuple[str, str], PageVersion] = {}
        seen: dict[tuple[str, str], str] = {}
        for page in pages:
            path = Path(page.source_path)
            relative = path.relative_to(content_root).parts
            if len(relative) != 3 or relative[0] != "pages":
                self.problems.add(path, 1, "pages must be in content/pages/<language>/<name>.md",
                                  f"move it into one of: {', '.join('pages/' + t for t in self.registry.tags)}")
                continue
            folder, name = relative[1], path.stem
            if self.registry.get(folder) is None:
                self.problems.add(path, 1, *self.registry.unknown_tag_message(folder))
                continue
            # read once when the build started, with the one metadata reader (loa.site.pages)
            read = self.site.pages.get(path) or read_page(path, folder)
            meta = read.values
            if not self._check_metadata(path, folder, meta):
                continue
            key = (folder, name.lower())
            if key in seen:
                self.problems.add(path, 1, f"two pages named '{name}' in '{folder}' (also {self.problems.relative(seen[key])})",
                                  "file names must differ by more than upper/lower case")
                continue
            seen[key] = str(path)
            version = PageVersion(folder, name, str(meta.get("title") or name), str(path), meta, obj=page)
            if folder == self.registry.source.tag:
                version.body_hash = read.body_hash
                sources[name] = version
            else:
                translations[(folder, name)] = version
        source_folder = content_root / "pages" / self.registry.source.tag
        for (tag, name), version in translations.items():
            if name not in sources and not (source_folder / f"{name}.md").exists():
                self.problems.add(version.path, 1,
                                  f"translation has no source: content/pages/{self.registry.source.tag}/{name}.md does not exist",
                                  "give the translation the same file name as its Vietnamese page")
        return sources, translations

    def _check_metadata(self, path: Path, folder: str, meta: dict) -> bool:
        """Whether a page can be used. Its mistakes (a ``lang`` that is not its folder's,
        ``status``, a missing or wrong ``translation_status``) are reported, with their lines,
        by :func:`loa.languages.preflight.check_page`, the same checks ``i18n.import`` runs."""
        lang = str(meta.get("lang") or "")
        return not (lang and lang != folder) and "status" not in meta

    def generate_context(self):
        sources, translations = self._versions()
        self.plan = plan_site(self.registry, sources, translations, production=self.production)
        self.site.plan = self.plan

    # -- writing ---------------------------------------------------------------------------
    def generate_output(self, writer):
        if self.problems.errors:
            return  # the build reports them; writing a broken site helps nobody
        relative = bool(self.settings.get("RELATIVE_URLS"))
        page_template = self.get_template("page")
        home_template = self.get_template("home")
        common = {"languages": self.registry.languages, "source_language": self.registry.source,
                  "production": self.production}
        cache = self._output_cache()
        # The recording each page shows (issue 18 item 3), from the spoken channel's context.
        page_listen = self.site.listen
        audio_sources = self.site.audio_sources
        pending = []  # pages to render, on every core (loa.parallel)
        for language in self.registry:
            planned = self.plan[language.tag]
            views = [PageView(p, self) for p in planned]
            listed = sorted((v for v in views if not v.is_home), key=lambda v: sort_key(v.planned))
            home = next((v for v in views if v.is_home), None)
            listing = [(v.path, v.title, v.summary, v.status, v.content_lang) for v in listed]
            for view in views:
                self.site.record(view.path, "home" if view.is_home else "page", tag=language.tag,
                                 status=view.status, source=view.planned.shown.path)
                listen = page_listen.get((language.tag, view.name))
                fingerprint = _page_fingerprint(view, listing if view.is_home else None, listen, audio_sources)
                if cache.reuse(view.path, fingerprint, self.output_path):
                    continue
                template = home_template if view.is_home else page_template
                pending.append(((view.path, template, self.context), dict(
                    relative_urls=relative, override_output=True, page=view, ui_lang=language.tag,
                    language=language, listed=listed, listen=listen, audio_sources=audio_sources, **common)))
            if home is None:
                writer.write_file(f"{language.tag}/index.html", home_template, self.context,
                                  relative_urls=relative, override_output=True, page=None,
                                  ui_lang=language.tag, language=language, listed=listed, **common)
                self.site.record(f"{language.tag}/index.html", "home", tag=language.tag)
        parallel.write_files(writer, pending, self.settings)
        # the chooser is made from the languages and the configuration alone (the site fingerprint)
        if not cache.reuse("index.html", digest("chooser"), self.output_path):
            writer.write_file("index.html", self.get_template("chooser"), self.context,
                              relative_urls=relative, override_output=True,
                              ui_lang=self.registry.source.tag, language=self.registry.source, **common)
        self.site.record("index.html", "chooser")
        output = Path(self.output_path)
        site_url = self.settings.get("SITEURL") or self.site_config.preview_url
        self.site.write(output, "sitemap.xml",
                        sitemap.sitemap_xml(self.plan, self.registry, site_url, self.home_name).encode("utf-8"),
                        "sitemap")
        for language in self.registry:
            feed = feeds.feed_xml(self.plan[language.tag], language, site_url, self.home_name,
                                  self.settings.get("SITENAME", "Loa"))
            self.site.write(output, f"{language.tag}/feed.atom", feed.encode("utf-8"), "feed", tag=language.tag)


def _stamp(version) -> tuple:
    try:
        stat = os.stat(version.path)
        return (version.path, stat.st_size, stat.st_mtime_ns)
    except OSError:
        return (version.path,)


def _page_fingerprint(view: PageView, listing, listen=None, audio_sources=()) -> str:
    """Everything one page is made from, beyond the site fingerprint (:mod:`loa.incremental`);
    ``listen``: the recording the page shows (:class:`loa.spoken.audio.Listen`, or ``None``: the
    fingerprint is then the same as before recordings existed), in ``audio_sources`` order."""
    planned = view.planned
    recording = () if listen is None else ((listen.name, listen.key, listen.seconds, listen.mp3_bytes,
                                            listen.stale, list(audio_sources)),)
    return digest(view.path, planned.status, planned.reason, planned.available, _stamp(planned.shown),
                  _stamp(planned.source), listing, *recording)
