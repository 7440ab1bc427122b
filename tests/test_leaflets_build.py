"""Leaflets built from a tiny real site: formats, sizes, fonts, text, QR, status marks, errors,
cache. One module-wide build renders the three formats in three languages (about 5 s)."""
import io
import logging
import os
import time
import re
import shutil
import subprocess

import pytest
from pypdf import PdfReader

from loa.problems import ProblemsFound

from conftest import make_site

A4 = (595.28, 841.89)  # points, portrait
A5 = (419.53, 595.28)
SITE_URL = "https://loa.laichau.example"

# Hotline data (111 and 113) comes with the fixture site: tests/fixtures/site/data/.

SIGNS = """title: Dấu hiệu lừa đảo
summary: Nhận biết lời mời đi làm giả.
order: 30

Đừng tin lời hứa dễ dàng.

## Việc nhẹ, lương cao

Kẻ buôn người hứa việc nhẹ, lương cao ở bên kia biên giới.

## Giữ giấy tờ

Không đưa giấy tờ tuỳ thân cho người lạ.

## Gọi ngay

Gọi đường dây nóng khi thấy nghi ngờ. Xem [trang chủ]({filename}/pages/vi/trang-chu.md).
"""


def handbook(chapters: int) -> str:
    body = "\n\n".join(f"## Chương {i}\n\n" + ("Cán bộ xã hướng dẫn người dân gọi [[hotline:111]]. " * 30 + "\n\n") * 3
                       for i in range(1, chapters + 1))
    return (f"title: Sổ tay cán bộ\nsummary: Hướng dẫn cho cán bộ xã.\n\n"
            f"Mở đầu. Xem [trang chủ]({{filename}}/pages/vi/trang-chu.md).\n\n{body}")


def add_leaflets(site):
    site.write("pages/vi/dau-hieu.md", SIGNS)
    site.write("pages/vi/so-tay.md", handbook(5))
    site.write("leaflets/dau-hieu.yaml", "format: trifold\npages:\n  - dau-hieu\nhotlines: ['111', '113']\n")
    site.write("leaflets/so-tay.yaml", "format: booklet\npages:\n  - so-tay\nhotlines: ['111']\n")
    site.write("leaflets/nho-111.yaml", "format: poster\npages:\n  - trang-chu\nhotlines: ['111']\n")


@pytest.fixture(scope="module")
def leaflet_site(tmp_path_factory):
    site = make_site(tmp_path_factory.mktemp("leaflets"))
    add_leaflets(site)
    site.build()
    return site


def pdf(site, relative) -> PdfReader:
    return PdfReader(io.BytesIO((site.output / relative).read_bytes()))


def size(page) -> tuple[float, float]:
    return round(float(page.mediabox.width), 2), round(float(page.mediabox.height), 2)


def text(site, relative) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in pdf(site, relative).pages)


@pytest.mark.parametrize("tag", ["vi", "hmn", "en"])
def test_a_trifold_is_two_a4_landscape_sides(leaflet_site, tag):
    reader = pdf(leaflet_site, f"{tag}/leaflets/dau-hieu-trifold.pdf")
    assert [size(p) for p in reader.pages] == [(A4[1], A4[0])] * 2


def test_a_booklet_is_imposed_two_up_on_a4_and_shipped_as_a5_pages_too(leaflet_site):
    a5 = pdf(leaflet_site, "vi/leaflets/so-tay-booklet-a5.pdf")
    sheets = pdf(leaflet_site, "vi/leaflets/so-tay-booklet.pdf")
    assert {size(p) for p in a5.pages} == {A5}
    assert len(a5.pages) >= 5
    assert len(sheets.pages) == 2 * -(-len(a5.pages) // 4)   # one sheet, two sides, per 4 pages
    assert {size(p) for p in sheets.pages} == {(A4[1], A4[0])}


def test_a_booklet_has_a_table_of_contents_and_page_numbers(leaflet_site):
    a5 = pdf(leaflet_site, "vi/leaflets/so-tay-booklet-a5.pdf")
    contents = " ".join(a5.pages[1].extract_text().split())
    assert "Mục lục" in contents
    chapter5 = re.search(r"Chương 5\s*\.*\s*(\d+)", contents)
    assert chapter5, contents
    page = int(chapter5.group(1))
    assert "Chương 5" in a5.pages[page - 1].extract_text()
    assert a5.pages[page - 1].extract_text().split()[-1] == str(page)  # the number printed on it


def test_a_poster_is_one_a4_page_with_the_hotline_huge(leaflet_site):
    reader = pdf(leaflet_site, "en/leaflets/nho-111-poster.pdf")
    assert [size(p) for p in reader.pages] == [A4]
    sizes = []
    reader.pages[0].extract_text(visitor_text=lambda t, cm, tm, font, fs: sizes.append((t.strip(), fs * tm[0])))
    assert max(fs for t, fs in sizes if t == "111") >= 100


@pytest.mark.parametrize("name", ["dau-hieu-trifold.pdf", "so-tay-booklet.pdf", "nho-111-poster.pdf"])
def test_fonts_are_embedded_in_every_leaflet(leaflet_site, name):
    reader = pdf(leaflet_site, f"vi/leaflets/{name}")
    fonts = []

    def walk(resources):
        for font in (resources.get("/Font") or {}).values():
            font = font.get_object()
            for descendant in font.get("/DescendantFonts", [font]):
                descriptor = descendant.get_object().get("/FontDescriptor")
                fonts.append((font["/BaseFont"], bool(descriptor and ({"/FontFile2", "/FontFile3"} & set(descriptor.get_object())))))
        for xobject in (resources.get("/XObject") or {}).values():
            if "/Resources" in xobject.get_object():
                walk(xobject.get_object()["/Resources"])

    for page in reader.pages:
        walk(page["/Resources"])
    assert fonts and all(embedded for _, embedded in fonts), fonts
    assert any("Loa-Sans" in str(name) for name, _ in fonts)


def test_vietnamese_text_extracts_intact(leaflet_site):
    words = text(leaflet_site, "vi/leaflets/dau-hieu-trifold.pdf")
    for phrase in ("Đường dây nóng", "Dấu hiệu lừa đảo", "Không đưa giấy tờ tuỳ thân cho người lạ.", "113 Công an"):
        assert phrase in words


def test_each_section_of_the_page_gets_its_own_trifold_panel_in_reading_order(leaflet_site):
    inside = " ".join(pdf(leaflet_site, "vi/leaflets/dau-hieu-trifold.pdf").pages[1].extract_text().split())
    assert inside.index("Đừng tin") < inside.index("Việc nhẹ") < inside.index("Giữ giấy tờ")


@pytest.mark.skipif(not shutil.which("zbarimg") or not shutil.which("pdftoppm"), reason="needs zbar-tools, poppler-utils")
@pytest.mark.parametrize("tag, name, url", [
    ("en", "dau-hieu-trifold.pdf", f"{SITE_URL}/en/dau-hieu.html"),
    ("hmn", "nho-111-poster.pdf", f"{SITE_URL}/hmn/index.html"),
    ("vi", "so-tay-booklet.pdf", f"{SITE_URL}/vi/so-tay.html"),
])
def test_the_qr_code_decodes_to_the_same_page_in_the_same_language(leaflet_site, tmp_path, tag, name, url):
    subprocess.run(["pdftoppm", "-r", "150", "-f", "1", "-l", "1", "-png",
                    str(leaflet_site.output / tag / "leaflets" / name), str(tmp_path / "p")], check=True)
    image = next(tmp_path.glob("p*.png"))
    decoded = subprocess.run(["zbarimg", "--raw", "-q", str(image)], capture_output=True, text=True)
    assert decoded.stdout.split() == [url]
    assert url.removeprefix("https://") in text(leaflet_site, f"{tag}/leaflets/{name}")  # printed beneath


def test_a_draft_translation_gives_a_leaflet_marked_draft(leaflet_site):
    assert "BẢN NHÁP — CHƯA ĐƯỢC KIỂM TRA" in text(leaflet_site, "hmn/leaflets/nho-111-poster.pdf")  # hmn home is a draft
    assert "BẢN NHÁP" not in text(leaflet_site, "en/leaflets/nho-111-poster.pdf")  # en home is reviewed


def test_a_missing_translation_falls_back_to_the_vietnamese_text_with_a_notice(leaflet_site):
    words = text(leaflet_site, "en/leaflets/dau-hieu-trifold.pdf")
    assert "Không đưa giấy tờ tuỳ thân cho người lạ." in words
    # the notice is in the reader's language (the English catalog), the text in Vietnamese
    assert "This page has not been translated into your language yet. Below is the Vietnamese page." in words
    assert "Dưới đây là bản tiếng Việt" not in words


def test_each_language_has_a_leaflets_page_listing_format_and_size(leaflet_site):
    html = leaflet_site.read("hmn/leaflets/index.html")
    assert '<html lang="hmn"' in html
    for name in ("dau-hieu-trifold.pdf", "so-tay-booklet.pdf", "nho-111-poster.pdf"):
        assert f'href="{name}"' in html
        kb = round((leaflet_site.output / "hmn" / "leaflets" / name).stat().st_size / 1024)
        assert f"{max(kb, 1)} KB" in html
    assert 'lang="vi">Dấu hiệu lừa đảo</a>' in html   # fallback title marked as Vietnamese


def test_the_hmong_leaflets_page_marks_its_vietnamese_words_and_says_it_falls_back(leaflet_site):
    from tests.lang_helpers import unmarked_vietnamese

    html = leaflet_site.read("hmn/leaflets/index.html")
    assert unmarked_vietnamese(html) == []
    assert '<h1><span lang="vi">Tờ rơi để in</span></h1>' in html
    assert "<title>Tờ rơi để in · Loa</title>" in html
    assert '<html lang="hmn" dir="ltr" data-translation-status="fallback">' in html   # no hmn catalog yet


@pytest.mark.parametrize("tag, status", [("vi", "source"), ("en", "current")])
def test_the_leaflets_page_of_the_source_and_of_a_translated_interface_says_so(leaflet_site, tag, status):
    html = leaflet_site.read(f"{tag}/leaflets/index.html")
    assert f'data-translation-status="{status}"' in html
    assert '<span lang="vi">' not in html


def test_the_draft_mark_a_leaflet_prints_from_its_css_stays_plain_words(leaflet_site):
    words = text(leaflet_site, "hmn/leaflets/nho-111-poster.pdf")
    assert "BẢN NHÁP — CHƯA ĐƯỢC KIỂM TRA" in words
    assert "lang=" not in words


def test_every_leaflet_has_a_small_png_preview(leaflet_site):
    from PIL import Image

    for path in (leaflet_site.output / "vi" / "leaflets").glob("*.pdf"):
        if path.stem.endswith("-a5"):
            continue
        with Image.open(path.with_suffix(".png")) as image:
            assert image.format == "PNG" and image.width == 320


class LeafletLog(logging.Handler):
    """The build log's leaflet lines, collected (the plugin logs to ``loa.leaflets``)."""

    def __init__(self):
        super().__init__(logging.INFO)
        self.lines = []

    def emit(self, record):
        self.lines.append(record.getMessage())

    def take(self) -> str:
        text, self.lines = "\n".join(self.lines), []
        return text


@pytest.fixture
def leaflet_log():
    handler = LeafletLog()
    logger = logging.getLogger("loa.leaflets")
    logger.addHandler(handler)
    yield handler
    logger.removeHandler(handler)


def test_a_leaflet_line_repeated_in_one_process_is_reported_each_time(tmp_path, leaflet_log):
    """Pelican's LimitFilter drops any message already logged in the process; the leaflet lines
    are a build's report and must reach the log every time (invoke serve builds again and again)."""
    from pelican.log import LimitLogger

    # as when the logger was made after Pelican set its logger class (test order decides that)
    logging.getLogger("loa.leaflets").addFilter(LimitLogger.limit_filter)
    site = make_site(tmp_path)
    site.write("leaflets/nho-111.yaml", "format: poster\npages: [trang-chu]\nhotlines: ['111']\n")
    site.build(LEAFLETS_WORKERS=1)
    leaflet_log.take()
    line = f"leaflets: 3 in 0.0 s (0 rendered, 3 unchanged) [{tmp_path.name}]"
    for _ in range(2):
        logging.getLogger("loa.leaflets").info(line)
    assert leaflet_log.take().splitlines() == [line, line]


def test_an_unchanged_second_build_renders_no_leaflet(tmp_path, leaflet_log):
    site = make_site(tmp_path)
    site.write("leaflets/nho-111.yaml", "format: poster\npages: [trang-chu]\nhotlines: ['111']\n")
    site.build(LEAFLETS_WORKERS=1)
    first = leaflet_log.take()
    assert "(3 rendered, 0 unchanged)" in first
    site.build(LEAFLETS_WORKERS=1, LOA_SKIP_UNCHANGED=False)   # the leaflets' cache, not the build's stamp
    second = leaflet_log.take()
    assert "(0 rendered, 3 unchanged)" in second
    assert (site.output / "vi" / "leaflets" / "nho-111-poster.pdf").stat().st_size > 1000
    page = site.content.joinpath("pages/vi/trang-chu.md")
    page.write_text(page.read_text() + "\nThêm một câu.\n")
    later = time.time() + 5
    os.utime(page, (later, later))
    site.build(LEAFLETS_WORKERS=1)
    third = leaflet_log.take()
    rendered = int(re.search(r"\((\d+) rendered", third).group(1))
    assert rendered >= 1   # the changed text is rendered again


def test_a_panel_that_overflows_fails_the_build_naming_leaflet_language_and_panel(tmp_path):
    site = make_site(tmp_path)
    site.write("pages/vi/dai.md", "title: Dài\n\n## Một\n\n" + "Chữ rất dài. " * 600 + "\n\n## Hai\n\nNgắn.\n")
    site.write("leaflets/dai.yaml", "format: trifold\npages: [dai]\nhotlines: ['111']\n")
    with pytest.raises(ProblemsFound) as caught:
        site.build(LEAFLETS_WORKERS=1)
    messages = [str(p) for p in caught.value.problems]
    assert any("leaflets/dai.yaml:1: leaflet 'dai' (vi): text overflows the inside-left panel" in m
               and "'Một'" in m for m in messages), messages
    assert not (site.output / "vi").exists()  # nothing published


def test_a_definition_naming_a_missing_page_or_section_or_hotline_fails_with_its_line(tmp_path):
    site = make_site(tmp_path)
    site.write("leaflets/sai.yaml", "format: poster\npages:\n  - khong-co\n  - page: trang-chu\n"
                                    "    sections: [Không có]\nhotlines: ['999']\n")
    with pytest.raises(ProblemsFound) as caught:
        site.build(LEAFLETS_WORKERS=1)
    messages = [str(p) for p in caught.value.problems]
    assert any("leaflets/sai.yaml:3: leaflet 'sai': no page 'khong-co'" in m for m in messages), messages
    assert any("leaflets/sai.yaml:5: page 'trang-chu' has no section '## Không có'" in m for m in messages)
    assert any("leaflets/sai.yaml:6: leaflet 'sai': unknown hotline '999'" in m for m in messages)


def test_a_character_missing_from_the_fonts_fails_the_leaflet_naming_it(tmp_path):
    site = make_site(tmp_path)
    site.write("pages/vi/la.md", "title: Lạ\n\nChữ lạ: 𞗐 ở đây.\n")
    site.write("leaflets/la.yaml", "format: poster\npages: [la]\nhotlines: ['111']\n")
    with pytest.raises(ProblemsFound) as caught:
        site.build(LEAFLETS_WORKERS=1)
    messages = [str(p) for p in caught.value.problems]
    assert any("pages/vi/la.md:3: leaflet 'la' (vi): characters missing from the leaflet fonts: '𞗐' (U+1E5D0)" in m
               for m in messages), messages


def test_without_a_leaflets_folder_the_plugin_does_nothing(built_site):
    assert not (built_site.output / "vi" / "leaflets").exists()


def test_development_leaflets_point_at_the_production_url():
    import pelicanconf
    import publishconf

    assert pelicanconf.LEAFLETS_SITE_URL == publishconf.SITEURL


def test_a_leaflet_limited_to_some_languages_is_made_only_in_those(tmp_path):
    site = make_site(tmp_path)
    site.write("leaflets/chi-vi.yaml", "format: poster\npages: [trang-chu]\nhotlines: ['111']\nlanguages: [vi]\nbody: false\n")
    site.build(LEAFLETS_WORKERS=1)
    assert (site.output / "vi" / "leaflets" / "chi-vi-poster.pdf").exists()
    assert not (site.output / "en" / "leaflets" / "chi-vi-poster.pdf").exists()
    site.write("leaflets/chi-vi.yaml", "format: poster\npages: [trang-chu]\nhotlines: ['111']\nlanguages: [vi, xx]\n")
    with pytest.raises(ProblemsFound) as caught:
        site.build(LEAFLETS_WORKERS=1)
    assert any("unknown language 'xx'" in p.message for p in caught.value.problems)


def test_a_page_with_errors_does_not_also_fail_its_leaflet(tmp_path):
    site = make_site(tmp_path)
    site.write("leaflets/nho-111.yaml", "format: poster\npages: [trang-chu]\nhotlines: ['111']\n")
    site.write("pages/vi/trang-chu.md", "title Trang chủ thiếu dấu hai chấm\n\nVăn bản.\n")
    with pytest.raises(ProblemsFound) as caught:
        site.build(LEAFLETS_WORKERS=1)
    messages = [str(p) for p in caught.value.problems]
    assert any("pages/vi/trang-chu.md:1: the page does not start with its metadata" in m for m in messages)
    assert not any("nho-111.yaml" in m for m in messages), messages


def test_no_leaflet_points_at_the_files_of_the_machine_that_built_it(leaflet_site):
    uris = []
    for path in leaflet_site.output.glob("*/leaflets/*.pdf"):
        for page in PdfReader(path).pages:
            for annotation in page.get("/Annots") or []:
                action = annotation.get_object().get("/A") or {}
                if "/URI" in action:
                    uris.append((path.name, str(action["/URI"])))
    assert ("so-tay-booklet-a5.pdf", f"{SITE_URL}/vi/index.html") in uris  # the handbook's link
    assert all(uri.startswith(("https://", "tel:")) for _, uri in uris), uris


@pytest.mark.parametrize("name, page", [("dau-hieu-trifold.pdf", 0), ("so-tay-booklet-a5.pdf", 0)])
def test_the_cover_carries_the_primary_hotline_number(leaflet_site, name, page):
    text = PdfReader(leaflet_site.output / "vi" / "leaflets" / name).pages[page].extract_text()
    cover = text.split("Đường dây nóng")[-1]
    assert cover.strip().startswith("111"), cover[:80]


def test_a_new_build_process_writes_no_unchanged_leaflet_out_again_and_an_edit_only_its_own(tmp_path, monkeypatch):
    from loa.leaflets import generator

    site = make_site(tmp_path)
    site.write("leaflets/nho-111.yaml", "format: poster\npages: [trang-chu]\nhotlines: ['111']\n")
    site.write("leaflets/viec.yaml", "format: poster\npages: [viec-nhe-luong-cao]\nhotlines: ['111']\n")
    site.build(LEAFLETS_WORKERS=1)
    generator._DRAFTS.values.clear()   # what a new process starts with: only the cache folder
    made = []
    original = generator.LeafletsGenerator._leaflet_html

    def spy(self, definition, language, *args):
        made.append((definition.name, language.tag))
        return original(self, definition, language, *args)

    monkeypatch.setattr(generator.LeafletsGenerator, "_leaflet_html", spy)
    site.build(LEAFLETS_WORKERS=1, LOA_SKIP_UNCHANGED=False)
    assert made == []
    page = site.content / "pages/vi/viec-nhe-luong-cao.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nThêm một câu.\n", encoding="utf-8")
    later = time.time() + 5
    os.utime(page, (later, later))
    site.build(LEAFLETS_WORKERS=1)
    assert sorted(made) == [("viec", "en"), ("viec", "hmn"), ("viec", "vi")]
