"""Print for people who read little (issue 19): type sizes and filled panels measured in the PDFs,
picture cards, meeting guides, PDF title, language and tags, and the errors for cards and guides.

One module-wide build of the fixture site (vi, hmn, en) with a tri-fold, a booklet, a poster
of three things to remember, two picture cards and a guide; the HTML handed to WeasyPrint is
kept to measure pictograms in the layout."""
import collections
import ctypes
import io
import shutil
import subprocess

import pytest
from pypdf import PdfReader

from loa.leaflets import cards as cards_module
from loa.leaflets import fit
from loa.problems import ProblemsFound

from conftest import ROOT, make_site
from test_leaflets_build import add_leaflets

MM = 72 / 25.4
PX_PER_MM = 96 / 25.4

def real_page(relative: str) -> str:
    """A page of the project's own content, its links to other pages reduced to their text (the
    fixture site does not have those pages): the leaflets are measured with real lengths."""
    import re

    text = (ROOT / "content" / "pages" / relative).read_text(encoding="utf-8")
    return re.sub(r"\[([^\]]*)\]\(\{filename\}[^)]*\)", r"\1", text)

GUIDE = """title: Họp thôn thử
summary: Hướng dẫn một buổi họp thôn.
reviewed_on: 2026-11-01
order: 91

Hướng dẫn cho người chủ trì.

## Mở đầu

Chào mọi người.

## Đố vui

1. Gọi số nào? **Đáp án:** [[hotline:111]].
"""


def card(page, picture="goi-111", question="Khi nào gọi 111?", action="Báo tin: gọi [[hotline:111]].",
         alt="Một chiếc điện thoại.", en=True):
    lines = [f"  - page: {page}", f"    picture: {picture}"]
    for name, text in (("alt", alt), ("question", question), ("action", action)):
        if text is None:
            continue
        lines.append(f"    {name}:")
        lines.append(f'      vi: "{text}"')
        if en:
            lines.append(f'      en: "{text} (en)"')
    return "\n".join(lines) + "\n"


CARDS = ("format: cards\nhotlines: ['111', '113']\ncards:\n"
         + card("viec-nhe-luong-cao", "loi-moi-viec-lam", "Có người hứa việc nhẹ, lương cao. Bạn hỏi gì?",
                "Hỏi rõ làm ở đâu, làm gì. Nói với gia đình.", "Một ngôi nhà và vạch biên giới.")
         + card("noi-nhan-giup-do", en=False))

GUIDE_DEF = """format: guide
pages: [hop-thon]
hotlines: ['111', '113']
materials:
  "Mở đầu":
    cards: [viec-nhe-luong-cao]
    leaflets: [dau-hieu]
"""


def add_print_kit(site):
    add_leaflets(site)
    shutil.copytree(ROOT / "content" / "pictograms", site.content / "pictograms")
    (site.content / "pictures").mkdir()
    for name in ("loi-moi-viec-lam", "goi-111"):
        shutil.copy(ROOT / "content" / "pictures" / f"{name}.svg", site.content / "pictures")
    site.write("pages/vi/ba-dieu.md", real_page("vi/trang-chu.md").replace("order: 0", "order: 5"))
    site.write("leaflets/nho-111.yaml", "format: poster\npages:\n  - page: ba-dieu\n    sections: ['Ba điều cần nhớ']\n"
               "hotlines: ['111']\npictograms: [warning, family, phone]\n")
    for tag in ("vi", "en"):
        site.write(f"pages/{tag}/dau-hieu-canh-bao.md", real_page(f"{tag}/dau-hieu-canh-bao.md"))
    site.write("leaflets/canh-bao.yaml", "format: trifold\npages: [dau-hieu-canh-bao]\nhotlines: ['111', '113']\n")
    site.write("pages/vi/hop-thon.md", GUIDE)
    site.write("leaflets/the-tranh.yaml", CARDS)
    site.write("leaflets/hop-thon.yaml", GUIDE_DEF)


@pytest.fixture(scope="module")
def kit(tmp_path_factory):
    import loa.leaflets.jobs as jobs

    site = make_site(tmp_path_factory.mktemp("print"))
    add_print_kit(site)
    htmls = {}
    original = jobs.run_jobs

    def keep(render_jobs, **kwargs):
        htmls.update({job.label: job for job in render_jobs})
        return original(render_jobs, **kwargs)

    jobs.run_jobs = keep
    try:
        site.build(LEAFLETS_WORKERS=1)
    finally:
        jobs.run_jobs = original
    site.jobs = htmls
    return site


def read(site, relative) -> bytes:
    return (site.output / relative).read_bytes()


def char_sizes(pdf: bytes) -> list[tuple[str, float]]:
    """Every printed character of ``pdf`` with its size in points (pdfium: font size × the text
    matrix's scale, so WeasyPrint's px-to-pt transform is counted)."""
    import pypdfium2
    import pypdfium2.raw as raw

    document = pypdfium2.PdfDocument(pdf)
    found = []
    matrix = raw.FS_MATRIX()
    for page in document:
        textpage = page.get_textpage()
        for index in range(textpage.count_chars()):
            char = textpage.get_text_range(index, 1)
            if not char.strip():
                continue
            raw.FPDFText_GetMatrix(textpage, index, ctypes.byref(matrix))
            found.append((char, round(raw.FPDFText_GetFontSize(textpage, index) * abs(matrix.a), 1)))
    document.close()
    return found


def body_size(pdf: bytes) -> float:
    """The size most characters are printed at: the body text."""
    counts = collections.Counter(size for _, size in char_sizes(pdf))
    return counts.most_common(1)[0][0]


def words(pdf_path) -> list[tuple[int, float, float, float, float, str]]:
    """``(page, xMin, yMin, xMax, yMax, word)`` in points from the top left, via
    ``pdftotext -bbox-layout``."""
    import re

    out = subprocess.run(["pdftotext", "-bbox-layout", str(pdf_path), "-"], capture_output=True, text=True,
                         check=True).stdout
    found, page = [], -1
    for line in out.splitlines():
        if "<page " in line:
            page += 1
        match = re.search(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>', line)
        if match:
            found.append((page, *(float(match.group(i)) for i in range(1, 5)), match.group(5)))
    return found


@pytest.mark.parametrize("relative, floor", [
    ("vi/leaflets/canh-bao-trifold.pdf", 11), ("en/leaflets/canh-bao-trifold.pdf", 11),
    ("vi/leaflets/so-tay-booklet-a5.pdf", 11), ("vi/leaflets/nho-111-poster.pdf", 18),
    ("hmn/leaflets/nho-111-poster.pdf", 18), ("vi/leaflets/hop-thon-guide.pdf", 11),
    ("vi/leaflets/the-tranh-cards-a6.pdf", 11),
])
def test_body_text_is_at_least_11_pt_on_trifolds_and_booklets_and_18_pt_on_posters(kit, relative, floor):
    assert body_size(read(kit, relative)) >= floor


@pytest.mark.parametrize("relative", ["vi/leaflets/canh-bao-trifold.pdf", "vi/leaflets/nho-111-poster.pdf",
                                      "vi/leaflets/so-tay-booklet-a5.pdf", "vi/leaflets/the-tranh-cards-a6.pdf",
                                      "vi/leaflets/hop-thon-guide.pdf"])
def test_hotline_numbers_are_printed_at_24_pt_or_more(kit, relative):
    # each hotline the leaflet carries has its number printed large at least once (in its box);
    # a number inside a sentence is set at the size of that sentence
    sizes = char_sizes(read(kit, relative))
    text = "".join(char for char, _ in sizes)
    numbers = [n for n in ("111", "113") if n in text]
    assert "111" in numbers
    for number in numbers:
        starts = [i for i in range(len(text)) if text.startswith(number, i)]
        assert max(min(size for _, size in sizes[i:i + 3]) for i in starts) >= 24, number


def test_a_trifold_grows_its_text_beyond_the_floor_where_there_is_room(kit):
    sizes = collections.Counter(size for _, size in char_sizes(read(kit, "vi/leaflets/canh-bao-trifold.pdf")))
    assert max(size for size, count in sizes.items() if count > 20) > 11


@pytest.mark.parametrize("tag", ["vi", "en"])
def test_no_trifold_panel_is_more_than_half_empty(kit, tag):
    path = kit.output / tag / "leaflets" / "canh-bao-trifold.pdf"
    edges = {0: (0, 97, 197, 297), 1: (0, 100, 200, 297)}
    for side, cuts in edges.items():
        for left, right in zip(cuts, cuts[1:]):
            bottoms = [w[4] for w in words(path) if w[0] == side and left * MM <= w[1] < right * MM]
            assert bottoms, f"side {side + 1}, panel at {left} mm has no text"
            assert max(bottoms) >= 0.5 * 210 * MM, f"side {side + 1}, panel at {left} mm ends at {max(bottoms) / MM:.0f} mm"


def test_a_poster_fills_its_page_with_the_three_things_the_number_and_the_qr_code(kit):
    path = kit.output / "vi" / "leaflets" / "nho-111-poster.pdf"
    found = words(path)
    text = " ".join(w[5] for w in found)
    for lead in ("Lời mời quá tốt", "Luôn báo cho gia đình", "Cần báo tin"):
        assert lead in text
    assert max(w[4] for w in found) >= 0.85 * 297 * MM   # the QR code's address is at the foot


def pictogram_sizes_mm(job) -> list[float]:
    """Widths and heights of every pictogram (class ``loa-picto``) as WeasyPrint lays it out."""
    from loa.leaflets.render import leaflet_fetcher, render_pdf

    document = render_pdf(job.html, job.base_url, leaflet_fetcher(job.allowed_roots, job.allowed_files))
    sizes = []
    for page in document.pages:
        for box in page._page_box.descendants():
            element = getattr(box, "element", None)
            if element is not None and "loa-picto" in (element.get("class") or "") and hasattr(box, "width"):
                sizes += [box.width / PX_PER_MM, box.height / PX_PER_MM]
    return sizes


@pytest.mark.parametrize("label", ["vi/nho-111-poster.pdf", "vi/canh-bao-trifold.pdf", "en/canh-bao-trifold.pdf"])
def test_pictograms_on_paper_are_at_least_15_mm(kit, label):
    sizes = pictogram_sizes_mm(kit.jobs[label])
    assert sizes and min(sizes) >= 15


def test_the_poster_puts_a_pictogram_beside_each_of_the_three_things(kit):
    html = kit.jobs["vi/nho-111-poster.pdf"].html
    assert html.count('class="loa-picto loa-picto--item"') == 3


def test_cards_are_a6_pages_in_reading_order_and_four_to_an_a4_sheet(kit):
    a6 = PdfReader(io.BytesIO(read(kit, "vi/leaflets/the-tranh-cards-a6.pdf")))
    sheets = PdfReader(io.BytesIO(read(kit, "vi/leaflets/the-tranh-cards.pdf")))
    assert len(a6.pages) == 4   # two cards, front and back
    assert [round(float(v) / MM) for v in a6.pages[0].mediabox[2:]] == [105, 148]
    assert len(sheets.pages) == 2
    assert [round(float(v) / MM) for v in sheets.pages[0].mediabox[2:]] == [210, 297]


def test_each_cards_back_lands_behind_its_front_when_flipped_on_the_short_edge(kit):
    path = kit.output / "vi" / "leaflets" / "the-tranh-cards.pdf"
    found = words(path)
    front = " ".join(w[5] for w in found if w[0] == 0 and w[1] < 105 * MM and w[2] < 148 * MM)
    back_bottom_left = " ".join(w[5] for w in found if w[0] == 1 and w[1] < 105 * MM and w[2] > 148 * MM)
    back_top_right = " ".join(w[5] for w in found if w[0] == 1 and w[1] > 105 * MM and w[2] < 148 * MM)
    assert "Việc nhẹ, lương cao" in front
    assert "Bạn hỏi gì?" in back_bottom_left        # card 1 (top left) backed at bottom left
    assert "Khi nào gọi 111?" not in back_top_right    # card 2's back is at bottom right
    assert "Khi nào gọi 111?" in " ".join(w[5] for w in found if w[0] == 1 and w[1] > 105 * MM and w[2] > 148 * MM)


def test_the_card_sheets_swap_the_rows_of_the_backs():
    assert cards_module.card_sheets(4) == [[(0, 0, 0), (2, 1, 0), (4, 0, 1), (6, 1, 1)],
                                           [(1, 0, 1), (3, 1, 1), (5, 0, 0), (7, 1, 0)]]
    assert cards_module.card_sheets(5)[2:] == [[(8, 0, 0)], [(9, 0, 1)]]


def test_a_card_without_its_text_in_a_language_carries_the_vietnamese_text_marked(kit):
    html = kit.jobs["en/the-tranh-cards.pdf"].html
    assert "Có người hứa việc nhẹ, lương cao. Bạn hỏi gì? (en)" in html     # own text
    assert 'id="card-2-back" lang="vi"' in html                             # no English text: Vietnamese
    assert "Khi nào gọi 111?" in html
    hmn = kit.jobs["hmn/the-tranh-cards.pdf"].html
    assert 'id="card-1-back" lang="vi"' in hmn


def test_a_card_picture_carries_its_text_alternative(kit):
    html = kit.jobs["vi/the-tranh-cards.pdf"].html
    assert 'alt="Một ngôi nhà và vạch biên giới."' in html


@pytest.mark.parametrize("relative, lang", [
    ("vi/leaflets/canh-bao-trifold.pdf", "vi"), ("en/leaflets/canh-bao-trifold.pdf", "en"),
    ("hmn/leaflets/canh-bao-trifold.pdf", "vi"),        # no Hmong text: the Vietnamese fallback
    ("en/leaflets/dau-hieu-trifold.pdf", "vi"),         # no English text either
    ("hmn/leaflets/nho-111-poster.pdf", "vi"), ("hmn/leaflets/hop-thon-guide.pdf", "vi"),
    ("hmn/leaflets/the-tranh-cards-a6.pdf", "vi"), ("en/leaflets/the-tranh-cards-a6.pdf", "en"),
    ("vi/leaflets/so-tay-booklet.pdf", "vi"), ("vi/leaflets/so-tay-booklet-a5.pdf", "vi"),
])
def test_every_pdf_has_a_title_and_the_language_of_the_text_it_carries(kit, relative, lang):
    reader = PdfReader(io.BytesIO(read(kit, relative)))
    assert reader.trailer["/Root"]["/Lang"] == lang
    assert reader.metadata.title.strip()


@pytest.mark.parametrize("relative", ["vi/leaflets/so-tay-booklet-a5.pdf", "vi/leaflets/nho-111-poster.pdf",
                                      "vi/leaflets/the-tranh-cards-a6.pdf", "vi/leaflets/hop-thon-guide.pdf"])
def test_the_reading_order_pdfs_are_tagged_for_screen_readers(kit, relative):
    root = PdfReader(io.BytesIO(read(kit, relative))).trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert root["/MarkInfo"]["/Marked"]


@pytest.mark.parametrize("relative", ["vi/leaflets/dau-hieu-trifold.pdf", "vi/leaflets/so-tay-booklet.pdf",
                                      "vi/leaflets/the-tranh-cards.pdf"])
def test_imposed_print_sheets_say_in_their_title_that_they_are_for_printing(kit, relative):
    assert PdfReader(io.BytesIO(read(kit, relative))).metadata.title.endswith("(bản để in)")


def test_an_english_print_sheet_says_so_in_english(kit):
    title = PdfReader(io.BytesIO(read(kit, "en/leaflets/canh-bao-trifold.pdf"))).metadata.title
    assert title.endswith("(for printing)")


def test_a_guide_names_the_cards_and_leaflets_of_each_step(kit):
    html = kit.jobs["vi/hop-thon-guide.pdf"].html
    body = html[html.index("<body"):]
    box = body[body.index(">Mở đầu</h2>"):body.index(">Đố vui</h2>")]
    assert "loa-guide__materials" in box
    assert "1. Việc nhẹ, lương cao" in box and "the-tranh-cards.pdf" in box
    assert "dau-hieu-trifold.pdf" in box
    assert "loa-guide__materials" not in body[body.index(">Đố vui</h2>"):]


def test_the_leaflet_index_says_how_to_print_cards_and_guides(kit):
    page = (kit.output / "vi" / "leaflets" / "index.html").read_text(encoding="utf-8")
    assert "Cắt theo đường nét đứt thành bốn thẻ. Không gập." in page
    assert "In một mặt là đủ. Không cần gập." in page
    assert "the-tranh-cards.png" in page and "hop-thon-guide.png" in page


def test_grown_size_scales_with_the_square_root_of_the_room_and_keeps_its_bounds():
    assert fit.grown_size(11, used=100, free=300, max_pt=24) == 20.5   # 11 × √4 × 0.95 = 20.9
    assert fit.grown_size(11, used=100, free=0, max_pt=24) == 11
    assert fit.grown_size(11, used=10, free=1000, max_pt=24) == 24


# -- errors -----------------------------------------------------------------------------------

def build_errors(tmp_path, **files) -> str:
    site = make_site(tmp_path)
    add_print_kit(site)
    for relative, text in files.items():
        site.write(relative.replace("__", "/"), text)
    with pytest.raises(ProblemsFound) as caught:
        site.build(LEAFLETS_WORKERS=1)
    return str(caught.value)


def test_a_card_whose_text_overflows_fails_with_its_line(tmp_path):
    long = "Một câu hỏi rất dài về việc đi làm xa. " * 12
    errors = build_errors(tmp_path, **{"leaflets__the-tranh.yaml": "format: cards\nhotlines: ['111']\ncards:\n"
                                       + card("viec-nhe-luong-cao", question=long)})
    assert "leaflets/the-tranh.yaml:4: leaflet 'the-tranh' (vi): the text of card 1 ('viec-nhe-luong-cao', back) " \
           "does not fit on the card" in errors


def test_a_card_picture_without_its_text_alternative_fails_with_its_line(tmp_path):
    errors = build_errors(tmp_path, **{"leaflets__the-tranh.yaml": "format: cards\nhotlines: ['111']\ncards:\n"
                                       + card("viec-nhe-luong-cao", alt=None)})
    assert "leaflets/the-tranh.yaml:4: card 'viec-nhe-luong-cao': picture 'goi-111' has no text alternative" in errors


def test_a_card_naming_a_missing_picture_fails_with_its_line(tmp_path):
    errors = build_errors(tmp_path, **{"leaflets__the-tranh.yaml": "format: cards\nhotlines: ['111']\ncards:\n"
                                       + card("viec-nhe-luong-cao", picture="khong-co")})
    assert "leaflets/the-tranh.yaml:5: card 'viec-nhe-luong-cao': no picture 'content/pictures/khong-co.svg'" in errors


def test_a_guide_naming_a_card_script_or_step_that_does_not_exist_fails_with_their_lines(tmp_path):
    definition = GUIDE_DEF + "    scripts: [goi-111]\n  \"Không có\":\n    cards: [khong-co]\n"
    errors = build_errors(tmp_path, **{"leaflets__hop-thon.yaml": definition})
    assert "leaflets/hop-thon.yaml:8: guide 'hop-thon' names loudspeaker script 'goi-111', which does not exist" in errors
    assert "leaflets/hop-thon.yaml:9: guide 'hop-thon': page 'hop-thon' has no step '## Không có'" in errors
    assert "leaflets/hop-thon.yaml:10: guide 'hop-thon' names card 'khong-co', which no cards leaflet has" in errors


def test_a_card_picture_is_a_figure_with_its_text_alternative_in_the_tagged_pdf(kit):
    reader = PdfReader(io.BytesIO(read(kit, "vi/leaflets/the-tranh-cards-a6.pdf")))
    figures = []

    def walk(node):
        node = node.get_object()
        if node.get("/S") == "/Figure":
            figures.append(str(node.get("/Alt", "")))
        kids = node.get("/K")
        kids = kids.get_object() if kids is not None else []
        for kid in kids if isinstance(kids, list) else [kids]:
            kid = kid.get_object()
            if hasattr(kid, "get"):
                walk(kid)

    walk(reader.trailer["/Root"]["/StructTreeRoot"])
    assert "Một ngôi nhà và vạch biên giới." in figures


def test_cards_in_vietnamese_for_lack_of_a_translation_say_so_on_their_backs(kit):
    reader = PdfReader(io.BytesIO(read(kit, "hmn/leaflets/the-tranh-cards-a6.pdf")))
    note = "Thẻ chưa được dịch sang tiếng của bạn có chữ tiếng Việt."
    texts = [" ".join(page.extract_text().split()) for page in reader.pages]
    assert note not in texts[0] and note in texts[1]   # front, back of card 1
    assert note not in " ".join(" ".join(p.extract_text().split())
                                for p in PdfReader(io.BytesIO(read(kit, "vi/leaflets/the-tranh-cards-a6.pdf"))).pages)


def test_the_leaflet_index_lists_the_cards_under_their_own_title(kit):
    page = (kit.output / "en" / "leaflets" / "index.html").read_text(encoding="utf-8")
    assert ">Picture cards: traffickers&#39; tricks and the number 111</a>" in page


@pytest.mark.parametrize("path", sorted((ROOT / "content" / "pictures").glob("*.svg")), ids=lambda p: p.name)
def test_a_real_card_picture_is_a_black_line_drawing_with_no_photograph(path):
    import re

    svg = path.read_text(encoding="utf-8")
    assert "<image" not in svg and "<text" not in svg and "href" not in svg
    colours = set(re.findall(r'(?:fill|stroke)="([^"]+)"', svg))
    assert colours <= {"none", "#000", "#fff"}, colours


def test_every_real_card_has_a_picture_with_its_text_alternative_and_the_eight_tricks_and_111():
    import yaml

    definition = yaml.safe_load((ROOT / "content" / "leaflets" / "the-tranh.yaml").read_text(encoding="utf-8"))
    pages = [card["page"] for card in definition["cards"]]
    assert len(pages) == 9 and pages[-1] == "noi-nhan-giup-do"
    for card in definition["cards"]:
        assert (ROOT / "content" / "pictures" / f"{card['picture']}.svg").is_file()
        assert card["alt"]["vi"].strip() and card["question"]["vi"].strip() and card["action"]["vi"].strip()


def test_a_meeting_guide_is_on_the_site_but_not_in_the_villagers_offline_copy(kit):
    assert (kit.output / "vi" / "hop-thon.html").is_file()
    copy = (kit.output / "offline" / "loa-vi.html").read_text(encoding="utf-8")
    assert 'id="hop-thon"' not in copy and "Hướng dẫn cho người chủ trì." not in copy
    assert 'id="viec-nhe-luong-cao"' in copy
