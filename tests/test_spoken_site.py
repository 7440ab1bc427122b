"""The spoken channel in a built site: pages, sheets, index, programme, footer link, errors."""
from __future__ import annotations

import pytest

from loa.site.policy import hash_file_text
from loa.problems import ProblemsFound

SPOT_VI = """title: Gọi tổng đài khi nghi bị lừa bán
kind: spot
page: noi-nhan-giup-do
summary: Một thông điệp về tổng đài.
sources: https://plo.vn/tong-dai-quoc-gia-bao-ve-tre-em-111-727850.html
reviewed_on: 2026-12-01

Thưa bà con, đây là loa truyền thanh của xã.

Có người rủ bạn đi làm xa, lương cao, việc nhẹ? Có người lạ dẫn con em mình về phía biên giới? Đừng im lặng.

Hãy gọi số [[hotline:111]]. Gọi miễn phí, cả ngày lẫn đêm. Đọc tên [[say:Mường Tè|mường tè, đọc chậm]].

[[pause]]

> Nhớ nhé: gọi [[hotline:111]].
"""

SPOT_EN = """title: Call the hotline
kind: spot
source_hash: {hash}
translation_status: draft

Good day, everyone. This is the commune loudspeaker.

Has someone asked you to go far away for easy work and high pay? Do not stay silent.

Call [[hotline:111]]. The call is free, day and night.

[[pause]]

> Remember: call [[hotline:111]].
"""

PROGRAMME = "title: Sáng Chủ nhật\ngap_seconds: 5\nitems:\n  - goi\n  - goi\n"


def add_scripts(site):
    languages = (site.content / "languages.yaml").read_text(encoding="utf-8")
    site.write("languages.yaml", languages.replace(
        "    babel_locale: en\n",
        "    babel_locale: en\n    digits: [zero, one, two, three, four, five, six, seven, eight, nine]\n"
        "    syllables: vowels\n"))
    site.write("scripts/vi/goi.md", SPOT_VI)
    site.write("scripts/en/goi.md", SPOT_EN.format(hash=hash_file_text(SPOT_VI)))
    site.write("programmes/sang-chu-nhat.yaml", PROGRAMME)


@pytest.fixture(scope="module")
def spoken_site(tmp_path_factory):
    from tests.conftest import make_site

    site = make_site(tmp_path_factory.mktemp("spoken"))
    add_scripts(site)
    site.build()
    return site


def test_each_script_is_written_in_each_language_with_its_length_and_the_number_in_words(spoken_site):
    vi = spoken_site.read("vi/scripts/goi.html")
    en = spoken_site.read("en/scripts/goi.html")
    assert "một – một – một" in vi and "Thời lượng đọc:" in vi
    assert "one – one – one" in en and "Spoken length:" in en
    assert 'class="loa-line loa-line--repeat"' in vi and "mường tè, đọc chậm" in vi


def test_a_language_without_a_translation_shows_the_vietnamese_script_marked(spoken_site):
    hmn = spoken_site.read("hmn/scripts/goi.html")
    assert '<article class="loa-script" lang="vi">' in hmn
    assert "loa-notice--fallback" in hmn


def test_a_translation_in_a_language_without_digit_names_reads_vietnamese_digits_marked(site):
    add_scripts(site)
    site.write("scripts/hmn/goi.md", SPOT_EN.replace("Call [[", "Hu [[").format(hash=hash_file_text(SPOT_VI)))
    site.build()
    hmn = site.read("hmn/scripts/goi.html")
    assert '<strong class="loa-say-number" lang="vi" data-number="111">một – một – một</strong>' in hmn
    assert '<span lang="vi">một – một – một</span>' in hmn   # the note to the reader


def test_the_index_lists_the_script_and_the_programme(spoken_site):
    index = spoken_site.read("en/scripts/index.html")
    assert 'href="goi.html"' in index and 'href="../programmes/sang-chu-nhat.html"' in index


def test_a_programme_title_is_marked_vietnamese_on_another_languages_scripts_index(spoken_site):
    link = '<a class="loa-list__link" href="../programmes/sang-chu-nhat.html"'
    assert f'{link} lang="vi">Sáng Chủ nhật</a>' in spoken_site.read("en/scripts/index.html")
    assert f'{link}>Sáng Chủ nhật</a>' in spoken_site.read("vi/scripts/index.html")


@pytest.mark.parametrize("path", ["hmn/scripts/goi.html", "hmn/scripts/index.html",
                                  "hmn/programmes/sang-chu-nhat.html"])
def test_on_a_hmong_spoken_page_every_untranslated_interface_string_is_marked_vietnamese(spoken_site, path):
    from tests.lang_helpers import unmarked_vietnamese

    html = spoken_site.read(path)
    assert unmarked_vietnamese(html) == []
    assert '<a href="../../index.html"><span lang="vi">Chọn ngôn ngữ</span></a>' in html
    assert "<span" not in html[html.index("<title>"):html.index("</title>")]


def test_the_hmong_script_page_marks_its_notice_and_links_vietnamese(spoken_site):
    html = spoken_site.read("hmn/scripts/goi.html")
    assert ('<aside class="loa-notice loa-notice--fallback" role="note">\n  <p><span lang="vi">Bài này chưa được '
            'dịch sang tiếng của bạn. Dưới đây là bản tiếng Việt.</span></p>\n</aside>') in html
    assert '<a href="goi.pdf"><span lang="vi">Bản in cho người đọc (PDF, A4)</span></a>' in html
    assert '(<span lang="vi">miễn phí</span>)' in html


def test_the_programme_shows_each_item_and_the_total_with_gaps(spoken_site):
    from loa.spoken.core import format_length

    page = spoken_site.read("vi/programmes/sang-chu-nhat.html")
    items = page.count('href="../scripts/goi.html"')
    length = page.split('<td class="n">')[-1].split("<")[0]
    minutes, seconds = length.split(":")
    assert items == 2
    assert f"Tổng thời lượng: {format_length(2 * (int(minutes) * 60 + int(seconds)) + 5)}" in page


def test_the_script_sheet_is_an_a4_pdf_with_type_of_at_least_14_points(spoken_site):
    import pypdf

    pdf = pypdf.PdfReader(str(spoken_site.output / "vi" / "scripts" / "goi.pdf"))
    box = pdf.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)   # A4 in points
    sizes = []

    def visitor(text, cm, tm, font_dict, font_size):
        if text.strip():
            sizes.append(font_size * abs(tm[0]) * abs(cm[0]) or font_size)
    text = pdf.pages[0].extract_text(visitor_text=visitor)
    assert "một – một – một" in text and "Nhắc lại" in text
    assert sizes and min(round(s, 1) for s in sizes) >= 14


def test_the_footer_links_to_the_scripts_index(spoken_site):
    footer = spoken_site.read("en/index.html").split('<footer class="loa-footer">')[1]
    assert 'scripts/index.html">Loudspeaker scripts</a>' in footer


def test_the_status_page_counts_scripts(spoken_site):
    status = spoken_site.read("status/index.html")
    section = status.split('id="scripts"')[1]
    assert '<tr data-lang="en">' in section


def test_script_errors_fail_the_build_at_once_and_leave_the_output_as_it_was(site):
    site.build()
    before = sorted(p.relative_to(site.output) for p in site.output.rglob("*"))
    site.write("scripts/vi/dai.md", "title: Dài\nkind: spot\n\n" + "Thưa bà con, đây là loa truyền thanh của xã. " * 40 + "\n")
    site.write("scripts/vi/khong-kind.md", "title: A\n\nGọi 0912 345 678 nhé.\n")
    site.write("scripts/vi/so-la.md", "title: B\nkind: spot\n\nGọi [[hotline:999]].\n")
    site.write("programmes/p.yaml", "title: P\ngap_seconds: 5\nitems:\n  - khong-co\n")
    with pytest.raises(ProblemsFound) as caught:
        site.build()
    found = {f"content/{p.path.split('/content/', 1)[-1]}:{p.line}: {p.message}".split(",")[0]
             for p in caught.value.problems if p.severity == "error"}
    assert {"content/scripts/vi/dai.md:2: a spot runs 2:14",
            "content/scripts/vi/khong-kind.md:1: this script has no 'kind'",
            "content/scripts/vi/khong-kind.md:3: phone number '0912 345 678' typed in the text",
            "content/scripts/vi/so-la.md:4: unknown hotline '999'; known: 111",
            "content/programmes/p.yaml:4: unknown script 'khong-co' in programme 'p'"} <= found
    assert sorted(p.relative_to(site.output) for p in site.output.rglob("*")) == before


def test_adding_the_first_script_puts_the_link_in_pages_reused_from_the_last_build(site):
    site.build()
    assert "scripts/index.html" not in site.read("en/index.html")
    site.write("scripts/vi/goi.md", SPOT_VI)   # nothing else changes
    site.build()
    assert 'scripts/index.html">Loudspeaker scripts</a>' in site.read("en/viec-nhe-luong-cao.html")


def test_a_mistake_in_the_hotline_data_is_reported_alone_not_again_by_every_script(site):
    add_scripts(site)
    data = (site.content / "data" / "hotlines.yaml").read_text(encoding="utf-8")
    site.write("data/hotlines.yaml", data.replace("verified_on: 2026-11-01", "verified_on: 2026-13-45", 1))
    with pytest.raises(ProblemsFound) as caught:
        site.build()
    errors = [f"{p.path.split('/content/', 1)[-1]}:{p.line}: {p.message}" for p in caught.value.problems
              if p.severity == "error"]
    assert [e for e in errors if e.startswith("scripts/")] == []
    assert [e.split(":")[0] for e in errors] == ["data/hotlines.yaml"]


def test_an_unchanged_second_build_renders_no_script_sheet_again(site, monkeypatch):
    add_scripts(site)
    site.build()
    first = site.output.joinpath("vi", "scripts", "goi.pdf").read_bytes()

    def refuse(html):
        raise AssertionError("a sheet was rendered again although nothing changed")

    import sys

    # the module the build itself imported (Pelican loads plugins by name)
    monkeypatch.setattr(sys.modules["loa.spoken.sheet"], "render_sheet", refuse)
    site.build()
    assert site.output.joinpath("vi", "scripts", "goi.pdf").read_bytes() == first
    site.write("scripts/vi/goi.md", SPOT_VI.replace("Đừng im lặng.", "Đừng im lặng. Hãy hỏi."))
    with pytest.raises(AssertionError, match="rendered again"):
        site.build()


def test_a_rebuild_with_nothing_changed_renders_no_script_page_sheet_index_or_programme(site):
    add_scripts(site)
    site.build()
    spoken = sorted(p for p in site.output.glob("*/*/*") if p.parent.name in ("scripts", "programmes"))
    inodes = {p: p.stat().st_ino for p in spoken}
    site.build(LOA_SKIP_UNCHANGED=False)   # the whole build, not the last build's stamp (loa.unchanged)
    assert len(spoken) >= 8   # vi and en: page, sheet, index; a programme
    assert {p: p.stat().st_ino for p in spoken} == inodes   # each linked from the last build
