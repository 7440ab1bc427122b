"""The theme's build-time half (Pelican plugin ``loa.theme``): security meta, the quick-exit
script, images and the Tai Viet font subset.

Phases (Pelican signals, in build order):

* ``initialized`` — template globals: ``loa_csp`` (the Content-Security-Policy),
  ``loa_absolute_url`` (``SITEURL``, or ``LOA_PREVIEW_URL`` in development),
  ``loa_og_locale(language)``, ``loa_date(value, language)`` and ``loa_source_items(sources)``
  (:mod:`loa.theme.meta`),
  ``loa_quick_exit_script`` (≤ 1 KB, inline, allowed by its hash), ``loa_font_face(language,
  siteurl)`` (the ``@font-face`` of a language that needs a font) and ``loa_script_css``
  (line-height ≥ 2 and the font family for such languages, on every page).
* ``content_object_init`` — each page's ``<img>`` tags: alt text required, the file must exist
  in ``content/images/``; width, height and ``loading="lazy"`` added.
* ``static_generator_finalized`` — images are written compressed instead of copied.
* ``all_generators_finalized`` — the font subset of each font language, decided from the plan
  before any page is written: the characters its pages will show, one WOFF2 with a content hash,
  kept on disk under the cache folder for the same characters and font file.
* ``finalized`` — ``robots.txt`` naming the sitemap (production builds); the font subset is
  written under ``fonts/``.

Settings (``THEME_*``, read once in ``initialized``: :mod:`loa.theme.settings`):
``THEME_IMAGES_DIR`` ("images"), ``THEME_IMAGE_MAX_WIDTH`` (640 px), ``THEME_IMAGE_MAX_BYTES``
(30,000), ``THEME_FONT_FILES`` ({family: path}, optional; else the font is looked up under
/usr/share/fonts), ``THEME_FONT_MAX_BYTES`` (15,000: the subset's budget).
"""
from __future__ import annotations

import logging
import re
from pathlib import Path, PurePosixPath

from markupsafe import Markup
from pelican import signals

from loa.site.model import site_of
from loa.incremental import Memo
from loa.pelican_edge import page_html, set_page_html, take_static_files
from loa.theme import fonts, images, meta, security
from loa.theme.settings import ThemeSettings, theme_settings

log = logging.getLogger(__name__)
HERE = Path(__file__).parent
QUICK_EXIT_JS = security.QUICK_EXIT_JS
#: The offline copy's quick exit (theme/templates/offline.html): removes the pages, shows the
#: neutral section. Old JavaScript, under 1 KB, like quick-exit.js.
OFFLINE_EXIT_JS = (HERE / "offline-exit.js").read_text(encoding="utf-8").strip()
SYSTEM_FONTS = 'system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",Arial,sans-serif'

_image_cache: dict[tuple, images.CompressedImage | None] = {}


# -- initialized -------------------------------------------------------------------------------
def font_languages(registry) -> list:
    """The languages whose entry names a ``font`` and whose script has a known Unicode block."""
    return [lang for lang in registry if lang.font and lang.script in fonts.SCRIPT_RANGES]


def script_css(registry) -> str:
    """CSS for text in font languages, on every page: the subset's family first, then the
    system fonts, and line-height 2 (Tai Viet stacks vowels above and below: PRODUCT.md).
    It applies to the element with the ``lang`` and everything inside it, headings and tap
    targets included, which set their own line-height elsewhere."""
    rules = []
    for lang in font_languages(registry):
        family = fonts.css_family(lang.script)
        rules.append(f'[lang|="{lang.tag}"],[lang|="{lang.tag}"] *'
                     f'{{font-family:"{family}",{SYSTEM_FONTS};line-height:2}}')
    return "".join(rules)


def configure(pelican):
    """``initialized``: read the ``THEME_*`` settings; put the theme's globals into
    ``JINJA_GLOBALS`` (see the module doc)."""
    from loa.site.settings import read_into
    from loa.theme import settings as theme

    settings = pelican.settings
    site = site_of(settings)
    read_into(settings, theme.KEY, ThemeSettings.from_settings)
    registry = site.registry
    by_tag = {lang.tag: lang for lang in font_languages(registry)} if registry else {}
    subsets: dict[str, fonts.FontSubset] = {}   # script → subset, filled by plan_fonts
    site.font_subsets = subsets

    def font_face(language, siteurl: str = "") -> Markup:
        """The ``@font-face`` for ``language`` (a Language or tag), or nothing: its URL names
        the subset :func:`plan_fonts` made before any page was written (nothing when there is
        none: the font is missing or over budget, and the build fails saying so)."""
        lang = by_tag.get(getattr(language, "tag", language))
        subset = subsets.get(lang.script) if lang is not None else None
        if subset is None:
            return Markup("")
        return Markup(fonts.font_face_css(lang.script, f"{siteurl}/fonts/{subset.file_name}"))

    settings["JINJA_GLOBALS"] = dict(settings.get("JINJA_GLOBALS") or {})
    settings["JINJA_GLOBALS"].update(
        loa_csp=Markup(security.site_policy()),
        loa_quick_exit_script=Markup(QUICK_EXIT_JS),
        loa_font_face=font_face,
        loa_script_css=Markup(script_css(registry) if registry else ""),
        loa_absolute_url=meta.absolute_site_url(settings),
        loa_og_locale=meta.og_locale,
        loa_date=meta.format_review_date,
        loa_source_items=meta.source_items,
    )


# -- images --------------------------------------------------------------------------------------
def _compressed(content_root: Path, relative: str, config: ThemeSettings) -> images.CompressedImage | None:
    path = content_root / relative
    if not path.is_file():
        return None
    fmt = images.RASTER.get(path.suffix.lower(), "JPEG")
    key = (str(path.resolve()), path.stat().st_mtime_ns, fmt, config.image_max_width, config.image_max_bytes)
    if key not in _image_cache:
        _image_cache[key] = images.compress_image(path.read_bytes(), fmt, max_width=key[3],
                                                  max_bytes=key[4])
    return _image_cache[key]


def check_page_images(content):
    """``content_object_init``: check and complete the ``<img>`` tags of one page."""
    html = page_html(content)
    source = getattr(content, "source_path", None)
    if not html or "<img" not in html or not source:
        return
    settings = content.settings
    config = theme_settings(settings)
    root = Path(settings["PATH"])
    page_dir = PurePosixPath(Path(source).resolve().relative_to(root.resolve()).parent.as_posix())
    new_html, found = images.rewrite_images(
        html, page_dir, lambda rel: _compressed(root, rel, config), config.images_dir)
    set_page_html(content, new_html)
    site = site_of(settings)
    problems = site.problems
    if found:
        text = site.pages.text(source)
        for problem in found:
            problems.put(problem.at(source, images.line_of(text, problem.excerpt)))


def write_images(generator):
    """``static_generator_finalized``: write content/images/*.jpg|png compressed instead of
    letting Pelican copy the originals."""
    settings = generator.settings
    config = theme_settings(settings)
    folder = config.images_dir + "/"
    root = Path(settings["PATH"])

    def write_compressed(static) -> bool:
        relative = PurePosixPath(static.relative_source_path).as_posix()
        if not relative.startswith(folder) or PurePosixPath(relative).suffix.lower() not in images.RASTER:
            return False
        image = _compressed(root, relative, config)
        if image is None:
            return False
        target = Path(generator.output_path) / static.save_as
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(image.data)
        return True

    take_static_files(generator, write_compressed)


# -- fonts ----------------------------------------------------------------------------------------
def font_texts(langs, registry, plan, content: Path, translations: Path) -> dict[str, str]:
    """``{file: text}``: everything pages in ``langs`` can show, from what they are made of,
    before any is written: each planned page's title, metadata and HTML (in its Markdown file's
    name), the languages' catalogs, the directory and statistics data and the read-aloud
    scripts (filled into pages by the content filters and templates), and every language's
    native name (the language switcher). Only the script's own letters are used from it, so
    reading more than a page shows costs a glyph only when a letter appears nowhere else."""
    texts: dict[str, str] = {}
    for lang in langs:
        for planned in plan.get(lang.tag, []):
            for version in (planned.shown, planned.source):
                content_html = (version.obj.content or "") if version.obj is not None else ""
                texts[str(version.path)] = texts.get(str(version.path), "") + "\n".join(
                    [version.title, repr(version.meta), content_html])
        files = [translations / lang.tag / "LC_MESSAGES" / "messages.po",
                 *sorted((content / "scripts" / lang.tag).glob("*.md"))]
        for path in files:
            if path.is_file():
                texts[str(path)] = path.read_text(encoding="utf-8", errors="replace")
    for path in sorted((content / "data").rglob("*")):
        if path.is_file() and path.suffix in (".yaml", ".yml", ".csv"):
            texts[str(path)] = path.read_text(encoding="utf-8", errors="replace")
    texts["languages"] = " ".join(lang.native_name for lang in registry)
    return texts


def plan_fonts(generators):
    """``all_generators_finalized`` (after every plan, before any page is written): decide each
    font language's subset from the characters its pages will show (:func:`font_texts`),
    reusing the subset kept on disk for the same characters and font file
    (:func:`loa.theme.fonts.cached_subset`). The pages then name the subset's file directly;
    :func:`write_fonts` only writes it."""
    from loa.site.site_settings import site_settings

    if not generators:
        return
    settings = generators[0].settings
    model = site_of(settings)
    subsets, problems, registry, plan = model.font_subsets, model.problems, model.registry, model.plan
    if subsets is None or registry is None or not plan:
        return
    config, site = theme_settings(settings), site_settings(settings)
    cache = Path(settings["CACHE_PATH"]) / "fonts" if settings.get("CACHE_PATH") else None
    by_script: dict[tuple[str, str], list] = {}
    for lang in font_languages(registry):
        by_script.setdefault((lang.font, lang.script), []).append(lang)
    for (family, script), langs in by_script.items():
        if not any(plan.get(lang.tag) for lang in langs):
            continue
        texts = font_texts(langs, registry, plan, Path(settings["PATH"]), site.translations_dir)
        try:
            source = fonts.find_font_file(family, overrides=config.font_overrides)
        except fonts.FontNotFoundError as exc:
            if problems is not None:
                problems.add(site.languages_file, _line_of_font(site.languages_file, langs[0].tag), str(exc),
                             "install the font (Debian: fonts-sil-taiheritagepro) or set "
                             "THEME_FONT_FILES in pelicanconf.py")
            continue
        chars = "".join(sorted(fonts.script_chars(texts.values(), script)))
        subset = _SUBSETS.get((str(source), chars, script),
                              lambda: fonts.cached_subset(source, chars, script, cache))
        if len(subset.data) > config.font_max_bytes:
            if problems is not None:
                pages = {path: text for path, text in texts.items() if path != "languages"}
                message, hint = fonts.over_budget_message(subset, config.font_max_bytes, pages, script)
                problems.add(site.languages_file, _line_of_font(site.languages_file, langs[0].tag), message, hint)
            continue
        subsets[script] = subset


_SUBSETS = Memo(limit=16)  # the same characters give the same subset: read from disk once per process


def write_fonts(pelican):
    """``finalized``: write each subset :func:`plan_fonts` decided as
    ``fonts/<family>.<hash>.woff2``, with its licence beside it. No page is read or changed."""
    site = site_of(pelican.settings)
    if site.problems.errors:
        return
    output = Path(pelican.output_path)
    for subset in (site.font_subsets or {}).values():
        target = output / "fonts" / subset.file_name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(subset.data)
        if subset.licence:
            (output / "fonts" / subset.licence_file_name).write_text(subset.licence, encoding="utf-8")


def _line_of_font(path, tag: str) -> int:
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError:
        return 1
    in_entry = False
    for number, line in enumerate(lines, start=1):
        if re.match(r"^\s*-\s*tag:\s*", line):
            in_entry = re.match(rf"^\s*-\s*tag:\s*['\"]?{re.escape(tag)}['\"]?\s*$", line) is not None
        elif in_entry and re.match(r"^\s*font:", line):
            return number
    return 1


def write_robots(pelican):
    """``finalized``: a production build (``LOA_PRODUCTION``) writes ``robots.txt`` naming the
    sitemap by its absolute address (:func:`loa.theme.meta.robots_txt`)."""
    settings = pelican.settings
    from loa.site.site_settings import site_settings

    problems = site_of(settings).problems
    if not site_settings(settings).production or problems.errors:
        return
    site_url = str(settings.get("SITEURL") or "")
    if site_url:
        (Path(pelican.output_path) / "robots.txt").write_text(meta.robots_txt(site_url), encoding="utf-8")


def register():
    """Connect the phases above to Pelican's signals."""
    signals.initialized.connect(configure)
    signals.content_object_init.connect(check_page_images)
    signals.static_generator_finalized.connect(write_images)
    signals.all_generators_finalized.connect(plan_fonts)
    signals.finalized.connect(write_robots)
    signals.finalized.connect(write_fonts)
