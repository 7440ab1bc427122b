"""Offline copies: one self-contained file per language, and the sharing zip."""
from __future__ import annotations

import base64
import re
import zipfile
from pathlib import Path

import pytest

from loa.offline import html as pages_html
from loa.offline.settings import MAX_BYTES
from loa.offline.write import leaflets, write_share_zip
from loa.problems import ProblemsFound

TAGS = ["vi", "hmn", "en"]
PAGES = ["trang-chu", "noi-nhan-giup-do", "viec-nhe-luong-cao"]


def offline(site, tag):
    return site.read(f"offline/loa-{tag}.html")


def references(text):
    return re.findall(r'\b(?:src|href|srcset|action|poster|data)="([^"]*)"', text)


@pytest.mark.parametrize("tag", TAGS)
def test_each_language_has_one_offline_file_within_the_budget(built_site, tag):
    path = built_site.output / "offline" / f"loa-{tag}.html"
    assert path.exists()
    assert 0 < path.stat().st_size <= MAX_BYTES


@pytest.mark.parametrize("tag", TAGS)
def test_the_offline_file_refers_to_nothing_outside_itself(built_site, tag):
    text = offline(built_site, tag)
    for value in references(text):
        assert value.startswith(("#", "data:", "tel:", "mailto:")), value
    ids = set(re.findall(r'\bid="([^"]+)"', text))
    for value in references(text):
        if value.startswith("#"):
            assert value[1:] in ids, f"{value} points at no section"
    assert "<link" not in text
    # the one script is the quick exit's, allowed by its hash (docs/quick-exit.md)
    from loa.theme import OFFLINE_EXIT_JS
    from loa.theme.security import script_hash
    assert re.findall(r"<script>(.*?)</script>", text, re.S) == [OFFLINE_EXIT_JS]
    assert f"script-src {script_hash(OFFLINE_EXIT_JS)};" in text


@pytest.mark.parametrize("tag", TAGS)
def test_the_offline_file_holds_every_page_as_a_section_home_first(built_site, tag):
    text = offline(built_site, tag)
    ids = re.findall(r'<section id="([^"]+)" class="loa-offline__section"', text)
    assert ids[0] == "trang-chu"
    assert sorted(ids) == sorted(PAGES)


@pytest.mark.parametrize("tag", TAGS)
def test_the_quick_exit_is_the_first_link_and_goes_to_a_neutral_section_in_the_file(built_site, tag):
    text = offline(built_site, tag)
    body = text.split("<body", 1)[1]
    first = re.search(r"<a\b[^>]*>", body).group(0)
    assert 'id="quick-exit"' in first
    target = re.search(r'href="#([^"]+)"', first).group(1)
    neutral = re.search(rf'<section id="{target}"[^>]*>(.*?)</section>', text, re.S).group(1)
    assert "buôn người" not in neutral and "trafficking" not in neutral.lower()


def test_links_between_pages_become_anchors_in_the_readers_language(built_site):
    text = offline(built_site, "hmn")
    section = re.search(r'<section id="viec-nhe-luong-cao".*?</section>', text, re.S).group(0)
    assert '<a href="#trang-chu">trang chủ</a>' in section
    assert "../" not in text


def test_draft_and_fallback_notices_are_kept(built_site):
    text = offline(built_site, "hmn")
    assert 'data-translation-status="draft"' in text
    assert "loa-notice--draft" in text
    assert re.search(r'<section id="noi-nhan-giup-do"[^>]*data-translation-status="fallback"', text)
    assert "loa-notice--fallback" in text


def test_production_offline_copy_follows_the_production_status_rules(site):
    site.build(production=True)
    text = offline(site, "hmn")
    assert 'id="trang-chu" class="loa-offline__section" data-translation-status="fallback"' in text
    assert "Nplooj tsev" not in text  # the draft Hmong home is left out, as on the site
    assert "https://" not in text


def test_the_neutral_section_is_translated_like_the_site(built_site):
    assert "Vegetable growing tips" in offline(built_site, "en")
    assert "Mẹo trồng rau" in offline(built_site, "vi")


def test_photos_are_shrunk_into_small_data_uris(site):
    from PIL import Image

    noise = Image.effect_noise((1600, 1200), 80).convert("RGB")
    (site.content / "images").mkdir()
    noise.save(site.content / "images" / "photo.jpg", quality=95)
    site.write("pages/vi/viec-nhe-luong-cao.md",
               "title: Việc nhẹ, lương cao\norder: 20\n\nẢnh.\n\n![Một bức ảnh]({static}/images/photo.jpg)\n")
    site.build()
    text = offline(site, "vi")
    uri = re.search(r'<img[^>]*src="data:image/jpeg;base64,([^"]+)"', text)
    assert uri, "the photo is not inlined"
    data = base64.b64decode(uri.group(1))
    assert len(data) <= 12_000
    with Image.open(__import__("io").BytesIO(data)) as small:
        assert small.width <= 320
    assert "images/photo.jpg" not in text


def test_an_image_that_cannot_be_inlined_leaves_its_alt_text():
    from loa.offline.html import replace_images

    html = '<p><img src="../images/none.png" alt="Bản đồ"> và chữ</p>'
    out = replace_images(html, base_url="https://loa.test/vi/a.html", site_url="https://loa.test",
                         to_data_uri=lambda path: None)
    assert "none.png" not in out and "Bản đồ" in out


def test_a_missing_image_fails_the_build_and_keeps_output(site):
    site.build()
    site.write("pages/vi/viec-nhe-luong-cao.md",
               "title: Việc nhẹ, lương cao\norder: 20\n\n<img src=\"../images/none.png\" alt=\"Bản đồ\">\n")
    with pytest.raises(ProblemsFound) as caught:
        site.build()
    assert any("none.png" in p.message for p in caught.value.problems)
    assert (site.output / "offline" / "loa-vi.html").exists()


def test_links_to_other_sites_are_unwrapped_and_keep_their_address(site):
    site.write("pages/vi/viec-nhe-luong-cao.md",
               "title: Việc nhẹ, lương cao\norder: 20\n\nXem [Bộ Công an](https://bocongan.gov.vn/lien-he).\n"
               "Gọi [[hotline:111]].\n")
    site.build()
    text = offline(site, "vi")
    assert "Bộ Công an (bocongan.gov.vn/lien-he)" in text
    assert 'href="tel:111"' in text


def test_an_offline_copy_over_budget_fails_a_production_build(site):
    with pytest.raises(ProblemsFound) as caught:
        site.build(production=True, OFFLINE_MAX_BYTES=1_000)
    [budget] = [p for p in caught.value.problems if "loa-vi.html is" in p.message]
    assert "budget is 1,000" in budget.message
    # in a file, not the folder: the Markdown file of the biggest page, named first in the hint
    biggest = budget.hint.split("largest pages: ")[1].split(" (")[0]
    assert (Path(budget.path).relative_to(site.content).as_posix(), budget.line) == (f"pages/vi/{biggest}.md", 1)


def test_an_offline_copy_over_budget_only_warns_in_development(site):
    result = site.build(OFFLINE_MAX_BYTES=1_000)
    assert any("budget is 1,000" in w.message for w in result.warnings)


def test_the_zip_holds_every_offline_file(built_site):
    with zipfile.ZipFile(built_site.output / "offline" / "loa-all.zip") as archive:
        assert sorted(archive.namelist()) == sorted(f"loa-{t}.html" for t in TAGS)
        assert archive.read("loa-hmn.html") == (built_site.output / "offline" / "loa-hmn.html").read_bytes()
        assert all(i.compress_type == zipfile.ZIP_DEFLATED for i in archive.infolist())


def test_the_zip_takes_the_leaflets_and_is_the_same_bytes_each_time(tmp_path):
    (tmp_path / "offline").mkdir()
    page = tmp_path / "offline" / "loa-vi.html"
    page.write_text("<p>xin chào</p>" * 100, encoding="utf-8")
    for tag, name in (("vi", "ba-gap.pdf"), ("hmn", "ba-gap.pdf")):
        (tmp_path / tag / "leaflets").mkdir(parents=True)
        (tmp_path / tag / "leaflets" / name).write_bytes(b"%PDF-1.7 " + tag.encode())
    found = leaflets(tmp_path)
    assert [name for _, name in found] == ["leaflets/hmn/ba-gap.pdf", "leaflets/vi/ba-gap.pdf"]
    first = write_share_zip(tmp_path / "a.zip", [page], found).read_bytes()
    second = write_share_zip(tmp_path / "b.zip", [page], found).read_bytes()
    assert first == second
    with zipfile.ZipFile(tmp_path / "a.zip") as archive:
        assert archive.namelist() == ["leaflets/hmn/ba-gap.pdf", "leaflets/vi/ba-gap.pdf", "loa-vi.html"]
    assert len(first) < page.stat().st_size


@pytest.mark.parametrize("href, expected", [
    ('<a href="../hmn/x.html">X</a>', '<a href="#x">X</a>'),
    ('<a href="x.html#part">X</a>', '<a href="#x--part">X</a>'),
    ('<a href="https://loa.example/hmn/x.html">X</a>', '<a href="#x">X</a>'),
    ('<a href="../vi/x.html" hreflang="vi" lang="vi">Tiếng Việt</a>', ""),
    ('<a href="../index.html">Chọn</a>', "Chọn"),
    ('<a href="../hmn/leaflets/a.pdf">Tờ rơi</a>', "Tờ rơi"),
    ('<a href="https://example.org/a">Trang</a>', "Trang (example.org/a)"),
    ('<a href="tel:111">111</a>', '<a href="tel:111">111</a>'),
    ('<a href="#top">Lên</a>', '<a href="#top">Lên</a>'),
])
def test_links_are_rewritten_to_work_inside_the_file(href, expected):
    for site_url in ("", "https://loa.example"):
        if "loa.example" in href and not site_url:
            continue
        base = pages_html.page_url(site_url, "hmn", "y.html")
        got = pages_html.rewrite_links(href, base_url=base, site_url=site_url,
                                       sections={"hmn/x.html": "x", "hmn/y.html": "y"})
        assert got == expected


def test_ids_are_prefixed_with_their_section_and_references_follow():
    html = ('<h2 id="a">A</h2><a href="#a">a</a><svg><linearGradient id="g"/>'
            '<rect fill="url(#g)"/></svg><section aria-labelledby="a"></section><a href="#other">o</a>')
    got = pages_html.prefix_ids(html, "p")
    assert 'id="p--a"' in got and 'href="#p--a"' in got and "url(#p--g)" in got
    assert 'aria-labelledby="p--a"' in got and 'href="#other"' in got


def test_a_tai_viet_offline_copy_carries_its_font_inside(site):
    from tests.conftest import BLT

    site.write("languages.yaml", (site.content / "languages.yaml").read_text(encoding="utf-8") + BLT)
    site.write("pages/blt/trang-chu.md", "title: ꪹꪭꪙ ꪻꪬ\nsummary: ꪀꪱꪉ\ntranslation_status: reviewed\n"
                                         "source_hash: 0000000000000000\n\nꪎꪱꪣ ꪔꪱ ꪹꪖꪱ ꪻꪠ꪿ ꪩꪳꪣ.\n")
    result = site.build()
    text = offline(site, "blt")
    assert "url(data:font/woff2;base64," in text
    assert "fonts/" not in text
    assert not any("outside" in w.message for w in result.warnings)


def test_the_pages_order_and_status_come_from_the_plan_not_from_the_homes_links(site):
    # The home's text links to the last page of its list first; the copy keeps the list's order.
    home = site.content / "pages/vi/trang-chu.md"
    home.write_text(home.read_text(encoding="utf-8").replace(
        "Ba điều cần nhớ.", "Xem [việc nhẹ]({filename}/pages/vi/viec-nhe-luong-cao.md). Ba điều cần nhớ."),
        encoding="utf-8")
    site.build()
    text = offline(site, "vi")
    assert re.findall(r'<section id="([^"]+)" class="loa-offline__section"', text) == PAGES
    hmn = offline(site, "hmn")
    assert re.findall(r'<section id="([^"]+)" class="loa-offline__section" data-translation-status="([^"]+)"',
                      hmn)[1:] == [("noi-nhan-giup-do", "fallback"), ("viec-nhe-luong-cao", "fallback")]


def test_a_new_build_process_links_unchanged_offline_copies_and_zip_and_reports_their_problems_again(site):
    from loa.offline import write

    first = site.build(OFFLINE_MAX_BYTES=1_000)   # every copy is then over its budget: a warning
    files = sorted((site.output / "offline").iterdir())
    inodes = {p.name: p.stat().st_ino for p in files}
    write._COPIES.values.clear()   # what a new process starts with: only the cache folder
    write._ZIPS.values.clear()
    second = site.build(OFFLINE_MAX_BYTES=1_000, LOA_SKIP_UNCHANGED=False)
    assert {p.name: p.stat().st_ino for p in (site.output / "offline").iterdir()} == inodes
    assert "loa-all.zip" in inodes
    over = [w for w in first.warnings if "the budget is 1,000" in w.message]
    assert over and [w for w in second.warnings if "the budget is 1,000" in w.message] == over
