"""Budgets (PRODUCT.md): the pure checks on hand-written pages, then over the built site."""
import random
import re

import pytest

from loa.checks import budgets
from loa.problems import ProblemsFound

PAGE = """<!doctype html>
<html lang="{lang}">
<head>
<style>body{{color:#000}}{style}</style>
{head}
</head>
<body>
<a id="quick-exit" href="https://www.google.com.vn/">Exit</a>
{body}
</body>
</html>"""


def page(lang="vi", style="", head="", body=""):
    return PAGE.format(lang=lang, style=style, head=head, body=body)


def messages(findings):
    return [f.message for f in findings]


# -- other hosts ---------------------------------------------------------------------------
@pytest.mark.parametrize("html_body", [
    '<img src="https://cdn.example.com/a.jpg" alt="a">',
    '<img src="//cdn.example.com/a.jpg" alt="a">',
    '<img src="a.jpg" srcset="a.jpg 1x, https://cdn.example.com/a2.jpg 2x" alt="a">',
    '<script src="https://analytics.example.com/t.js"></script>',
    '<iframe src="https://video.example.com/embed/1"></iframe>',
    '<video poster="https://cdn.example.com/p.jpg"></video>',
    '<object data="https://cdn.example.com/x.swf"></object>',
    '<div style="background:url(https://cdn.example.com/bg.png)">x</div>',
])
def test_a_fetch_from_another_host_in_the_body_is_found(html_body):
    html = page(body=html_body)
    found = budgets.find_external_references("vi/x.html", html)
    assert len(found) == 1
    assert found[0].line == html.splitlines().index(html_body) + 1
    assert "example.com" in found[0].excerpt


@pytest.mark.parametrize("style,head", [
    ("@import 'https://fonts.example.com/css';", ""),
    ("body{background:url('https://cdn.example.com/bg.png')}", ""),
    ("", '<link rel="stylesheet" href="https://cdn.example.com/site.css">'),
    ("", '<link rel="preload" as="font" href="https://fonts.example.com/f.woff2">'),
    ("", '<link rel="icon" href="https://cdn.example.com/favicon.ico">'),
])
def test_a_fetch_from_another_host_in_the_head_is_found(style, head):
    found = budgets.find_external_references("vi/x.html", page(style=style, head=head))
    assert len(found) == 1, found


@pytest.mark.parametrize("html_body,head", [
    ('<a href="https://www.example.org/help">help</a>', ""),               # navigation
    ('<a href="tel:111">111</a>', ""),
    ('<img src="../images/a.jpg" alt="a"><img src="data:image/png;base64,AAAA" alt="b">', ""),
    ("", '<link rel="alternate" hreflang="en" href="https://other.example/en/">'),
    ("", '<link rel="canonical" href="https://other.example/vi/x.html">'),
    ('<img src="https://loa.example/images/a.jpg" alt="a">', ""),         # the site's own host
])
def test_links_local_files_and_the_sites_own_host_are_not_other_hosts(html_body, head):
    html = page(head=head, body=html_body)
    assert budgets.find_external_references("vi/x.html", html, own_hosts={"loa.example"}) == []


# -- weight ----------------------------------------------------------------------------------
def test_gzip_size_counts_compressed_bytes():
    text = "Kẻ buôn người hứa việc nhẹ, lương cao. " * 200
    assert budgets.gzip_size(text) < len(text.encode()) / 10


def test_a_page_over_14000_bytes_gzipped_is_an_error_and_over_12000_a_warning():
    rng = random.Random(6)
    noise = lambda n: "".join(rng.choice("abcdefghijklmnopqrstuvwxyz ") for _ in range(n))  # noqa: E731
    heavy, middling, light = page(body=noise(30_000)), page(body=noise(21_500)), page(body=noise(2_000))
    assert budgets.gzip_size(heavy) > 14_000
    assert 12_000 < budgets.gzip_size(middling) <= 14_000
    [error] = budgets.check_page_weight("vi/x.html", heavy)
    assert error.severity == "error" and "budget is 14,000" in error.message
    [warning] = budgets.check_page_weight("vi/x.html", middling)
    assert warning.severity == "warning"
    assert budgets.check_page_weight("vi/x.html", light) == []


# -- scripts ---------------------------------------------------------------------------------
def test_inline_and_external_javascript_count_together_against_2_kb():
    html = page(body="<script>" + "x=1;" * 300 + "</script>\n<script src=\"../a.js\"></script>")
    size, line = budgets.script_bytes(html, external_size=lambda src: 1000)
    assert size == 2200 and line == html.splitlines().index(
        next(l for l in html.splitlines() if l.startswith("<script>"))) + 1
    assert budgets.check_scripts("vi/x.html", html, external_size=lambda src: 1000)
    assert budgets.check_scripts("vi/x.html", html, external_size=lambda src: 0) == []


def test_json_data_blocks_are_not_javascript():
    html = page(body='<script type="application/ld+json">' + "{}" * 2000 + "</script>")
    assert budgets.script_bytes(html) == (0, 1)


# -- fonts -----------------------------------------------------------------------------------
FONT_STYLE = '@font-face{font-family:"Loa Tavt";src:url(../fonts/loa-tavt.1.woff2) format("woff2")}'


def test_a_font_on_a_page_of_a_language_without_one_is_an_error():
    found = budgets.check_fonts("vi/x.html", page(lang="vi", style=FONT_STYLE), font_languages={"blt"})
    assert found and all("web font" in m for m in messages(found))


def test_a_font_linked_by_link_preload_is_found_too():
    html = page(head='<link rel="preload" as="font" href="../fonts/a.woff2" crossorigin>')
    assert budgets.check_fonts("vi/x.html", html, font_languages={"blt"})


def test_a_font_on_a_tai_viet_page_is_allowed():
    assert budgets.check_fonts("blt/x.html", page(lang="blt", style=FONT_STYLE), font_languages={"blt"}) == []


def test_files_over_their_budget_are_found(tmp_path):
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "big.jpg").write_bytes(b"x" * 30_001)
    (tmp_path / "images" / "ok.jpg").write_bytes(b"x" * 30_000)
    [finding] = budgets.check_files(tmp_path, "**/*.jpg", 30_000, "image", "")
    assert finding.path == "images/big.jpg"


def test_check_site_finds_every_kind_of_problem_at_once(tmp_path):
    (tmp_path / "vi").mkdir()
    (tmp_path / "vi" / "x.html").write_text(
        page(style=FONT_STYLE, body='<img src="https://cdn.example.com/a.jpg" alt="a">\n'
             '<script src="../big.js"></script>'), encoding="utf-8")
    (tmp_path / "big.js").write_text("x=1;" * 1000)
    for name in ("a.woff2", "b.woff2"):
        (tmp_path / name).write_bytes(b"x" * 10)
    found = budgets.check_site(tmp_path, font_languages={"blt"})
    text = "\n".join(messages(found))
    assert "another host" in text and "JavaScript" in text and "web font" in text
    assert "2 font files" in text


def test_a_coordinators_report_is_not_held_to_the_page_weight_budget_but_to_every_other(tmp_path):
    rng = random.Random(2)
    rows = "".join(f"<tr><td>{rng.random()}</td></tr>" for _ in range(3_000))
    (tmp_path / "status").mkdir()
    (tmp_path / "status" / "index.html").write_text(
        page(body=f'<table>{rows}</table><img src="https://cdn.example.com/a.jpg" alt="a">'), encoding="utf-8")
    (tmp_path / "vi").mkdir()
    (tmp_path / "vi" / "x.html").write_text(page(body=f"<table>{rows}</table>"), encoding="utf-8")
    found = budgets.check_site(tmp_path, reports=["status/index.html"])
    assert sorted((f.path, "gzipped" in f.message) for f in found) == [
        ("status/index.html", False), ("vi/x.html", True)]


# -- the built site --------------------------------------------------------------------------
def test_the_built_fixture_site_keeps_every_budget(built_site):
    findings = budgets.check_site(built_site.output, font_languages={"blt"})
    assert findings == []


def test_every_built_page_is_far_below_the_first_round_trip(built_site):
    for path in built_site.output.rglob("*.html"):
        assert budgets.gzip_size(path.read_bytes()) <= budgets.PAGE_GZIP_AIM, path


def test_a_page_too_heavy_for_one_round_trip_fails_the_build_at_its_markdown_file(site):
    rng = random.Random(1)
    words = " ".join("".join(rng.choice("abcdeghiklmnopqrstuvxy") for _ in range(rng.randint(2, 9)))
                     for _ in range(9_000))
    site.write("pages/vi/dai.md", f"title: Dài\nsummary: Rất dài.\n\n{words}\n")
    with pytest.raises(ProblemsFound) as caught:
        site.build()
    heavy = [p for p in caught.value.problems if "gzipped" in p.message]
    # the Vietnamese page, and the hmn and en pages that show it as a fallback
    assert sorted(re.search(r"in output/(\S+)\)", p.message).group(1) for p in heavy) == [
        "en/dai.html", "hmn/dai.html", "vi/dai.html"]
    assert all(p.path.endswith("pages/vi/dai.md") and p.line == 1 and p.severity == "error"
               for p in heavy)


def test_an_embed_from_another_host_fails_the_build_at_its_line(site):
    site.write("pages/vi/video.md", "title: Video\nsummary: Video.\n\nChữ.\n\n"
                                    '<video src="https://video.example.com/1.mp4" title="v"></video>\n')
    with pytest.raises(ProblemsFound) as caught:
        site.build()
    text = "\n".join(str(p) for p in caught.value.problems)
    # refused already by the page's HTML allowlist (loa.languages.html_allowlist), before any output
    assert re.search(r"pages/vi/video\.md:6: an embedded frame or object is not allowed in a page", text), text


def test_a_theme_reference_to_another_host_is_reported_at_the_output_line(site, tmp_path):
    import shutil

    from tests.conftest import ROOT

    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    base = theme / "templates" / "base.html"
    base.write_text(base.read_text().replace("</head>", '<link rel="stylesheet" href="https://cdn.example.com/x.css">\n</head>'))
    with pytest.raises(ProblemsFound) as caught:
        site.build(THEME=str(theme))
    problems = [p for p in caught.value.problems if "cdn.example.com" in p.message]
    assert "output/vi/index.html" in {p.path for p in problems}
    assert all(p.path.startswith("output/") and p.line > 1 for p in problems)


def test_a_pages_language_for_the_font_rule_comes_from_the_plan_not_from_its_html():
    html = page(lang="blt", style=FONT_STYLE)
    assert budgets.check_fonts("status/index.html", html, font_languages={"blt"}, language="vi")
    assert budgets.check_fonts("vi/x.html", page(lang="vi", style=FONT_STYLE), {"blt"}, language="blt") == []


def test_page_languages_take_planned_pages_from_the_plan_and_others_from_their_folder():
    from types import SimpleNamespace

    from loa.checks import page_languages

    plan = {"blt": [SimpleNamespace(name="trang-chu"), SimpleNamespace(name="so-tay")]}
    language = page_languages(plan, {"vi", "blt"}, "vi", "trang-chu")
    assert [language(p) for p in ("blt/index.html", "blt/so-tay.html", "blt/leaflets/index.html",
                                  "index.html", "status/index.html")] == ["blt", "blt", "blt", "vi", "vi"]
