"""HTML in a page is compared with one allowlist; anything else is refused with its line.

The payloads are the security review's (findings H2, L3 and M4), as a translator returned them.
"""
from pathlib import Path

import pytest

from loa.languages.html_allowlist import check_html, link_scheme
from loa.languages.preflight import check_page_text
from loa.problems import ProblemsFound

ROOT = Path(__file__).resolve().parent.parent
HEAD = "title: Dấu hiệu\ntranslation_status: draft\n\nNyeem ntawv.\n\n"   # the body starts on line 4


def refused(body: str) -> list[tuple[int, str]]:
    return [(line, message) for line, message, _ in check_page_text(HEAD + body, is_source=False)]


def test_a_meta_refresh_that_would_send_readers_away_is_refused():
    body = '<meta http-equiv="refresh" content="4;url=http://127.0.0.1:8765/meta-refresh">\n'
    assert refused(body) == [(6, "a <meta> element is not allowed in a page")]


def test_a_transparent_fixed_link_over_the_quick_exit_is_refused():
    body = ('Ib kab lus.\n\n<a id="overlay" href="http://127.0.0.1:8765/fake-exit" style="position:fixed;top:0;'
            'left:0;width:100%;height:100%;opacity:0;z-index:2147483647">x</a>\n')
    found = refused(body)
    assert (8, "a style attribute is not allowed in a page") in found
    assert (8, "the id 'overlay' is not allowed in a page") in found
    assert len(found) == 2


@pytest.mark.parametrize("body, line", [
    ("[x](java&#x73;cript:alert(1))\n", 6),
    ('<a href="&#106;avascript:alert(1)">x</a>\n', 6),
    ('<a href="&#x6A;avascript&#x3A;alert(1)">x</a>\n', 6),
    ("[x][1]\n\n[1]: JaVa&#x09;Script:alert(1)\n", 8),
])
def test_an_entity_encoded_javascript_link_is_refused(body, line):
    assert refused(body) == [(line, "a javascript: link is not allowed in a page")]


@pytest.mark.parametrize("scheme", ["data", "vbscript", "file"])
def test_other_schemes_that_are_not_pages_web_or_phone_addresses_are_refused(scheme):
    assert refused(f"[x]({scheme}:text/html,hi)\n") == [(6, f"a {scheme}: link is not allowed in a page")]


def test_an_event_handler_on_a_continuation_line_is_refused_at_that_line():
    body = 'Ib kab.\n\n<div\nonmouseover="document.title=1">x</div>\n'
    assert refused(body) == [(9, "an HTML event handler (on…=) is not allowed in a page")]


def test_a_comment_carrying_an_image_tag_is_refused():
    body = 'Ib kab.\n\n<!-- <IMG alt="x" src="/.//home/translator/secret-id-card.jpg"> -->\n'
    assert refused(body) == [(8, "an HTML comment holding markup (< or >) is not allowed in a page")]


def test_a_comment_with_plain_words_is_kept():
    assert refused("<!-- hỏi lại chị Lan về câu này -->\n\nIb kab.\n") == []


@pytest.mark.parametrize("body, message", [
    ('<base href="http://127.0.0.1:8765/">\n', "a <base> element is not allowed in a page"),
    ('<link rel="stylesheet" href="x.css">\n', "a <link> element is not allowed in a page"),
    ("<style>a{position:fixed}</style>\n", "a <style> element is not allowed in a page"),
    ('<svg><image href="http://127.0.0.1:8765/x"/></svg>\n', "an <svg> or <math> drawing is not allowed in a page"),
    ('<span xlink:href="x">y</span>\n', "the attribute 'xlink:href' on <span> is not allowed in a page"),
    ('<a rel="attachment" href="{filename}/pages/vi/a.md">x</a>\n', "the attribute 'rel' on <a> is not allowed in a page"),
    ("<center>x</center>\n", "the HTML element <center> is not allowed in a page"),
    ("Chữ\n{: .loa-quick-exit }\n", "the class 'loa-quick-exit' is not allowed in a page"),
    ("Chữ\n{: #quick-exit }\n", "the id 'quick-exit' is not allowed in a page"),
    ('![x](data:image/png;base64,AAAA)\n', "the picture address 'data:image/png;base64,AAAA' is not allowed in a page"),
    ('<img alt="x" src="/.//home/translator/x.jpg">\n', "the picture address '/.//home/translator/x.jpg' is not allowed in a page"),
])
def test_html_outside_the_allowlist_is_refused(body, message):
    assert [m for _, m in refused(body)] == [message]


def test_what_pages_really_use_is_allowed():
    body = ('<span lang="vi">Chữ Việt</span> và [một trang]({filename}/pages/vi/a.md), [web](https://x.org), '
            "[gọi](tel:111)[^1].\n{: lang=\"hmn\" }\n\n[[picto:phone|Xov tooj]]\n\n| a | b |\n|:--|--:|\n| 1 | 2 |\n\n"
            "![Biên giới]({static}/images/bien-gioi.jpg)\n\n*[ILO]: International Labour Organization\n\n"
            "[^1]: ghi chú\n")
    assert refused(body) == []


def test_every_problem_is_reported_at_once_each_at_its_line():
    body = "<script>x</script>\n\nIb.\n\n<meta charset=x>\n\n[a](javascript:b)\n"
    assert refused(body) == [(6, "a <script> element is not allowed in a page"),
                             (10, "a <meta> element is not allowed in a page"),
                             (12, "a javascript: link is not allowed in a page")]


def test_the_check_uses_the_builds_markdown_extensions():
    settings = {}
    exec((ROOT / "pelicanconf.py").read_text(encoding="utf-8"), settings)
    from loa.languages.html_allowlist import MARKDOWN_EXTENSIONS
    assert tuple(settings["MARKDOWN"]["extension_configs"]) == MARKDOWN_EXTENSIONS


def test_link_schemes_are_read_as_a_browser_reads_them():
    assert link_scheme(" \tJava\nScript:alert(1)") == "javascript"
    assert link_scheme("{filename}/pages/vi/a.md") is None
    assert link_scheme("#fn:1") is None


def test_check_html_gives_lines_of_the_file_when_told_where_the_body_starts():
    assert check_html("a\n\n<base href=x>\n", first_line=10)[0][0] == 12


def test_a_translation_with_a_meta_refresh_stops_the_build_and_leaves_output_as_it_was(site):
    site.build()
    before = site.read("hmn/index.html")
    page = site.content / "pages/hmn/trang-chu.md"
    page.write_text(page.read_text(encoding="utf-8")
                    + '\n<meta http-equiv="refresh" content="0;url=http://127.0.0.1:8765/x">\n', encoding="utf-8")
    line = page.read_text(encoding="utf-8").split("\n").index(
        '<meta http-equiv="refresh" content="0;url=http://127.0.0.1:8765/x">') + 1
    with pytest.raises(ProblemsFound) as caught:
        site.build()
    assert [(Path(p.path).relative_to(site.root).as_posix(), p.line, p.message) for p in caught.value.problems] == [
        ("content/pages/hmn/trang-chu.md", line, "a <meta> element is not allowed in a page")]
    assert site.read("hmn/index.html") == before
