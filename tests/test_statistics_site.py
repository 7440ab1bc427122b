"""Statistics in a built site: the table and chart in two languages, no small count anywhere in
the page or the report booklet, errors with file and line, the CSV never copied, the budget."""
from __future__ import annotations

import gzip
import html
import re
import shutil
from pathlib import Path

import pytest

from loa.problems import ProblemsFound
from tests.conftest import ROOT, make_site

CSV = """period,area,measure,count
2025,Xã A,received,3
2025,Xã A,supported,12
2025,Xã B,received,9
2025,Xã B,supported,0
2025,Xã C,received,15
2025,Xã C,supported,22
"""
YAML = """title: {vi: Người được tiếp nhận và hỗ trợ, en: People received and supported}
unit: {vi: người, en: people}
source: {name: Sở Y tế (ví dụ), url: "https://example.org/so-lieu", date: 2026-01-27}
measures:
  received: {vi: Được tiếp nhận, en: Received}
  supported: {vi: Được hỗ trợ, en: Supported}
summable: [received, supported]
add_measures: true
areas:
  Xã A: {vi: Xã A, en: Commune A}
"""
PAGE_VI = "title: Thống kê\nsummary: Số liệu.\nreviewed_on: 2026-11-01\n\nBảng dưới đây.\n\n[[statistics:ho-tro]]\n"
PAGE_EN = ("title: Statistics\nsummary: Figures.\ntranslation_status: reviewed\nsource_hash: {hash}\n\n"
           "The table below.\n\n[[statistics:ho-tro]]\n")
# A count from 1 to 4 written as a number on its own (not part of 2025, 1/2011 or 1.031).
SMALL_NUMBER = re.compile(r"(?<![\w/.,:#-])[1-4](?![\w/.,:-])")


def add_statistics(site):
    from loa.site.policy import hash_file_text

    site.write("data/statistics/ho-tro.csv", CSV)
    site.write("data/statistics/ho-tro.yaml", YAML)
    site.write("pages/vi/thong-ke.md", PAGE_VI)
    site.write("pages/en/thong-ke.md", PAGE_EN.format(hash=hash_file_text(PAGE_VI)))


@pytest.fixture(scope="module")
def stat_site(tmp_path_factory):
    site = make_site(tmp_path_factory.mktemp("statistics"))
    add_statistics(site)
    site.build()
    return site


def figure(page: str) -> str:
    return re.search(r'<figure class="loa-stat".*?</figure>', page, re.S).group(0)


def visible_text(markup: str) -> str:
    markup = re.sub(r"<(script|style)\b.*?</\1>", " ", markup, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", markup))


def cells(page: str) -> list[str]:
    return [visible_text(c).strip() for c in re.findall(r"<t[dh]\b[^>]*>(.*?)</t[dh]>", figure(page), re.S)]


def test_the_table_shows_small_counts_as_fewer_than_five_in_the_readers_language(stat_site):
    vi, en = stat_site.read("vi/thong-ke.html"), stat_site.read("en/thong-ke.html")
    assert cells(vi) == ["Địa bàn", "Được tiếp nhận", "Được hỗ trợ", "Tổng",
                         "Xã A", "dưới 5", "ẩn", "15",
                         "Xã B", "9", "0", "9",
                         "Xã C", "ẩn", "ẩn", "37",
                         "Tổng", "27", "34", "61"]
    assert cells(en) == ["Area", "Received", "Supported", "Total",
                         "Commune A", "fewer than 5", "hidden", "15",
                         "Xã B", "9", "0", "9",
                         "Xã C", "hidden", "hidden", "37",
                         "Total", "27", "34", "61"]


def test_the_table_has_a_caption_and_scoped_headers_and_the_chart_is_hidden_from_screen_readers(stat_site):
    part = figure(stat_site.read("en/thong-ke.html"))
    assert '<caption><span id="thong-ke-ho-tro-title">People received and supported</span>' in part
    assert '<div class="loa-stat__scroll" tabindex="0" role="region" aria-labelledby="thong-ke-ho-tro-title">' in part
    assert part.count('<th scope="col"') == 4 and part.count('<th scope="row"') == 4
    assert re.search(r'<svg class="loa-stat__chart" aria-hidden="true" focusable="false"', part)
    assert 'Source: <a href="https://example.org/so-lieu" lang="vi">Sở Y tế (ví dụ)</a>, January 27, 2026.' in part
    assert "Counts below 5 (other than 0) are shown as “fewer than 5”." in part


def test_a_hidden_count_draws_no_bar(stat_site):
    svg = re.search(r"<svg class=\"loa-stat__chart\".*?</svg>", stat_site.read("vi/thong-ke.html"), re.S).group(0)
    # shown non-zero inner counts: 9 (Xã B received) and nothing else; totals are not drawn
    assert svg.count("<rect") == 1
    assert re.findall(r'class="v">([^<]+)<', svg) == ["dưới 5", "ẩn", "9", "0", "ẩn", "ẩn"]


@pytest.mark.parametrize("tag", ["vi", "hmn", "en"])
def test_no_count_from_one_to_four_appears_anywhere_in_the_page(stat_site, tag):
    page = stat_site.read(f"{tag}/thong-ke.html")
    # the page's own review date at its end ("1 Nov 2026") is a date, not a count
    page = re.sub(r'<footer class="loa-sources".*?</footer>', " ", page, flags=re.S)
    assert SMALL_NUMBER.findall(visible_text(page)) == []
    assert SMALL_NUMBER.findall(visible_text(figure(page))) == []
    # nor in an attribute of the figure (a title, a data-…, a bar's length)
    assert not re.search(r"=\"[1-4]\"", figure(page).split("<svg")[0])


def test_the_csv_and_its_description_are_never_copied_to_the_output(stat_site):
    written = [p.name for p in stat_site.output.rglob("*")]
    assert not [n for n in written if n.endswith((".csv", ".yaml", ".yml"))]
    assert not any("period,area,measure,count" in p.read_text("utf-8", errors="replace")
                   for p in stat_site.output.rglob("*") if p.is_file() and p.suffix in (".html", ".txt", ".xml"))


def test_an_unknown_or_inline_statistics_reference_fails_with_file_and_line(site):
    add_statistics(site)
    site.write("pages/vi/viec-nhe-luong-cao.md",
               "title: Việc nhẹ, lương cao\nsummary: Lời mời.\nreviewed_on: 2026-11-01\n\n"
               "Chữ.\n\n[[statistics:khong-co]]\n\nXem [[statistics:ho-tro]] nhé.\n")
    with pytest.raises(ProblemsFound) as exc:
        site.build()
    lines = [str(p).split("\n")[0] for p in exc.value.problems]
    assert [line[line.index("content/"):] for line in lines if "statistics" in line] == [
        "content/pages/vi/viec-nhe-luong-cao.md:7: unknown statistics 'khong-co'; known: ho-tro",
        "content/pages/vi/viec-nhe-luong-cao.md:9: [[statistics:ho-tro]] must be a paragraph of its own",
    ]


def test_a_file_with_one_row_per_person_fails_the_build_with_its_line_and_the_output_stays(site):
    add_statistics(site)
    site.build()
    before = site.read("vi/thong-ke.html")
    site.write("data/statistics/ho-tro.csv", "period,area,measure,count,ho_ten\n2025,Xã A,received,1,Lò Thị A\n")
    with pytest.raises(ProblemsFound) as exc:
        site.build()
    first = str(exc.value.problems[0]).split("\n")[0]
    assert first.endswith("content/data/statistics/ho-tro.csv:1: column 'ho_ten' looks like data about one "
                          "person; statistics files hold counts only")
    assert site.read("vi/thong-ke.html") == before


def test_the_real_statistics_page_builds_within_the_page_budget_in_both_languages(tmp_path):
    site = make_site(tmp_path)
    shutil.copytree(ROOT / "content" / "data" / "statistics", site.content / "data" / "statistics")
    shutil.copytree(ROOT / "content" / "pictograms", site.content / "pictograms", dirs_exist_ok=True)
    for tag in ("vi", "en"):
        shutil.copy(ROOT / "content" / "pages" / tag / "thong-ke.md", site.content / "pages" / tag / "thong-ke.md")
    site.build()
    for tag in ("vi", "en"):
        page = site.read(f"{tag}/thong-ke.html")
        assert page.count('<figure class="loa-stat"') == 4
        assert page.count("<svg class=\"loa-stat__chart\"") == 4
        assert len(gzip.compress(page.encode("utf-8"), 9)) <= 12_000
        # every figure names its source
        assert all(re.search(r"<figcaption.*?(Nguồn|Source): \S", f, re.S)
                   for f in re.findall(r'<figure class="loa-stat".*?</figure>', page, re.S))


def test_the_report_booklet_carries_the_table_and_no_small_count(tmp_path):
    from pypdf import PdfReader

    site = make_site(tmp_path)
    add_statistics(site)
    site.write("leaflets/thong-ke.yaml", "format: booklet\npages:\n  - thong-ke\nhotlines: ['111']\n")
    site.build()
    text = "\n".join(page.extract_text() for page in PdfReader(site.output / "vi/leaflets/thong-ke-booklet-a5.pdf").pages)
    start = text.index("Người được tiếp nhận và hỗ trợ")
    table = text[start:text.index("Nguồn", start)]
    assert "dưới 5" in table and "ẩn" in table and "61" in table
    assert SMALL_NUMBER.findall(table) == []
    assert Path(site.output / "vi/leaflets/thong-ke-booklet.pdf").is_file()
