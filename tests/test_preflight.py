"""Mistakes in page files are found before Pelican reads them, each with its line."""
import pytest
from hypothesis import given, settings, strategies as st

from loa.site.metadata import split_metadata
from loa.languages.preflight import check_links, check_page_text
from loa.site.pages import decode
from loa.problems import ProblemsFound

GOOD = "title: Việc nhẹ\nsummary: Tóm tắt\nreviewed_on: 2026-11-01\n\nVăn bản.\n"


def messages(text, is_source=True):
    return [(line, message) for line, message, _ in check_page_text(text, is_source=is_source)]


def test_a_good_page_has_no_problem():
    assert messages(GOOD) == []


@pytest.mark.parametrize("text, line, fragment", [
    ("", 1, "this page is empty"),
    ("title: Chỉ có metadata\nsummary: x\n", 3, "metadata but no text"),
    ("Văn bản không có metadata.\n", 1, "does not start with its metadata"),
    ("title: A\nsummary x\n\nVăn bản.\n", 2, "this metadata line has no ':'"),
    ("title: A\nreviewed_on: 29/11/2026\n\nVăn bản.\n", 2, "'reviewed_on' is not a date"),
    ("title: A\ndate: 2026-02-30\n\nVăn bản.\n", 2, "'date' is not a date"),
    ("title: A\ntitle: B\n\nVăn bản.\n", 2, "'title' is given twice (also line 1)"),
    ("summary: A\n\nVăn bản.\n", 1, "the page has no title"),
    ("title: A\n\nVăn bản.\n\n<script>alert(1)</script>\n", 5, "a <script> element is not allowed"),
    ("title: A\n\n<a href=\"javascript:alert(1)\">x</a>\n", 3, "a javascript: link is not allowed"),
    ("title: A\n\n<img src=x onerror=alert(1)>\n", 3, "event handler"),
    ("title: A\n\n<iframe src=\"https://x\"></iframe>\n", 3, "embedded frame"),
    ("title: A\n\nVăn bản.\n{: onclick=\"alert(1)\" }\n", 4, "an HTML event handler (on…=)"),
    ("title: A\n\nViết cho chị.\n\nLiên hệ: lan.nguyen@gmail.com\n", 5, "an e-mail address"),
    ("title: A\n\nSố căn cước 001234567890 của chị ấy.\n", 3, "looks like an identity card number"),
    ("title: A\n\nCMND 012 345 678.\n", 3, "looks like an identity card number"),
    ("title: A\nstory: true\n\nChuyện của chị.\n", 2, "needs 'consent: recorded'"),
    ("title: A\nsumary: B\n\nVăn bản.\n", 2, "unknown metadata key 'sumary'"),
    ("title: A\nstatus: draft\n\nVăn bản.\n", 2, "'status' cannot be used in a page"),
    ("title: A\ntranslation_status: draft\n\nVăn bản.\n", 2, "'translation_status' belongs only in translations"),
])
def test_each_mistake_is_reported_at_its_line(text, line, fragment):
    found = messages(text)
    assert any(n == line and fragment in m for n, m in found), found


def test_script_inside_a_code_block_is_only_text():
    assert messages("title: A\n\n```\n<script>x</script>\n```\n") == []


def test_a_byte_order_mark_and_crlf_line_endings_simply_work():
    text, error = decode("\ufefftitle: A\r\nsummary: b\r\n\r\nVăn bản.\r\n".encode("utf-8"))
    assert error is None and messages(text) == []


def test_a_file_that_is_not_utf8_names_the_line_of_the_first_bad_byte():
    data = "title: A\n\nDòng hai.\n".encode("utf-8") + "Lào Cai\n".encode("latin-1", errors="replace").replace(b"a", b"\xe0")
    text, error = decode(data)
    assert text is None and error[0] == 4 and "not UTF-8" in error[1]


def test_a_filename_link_to_a_missing_page_is_reported(tmp_path):
    (tmp_path / "pages" / "vi").mkdir(parents=True)
    (tmp_path / "pages" / "vi" / "co.md").write_text(GOOD)
    text = "title: A\n\n[có]({filename}/pages/vi/co.md) và [không]({filename}/pages/vi/khong.md)\n"
    assert [(n, m) for n, m, _ in check_links(text, tmp_path)] == [
        (3, "link to a page that does not exist: pages/vi/khong.md")]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=400))
def test_the_page_checks_never_crash_on_any_text(text):
    for line, message, hint in check_page_text(text, is_source=True):
        assert line >= 1 and message
    meta, body = split_metadata(text)
    assert isinstance(meta, dict) and isinstance(body, str)


@settings(max_examples=100, deadline=None)
@given(st.dictionaries(st.from_regex(r"[a-z][a-z_]{0,10}", fullmatch=True),
                       st.text(alphabet=st.characters(whitelist_categories=("L", "N", "Zs")), max_size=30).map(str.strip),
                       max_size=6),
       st.text(alphabet=st.characters(whitelist_categories=("L", "N")), min_size=1, max_size=80))
def test_metadata_written_as_key_value_lines_reads_back(meta, body):
    text = "".join(f"{k}: {v}\n" for k, v in meta.items()) + "\n" + body + "\n"
    parsed, parsed_body = split_metadata(text)
    assert parsed == {k: v for k, v in meta.items()}
    assert parsed_body.strip() == body.strip()


@pytest.mark.parametrize("relative, data, fragment", [
    ("pages/vi/Hoa-Thuong.md", GOOD, "must be lower case letters"),
    ("pages/vi/notes.txt", "x", "only Markdown pages"),
    ("pages/vi/sub/trang.md", GOOD, "pages must be in content/pages/<language>/<name>.md"),
    ("pages/vi/trong.md", "", "this page is empty"),
])
def test_the_build_reports_file_mistakes_and_keeps_output(site, relative, data, fragment):
    site.build()
    before = site.read("vi/index.html")
    site.write(relative, data)
    with pytest.raises(ProblemsFound) as caught:
        site.build()
    assert any(fragment in p.message and p.path.endswith(relative) for p in caught.value.problems), \
        [str(p) for p in caught.value.problems]
    assert site.read("vi/index.html") == before


def test_a_broken_anchor_is_reported_against_the_markdown_line(site):
    site.write("pages/vi/lien-ket.md", "title: Liên kết\n\nĐọc thêm.\n\n"
                                       "[Xem phần]({filename}/pages/vi/trang-chu.md#khong-co-phan-nay)\n")
    with pytest.raises(ProblemsFound) as caught:
        site.build()
    found = [str(p) for p in caught.value.problems]
    assert any("pages/vi/lien-ket.md:5: broken link" in m and "#khong-co-phan-nay" in m for m in found), found
    assert sum("#khong-co-phan-nay" in m for m in found) == 1, found  # once, not once per language


def test_a_missing_image_is_reported_in_every_language_that_shows_it(site):
    site.write("pages/vi/anh.md", "title: Ảnh\n\nXem ảnh.\n\n![Bản đồ](../images/khong-co.png)\n")
    with pytest.raises(ProblemsFound) as caught:
        site.build()
    found = [str(p) for p in caught.value.problems]
    assert any("pages/vi/anh.md:5: " in m and "khong-co.png" in m for m in found), found


@pytest.mark.parametrize("line", [
    "Luật số 53/2024/QH15 có hiệu lực từ 01/7/2025.",
    "Xem https://plo.vn/bai-viet-123456789012.html và [bài]({filename}/pages/vi/a.md).",
    "Hỗ trợ 5.000.000 đồng, hoặc 200 USD.",
    "Nghị định 162/2025/NĐ-CP, Điều 37.",
    "Năm 2024 có 123 người.",
])
def test_laws_dates_money_and_web_addresses_are_not_personal_data(line):
    from loa.languages.preflight import personal_data

    assert personal_data(line) == []


def test_a_story_with_recorded_consent_is_accepted():
    assert messages("title: A\nstory: true\nconsent: recorded\n\nChuyện đã được đồng ý.\n") == []


def test_a_misspelt_key_gets_the_key_it_was_meant_to_be():
    [(line, message, hint)] = check_page_text("title: A\nreviewd_on: 2026-11-01\n\nVăn bản.\n", is_source=True)
    assert (line, hint) == (2, "did you mean 'reviewed_on'?")


def test_translation_keys_are_fine_in_a_translation():
    text = "title: A\ntranslation_status: draft\nsource_hash: 0123456789abcdef\ntranslator: X\n\nText.\n"
    assert check_page_text(text, is_source=False) == []


def test_a_second_build_does_not_check_an_unchanged_page_again_but_checks_a_changed_one(tmp_path, monkeypatch):
    from loa.languages import preflight
    from loa.site.registry import load_registry
    from loa.problems import Problems

    content = tmp_path / "content"
    (content / "pages" / "vi").mkdir(parents=True)
    (content / "languages.yaml").write_text(
        "languages:\n  - tag: vi\n    source: true\n    native_name: Tiếng Việt\n    english_name: Vietnamese\n"
        "    script: Latn\n    direction: ltr\n", encoding="utf-8")
    registry = load_registry(content / "languages.yaml")
    (content / "pages" / "vi" / "a.md").write_text(GOOD, encoding="utf-8")
    bad = content / "pages" / "vi" / "b.md"
    bad.write_text("title: B\n\n<meta http-equiv=refresh content=0>\n", encoding="utf-8")
    checked = []
    original = preflight.check_page_text
    monkeypatch.setattr(preflight, "check_page_text", lambda text, **kw: checked.append(text) or original(text, **kw))
    monkeypatch.setattr(preflight, "_REMEMBERED", preflight.Memo())     # as in a new process

    def run():
        problems = Problems(root=content)
        preflight.check_pages(content, registry, problems, cache_dir=tmp_path / "cache")
        return [str(p) for p in problems.items]

    first = run()
    assert len(checked) == 2 and first == [
        "pages/vi/b.md:3: a <meta> element is not allowed in a page\n    hint: a page cannot redirect readers or "
        "change how the site works; remove it (link to another page with [text]({filename}/pages/vi/<name>.md))"]
    monkeypatch.setattr(preflight, "_REMEMBERED", preflight.Memo())
    assert run() == first and len(checked) == 2          # read from cache/loa-page-checks.json
    bad.write_text("title: B\n\nVăn bản.\n", encoding="utf-8")
    assert run() == [] and len(checked) == 3
