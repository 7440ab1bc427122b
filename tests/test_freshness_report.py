"""The status report (invoke i18n.status) and the coordinators' page, on content with known counts."""
import re
import subprocess
import sys

import pytest

from loa.freshness.report import build_report, count_strings, render_text, strict_failures
from tests.freshness_helpers import make_content, write


@pytest.fixture
def content(tmp_path):
    return make_content(tmp_path)


@pytest.fixture
def report(content):
    return build_report(*content)


@pytest.mark.parametrize("tag, current, draft, stale, missing, percent", [
    ("hmn", 1, 1, 1, 1, 25),
    ("en", 3, 0, 1, 0, 75),
])
def test_the_report_counts_each_state_per_language(report, tag, current, draft, stale, missing, percent):
    row = report.get(tag)
    assert [row.count(s) for s in ("current", "draft", "stale", "missing")] == [current, draft, stale, missing]
    assert row.percent == percent


def test_interface_strings_are_counted_without_fuzzy_or_obsolete_entries(report):
    counts = report.get("hmn").strings
    assert (counts.translated, counts.fuzzy, counts.untranslated, counts.total) == (2, 1, 2, 5)
    assert report.get("en").strings is None


def test_the_to_do_list_puts_critical_pages_first_then_missing_stale_draft(report):
    assert [(p.name, p.state) for p in report.get("hmn").to_do] == [
        ("lua-dao", "missing"), ("trang-chu", "stale"), ("viec-lam", "draft")]
    assert [(p.name, p.state, p.critical) for p in report.get("en").to_do] == [("can-giup", "stale", True)]


def test_published_says_what_the_public_site_shows(report):
    hmn = {p.name: p.published for p in report.get("hmn").pages}
    # hmn does not allow drafts: its draft and its stale (draft-less reviewed) page differ
    assert hmn == {"can-giup": True, "viec-lam": False, "trang-chu": True, "lua-dao": False}
    en = {p.name: p.published for p in report.get("en").pages}
    assert en["can-giup"] is False  # critical and stale: readers get the Vietnamese page


def test_the_text_table_shows_the_figures_and_the_pages_to_do(report):
    text = render_text(report)
    rows = {line.split()[0]: line.split() for line in text.splitlines() if re.match(r"^(hmn|en)  ", line)}
    assert rows["hmn"][2:7] == ["1", "1", "1", "1", "25%"]
    assert rows["en"][2:7] == ["3", "0", "1", "0", "75%"]
    assert "2/5 translated, 1 fuzzy, 2 untranslated" in text
    assert re.search(r"^  stale +can-giup +\(CRITICAL; public site shows Vietnamese\)$", text, re.M)
    assert re.search(r"^  missing +lua-dao", text, re.M)
    assert "4 source pages" in text


def test_strict_fails_only_for_critical_pages_that_are_stale_or_missing(content, report):
    assert strict_failures(report) == ["en/can-giup: critical page is stale"]
    content_dir, registry, translations = content
    (content_dir / "pages" / "en" / "can-giup.md").unlink()
    assert strict_failures(build_report(content_dir, registry, translations)) == ["en/can-giup: critical page is missing"]
    (content_dir / "pages" / "vi" / "can-giup.md").write_text("title: Cần giúp\n\nGọi 111.\n", encoding="utf-8")
    assert strict_failures(build_report(content_dir, registry, translations)) == []


def test_lint_warns_about_missing_hashes_orphans_and_untranslated_copies(content):
    content_dir, registry, translations = content
    write(content_dir / "pages" / "hmn" / "lua-dao.md", "title: Lừa đảo\nsummary: x\ntranslation_status: draft\n\n"
          "Kẻ xấu hứa hẹn nhiều điều.\n")
    write(content_dir / "pages" / "hmn" / "cu.md", "title: Qub\nsource_hash: 0123456789abcdef\n"
          "translation_status: draft\n\nQub.\n")
    messages = [str(p) for p in build_report(content_dir, registry, translations).problems.items]
    assert any("pages/hmn/lua-dao.md:1: warning: no source_hash" in m for m in messages), messages
    assert any("pages/hmn/lua-dao.md:1: warning: this file still holds the Vietnamese text" in m for m in messages)
    assert any("pages/hmn/cu.md:1: warning: translation has no source" in m for m in messages)


def test_count_strings_agrees_with_msgfmt(tmp_path, content):
    po = content[2] / "hmn" / "LC_MESSAGES" / "messages.po"
    run = subprocess.run(["msgfmt", "--statistics", "-o", "/dev/null", str(po)], capture_output=True, text=True)
    if run.returncode != 0:
        pytest.skip("msgfmt not available")
    assert run.stderr.strip() == "2 translated messages, 1 fuzzy translation, 2 untranslated messages."
    counts = count_strings(po)
    assert (counts.translated, counts.fuzzy, counts.untranslated) == (2, 1, 2)


def test_invoke_status_strict_exits_non_zero_on_a_critical_gap(tmp_path, content):
    root = tmp_path
    (root / "tasks.py").symlink_to(__import__("pathlib").Path(__file__).resolve().parent.parent / "tasks.py")
    env = {"PYTHONPATH": str(__import__("pathlib").Path(__file__).resolve().parent.parent), "PATH": "/usr/bin:/bin"}
    plain = subprocess.run([sys.executable, "-m", "invoke", "i18n.status"], cwd=root, capture_output=True, text=True, env=env)
    strict = subprocess.run([sys.executable, "-m", "invoke", "i18n.status", "--strict"], cwd=root,
                            capture_output=True, text=True, env=env)
    assert plain.returncode == 0, plain.stderr
    assert strict.returncode == 1
    assert "strict: en/can-giup: critical page is stale" in strict.stdout


# -- the coordinators' page -------------------------------------------------------------------

def test_the_build_writes_a_noindex_status_page_that_is_not_in_the_sitemap(built_site):
    html = built_site.read("status/index.html")
    assert '<meta name="robots" content="noindex">' in html
    assert "status" not in built_site.read("sitemap.xml")
    row = re.search(r'<tr data-lang="hmn">(.*?)</tr>', html, re.S).group(1)
    assert re.findall(r"<td>([^<]*)</td>", row)[:5] == ["0", "1", "0", "2", "0%"]
    row = re.search(r'<tr data-lang="en">(.*?)</tr>', html, re.S).group(1)
    assert re.findall(r"<td>([^<]*)</td>", row)[:5] == ["2", "0", "1", "0", "66%"]
    assert '<li data-state="stale"><a href="../vi/noi-nhan-giup-do.html"' in html


def test_the_status_page_names_no_translator_or_reviewer(site):
    site.write("pages/en/trang-chu.md", "title: Home\ntranslation_status: reviewed\ntranslator: Secret Name\n"
               "reviewer: Other Secret\nsource_hash: 0000000000000000\n\nThree things.\n")
    site.build()
    html = site.read("status/index.html")
    assert "Secret" not in html and 'data-state="stale"' in html


def test_a_translation_without_source_hash_is_a_build_warning_with_its_path(site):
    site.write("pages/hmn/viec-nhe-luong-cao.md", "title: Hauj lwm\ntranslation_status: draft\n\nTsis txhob.\n")
    result = site.build()
    assert any("pages/hmn/viec-nhe-luong-cao.md:1: warning: no source_hash" in str(w) for w in result.warnings)


def test_the_status_page_can_be_turned_off(site):
    site.build(STATUS_SAVE_AS="")
    assert not (site.output / "status").exists()


def test_a_malformed_source_hash_is_reported_once_in_a_build(site):
    from loa.problems import ProblemsFound

    page = site.content / "pages" / "en" / "viec-nhe-luong-cao.md"
    page.write_text(page.read_text(encoding="utf-8").replace("source_hash: 8c06dde5b6bcb2d5", "source_hash: zz12"),
                    encoding="utf-8")
    with pytest.raises(ProblemsFound) as caught:
        site.build()
    said = [p for p in caught.value.problems if p.path.endswith("pages/en/viec-nhe-luong-cao.md") and "zz12" in p.message]
    assert [(p.line, p.severity) for p in said] == [(5, "error")]
