"""loa.directory.markdown_ext writes language-neutral placeholders; loa.directory.render expands
them per language. Input and expected HTML side by side."""
import datetime as dt
from pathlib import Path

import markdown
import pytest
from jinja2 import Environment, FileSystemLoader

from loa.directory.data import Directory, Entry, EntryText
from loa.directory.render import DirectoryRenderer, clean_svg, picto_html
from loa.languages.catalogs import install_gettext

ROOT = Path(__file__).resolve().parent.parent


def convert(text: str) -> str:
    md = markdown.Markdown(extensions=["markdown.extensions.extra", "loa.directory.markdown_ext"],
                           output_format="html5")
    return md.convert(text)


@pytest.mark.parametrize("source, html", [
    ("Gọi [[hotline:111]] ngay.",
     '<p>Gọi <loa-ref data-form="inline" data-key="111" data-kind="hotline"></loa-ref> ngay.</p>'),
    ("[[hotline:111]]",
     '<loa-ref data-form="card" data-key="111" data-kind="hotline"></loa-ref>'),
    ("  [[service:commune]]  ",
     '<loa-ref data-form="card" data-key="commune" data-kind="service"></loa-ref>'),
    ("[[directory]]",
     '<loa-ref data-form="card" data-kind="directory"></loa-ref>'),
    ("- [[hotline:113]]",
     '<ul>\n<li><loa-ref data-form="inline" data-key="113" data-kind="hotline"></loa-ref></li>\n</ul>'),
    ("[[picto:phone|Điện thoại]]",
     '<p><loa-ref data-alt="Điện thoại" data-key="phone" data-kind="picto"></loa-ref></p>'),
    ("`[[hotline:111]]`", "<p><code>[[hotline:111]]</code></p>"),
    ("[[hotlines:111]]", "<p>[[hotlines:111]]</p>"),
    ("[[hotline:111]] và [[hotline:113]]",
     '<p><loa-ref data-form="inline" data-key="111" data-kind="hotline"></loa-ref> và '
     '<loa-ref data-form="inline" data-key="113" data-kind="hotline"></loa-ref></p>'),
])
def test_references_become_placeholders(source, html):
    assert convert(source) == html


def entry(kind, key, number, vi, en=None):
    texts = {"vi": EntryText(*vi, "vi")}
    if en:
        texts["en"] = EntryText(*en, "en")
    return Entry(kind, key, number, number, True if number else None, "24/7" if number else None,
                 dt.date(2026, 11, 1), "https://example.org", texts)


DIRECTORY = Directory(
    hotlines=(entry("hotline", "111", "111", ("Tổng đài 111", "Báo tin."), ("Hotline 111", "Report.")),),
    services=(entry("service", "commune", None, ("Ủy ban nhân dân xã", "Nơi báo tin.")),),
    source_tag="vi")


class English:
    """A stand-in catalog: the English of the card's two strings."""

    def gettext(self, message):
        return {"Miễn phí, cả ngày lẫn đêm (24/7)": "Free, day and night (24/7)"}.get(message, message)


@pytest.fixture
def renderer(tmp_path):
    (tmp_path / "phone.svg").write_text(
        '<?xml version="1.0"?>\n<!-- drawn for tests -->\n<svg xmlns="http://www.w3.org/2000/svg" '
        'viewBox="0 0 10 10" aria-hidden="true"><rect width="10" height="10"/></svg>\n', encoding="utf-8")
    r = DirectoryRenderer(tmp_path)
    r.directory = DIRECTORY
    r.env = Environment(loader=FileSystemLoader(str(ROOT / "theme" / "templates")), autoescape=True)
    install_gettext(r.env, {"en": English()}, "vi")
    return r


def expand(renderer, source, lang):
    return renderer.content_filter(convert(source), tag=lang, content_lang=lang, settings={})


@pytest.mark.parametrize("lang", ["vi", "hmn", "en"])
def test_an_inline_reference_is_a_tel_link_in_every_language(renderer, lang):
    assert expand(renderer, "Gọi [[hotline:111]] ngay.", lang) == \
        '<p>Gọi <a class="loa-tel" href="tel:111">111</a> ngay.</p>'


@pytest.mark.parametrize("lang, name, terms", [
    ("vi", "Tổng đài 111", "Miễn phí, cả ngày lẫn đêm (24/7)"),
    ("hmn", "Tổng đài 111", "Miễn phí, cả ngày lẫn đêm (24/7)"),   # no Hmong text: Vietnamese
    ("en", "Hotline 111", "Free, day and night (24/7)"),
])
def test_a_card_is_in_the_language_of_the_text_around_it(renderer, lang, name, terms):
    html = expand(renderer, "[[hotline:111]]", lang)
    assert f'<p class="loa-hotline__name">{name}</p>' in html
    assert '<a class="loa-tel loa-hotline__number" href="tel:111">111</a>' in html
    assert terms in html
    assert (' lang="vi"' in html.split(">")[0]) is (lang == "hmn")  # fallback words are marked


def test_a_service_without_a_number_is_named_not_linked(renderer):
    assert expand(renderer, "Đến [[service:commune]].", "vi") == \
        '<p>Đến <span class="loa-service-name">Ủy ban nhân dân xã</span>.</p>'
    card = expand(renderer, "[[service:commune]]", "vi")
    assert "loa-hotline--no-number" in card and "tel:" not in card


def test_the_directory_lists_hotlines_then_services(renderer):
    html = expand(renderer, "[[directory]]", "en")
    assert html.index("Hotline 111") < html.index("Ủy ban nhân dân xã")
    assert html.count('<div class="loa-hotline') == 2


def test_a_pictogram_is_inlined_with_its_alt_text(renderer):
    html = expand(renderer, "[[picto:phone|Một chiếc điện thoại]]", "vi")
    assert html.startswith('<p><svg role="img" aria-label="Một chiếc điện thoại" class="loa-picto" '
                           'xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">')
    assert "<?xml" not in html and "<!--" not in html and "aria-hidden" not in html


def test_a_missing_pictogram_or_alt_renders_nothing():
    assert picto_html(None, "alt") == ""
    assert picto_html("<svg></svg>", "") == ""
    assert clean_svg('<?xml version="1.0"?><!DOCTYPE svg><!-- c --><svg/>') == "<svg/>"


def test_changing_the_data_changes_the_cached_html_at_render_time(renderer):
    cached = convert("Gọi [[hotline:111]].")
    renderer.directory = Directory((entry("hotline", "111", "1111", ("Tổng đài", "Báo tin.")),), (), "vi")
    assert 'href="tel:1111">1111</a>' in renderer.content_filter(cached, tag="vi", content_lang="vi", settings={})


def test_the_plugin_appends_its_pieces_and_adds_no_template_globals():
    from types import SimpleNamespace

    from loa.directory import configure
    from loa.site.model import site_of

    settings = {"PATH": "content", "MARKDOWN": {"extension_configs": {"markdown.extensions.extra": {}}},
                "LOA_CSS_FILES": ["base.css", "print.css"], "JINJA_GLOBALS": {}}
    filters = site_of(settings).content_filters
    filters.append(print)
    configure(SimpleNamespace(settings=settings))
    configure(SimpleNamespace(settings=settings))   # configured twice for the same build
    assert list(settings["MARKDOWN"]["extension_configs"]) == ["markdown.extensions.extra", "loa.directory.markdown_ext"]
    assert filters[0] is print and len(filters) == 2
    assert settings["LOA_CSS_FILES"] == ["base.css", "hotline.css", "print.css"]
    assert settings["JINJA_GLOBALS"] == {}   # templates ask the directory in their context

