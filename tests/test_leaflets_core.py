"""The pure parts of leaflets: imposition order, panel layout, overflow, fonts, QR, definitions."""
import io

import pytest
import segno

from loa.leaflets import content, fonts, impose, layout, qr, render
from loa.leaflets.definitions import read_definition
from loa.leaflets.generator import css_string, number_sections
from loa.leaflets.jobs import input_key
from loa.problems import Problems


@pytest.mark.parametrize("count, expected", [
    (4, [(3, 0), (1, 2)]),
    (8, [(7, 0), (1, 6), (5, 2), (3, 4)]),
])
def test_saddle_sides_put_first_and_last_page_on_the_outside_of_the_first_sheet(count, expected):
    assert impose.saddle_sides(count) == expected


def test_eight_a5_pages_make_sheet_sides_8_1_2_7_6_3_4_5():
    sides = [(left + 1, right + 1) for left, right in impose.booklet_sheets(8)]
    assert sides == [(8, 1), (2, 7), (6, 3), (4, 5)]


@pytest.mark.parametrize("count, blanks", [(4, 0), (5, 3), (6, 2), (7, 1), (13, 3)])
def test_blank_pages_are_padded_before_the_back_cover(count, blanks):
    sequence = impose.booklet_sequence(count)
    assert len(sequence) % 4 == 0
    assert sequence[-1] == count - 1                      # the back cover stays last
    assert sequence.count(None) == blanks
    assert sequence[:count - 1] == list(range(count - 1))  # the rest in reading order


def test_saddle_stitching_refuses_a_page_count_that_is_not_a_multiple_of_four():
    with pytest.raises(ValueError):
        impose.saddle_sides(6)


def _pdf_with_page_widths(widths, height=595.0):
    from pypdf import PdfWriter

    writer = PdfWriter()
    for width in widths:
        writer.add_blank_page(width=width, height=height)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _placed(pdf):
    """[(source page width, x offset)] per sheet side, read back from the imposed PDF."""
    from pypdf import PdfReader

    sides = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        ops = page.get_contents().get_data().decode().split("\n")
        xobjects = page["/Resources"]["/XObject"]
        placed = []
        for op in ops:
            parts = op.split()
            name, x = parts[8], float(parts[5])
            bbox = xobjects[name].get_object()["/BBox"]
            placed.append((round(float(bbox[2])), round(x / impose.MM)))
        sides.append(placed)
    return sides


def test_booklet_imposition_places_pages_in_saddle_order_with_blanks_before_the_back_cover():
    # page k (0-based) is 100 + k points wide, so each placed page can be recognised
    pdf = _pdf_with_page_widths([100 + k for k in range(6)])
    sides = _placed(impose.impose_booklet(pdf))
    recognised = [[width - 100 for width, _ in side] for side in sides]
    # 6 pages → 0 1 2 3 4 _ _ 5: the two blanks sit just before the back cover
    assert recognised == [[5, 0], [1], [2], [3, 4]]


def test_trifold_imposition_puts_panels_at_0_97_197_mm_outside_and_0_100_200_mm_inside():
    widths = [w * impose.MM for _, w in impose.TRIFOLD_PANELS]
    sides = _placed(impose.impose_trifold(_pdf_with_page_widths(widths)))
    assert [x for _, x in sides[0]] == [0, 97, 197]
    assert [x for _, x in sides[1]] == [0, 100, 200]


def test_trifold_imposition_refuses_anything_but_six_panels():
    with pytest.raises(ValueError, match="6 panels"):
        impose.impose_trifold(_pdf_with_page_widths([100] * 7))


@pytest.mark.parametrize("anchors, count, expected", [
    ({"a": 0, "b": 1, "c": 2}, 3, None),
    ({"a": 0, "b": 2, "c": 3}, 4, ("a", 2)),
    ({"a": 0, "b": 1, "c": 2}, 5, ("c", 3)),
])
def test_the_panel_that_took_more_than_one_page_is_named(anchors, count, expected):
    assert render.overflowing_panel(anchors, ["a", "b", "c"], count) == expected


@pytest.mark.parametrize("lengths, longest", [
    ([1, 1], 1),
    ([10, 1, 1, 1, 1, 10], 10),
    ([5, 5, 5, 5, 5, 5, 5, 5], 10),
    ([3, 3, 3, 3, 9, 1], 9),
])
def test_sections_are_spread_over_the_four_text_panels_in_order_evenly(lengths, longest):
    sizes = layout.distribute(lengths, 4)
    assert sum(sizes) == len(lengths) and len(sizes) <= 4 and min(sizes) >= 1
    groups, start = [], 0
    for size in sizes:
        groups.append(sum(lengths[start:start + size]))
        start += size
    assert max(groups) == longest


def test_fewer_sections_than_panels_leave_the_flap_empty():
    panels = layout.trifold_panels(["a", "b"], length=len)
    assert panels == {"inside-left": ["a"], "inside-middle": ["b"], "inside-right": [], "flap": []}


def test_vietnamese_and_tai_viet_are_covered_by_the_leaflet_fonts_and_emoji_are_not():
    covered = fonts.covered_codepoints(fonts.font_faces(fonts.DEFAULT_FONTS))
    assert fonts.missing_characters("Đường dây nóng 111 — “ꪼꪕꪒꪾ” ỗ ự", covered) == []
    assert fonts.missing_characters("Gọi 😀 ngay 😀 𞗐", covered) == ["😀", "𞗐"]


def test_a_missing_font_file_names_the_debian_package():
    with pytest.raises(ValueError, match="fonts-noto-core"):
        fonts.font_faces({"X": {"regular": "/nonexistent/font.ttf"}})


def test_font_faces_point_at_the_files_and_restrict_tai_heritage_to_tai_viet():
    css = fonts.font_face_css(fonts.font_faces(fonts.DEFAULT_FONTS))
    assert 'src:url("file:///usr/share/fonts/truetype/taiheritagepro/TaiHeritagePro-Regular.ttf")' in css
    assert "unicode-range:U+AA80-AADF" in css


@pytest.mark.parametrize("url", ["https://a.vn/x", "https://loa.laichau.example/hmn/noi-nhan-giup-do.html"])
def test_qr_codes_are_never_micro_qr_and_at_least_25_mm_with_06_mm_modules(url):
    code = qr.make_qr_code(url)
    assert code.version >= 1 and "<path" in code.svg
    assert code.size_mm >= 25
    assert code.size_mm / code.modules >= 0.6
    assert not segno.make_qr(url, error="q").is_micro


def test_the_printed_short_url_drops_the_scheme():
    assert qr.short_url("https://loa.laichau.example/vi/index.html") == "loa.laichau.example/vi/index.html"


def test_sections_split_at_each_h2_with_the_intro_first():
    sections = content.split_sections("<p>Mở đầu</p>\n<h2>Dấu  hiệu</h2><p>a</p><h2>Gọi <em>111</em></h2><p>b</p>")
    assert [s.heading for s in sections] == [None, "Dấu hiệu", "Gọi 111"]
    positions, missing = content.find_sections(sections, ["gọi 111", "Không có"])
    assert positions == [2] and missing == ["Không có"]


def test_booklet_headings_get_ids_for_the_table_of_contents():
    parts = [content.Part(None, "<p>x</p>", "vi", "p", ""), content.Part("A", "<h2>A</h2>", "hmn", "p", "")]
    htmls, toc = number_sections(parts)
    assert htmls[1] == '<h2 id="s-1">A</h2>' and toc == [("s-1", "A", "hmn")]


def test_a_css_string_escapes_quotes_and_html_entities():
    assert str(css_string('BẢN &#34;NHÁP&#34; </style>')) == '"BẢN \\22 NHÁP\\22  \\3c \\2f style\\3e "'


@pytest.mark.parametrize("msgstr", [
    'DRAFT\r";}}body{background:url(/etc/x.png)}@page{@top-center{content:"y',   # security review M5
    "DRAFT\n'; } * { background: url(http://127.0.0.1:9/) } '",
    'DRAFT\\"; } \0 \f \u2028 \ufeff }',
])
def test_a_css_string_is_one_css_string_token_holding_exactly_the_text(msgstr):
    import tinycss2

    tokens = [t for t in tinycss2.parse_component_value_list(str(css_string(msgstr))) if t.type != "whitespace"]
    assert [t.type for t in tokens] == ["string"]
    expected = msgstr.replace("\r", " ").replace("\n", " ").replace("\f", " ").replace("\0", "\ufffd")
    assert tokens[0].value == expected


def test_the_cache_key_changes_with_text_fonts_and_code():
    base = input_key("trifold", "<p>a</p>", "f", "c")
    assert base == input_key("trifold", "<p>a</p>", "f", "c")
    assert len({base, input_key("trifold", "<p>b</p>", "f", "c"), input_key("trifold", "<p>a</p>", "g", "c"),
                input_key("trifold", "<p>a</p>", "f", "d"), input_key("poster", "<p>a</p>", "f", "c")}) == 5


def _definition(tmp_path, text):
    path = tmp_path / "x.yaml"
    path.write_text(text, encoding="utf-8")
    problems = Problems(root=tmp_path)
    return read_definition(path, problems), [str(p) for p in problems.items]


def test_a_definition_reads_pages_sections_and_hotlines_with_their_lines(tmp_path):
    definition, problems = _definition(tmp_path, "format: booklet\npages:\n  - trang-chu\n"
                                       "  - page: dau-hieu\n    sections:\n      - Một\n      - '## Hai'\n"
                                       "hotlines: [111, 113]\n")
    assert problems == []
    assert definition.name == "x" and definition.filename == "x-booklet.pdf"
    assert [(p.page, p.sections, p.line) for p in definition.pages] == [("trang-chu", (), 3), ("dau-hieu", ("Một", "Hai"), 4)]
    assert definition.pages[1].section_lines == (6, 7)
    assert [k for k, _ in definition.hotlines] == ["111", "113"]


def test_every_definition_mistake_is_reported_with_its_line(tmp_path):
    definition, problems = _definition(tmp_path, "name: Tờ Rơi\nformat: leaflet\npages: []\ncolour: red\n")
    assert definition is None
    assert any(p.startswith("x.yaml:1: leaflet name 'Tờ Rơi'") for p in problems)
    assert any(p.startswith("x.yaml:2: format must be one of trifold, booklet, poster, cards, guide, not 'leaflet'") for p in problems)
    assert any(p.startswith("x.yaml:3: 'pages' must list at least one page") for p in problems)
    assert any(p.startswith("x.yaml:4: unknown field 'colour'") for p in problems)
    assert any("'hotlines' must name at least one hotline" in p for p in problems)


def test_body_false_keeps_only_the_title_and_summary(tmp_path):
    from loa.leaflets.definitions import read_definitions
    from loa.problems import Problems

    folder = tmp_path / "leaflets"
    folder.mkdir()
    (folder / "a.yaml").write_text("format: poster\npages: [trang-chu]\nhotlines: ['111']\nbody: false\n")
    (folder / "b.yaml").write_text("format: poster\npages: [trang-chu]\nhotlines: ['111']\nbody: maybe\n")
    problems = Problems()
    definitions = read_definitions(folder, problems)
    assert [d.body for d in definitions] == [False]
    assert any(p.line == 4 and "'body' must be true or false" in p.message for p in problems.errors)


def test_languages_limits_a_leaflet_to_the_languages_named(tmp_path):
    from loa.leaflets.definitions import read_definitions
    from loa.problems import Problems

    folder = tmp_path / "leaflets"
    folder.mkdir()
    (folder / "a.yaml").write_text("format: poster\npages: [trang-chu]\nhotlines: ['111']\nlanguages: [vi, hmn]\n")
    (folder / "b.yaml").write_text("format: poster\npages: [trang-chu]\nhotlines: ['111']\nlanguages: {vi: 1}\n")
    problems = Problems()
    [definition] = read_definitions(folder, problems)
    assert definition.for_language("hmn") and not definition.for_language("en")
    assert any(p.line == 4 and "'languages' must be a list" in p.message for p in problems.errors)


def test_a_qr_code_read_back_from_the_cache_is_the_same_drawing(tmp_path):
    from loa.leaflets.qr import make_qr_code

    first = make_qr_code("https://loa.test/vi/index.html", cache_dir=tmp_path)
    assert list((tmp_path / "qr").glob("*.json"))
    again = make_qr_code("https://loa.test/vi/index.html", cache_dir=tmp_path, min_mm=40)
    assert (again.svg, again.modules, again.version) == (first.svg, first.modules, first.version)
    assert again.size_mm == 40 and first.size_mm == 26  # 37 modules × 0.7 mm, rounded up to 0.5 mm


@pytest.mark.parametrize("html, expected", [
    ('<a href="../vi/quyen-duoc-ho-tro.html">x</a>', '<a href="https://loa.test/hmn/quyen-duoc-ho-tro.html">x</a>'),
    ('<a href="../vi/index.html#ba">x</a>', '<a href="https://loa.test/hmn/index.html">x</a>'),
    ('<a href="tel:111">111</a>', '<a href="tel:111">111</a>'),
    ('<a href="https://plo.vn/a">a</a>', '<a href="https://plo.vn/a">a</a>'),
    ('<a href="../images/x.png">x</a>', '<a >x</a>'),
    ("<a href='../vi/index.html'>x</a>", '<a href="https://loa.test/hmn/index.html">x</a>'),
    ("<a href=../images/x.png>x</a>", "<a >x</a>"),
])
def test_links_in_a_leaflet_point_at_the_site_never_at_the_builders_files(html, expected):
    from loa.leaflets.generator import absolute_links

    assert absolute_links(html, "hmn", "https://loa.test", ("vi", "hmn"), "trang-chu") == expected
