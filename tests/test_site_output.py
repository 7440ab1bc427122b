"""The built site follows PRODUCT.md's contract: prefixes, chooser, switcher, hreflang, fallback."""
import re
import xml.etree.ElementTree as ET

import pytest

from loa.problems import ProblemsFound

LANGS = ("vi", "hmn", "en")
PAGES = ("index.html", "viec-nhe-luong-cao.html", "noi-nhan-giup-do.html")


def html_tag(html: str) -> str:
    return re.search(r"<html[^>]*>", html).group(0)


def hreflangs(html: str) -> dict[str, str]:
    return dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)"', html))


#: What each language shows for each page of the fixture site (tests/fixtures/site).
STATUSES = {
    "vi": {"index.html": "source", "viec-nhe-luong-cao.html": "source", "noi-nhan-giup-do.html": "source"},
    "hmn": {"index.html": "draft", "viec-nhe-luong-cao.html": "fallback", "noi-nhan-giup-do.html": "fallback"},
    "en": {"index.html": "current", "viec-nhe-luong-cao.html": "current", "noi-nhan-giup-do.html": "fallback"},
}


@pytest.mark.parametrize("tag", LANGS)
@pytest.mark.parametrize("page", PAGES)
def test_every_language_has_every_page_under_its_own_prefix(built_site, tag, page):
    html = built_site.read(f"{tag}/{page}")
    assert f'lang="{tag}"' in html_tag(html)
    assert re.search(r'data-translation-status="([^"]*)"', html_tag(html)).group(1) == STATUSES[tag][page]


def test_the_chooser_names_each_language_in_its_own_language(built_site):
    html = built_site.read("index.html")
    assert '<span lang="hmn">Lus Hmoob</span>' in html
    assert '<span lang="vi">Tiếng Việt</span>' in html
    for tag in LANGS:
        assert f'href="./{tag}/index.html" hreflang="{tag}"' in html


def test_the_switcher_shows_only_languages_that_have_the_page(built_site):
    html = built_site.read("vi/viec-nhe-luong-cao.html")
    nav = re.search(r'<nav class="loa-switcher".*?</nav>', html, re.S).group(0)
    assert 'hreflang="en"' in nav
    assert 'hreflang="hmn"' not in nav  # hmn shows this page only as a fallback
    assert 'hreflang="vi"' not in nav   # not itself


def test_hreflang_lists_every_translation_itself_and_x_default(built_site):
    links = hreflangs(built_site.read("en/viec-nhe-luong-cao.html"))
    assert links == {"vi": "../vi/viec-nhe-luong-cao.html", "en": "../en/viec-nhe-luong-cao.html",
                     "x-default": "../index.html"}


def test_a_missing_translation_falls_back_to_vietnamese_with_a_notice(built_site):
    html = built_site.read("hmn/viec-nhe-luong-cao.html")
    assert 'data-translation-status="fallback"' in html_tag(html)
    assert '<article class="loa-article" lang="vi">' in html
    assert "loa-notice--fallback" in html
    assert '<link rel="canonical" href="../vi/viec-nhe-luong-cao.html">' in html


def test_links_in_fallback_text_stay_in_the_readers_language(built_site):
    html = built_site.read("hmn/viec-nhe-luong-cao.html")
    assert 'href="../hmn/index.html">trang chủ</a>' in html


def test_statuses_source_current_draft_and_stale(built_site):
    assert 'data-translation-status="source"' in built_site.read("vi/index.html")
    assert 'data-translation-status="current"' in built_site.read("en/index.html")
    assert 'data-translation-status="draft"' in built_site.read("hmn/index.html")
    # noi-nhan-giup-do is critical and its English translation records an old source hash
    assert 'data-translation-status="fallback"' in built_site.read("en/noi-nhan-giup-do.html")


def test_each_language_home_lists_its_pages_and_marks_fallbacks(built_site):
    html = built_site.read("en/index.html")
    items = re.findall(r'<li class="loa-list__item">(.*?)</li>', html, re.S)
    marked = {re.search(r'href="([^"]+)"', item).group(1): 'class="loa-list__tag"' in item for item in items}
    # the English translation of noi-nhan-giup-do is stale, so the Vietnamese page is listed, marked
    assert marked == {"../en/noi-nhan-giup-do.html": True, "../en/viec-nhe-luong-cao.html": False}


def test_sitemap_has_alternates_and_no_fallback_pages(built_site):
    root = ET.fromstring(built_site.read("sitemap.xml"))
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    locs = [u.find("s:loc", ns).text for u in root.findall("s:url", ns)]
    assert "http://localhost:8000/en/viec-nhe-luong-cao.html" in locs
    assert not any("/hmn/viec-nhe-luong-cao.html" in loc for loc in locs)
    first = root.find("s:url", ns)
    langs = [link.get("hreflang") for link in first.findall("x:link", ns)]
    assert "x-default" in langs and "vi" in langs


@pytest.mark.parametrize("tag", LANGS)
def test_one_atom_feed_per_language_with_only_its_own_pages(built_site, tag):
    root = ET.fromstring(built_site.read(f"{tag}/feed.atom"))
    ns = {"a": "http://www.w3.org/2005/Atom"}
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == tag
    ids = [e.find("a:id", ns).text for e in root.findall("a:entry", ns)]
    assert ids and all(f"/{tag}/" in i for i in ids)


def test_production_build_uses_absolute_urls_and_leaves_drafts_out(site):
    site.build(production=True)
    html = site.read("hmn/index.html")
    assert 'data-translation-status="fallback"' in html_tag(html)  # the hmn draft is not allowed
    assert 'hreflang="x-default" href="https://' in html
    assert "<loc>https://" in site.read("sitemap.xml")


@pytest.mark.parametrize("folder, expected", [
    ("xx", "unknown language 'xx'; known: vi, hmn, en"),
    ("EN", "language tag 'EN' must be lower case"),
])
def test_an_unknown_or_upper_case_language_folder_is_an_error_naming_the_file(site, folder, expected):
    site.write(f"pages/{folder}/trang-chu.md", "title: X\ntranslation_status: draft\n\nText.\n")
    with pytest.raises(ProblemsFound) as caught:
        site.build()
    messages = [str(p) for p in caught.value.problems]
    assert any(f"pages/{folder}/trang-chu.md:1: {expected}" in m for m in messages), messages


def test_lang_metadata_that_names_an_unknown_language_is_an_error_with_its_line(site):
    site.write("pages/en/trang-chu.md", "title: Home\nlang: fr\ntranslation_status: draft\n\nText.\n")
    with pytest.raises(ProblemsFound) as caught:
        site.build()
    assert any("pages/en/trang-chu.md:2: unknown language 'fr'" in str(p) for p in caught.value.problems)


def test_a_failed_build_leaves_the_previous_output_as_it_was(site):
    site.build()
    before = site.read("vi/index.html")
    site.write("pages/xx/oops.md", "title: X\n\nText.\n")
    with pytest.raises(ProblemsFound):
        site.build()
    assert site.read("vi/index.html") == before
    assert not list(site.root.glob(".output-*"))


def test_the_footer_offers_the_offline_copy_and_only_leaflets_that_exist(built_site, site):
    html = built_site.read("hmn/viec-nhe-luong-cao.html")
    assert 'href="../offline/loa-hmn.html" download' in html
    assert "leaflets/index.html" not in html          # the fixture site defines no leaflet
    site.write("leaflets/goi.yaml", "format: poster\npages: [trang-chu]\nhotlines: ['111']\nbody: false\nlanguages: [vi]\n")
    site.build(LEAFLETS_WORKERS=1)
    assert 'href="../en/leaflets/index.html"' in site.read("en/index.html")
