"""Pelican adapter for the spoken channel: write ``<tag>/scripts/<name>.html`` and ``.pdf`` (the
printable script sheet), ``<tag>/scripts/index.html`` and ``<tag>/programmes/<name>.html``.

It reads what other plugins already decided, never their output: the registry and the
directory from the site model (:mod:`loa.site.model`; so it is listed after ``loa.directory``),
the catalogs. All the work is in the pure modules; this only writes.
"""
from __future__ import annotations

import logging
from pathlib import Path

from markupsafe import Markup, escape
from pelican.generators import Generator

from loa.incremental import digest
from loa.languages.catalogs import compile_catalogs, install_gettext, load_translations
from loa.site.site_settings import site_settings
from loa.problems import Problems
from loa.site.model import site_of
from loa.spoken import core
from loa.spoken.collect import collect
from loa.spoken.programmes import read_programmes, running_order
from loa.spoken.settings import KEY as SETTINGS_KEY
from loa.spoken.settings import SpokenSettings
from loa.spoken.speech import read_speech

log = logging.getLogger(__name__)


def paragraph_html(paragraph: core.Paragraph, planned) -> Markup:
    """One paragraph's words as HTML: hotlines as their digit words (``lang`` and a
    ``loa-say-number`` class; marked when the digits are another language's), ``[[say:…]]`` words
    with their note in brackets."""
    parts = []
    for segment in paragraph.segments:
        if segment.kind == "text":
            parts.append(str(escape(segment.text)))
        elif segment.kind == "say":
            parts.append(f'<span class="loa-say">{escape(segment.text)}</span>'
                         f' <span class="loa-say__note">[{escape(segment.note)}]</span>')
        elif segment.kind == "number":
            spoken = planned.numbers.get(segment.key)
            if spoken is None:
                continue
            lang = f' lang="{spoken.lang}"' if spoken.lang != planned.shown.tag else ""
            parts.append(f'<strong class="loa-say-number"{lang} data-number="{escape(spoken.display)}">'
                         f'{escape(spoken.words)}</strong>')
        elif segment.kind == "pause":
            parts.append('<span class="loa-pause-mark">‖</span>')
    return Markup("".join(parts).strip())


class ScriptsGenerator(Generator):
    """Reads and checks every script and programme (``generate_context``), writes them when the
    build has no errors (``generate_output``)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.site = site_of(self.settings)
        self.problems: Problems = self.site.problems
        self.collection = None
        self.programmes = []
        self.recordings = None
        config = self.site.settings.get(SETTINGS_KEY) or SpokenSettings()   # read in initialized
        self.site_config = site_settings(self.settings)
        self.audio_cache = str(config.audio_cache)
        self.audio_order = config.audio_order

    def generate_context(self):
        content = Path(self.settings["PATH"])
        if not (content / "scripts").is_dir():
            return
        registry = self.site.registry
        directory = self.site.directory
        numbers = None  # None: hotline keys not checked (no directory, or a mistake in its data)
        if directory is not None and not self.site.directory_broken:
            numbers = directory.numbers()
        self.speech = read_speech(self.site_config.languages_file, self.problems)
        self.collection = collect(content, registry, numbers, self.speech, self.problems,
                                  production=self.site_config.production)
        known = set(self.collection.sources) | {Path(p).stem for p in self.collection.bad
                                                if Path(p).parent.name == registry.source.tag}
        self.programmes = read_programmes(content / "programmes", known, registry.tags, self.problems)
        for programme in self.programmes:
            if any(name not in self.collection.sources for name, _ in programme.items):
                continue  # the script's own error says why
            for language in registry:
                if programme.for_language(language.tag):
                    order = running_order(programme, language.tag, self.collection.planned(language.tag))
                    if order.over_limit and language.is_source:
                        self.problems.warn(programme.path, programme.line,
                                           f"programme '{programme.name}' runs {order.length}, over 15:00 "
                                           "(the commune limit in town)",
                                           "split it into two broadcasts, or leave out an item")
        # Recordings are processed here (cached by their inputs' hash), not in generate_output,
        # because pages are written before this generator's output: the page a script names with
        # ``page:`` shows its listen control too (issue 18 item 3). Files are copied later.
        self.recordings = self._prepare_audio()
        from loa.spoken.audio import page_listen

        self.site.listen = page_listen(self.recordings, self.collection.plan)
        self.site.audio_sources = self.audio_order

    def generate_output(self, writer):
        if self.collection is None or self.problems.errors or not self.collection.sources:
            return
        from loa.theme.css import read_css
        from loa.spoken.sheet import cached_sheet

        registry = self.site.registry
        translations = load_translations(compile_catalogs(self.site_config.translations_dir, registry, Problems()))
        # Every _() of the script templates stands where markup is allowed (titles and
        # attributes take |striptags), the printed sheet's too, so untranslated words are marked.
        install_gettext(self.env, translations, registry.source.tag, mark_untranslated=True)
        self.env.globals["loa_css"] = read_css(Path(self.theme) / "static" / "css",
                                                self.settings.get("LOA_CSS_FILES", ()))
        self.env.filters["paragraph_html"] = paragraph_html
        # Printed sheets kept by their inputs' hash beside Pelican's cache (as leaflets are).
        sheets_cache = Path(self.settings.get("CACHE_PATH") or "cache") / "script-sheets"
        relative = bool(self.settings.get("RELATIVE_URLS"))
        common = {"languages": registry.languages, "source_language": registry.source,
                  "production": self.site_config.production, "page": None,
                  "limits": core.LIMITS, "speech": self.speech}
        sheet_css = (Path(self.theme) / "static" / "scripts" / "sheet.css").read_text(encoding="utf-8")
        orders_by_tag = {language.tag: [running_order(p, language.tag, self.collection.planned(language.tag))
                                        for p in self.programmes if p.for_language(language.tag)]
                         for language in registry}
        recordings = self._audio(orders_by_tag)
        common["audio_sources"] = self.audio_order
        # An unchanged script page, sheet, index or programme is linked from the last build
        # (loa.incremental): its key is the pages channel's site fingerprint (theme, catalogs,
        # data, Loa's code, settings) and everything the file shows, compared as data.
        cache = self.site.output_cache
        site = (cache.site, self.speech, self.audio_order, relative) if cache is not None else None

        def unchanged(path, *inputs) -> bool:
            return cache is not None and cache.reuse(path, digest(site, path, *inputs), self.output_path)

        for language in registry:
            planned = self.collection.plan[language.tag]
            listen = recordings.for_language(language.tag)
            for item in planned:
                values = dict(common, ui_lang=language.tag, language=language, script=item,
                              listen=listen.get(item.name))
                page = f"{language.tag}/scripts/{item.name}.html"
                if not unchanged(page, item, values["listen"]):
                    writer.write_file(page, self.get_template("scripts/script"),
                                      self.context, relative_urls=relative, override_output=True, **values)
                self.site.record(page, "script", tag=language.tag, status=item.status, source=item.shown.path)
                sheet = f"{language.tag}/scripts/{item.name}.pdf"
                self.site.record(sheet, "script", tag=language.tag, status=item.status, source=item.shown.path)
                if unchanged(sheet, item, values["listen"]):
                    continue
                html = self.get_template("scripts/sheet").render(dict(values, sheet_css=Markup(sheet_css),
                                                                      SITENAME=self.settings.get("SITENAME", "Loa")))
                folder = Path(self.output_path) / language.tag / "scripts"
                folder.mkdir(parents=True, exist_ok=True)
                (folder / f"{item.name}.pdf").write_bytes(cached_sheet(html, sheets_cache)[0])
            orders = orders_by_tag[language.tag]
            index = f"{language.tag}/scripts/index.html"
            if not unchanged(index, planned, orders):
                writer.write_file(index, self.get_template("scripts/index"),
                                  self.context, relative_urls=relative, override_output=True,
                                  ui_lang=language.tag, language=language, scripts=planned, orders=orders, **common)
            self.site.record(index, "script", tag=language.tag)
            for order in orders:
                path = f"{language.tag}/programmes/{order.programme.name}.html"
                mix = recordings.mixes.get((language.tag, order.programme.name))
                self.site.record(path, "programme", tag=language.tag, source=str(order.programme.path))
                if unchanged(path, order, listen, mix):
                    continue
                writer.write_file(path, self.get_template("scripts/programme"), self.context, relative_urls=relative,
                                  override_output=True, ui_lang=language.tag, language=language, order=order,
                                  listen=listen, mix=mix, **common)
            if listen:
                self._audio_packs(language, planned, orders, listen)

    def _prepare_audio(self):
        """Process the recordings into the cache (:func:`loa.spoken.audio.prepare`)."""
        from loa.spoken import audio

        return audio.prepare(Path(self.settings["PATH"]), Path(self.audio_cache), self.collection.plan,
                             self.problems)

    def _audio(self, orders_by_tag):
        """Copy the processed recordings and mix the programmes (:func:`loa.spoken.audio.write`)."""
        from loa.spoken import audio

        result = self.recordings
        audio.write(result, Path(self.output_path), Path(self.audio_cache), orders_by_tag, self.problems)
        if result.listen:
            log.info("recordings: %d encoded, %d programmes mixed (the rest from the cache)",
                     result.work["encoded"], result.work["mixed"])
        return result

    def _audio_packs(self, language, planned, orders, listen):
        """``<tag>/podcast.xml`` and ``offline/loa-audio-<tag>.zip`` for a language with recordings."""
        from loa.spoken import audio
        from loa.theme.meta import absolute_site_url

        def words(msgid):
            return Markup(self.env.from_string("{{ _(m) }}").render(m=msgid, ui_lang=language.tag,
                                                                    loa_mark_untranslated=False)).striptags()

        audio.write_feed(Path(self.output_path), language.tag, listen,
                         title=f"{self.settings.get('SITENAME', 'Loa')} · {language.native_name}",
                         description=words("Bài đọc trên loa"), site_url=absolute_site_url(self.settings),
                         stale_note=words("Lời bài đã được sửa sau khi ghi âm này được làm."))
        audio.write_zip(Path(self.output_path), language.tag, listen, audio.playlist_order(planned, orders, listen))
        self.site.record(f"{language.tag}/podcast.xml", "audio", tag=language.tag)
        self.site.record(f"offline/loa-audio-{language.tag}.zip", "audio", tag=language.tag)
