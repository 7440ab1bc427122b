"""loa.directory.scan: typed phone numbers and references found in Markdown source text."""
import datetime as dt

import pytest

from loa.directory.data import Directory, Entry, EntryText
from loa.directory.scan import check_text, find_references, find_typed_numbers


def entry(kind, key, number=None):
    return Entry(kind, key, number, number, True if number else None, "24/7" if number else None,
                 dt.date(2026, 11, 1), "https://example.org", {"vi": EntryText(key, "…", "vi")})


DIRECTORY = Directory(
    hotlines=tuple(entry("hotline", n, n) for n in ("111", "112", "113", "114", "115")),
    services=(entry("service", "commune"), entry("service", "office", "02133876543")),
    source_tag="vi")


@pytest.mark.parametrize("text, flagged", [
    # 10-digit mobiles, with or without spaces, dots or hyphens
    ("Gọi 0912345678 nếu cần.", "0912345678"),
    ("Gọi 0912 345 678 nếu cần.", "0912 345 678"),
    ("Gọi 0912.345.678 nếu cần.", "0912.345.678"),
    ("Call 091-234-5678.", "091-234-5678"),
    ("Hu rau 0987 654 321.", "0987 654 321"),          # any language: Hmong text
    ("ꪁꪮꪉ 0376543210", "0376543210"),                   # Tai Viet text
    # +84 forms
    ("Call +84 912 345 678.", "+84 912 345 678"),
    ("Call +84912345678.", "+84912345678"),
    ("Call (+84) 912.345.678", "(+84) 912.345.678"),
    ("Gọi 0084 912 345 678", "0084 912 345 678"),
    # landlines (11 digits) and area codes in brackets
    ("Gọi 0213 3876 543.", "0213 3876 543"),
    ("Gọi (0213) 3876 543.", "(0213) 3876 543"),
    # 1800 / 1900 numbers
    ("Số cũ là 1800 1567.", "1800 1567"),
    ("Số cũ là 18001567.", "18001567"),
    ("Call 1900.6868", "1900.6868"),
    ("Gọi 1800 599 920", "1800 599 920"),
    # short codes standing alone
    ("Hãy gọi 111 ngay.", "111"),
    ("Gọi 113.", "113"),
    ("Hu 115!", "115"),
    ("Gọi 112, 114 hoặc 115.", "112"),
    ("Số 111", "111"),
    ("<a href=\"tel:113\">gọi</a>", "113"),
    ("**111**", "111"),
])
def test_a_typed_phone_number_is_found(text, flagged):
    assert flagged in [t.text for t in find_typed_numbers(text)]


@pytest.mark.parametrize("text", [
    "Luật có hiệu lực từ ngày 01/7/2025.",
    "Hiệu lực: 2025-07-01.",
    "Ngày 01.07.2025 lúc 10:30",
    "Ngày 01-07-2025 10:30",
    "Năm 2024 có 244 nạn nhân.",
    "Luật số 53/2024/QH15.",
    "Nghị định 162/2025/NĐ-CP.",
    "Decree 09/2013/NĐ-CP",
    "Quyết định 2023/QĐ-TTg",
    "Trợ cấp 5.000.000 đồng.",
    "Bán với giá 5,000 CNY.",
    "Phí 200 USD.",
    "Hứa trả 10 triệu mỗi tháng.",
    "90-100 triệu đồng",
    "Giá 0 đồng/phút.",
    "115.000 đồng",
    "Điều 150 và Điều 151 Bộ luật Hình sự.",
    "Điều 111 của luật cũ",
    "Article 113 of the code",
    "111 người được giải cứu.",
    "Có 112 vụ trong năm.",
    "Tổng đài [[hotline:111]] miễn phí.",
    "Xem https://plo.vn/tong-dai-quoc-gia-bao-ve-tre-em-111-727850.html",
    "Ứng dụng tongdai111.vn",
    "source_hash: 0521943060000000",
    "Trang 3/12, mục 4.2.1",
    "[link]({filename}/pages/vi/111-cach.md)",
    "7,147 victims; 868 children",
    "1 tháng 7 năm 2025",
    "Từ 1800 đến 1900",
])
def test_dates_years_document_numbers_and_amounts_are_not_phone_numbers(text):
    assert find_typed_numbers(text) == []


def test_a_typed_number_gives_its_line_and_suggests_the_key():
    text = "title: Giúp đỡ\n\nDòng một.\nGọi 113 nếu nguy hiểm.\n"
    assert check_text(text, DIRECTORY) == [(4, "phone number '113' typed in the text", "use [[hotline:113]]")]


def test_a_typed_international_number_suggests_the_service_with_that_number():
    (problem,) = check_text("Gọi +84 213 3876 543.", DIRECTORY)
    assert problem[2] == "use [[service:office]]"


def test_a_typed_number_that_is_not_in_the_data_says_where_numbers_go():
    (problem,) = check_text("Gọi 0912 345 678.", DIRECTORY)
    assert problem[:2] == (1, "phone number '0912 345 678' typed in the text")
    assert "content/data/hotlines.yaml" in problem[2]


def test_an_unknown_key_names_the_known_keys():
    problems = check_text("a\n\nGọi [[hotline:child-line]].\n", DIRECTORY)
    assert problems == [(3, "unknown hotline 'child-line'; known: 111, 112, 113, 114, 115",
                         "use one of the keys in content/data/hotlines.yaml")]


def test_an_unknown_service_and_an_unknown_form_are_reported():
    messages = [m for _, m, _ in check_text("[[service:shelter]] [[hotlines:111]]", DIRECTORY)]
    assert messages == ["unknown service 'shelter'; known: commune, office",
                        "unknown reference '[[hotlines:111]]'"]


def test_a_pictogram_needs_a_file_and_alt_text():
    text = "[[picto:phone|Điện thoại]]\n[[picto:phone]]\n[[picto:boat|Thuyền]]\n"
    problems = check_text(text, DIRECTORY, frozenset({"phone"}))
    assert [(line, message) for line, message, _ in problems] == [
        (2, "pictogram 'phone' has no text for people who cannot see it"),
        (3, "unknown pictogram 'boat'; known: phone"),
    ]


def test_references_are_found_with_their_lines():
    refs = find_references("[[hotline:111]]\n\n[[directory]] [[picto:x|Alt]]")
    assert [(r.kind, r.key, r.line, r.alt) for r in refs] == [
        ("hotline", "111", 1, None), ("directory", "", 3, None), ("picto", "x", 3, "Alt")]


def test_well_formed_text_has_no_problems():
    text = "title: Nơi nhận giúp đỡ\n\nGọi [[hotline:111]] hoặc đến [[service:commune]].\n\n[[directory]]\n"
    assert check_text(text, DIRECTORY) == []
