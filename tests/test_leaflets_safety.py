"""Leaflets lose nothing and fetch nothing they shouldn't (issue 13 item 3, issue 14 item 2).

Pictures print, long words stay on the sheet, and what a page or a catalog asks WeasyPrint to
load is limited to the project's own files (security review H1, M5). The page-level checks of
loa.languages.preflight are bypassed where a payload would be refused there first: these
defences must hold on their own.
"""
import http.server
import io
import re
import shutil
import subprocess
import threading

import pytest
from pypdf import PdfReader

from loa.leaflets.render import RenderJob, fetch_refusal, render_job
from loa.problems import ProblemsFound

from conftest import ROOT, make_site

LONG_WORD = "A" * 96
STATIC = (ROOT / "theme" / "static" / "leaflets").resolve()


@pytest.fixture
def loopback():
    """A tiny HTTP server on 127.0.0.1 that records every request it gets."""
    seen = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - http.server's name
            seen.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", seen
    server.shutdown()
    server.server_close()


@pytest.fixture
def no_preflight(monkeypatch):
    """Build without the page checks, as if a payload had got past them."""
    import loa.languages.preflight as preflight

    monkeypatch.setattr(preflight, "check_pages", lambda *args, **kwargs: set())


def poster_job(body: str, head: str = "") -> RenderJob:
    html = (f"<!doctype html><html lang='vi'><head><meta charset='utf-8'>{head}"
            f"<style>@page{{size:A4;margin:15mm}}</style></head><body>{body}</body></html>")
    return RenderJob("k", "poster", html, STATIC.as_uri() + "/", "vi/x-poster.pdf",
                     allowed_roots=(str(STATIC.parent),))


def picture_site(tmp_path):
    from PIL import Image

    site = make_site(tmp_path)
    (site.content / "images").mkdir()
    Image.new("RGB", (800, 600), (200, 40, 40)).save(site.content / "images" / "hua-hen.jpg")
    site.write("pages/vi/anh.md", "title: Lời hứa\n\n## Một\n\nMột người đến làng.\n\n"
                                  "![Người lạ hứa việc làm]({static}/images/hua-hen.jpg)\n\n"
                                  f"## Hai\n\nTừ rất dài: {LONG_WORD} hết.\n\n## Ba\n\nGọi ngay.\n")
    site.write("leaflets/anh.yaml", "format: trifold\npages: [anh]\nhotlines: ['111']\nlanguages: [vi]\n")
    return site


# -- issue 13 item 3: nothing lost -------------------------------------------------------------
def test_a_picture_in_a_leaflet_page_is_printed_in_greyscale_within_its_panel(tmp_path):
    site = picture_site(tmp_path)
    site.build(LEAFLETS_WORKERS=1)
    path = site.output / "vi" / "leaflets" / "anh-trifold.pdf"
    images = list({image.data: image for page in PdfReader(path).pages for image in page.images}.values())
    assert len(images) == 1
    assert images[0].image.mode == "L"   # greyscale for black-and-white printers
    listed = subprocess.run(["pdfimages", "-list", str(path)], capture_output=True, text=True, check=True).stdout
    [row] = [line.split() for line in listed.splitlines()[2:]]   # drawn once
    width_mm = int(row[3]) / int(row[12]) * 25.4   # pixels / x-ppi
    assert 20 < width_mm <= 84                      # a wide panel's text is 100 − 2 × 8 mm
    assert "Người lạ hứa việc làm" not in " ".join(p.extract_text() for p in PdfReader(path).pages)


def test_a_picture_replaced_under_the_same_name_is_printed_anew(tmp_path):
    import os

    from PIL import Image

    site = picture_site(tmp_path)
    site.build(LEAFLETS_WORKERS=1)
    path = site.output / "vi" / "leaflets" / "anh-trifold.pdf"

    def printed_size():
        [image] = list({image.data: image for page in PdfReader(path).pages for image in page.images}.values())
        return image.image.size

    assert printed_size()[0] > printed_size()[1]   # landscape
    picture = site.content / "images" / "hua-hen.jpg"
    Image.new("RGB", (300, 900), (40, 40, 200)).save(picture)   # portrait, the page untouched
    later = picture.stat().st_mtime + 5
    os.utime(picture, (later, later))
    site.build(LEAFLETS_WORKERS=1)
    width, height = printed_size()
    assert height > width


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs poppler-utils")
def test_a_96_letter_word_is_wrapped_inside_its_trifold_panel(tmp_path):
    site = picture_site(tmp_path)
    site.build(LEAFLETS_WORKERS=1)
    bbox = subprocess.run(["pdftotext", "-bbox", str(site.output / "vi" / "leaflets" / "anh-trifold.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout
    pieces = [(float(a), float(b), word) for a, b, word in
              re.findall(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">(A+)</word>', bbox)]
    assert "".join(word for _, _, word in pieces) == LONG_WORD
    assert len(pieces) >= 2
    # One panel of the inside (x from 297 × 0 to 297 mm, panels at 0, 100 and 200 mm, 8 mm margins).
    mm = 72 / 25.4
    panel = next(p for p in (0, 100, 200) if (p + 8) * mm - 1 <= pieces[0][0] < (p + 100) * mm)
    assert all((panel + 8) * mm - 1 <= start and end <= (panel + 92) * mm + 1 for start, end, _ in pieces)


def test_text_wider_than_its_panel_fails_naming_leaflet_language_panel_and_page_line(tmp_path, monkeypatch):
    from loa.leaflets.generator import LeafletsGenerator

    original = LeafletsGenerator._leaflet_html
    # A word that cannot be broken (as a number is not): the check must catch it.
    monkeypatch.setattr(LeafletsGenerator, "_leaflet_html", lambda self, *args: original(self, *args).replace(
        "</head>", "<style>body{overflow-wrap:normal}</style></head>", 1))
    site = picture_site(tmp_path)
    with pytest.raises(ProblemsFound) as caught:
        site.build(LEAFLETS_WORKERS=1)
    messages = [str(p) for p in caught.value.problems]
    assert any(re.search(r"pages/vi/anh\.md:11: leaflet 'anh' \(vi\): text runs [\d.]+ mm past the edge of the "
                         r"inside-(left|middle|right) panel: 'AAAA", m) for m in messages), messages
    assert not (site.output / "vi").exists()


def test_a_poster_with_a_box_wider_than_the_page_fails_naming_the_poster():
    outcome = render_job(poster_job(f"<p style='white-space:nowrap'>{LONG_WORD}</p>"))
    assert outcome.panel == "poster"
    assert outcome.text.startswith("AAAA")
    assert outcome.pdf == b""


def test_pictograms_as_inline_svg_still_print():
    from PIL import Image

    svg = ("<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 10 10' width='200' height='200'>"
           "<rect width='10' height='10' fill='#000'/></svg>")
    outcome = render_job(poster_job(f"<p>{svg} Gọi 111</p>"))
    assert outcome.error == ""
    preview = Image.open(io.BytesIO(outcome.preview))   # 320 px across A4: the square is ~80 px wide
    assert sum(preview.convert("L").histogram()[:60]) > 4000


# -- issue 14 item 2: nothing fetched that shouldn't be (H1, M5, M4) ---------------------------
@pytest.mark.parametrize("url, allowed", [
    ("data:image/png;base64,iVBORw0KGgo=", True),
    (STATIC.as_uri() + "/leaflet.css", True),
    (STATIC.as_uri() + "/../../../../../etc/hostname", False),
    ("file:///etc/hostname", False),
    ("file://otherhost" + str(STATIC) + "/leaflet.css", False),
    ("http://127.0.0.1:8765/internal.txt", False),
    ("https://loa.laichau.example/images/a.jpg", False),
    ("ftp://example.org/x", False),
])
def test_a_leaflet_may_load_only_data_uris_and_the_projects_own_files(url, allowed):
    assert (fetch_refusal(url, (str(STATIC.parent),), ()) is None) is allowed


def test_a_font_file_is_allowed_only_when_it_is_one_of_the_leaflet_fonts():
    font = "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf"
    assert fetch_refusal("file://" + font, (), (font,)) is None
    assert fetch_refusal("file:///usr/share/fonts/truetype/noto/NotoSans-Bold.ttf", (), (font,)) is not None


def test_a_file_attachment_link_is_refused_and_nothing_is_embedded():
    outcome = render_job(poster_job("<p>Nyeem <a rel='attachment' href='file:///etc/hostname'>ntawv</a> "
                                    f"<a rel=attachment href='{STATIC.as_uri()}/leaflet.css'>css</a></p>"))
    assert outcome.pdf == b""
    assert any(url.startswith("file:///etc/hostname") for url in outcome.refused)
    assert any(url.startswith(STATIC.as_uri() + "/leaflet.css") and "attachment" in url for url in outcome.refused)


def test_a_link_to_a_file_of_the_machine_is_refused():
    outcome = render_job(poster_job("<p><a href='file:///home/translator/.ssh/id_ed25519'>x</a> "
                                    "<a href='tel:111'>111</a> <a href='https://loa.laichau.example/'>web</a></p>"))
    assert outcome.refused == ["file:///home/translator/.ssh/id_ed25519 (a link)"]
    assert outcome.pdf == b""


def test_a_loopback_address_in_a_leaflet_is_refused_without_any_request(loopback):
    address, seen = loopback
    outcome = render_job(poster_job(
        f"<p><img src='{address}/img.png' alt='x'></p>"
        f"<p style='background:url({address}/bg.png)'>x</p>",
        head=f"<link rel='stylesheet' href='{address}/style.css'>"))
    assert seen == []
    assert sorted(outcome.refused) == sorted(f"{address}/{name}" for name in ("img.png", "bg.png", "style.css"))
    assert outcome.pdf == b""


def test_an_image_inside_inline_svg_is_refused_without_any_request(loopback):
    address, seen = loopback
    outcome = render_job(poster_job(f"<svg width='20' height='20'><image href='{address}/svg.png' "
                                    "width='20' height='20'/></svg>"))
    assert seen == []
    assert outcome.refused == [f"{address}/svg.png"]
    assert outcome.pdf == b""


def test_a_page_asking_a_leaflet_for_files_fails_the_build_naming_page_line_and_leaflet(tmp_path, loopback,
                                                                                          no_preflight):
    address, seen = loopback
    site = make_site(tmp_path)
    site.write("pages/vi/tai-lieu.md", "title: Tài liệu\n\nĐọc thêm.\n\n"
                                       "Xem <a rel='attachment' href='file:///etc/hostname'>tệp</a>.\n\n"
                                       f"<svg width='20' height='20'><image href='{address}/ssrf' width='20' "
                                       "height='20'/></svg>\n")
    site.write("leaflets/tai-lieu.yaml", "format: poster\npages: [tai-lieu]\nhotlines: ['111']\nlanguages: [vi]\n")
    with pytest.raises(ProblemsFound) as caught:
        site.build(LEAFLETS_WORKERS=1)
    messages = [str(p) for p in caught.value.problems]
    assert seen == []
    assert any("pages/vi/tai-lieu.md:5: leaflet 'tai-lieu' (vi) may not load file:///etc/hostname" in m
               for m in messages), messages
    assert any(f"pages/vi/tai-lieu.md:7: leaflet 'tai-lieu' (vi) may not load {address}/ssrf" in m
               for m in messages), messages
    assert not (site.output / "vi").exists()


def test_a_catalog_string_cannot_break_out_of_the_draft_banner_css(tmp_path, loopback):
    address, seen = loopback
    site = make_site(tmp_path)
    catalog = site.translations / "hmn" / "LC_MESSAGES" / "messages.po"
    # The review's msgstr, as PO text: "DRAFT\r;}}body{…url(…)}…".
    payload = f'DRAFT\\r;}}}}body{{background:url({address}/po-css-inject)}}@page{{@top-center{{content:y'
    text = catalog.read_text(encoding="utf-8")
    text = text.replace('msgid "BẢN NHÁP — CHƯA ĐƯỢC KIỂM TRA"\nmsgstr ""',
                        f'msgid "BẢN NHÁP — CHƯA ĐƯỢC KIỂM TRA"\nmsgstr "{payload}"')
    catalog.write_text(text, encoding="utf-8")
    site.write("leaflets/nho-111.yaml", "format: poster\npages: [trang-chu]\nhotlines: ['111']\n")
    site.build(LEAFLETS_WORKERS=1)
    assert seen == []
    poster = PdfReader(site.output / "hmn" / "leaflets" / "nho-111-poster.pdf")
    assert [image for page in poster.pages for image in page.images] == []
    assert "po-css-inject" in poster.pages[0].extract_text()   # printed as the banner's text


def test_an_offline_copy_embeds_no_file_from_outside_the_built_site(tmp_path):
    from PIL import Image

    from loa.offline.bundle import assemble

    secret = tmp_path / "secret-id-card.jpg"
    Image.new("RGB", (200, 150), (0, 0, 0)).save(secret)
    (tmp_path / "secret.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'><text>PRIVATE</text></svg>")
    output = tmp_path / "output"
    (output / "vi").mkdir(parents=True)
    (output / "images").mkdir()
    Image.new("RGB", (200, 150), (90, 90, 90)).save(output / "images" / "own.jpg")
    (output / "vi" / "index.html").write_text(
        "<html lang='vi'><body><main><h1>Trang chủ</h1>"
        f'<!-- <IMG alt="x" src="/.//{secret}"> -->'                    # security review M4
        f'<img alt="y" src="/..%2f..%2f{tmp_path.name}/secret.svg">'
        '<img alt="z" src="../images/own.jpg"></main></body></html>', encoding="utf-8")
    assembled = assemble(output, "vi", site_url="", home_name="trang-chu")
    html = assembled.sections[0].html
    assert html.count("data:image/") == 1                                # only the site's own image
    assert "PRIVATE" not in html and "PHN2Zy" not in html                 # the SVG, raw or base64
    assert len(assembled.image_problems) == 2


def test_list_markers_hanging_into_the_margin_do_not_count_as_too_wide():
    items = "".join(f"<li>Việc {n}</li>" for n in range(1, 13))
    outcome = render_job(poster_job(f"<ol style='padding-left:0.3em'>{items}</ol>"))
    assert outcome.error == ""
    assert outcome.pages == 1
