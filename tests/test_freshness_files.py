"""invoke i18n.new / stamp / diff: starting a translation, recording its source, seeing changes."""
import datetime
import subprocess

import pytest

from loa.site import policy as core
from loa.freshness.files import new_translation, set_metadata, source_diff, stamp_translation
from loa.freshness.report import build_report
from loa.problems import ProblemsFound
from tests.freshness_helpers import SOURCES, make_content, write


@pytest.fixture
def content(tmp_path):
    return make_content(tmp_path)


def state(content, tag, name):
    return next(p.state for p in build_report(*content).get(tag).pages if p.name == name)


# -- new ---------------------------------------------------------------------------------------

def test_new_creates_a_draft_with_the_source_hash_title_and_summary_to_translate(content):
    content_dir, registry, _ = content
    new_translation(content_dir, registry, "hmn", "lua-dao")
    text = (content_dir / "pages" / "hmn" / "lua-dao.md").read_text(encoding="utf-8")
    assert text == ("title: Lừa đảo\nsummary: Các mánh lừa.\n"
                    f"source_hash: {core.hash_file_text(SOURCES['lua-dao'])}\n"
                    "translation_status: draft\ntranslator:\n\nKẻ xấu hứa hẹn nhiều điều.\n")
    assert state(content, "hmn", "lua-dao") == "draft"


def test_new_accepts_a_file_name_or_path_for_the_page(content):
    content_dir, registry, _ = content
    new_translation(content_dir, registry, "hmn", "content/pages/vi/lua-dao.md")
    assert (content_dir / "pages" / "hmn" / "lua-dao.md").exists()


def test_new_refuses_to_overwrite_a_translation(content):
    content_dir, registry, _ = content
    target = content_dir / "pages" / "hmn" / "viec-lam.md"
    before = target.read_bytes()
    with pytest.raises(ProblemsFound) as caught:
        new_translation(content_dir, registry, "hmn", "viec-lam")
    assert "pages/hmn/viec-lam.md:1: this translation already exists" in str(caught.value)
    assert target.read_bytes() == before


@pytest.mark.parametrize("tag, page, expected", [
    ("fr", "lua-dao", "unknown language 'fr'; known: vi, hmn, en"),
    ("vi", "lua-dao", "'vi' is the source language"),
    ("hmn", "khong-co", "no Vietnamese page 'khong-co'"),
])
def test_new_reports_a_bad_language_or_page_plainly(content, tag, page, expected):
    content_dir, registry, _ = content
    with pytest.raises(ProblemsFound) as caught:
        new_translation(content_dir, registry, tag, page)
    assert expected in str(caught.value)


# -- stamp -------------------------------------------------------------------------------------

def test_set_metadata_changes_only_the_given_lines_and_keeps_crlf_and_bom():
    text = "\ufeffTitle: A\r\nsource_hash: old\r\nnote: keep   \r\n\r\nBody  \r\nsource_hash: not metadata\r\n"
    result = set_metadata(text, {"source_hash": "new", "reviewer": "Lan"})
    assert result == ("\ufeffTitle: A\r\nsource_hash: new\r\nnote: keep   \r\nreviewer: Lan\r\n\r\n"
                      "Body  \r\nsource_hash: not metadata\r\n")


def test_stamp_makes_a_stale_translation_current_and_keeps_the_rest_byte_for_byte(content):
    content_dir, registry, _ = content
    path = content_dir / "pages" / "en" / "can-giup.md"
    original = "title: Get help\r\nsource_hash: 0123456789abcdef\r\ntranslation_status: draft\r\n\r\nCall   111.  \r\n"
    path.write_bytes(original.encode("utf-8"))
    assert state(content, "en", "can-giup") == "stale"
    result = stamp_translation(content_dir, registry, "en", "can-giup")
    now = core.hash_file_text(SOURCES["can-giup"])
    assert path.read_bytes().decode("utf-8") == original.replace("0123456789abcdef", now)
    assert result.changed and f"0123456789abcdef -> {now}" in result.message
    assert state(content, "en", "can-giup") == "draft"


def test_stamp_with_reviewed_by_marks_it_reviewed_with_name_and_date(content):
    content_dir, registry, _ = content
    stamp_translation(content_dir, registry, "hmn", "viec-lam", reviewed_by="Vàng Thị Mai",
                      today=datetime.date(2026, 12, 1))
    meta, _ = core.split_metadata((content_dir / "pages" / "hmn" / "viec-lam.md").read_text(encoding="utf-8"))
    assert (meta["translation_status"], meta["reviewer"], meta["reviewed_on"]) == ("reviewed", "Vàng Thị Mai", "2026-12-01")
    assert state(content, "hmn", "viec-lam") == "current"


def test_stamping_an_updated_reviewed_translation_makes_it_a_draft_unless_told_to_keep_the_review(content):
    content_dir, registry, _ = content
    stamp_translation(content_dir, registry, "hmn", "trang-chu")
    assert state(content, "hmn", "trang-chu") == "draft"
    path = content_dir / "pages" / "en" / "can-giup.md"
    stamp_translation(content_dir, registry, "en", "can-giup", keep_review=True)
    assert state(content, "en", "can-giup") == "current" and "reviewer: Lan" in path.read_text(encoding="utf-8")


def test_stamping_a_translation_that_is_already_up_to_date_changes_nothing(content):
    content_dir, registry, _ = content
    path = content_dir / "pages" / "hmn" / "can-giup.md"
    before = path.read_bytes()
    result = stamp_translation(content_dir, registry, "hmn", "can-giup")
    assert not result.changed and path.read_bytes() == before


def test_stamping_a_missing_translation_says_how_to_start_it(content):
    content_dir, registry, _ = content
    with pytest.raises(ProblemsFound) as caught:
        stamp_translation(content_dir, registry, "hmn", "lua-dao")
    assert "invoke i18n.new hmn lua-dao" in str(caught.value)



def test_stamping_a_translation_still_in_vietnamese_is_refused_and_changes_nothing(content):
    content_dir, registry, _ = content
    new_translation(content_dir, registry, "hmn", "lua-dao")
    path = content_dir / "pages" / "hmn" / "lua-dao.md"
    path.write_text(path.read_text(encoding="utf-8").replace("title: ", "title: Dag ", 1), encoding="utf-8")
    before = path.read_bytes()
    with pytest.raises(ProblemsFound) as caught:
        stamp_translation(content_dir, registry, "hmn", "lua-dao", reviewed_by="Tester Two")
    assert [p.message for p in caught.value.problems] == [
        "the text is still the Vietnamese text: nothing has been translated yet"]
    assert path.read_bytes() == before

# -- diff --------------------------------------------------------------------------------------

def git(root, *args):
    subprocess.run(["git", "-C", str(root), "-c", "user.name=Test", "-c", "user.email=test@example.org", *args],
                   check=True, capture_output=True)


@pytest.fixture
def repo(tmp_path):
    content = make_content(tmp_path)
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-qm", "first")
    return content


def test_diff_shows_what_changed_in_the_source_since_the_translated_version(repo):
    content_dir, registry, _ = repo
    source = content_dir / "pages" / "vi" / "viec-lam.md"
    source.write_text("title: Việc làm\n\nĐừng tin lời mời việc nhẹ lương cao.\nHãy gọi 111.\n", encoding="utf-8")
    git(content_dir.parent, "commit", "-qam", "second")
    source.write_text(source.read_text(encoding="utf-8") + "\nHỏi cán bộ xã.\n", encoding="utf-8")  # not committed
    result = source_diff(content_dir, registry, "hmn", "viec-lam")
    assert "translated version: commit" in result.diff
    added = [line for line in result.diff.splitlines() if line.startswith("+") and not line.startswith("+++")]
    assert added == ["+Hãy gọi 111.", "+", "+Hỏi cán bộ xã."]


def test_diff_finds_the_version_through_a_re_wrap_and_a_rename(repo):
    content_dir, registry, _ = repo
    root = content_dir.parent
    git(root, "mv", "content/pages/vi/viec-lam.md", "content/pages/vi/viec-lam-tmp.md")
    git(root, "commit", "-qm", "rename")
    source = content_dir / "pages" / "vi" / "viec-lam-tmp.md"
    source.write_text("title: Việc làm\n\nĐừng tin lời mời\nviệc nhẹ lương cao.\n", encoding="utf-8")
    git(root, "commit", "-qam", "re-wrap")
    git(root, "mv", "content/pages/vi/viec-lam-tmp.md", "content/pages/vi/viec-lam.md")
    git(root, "commit", "-qm", "rename back")
    result = source_diff(content_dir, registry, "hmn", "viec-lam")
    assert result.up_to_date  # re-wrapping is not a change
    source = content_dir / "pages" / "vi" / "viec-lam.md"
    source.write_text("title: Việc làm\n\nĐừng tin lời mời việc nhẹ.\n", encoding="utf-8")
    assert "-Đừng tin lời mời" in source_diff(content_dir, registry, "hmn", "viec-lam").diff


def test_diff_says_plainly_when_no_version_matches(repo):
    content_dir, registry, _ = repo
    result = source_diff(content_dir, registry, "en", "can-giup")  # records a hash that never existed
    assert result.diff == "" and "No version of" in result.text and "0123456789abcdef" in result.text


def test_diff_says_plainly_when_there_is_no_git_history(content):
    content_dir, registry, _ = content
    result = source_diff(content_dir, registry, "en", "can-giup")
    assert result.diff == "" and "not in a git repository" in result.text


def test_diff_says_when_the_translation_is_up_to_date_or_has_no_hash(content):
    content_dir, registry, _ = content
    assert source_diff(content_dir, registry, "hmn", "can-giup").up_to_date
    write(content_dir / "pages" / "hmn" / "viec-lam.md", "title: X\ntranslation_status: draft\n\nY\n")
    assert "has no valid source_hash" in source_diff(content_dir, registry, "hmn", "viec-lam").text


# -- with the real build ----------------------------------------------------------------------

def test_a_page_started_with_new_builds_as_a_draft_and_as_current_once_stamped_reviewed(site):
    from loa.site.registry import load_registry

    registry = load_registry(site.content / "languages.yaml")
    new_translation(site.content, registry, "hmn", "viec-nhe-luong-cao")
    path = site.content / "pages" / "hmn" / "viec-nhe-luong-cao.md"
    path.write_text(path.read_text(encoding="utf-8").replace("Kẻ buôn người", "Neeg"), encoding="utf-8")
    site.build()
    assert 'data-translation-status="draft"' in site.read("hmn/viec-nhe-luong-cao.html")
    stamp_translation(site.content, registry, "hmn", "viec-nhe-luong-cao", reviewed_by="Mai")
    site.build()
    assert 'data-translation-status="current"' in site.read("hmn/viec-nhe-luong-cao.html")
    source = site.content / "pages" / "vi" / "viec-nhe-luong-cao.md"
    source.write_text(source.read_text(encoding="utf-8").replace("Đừng tin ngay.", "Đừng tin ngay.\nHãy hỏi."),
                      encoding="utf-8")
    site.build()
    html = site.read("hmn/viec-nhe-luong-cao.html")
    assert 'data-translation-status="stale"' in html and "loa-notice--stale" in html
