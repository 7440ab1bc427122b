"""What pages say about themselves (issue 15): share cards and descriptions, sources and review
dates at the end, robots.txt, language marks on untranslated strings, the link to the safe-
reading page, and the offline copy's headings."""
from __future__ import annotations

import datetime
import gettext
import re

import pytest
from jinja2 import Environment

from loa.languages.catalogs import install_gettext
from loa.theme import meta


class Lang:
    def __init__(self, babel_locale):
        self.babel_locale = babel_locale


# -- plain functions -------------------------------------------------------------------------
@pytest.mark.parametrize("locale, expected", [("vi", "vi_VN"), ("en", "en_US"), ("en_GB", "en_GB"),
                                              (None, None), ("xx", None)])
def test_og_locale_comes_from_babel_locale_and_is_none_without_one(locale, expected):
    assert meta.og_locale(Lang(locale)) == expected


@pytest.mark.parametrize("value, locale, expected", [
    ("2026-12-01", "vi", "1 tháng 12, 2026"),
    ("2026-12-01", "en", "December 1, 2026"),
    ("2026-12-01", None, "2026-12-01"),
    (datetime.date(2026, 3, 9), "en", "March 9, 2026"),
    ("soon", "vi", "soon"),
])
def test_review_dates_are_written_for_the_reader_with_iso_where_cldr_has_no_locale(value, locale, expected):
    assert meta.format_review_date(value, Lang(locale)) == expected


@pytest.mark.parametrize("line, url, text", [
    ("Luật số 53/2024/QH15", None, "Luật số 53/2024/QH15"),
    ("https://bluedragon.org/devious-2 (Blue Dragon: thủ đoạn)", "https://bluedragon.org/devious-2", "Blue Dragon: thủ đoạn"),
    ("https://example.org/a.html", "https://example.org/a.html", ""),
    ("Báo Lao Động (news.laodong.vn, bài …-1427669.ldo): trình tự", None,
     "Báo Lao Động (news.laodong.vn, bài …-1427669.ldo): trình tự"),
])
def test_a_source_line_with_an_address_becomes_a_link_named_by_its_description(line, url, text):
    (item,) = meta.source_items(line)
    assert (item.url, item.text) == (url, text)


def test_robots_txt_allows_everything_and_names_the_sitemap_by_its_absolute_address():
    assert meta.robots_txt("https://loa.example/") == (
        "User-agent: *\nAllow: /\n\nSitemap: https://loa.example/sitemap.xml\n")


class _Catalog(gettext.NullTranslations):
    def __init__(self, messages):
        super().__init__()
        self._catalog = dict(messages)

    def gettext(self, message):
        return self._catalog.get(message, message)


def _render(source: str, ui_lang: str, mark: bool = True) -> str:
    env = Environment(autoescape=True)
    install_gettext(env, {"en": _Catalog({"Thoát nhanh": "Quick exit"})}, "vi", mark_untranslated=mark)
    return env.from_string(source).render(ui_lang=ui_lang)


@pytest.mark.parametrize("ui_lang, expected", [
    ("en", "<p>Quick exit</p>"),
    ("vi", "<p>Thoát nhanh</p>"),
    ("hmn", '<p><span lang="vi">Thoát nhanh</span></p>'),
])
def test_an_untranslated_interface_string_carries_the_language_it_is_written_in(ui_lang, expected):
    assert _render("<p>{{ _('Thoát nhanh') }}</p>", ui_lang) == expected


def test_in_an_attribute_striptags_keeps_the_words_without_markup():
    assert _render("<nav aria-label=\"{{ _('Thoát nhanh')|striptags }}\">", "hmn") == '<nav aria-label="Thoát nhanh">'


def test_without_marking_an_environment_shows_the_msgid_bare():
    assert _render("{{ _('Thoát nhanh') }}", "hmn", mark=False) == "Thoát nhanh"


def test_one_render_of_an_unmarking_environment_can_ask_for_marks():
    env = Environment(autoescape=True)
    install_gettext(env, {}, "vi")
    template = env.from_string("{{ _('Thoát nhanh') }}")
    assert template.render(ui_lang="hmn", loa_mark_untranslated=True) == '<span lang="vi">Thoát nhanh</span>'
    assert template.render(ui_lang="hmn") == "Thoát nhanh"


# -- the built fixture site ------------------------------------------------------------------
def _meta(html: str, attr: str, name: str):
    found = re.findall(rf'<meta {attr}="{re.escape(name)}" content="([^"]*)">', html)
    return found


@pytest.mark.parametrize("path, summary, title, locale", [
    ("vi/viec-nhe-luong-cao.html", "Lời mời đi làm lừa đảo.", "Việc nhẹ, lương cao", ["vi_VN"]),
    ("en/index.html", "The first page.", "Home", ["en_US"]),
    ("hmn/viec-nhe-luong-cao.html", "Lời mời đi làm lừa đảo.", "Việc nhẹ, lương cao", []),
])
def test_every_page_has_a_description_and_a_share_card_from_its_summary(built_site, path, summary, title, locale):
    html = built_site.read(path)
    assert _meta(html, "name", "description") == [summary]
    assert _meta(html, "property", "og:description") == [summary]
    assert _meta(html, "property", "og:title") == [title]
    assert _meta(html, "property", "og:url") == [f"http://localhost:8000/{path}"]
    assert _meta(html, "property", "og:locale") == locale


def test_a_production_build_writes_robots_txt_and_absolute_share_addresses(site):
    site.build(production=True, SITEURL="https://loa.example")
    assert site.read("robots.txt").endswith("Sitemap: https://loa.example/sitemap.xml\n")
    assert _meta(site.read("vi/index.html"), "property", "og:url") == ["https://loa.example/vi/index.html"]


def test_a_development_build_writes_no_robots_txt(built_site):
    assert not (built_site.output / "robots.txt").exists()


@pytest.mark.parametrize("path, heading, date", [
    ("vi/viec-nhe-luong-cao.html", "Nguồn thông tin", "Xem lại lần cuối: 1 tháng 11, 2026"),
    ("en/viec-nhe-luong-cao.html", "Sources", "Last reviewed: November 1, 2026"),
    ("hmn/viec-nhe-luong-cao.html", '<span lang="vi">Nguồn thông tin</span>',
     '<span lang="vi">Xem lại lần cuối: 2026-11-01</span>'),
])
def test_each_page_ends_with_its_sources_and_its_review_date(built_site, path, heading, date):
    html = built_site.read(path)
    end = html[html.index('<footer class="loa-sources"'):html.index("</article>")]
    assert f'<h2 class="loa-sources__heading">{heading}</h2>' in end
    assert ('<a href="https://bluedragon.org/devious-2" rel="noreferrer">Blue Dragon: thủ đoạn của kẻ buôn người</a>'
            in end)
    assert "<li>Luật Phòng, chống mua bán người số 53/2024/QH15</li>" in end
    assert date in end


def test_sources_written_in_vietnamese_are_marked_vietnamese_on_other_pages(built_site):
    html = built_site.read("en/viec-nhe-luong-cao.html")
    assert '<ul class="loa-sources__list" lang="vi">' in html


def test_a_hmong_page_marks_its_vietnamese_interface_strings_and_english_needs_none(built_site):
    hmn = built_site.read("hmn/viec-nhe-luong-cao.html")
    assert '<span class="loa-quick-exit__words"><span lang="vi">Thoát nhanh</span></span>' in hmn
    assert 'aria-label="Ngôn ngữ khác"' in hmn
    en = built_site.read("en/viec-nhe-luong-cao.html")
    assert '<span class="loa-quick-exit__words">Quick exit</span>' in en
    assert '<span lang="vi">' not in en.split("<main")[0]


def test_the_home_page_puts_the_primary_hotline_right_under_its_title(built_site):
    html = built_site.read("vi/index.html")
    after_title = html[html.index("</h1>"):]
    assert after_title.index('href="tel:111"') < after_title.index("<p>")


def test_every_home_links_the_safe_reading_page_once_it_exists(site):
    site.write("pages/vi/an-toan-dien-thoai.md", "title: Đọc an toàn\nsummary: Điện thoại dùng chung.\n"
                                                 "sources: Trợ giúp Chrome\nreviewed_on: 2026-12-01\norder: 5\n\nXóa lịch sử.\n")
    site.build()
    for tag, words in [("vi", "Điện thoại dùng chung hoặc bị người khác kiểm tra? Cách đọc an toàn"),
                       ("en", "Shared phone, or someone checks it? How to read safely"),
                       ("hmn", '<span lang="vi">Điện thoại dùng chung hoặc bị người khác kiểm tra? Cách đọc an toàn</span>')]:
        html = site.read(f"{tag}/index.html")
        assert f'<p class="loa-lead__safety"><a href="../{tag}/an-toan-dien-thoai.html">{words}</a></p>' in html


def test_without_the_safe_reading_page_the_home_has_no_link_to_it(built_site):
    assert "loa-lead__safety" not in built_site.read("vi/index.html")


def test_the_offline_copy_has_one_h1_and_each_page_is_an_h2(built_site):
    text = (built_site.output / "offline" / "loa-vi.html").read_text(encoding="utf-8")
    assert len(re.findall(r"<h1\b", text)) == 1
    sections = re.findall(r'<section id="([^"]+)" class="loa-offline__section"[^>]*>\s*(.*?)</section>', text, re.S)
    assert len(sections) == 3
    for _, body in sections:
        assert "<h1" not in body
        assert re.search(r"<h2>[^<]+</h2>", body)
