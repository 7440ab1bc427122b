"""The offline translator's kit: invoke i18n.kit, then i18n.import of what comes back."""
import json
import re
import subprocess
import zipfile

import polib
import pytest

from loa.site import policy as core
from loa.site.metadata import split_metadata
from loa.freshness.kit import import_kit, write_kit
from loa.freshness.report import build_report
from loa.problems import ProblemsFound
from tests.conftest import ROOT
from tests.freshness_helpers import SOURCES, make_content


@pytest.fixture
def content(tmp_path):
    return make_content(tmp_path)


def make_kit(content, tmp_path, tag="hmn"):
    content_dir, registry, translations = content
    out = tmp_path / "kits" / f"loa-kit-{tag}.zip"
    result = write_kit(content_dir, registry, translations, tag, out)
    folder = tmp_path / "unzipped"
    with zipfile.ZipFile(out) as kit:
        kit.extractall(folder)
    return result, folder / f"loa-kit-{tag}"


def rezip(folder, target):
    """What a translator does: zip the kit folder again."""
    with zipfile.ZipFile(target, "w") as kit:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                kit.write(path, path.relative_to(folder.parent).as_posix())
    return target


def state(content, tag, name):
    return next(p.state for p in build_report(*content).get(tag).pages if p.name == name)


def test_the_kit_holds_every_page_to_do_with_its_source_the_catalog_and_a_vietnamese_guide(content, tmp_path):
    result, folder = make_kit(content, tmp_path)
    files = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())
    assert files == ["HUONG-DAN.txt", "kit.json", "messages.po",
                     "pages/lua-dao.hmn.md", "pages/lua-dao.vi.md",
                     "pages/trang-chu.hmn.md", "pages/trang-chu.vi.md",
                     "pages/viec-lam.hmn.md", "pages/viec-lam.vi.md"]  # no .diff: no git here
    assert result.pages == {"lua-dao": "missing", "trang-chu": "stale", "viec-lam": "draft"}
    guide = (folder / "HUONG-DAN.txt").read_text(encoding="utf-8")
    assert "Cách làm" in guide and "lua-dao: chưa dịch" in guide and "trang-chu: cần cập nhật" in guide
    manifest = json.loads((folder / "kit.json").read_text(encoding="utf-8"))
    assert manifest["language"] == "hmn" and len(manifest["pages"]) == 3


def test_pages_to_translate_or_update_already_record_the_current_source_hash(content, tmp_path):
    _, folder = make_kit(content, tmp_path)
    for name in ("lua-dao", "trang-chu"):
        meta, _ = split_metadata((folder / "pages" / f"{name}.hmn.md").read_text(encoding="utf-8"))
        assert meta["source_hash"] == core.hash_file_text(SOURCES[name])
        assert meta["translation_status"] == "draft"
    assert (folder / "pages" / "lua-dao.vi.md").read_text(encoding="utf-8") == SOURCES["lua-dao"]


def test_a_stale_page_comes_with_a_diff_when_git_has_the_translated_version(tmp_path):
    content = make_content(tmp_path)
    content_dir = content[0]
    git = ["git", "-C", str(tmp_path), "-c", "user.name=T", "-c", "user.email=t@example.org"]
    subprocess.run(git + ["init", "-q"], check=True)
    source = content_dir / "pages" / "vi" / "viec-lam.md"
    subprocess.run(git + ["add", "-A"], check=True)
    subprocess.run(git + ["commit", "-qm", "one"], check=True)
    source.write_text(SOURCES["viec-lam"] + "\nGọi 111.\n", encoding="utf-8")
    result, folder = make_kit(content, tmp_path)
    assert result.pages["viec-lam"] == "stale" and result.diff_pages == ["viec-lam"]
    assert "+Gọi 111." in (folder / "pages" / "viec-lam.diff").read_text(encoding="utf-8")
    assert "viec-lam: cần cập nhật (xem viec-lam.diff)" in (folder / "HUONG-DAN.txt").read_text(encoding="utf-8")


def test_round_trip_an_edited_page_and_catalog_are_placed(content, tmp_path):
    content_dir, registry, translations = content
    _, folder = make_kit(content, tmp_path)
    page = folder / "pages" / "lua-dao.hmn.md"
    page.write_text(page.read_text(encoding="utf-8").replace("title: Lừa đảo", "title: Dag")
                    .replace("Kẻ xấu hứa hẹn nhiều điều.", "Neeg phem cog lus ntau yam.")
                    .replace("translator:", "translator: Mai"), encoding="utf-8")
    po = polib.pofile(str(folder / "messages.po"))
    po.find("Bốn").msgstr = "Plaub"
    po.save()
    result = import_kit(rezip(folder, tmp_path / "returned.zip"), content_dir, registry, translations, tag="hmn")
    placed = content_dir / "pages" / "hmn" / "lua-dao.md"
    assert placed in result.placed
    assert "Neeg phem cog lus ntau yam." in placed.read_text(encoding="utf-8")
    assert state(content, "hmn", "lua-dao") == "draft"
    assert build_report(*content).get("hmn").strings.translated == 3
    # untouched pages are not placed: nothing is marked up to date without work
    assert any("trang-chu.hmn.md: text unchanged" in s for s in result.skipped)
    assert state(content, "hmn", "trang-chu") == "stale"


def test_a_page_still_in_vietnamese_is_not_placed(content, tmp_path):
    content_dir, registry, translations = content
    _, folder = make_kit(content, tmp_path)
    result = import_kit(rezip(folder, tmp_path / "returned.zip"), content_dir, registry, translations, tag="hmn")
    assert result.placed == []
    assert any("lua-dao.hmn.md: still the Vietnamese text" in s for s in result.skipped)


def test_a_page_still_in_the_vietnamese_of_the_kit_is_not_placed_after_the_source_changed(content, tmp_path):
    content_dir, registry, translations = content
    _, folder = make_kit(content, tmp_path)
    source = content_dir / "pages" / "vi" / "lua-dao.md"
    source.write_text(source.read_text(encoding="utf-8") + "\nMột câu mới.\n", encoding="utf-8")
    result = import_kit(rezip(folder, tmp_path / "returned.zip"), content_dir, registry, translations, tag="hmn")
    assert result.placed == []
    assert any("lua-dao.hmn.md: still the Vietnamese text" in s for s in result.skipped)
    assert not (content_dir / "pages" / "hmn" / "lua-dao.md").exists()


def test_a_bad_import_places_nothing_and_reports_every_problem_with_its_line(content, tmp_path):
    content_dir, registry, translations = content
    _, folder = make_kit(content, tmp_path)
    good = folder / "pages" / "lua-dao.hmn.md"
    good.write_text(good.read_text(encoding="utf-8").replace("Kẻ xấu hứa hẹn nhiều điều.", "Neeg phem."),
                    encoding="utf-8")
    bad = folder / "pages" / "trang-chu.hmn.md"
    bad.write_text(re.sub(r"source_hash: \w+\n", "", bad.read_text(encoding="utf-8"))
                   .replace("translation_status: draft", "translation_status: done"), encoding="utf-8")
    (folder / "pages" / "viec-lam.en.md").write_text("title: Jobs\n\nText\n", encoding="utf-8")
    po_before = (translations / "hmn" / "LC_MESSAGES" / "messages.po").read_bytes()
    po = folder / "messages.po"
    po.write_text(po.read_text(encoding="utf-8").replace('msgstr "Ob %(n)s"', 'msgstr "Ob"'), encoding="utf-8")
    with pytest.raises(ProblemsFound) as caught:
        import_kit(rezip(folder, tmp_path / "returned.zip"), content_dir, registry, translations, tag="hmn")
    messages = [str(p) for p in caught.value.problems]
    expected = ["returned.zip:pages/trang-chu.hmn.md:1: source_hash is missing or changed",
                "returned.zip:pages/trang-chu.hmn.md:2: translation_status must be 'draft' or 'reviewed', not 'done'",
                "returned.zip:pages/viec-lam.en.md:1: this file is for language 'en' but the kit is for 'hmn'",
                "returned.zip:messages.po:"]
    for text in expected:
        assert any(m.startswith(text) for m in messages), (text, messages)
    assert any("must keep %(" in m for m in messages if m.startswith("returned.zip:messages.po:"))
    assert not (content_dir / "pages" / "hmn" / "lua-dao.md").exists()
    assert (translations / "hmn" / "LC_MESSAGES" / "messages.po").read_bytes() == po_before


def test_a_catalog_for_another_language_or_a_broken_zip_is_refused(content, tmp_path):
    content_dir, registry, translations = content
    _, folder = make_kit(content, tmp_path)
    po = folder / "messages.po"
    po.write_text(po.read_text(encoding="utf-8").replace('"Language: hmn\\n"', '"Language: en\\n"'), encoding="utf-8")
    with pytest.raises(ProblemsFound) as caught:
        import_kit(rezip(folder, tmp_path / "r.zip"), content_dir, registry, translations, tag="hmn")
    assert "r.zip:messages.po:3: this catalog is for 'en', not 'hmn'" in str(caught.value)
    (tmp_path / "broken.zip").write_bytes(b"not a zip")
    with pytest.raises(ProblemsFound) as caught:
        import_kit(tmp_path / "broken.zip", content_dir, registry, translations, tag="hmn")
    assert "broken.zip:1: cannot open this zip" in str(caught.value)


def test_dry_run_places_nothing(content, tmp_path):
    content_dir, registry, translations = content
    _, folder = make_kit(content, tmp_path)
    page = folder / "pages" / "lua-dao.hmn.md"
    page.write_text(page.read_text(encoding="utf-8").replace("Kẻ xấu hứa hẹn nhiều điều.", "Neeg phem."),
                    encoding="utf-8")
    result = import_kit(rezip(folder, tmp_path / "r2.zip"), content_dir, registry, translations, tag="hmn",
                        dry_run=True)
    assert result.placed == [content_dir / "pages" / "hmn" / "lua-dao.md"]
    assert not (content_dir / "pages" / "hmn" / "lua-dao.md").exists()


def test_a_kit_for_the_source_language_is_refused(content, tmp_path):
    content_dir, registry, translations = content
    with pytest.raises(ProblemsFound) as caught:
        write_kit(content_dir, registry, translations, "vi", tmp_path / "k.zip")
    assert "'vi' is the source language" in str(caught.value)


# -- the import checks what the build checks, and trusts nothing in the kit -------------------

def returned_page(folder, name="lua-dao", change=lambda text: text):
    page = folder / "pages" / f"{name}.hmn.md"
    text = page.read_text(encoding="utf-8").replace("Kẻ xấu hứa hẹn nhiều điều.", "Neeg phem cog lus ntau yam.")
    page.write_text(change(text), encoding="utf-8")
    return page


def snapshot(content):
    content_dir, _, translations = content
    return {p: p.read_bytes() for root in (content_dir, translations) for p in sorted(root.rglob("*")) if p.is_file()}


def test_a_page_with_a_script_a_typed_number_and_an_unknown_key_is_refused_with_all_three(content, tmp_path):
    content_dir, registry, translations = content
    _, folder = make_kit(content, tmp_path)
    returned_page(folder, change=lambda text: text.replace("title: ", "colour: red\ntitle: ", 1)
                  + "\nHu rau 0912 345 678.\n\n<script>alert(1)</script>\n")
    before = snapshot(content)
    with pytest.raises(ProblemsFound) as caught:
        import_kit(rezip(folder, tmp_path / "returned.zip"), content_dir, registry, translations, tag="hmn")
    text = (folder / "pages" / "lua-dao.hmn.md").read_text(encoding="utf-8").split("\n")
    number_line = next(n for n, line in enumerate(text, 1) if "0912" in line)
    script_line = text.index("<script>alert(1)</script>") + 1
    errors = [f"{p.path}:{p.line}: {p.message}" for p in caught.value.problems if p.severity == "error"]
    assert errors == ["returned.zip:pages/lua-dao.hmn.md:1: unknown metadata key 'colour'",
                      f"returned.zip:pages/lua-dao.hmn.md:{number_line}: phone number '0912 345 678' typed in the text",
                      f"returned.zip:pages/lua-dao.hmn.md:{script_line}: a <script> element is not allowed in a page"]
    assert snapshot(content) == before


def test_the_import_and_the_build_find_the_same_problems_in_a_page(content, tmp_path):
    from loa.languages.preflight import check_pages
    from loa.problems import Problems

    content_dir, registry, translations = content
    _, folder = make_kit(content, tmp_path)
    page = returned_page(folder, change=lambda text: text + '\n<meta http-equiv="refresh" content="0;url=x">\n'
                         "\n[x](java&#x73;cript:alert(1))\n")
    with pytest.raises(ProblemsFound) as caught:
        import_kit(rezip(folder, tmp_path / "returned.zip"), content_dir, registry, translations, tag="hmn")
    imported = [(p.line, p.message) for p in caught.value.problems if p.severity == "error"]
    placed = content_dir / "pages" / "hmn" / "lua-dao.md"
    placed.write_text(page.read_text(encoding="utf-8"), encoding="utf-8")
    build = Problems(root=content_dir)
    check_pages(content_dir, registry, build)
    assert [(p.line, p.message) for p in build.errors if p.path == "pages/hmn/lua-dao.md"] == imported
    assert len(imported) == 2


def test_a_zip_with_a_second_kit_json_is_refused(content, tmp_path):
    content_dir, registry, translations = content
    _, folder = make_kit(content, tmp_path)
    returned_page(folder)
    zipped = rezip(folder, tmp_path / "returned.zip")
    with zipfile.ZipFile(zipped, "a") as kit:
        kit.writestr("kit.json", json.dumps({"loa_kit": 1, "language": "en"}))
    before = snapshot(content)
    with pytest.raises(ProblemsFound) as caught:
        import_kit(zipped, content_dir, registry, translations, tag="hmn")
    assert str(caught.value).startswith("returned.zip:1: this zip holds 2 kit.json files")
    assert snapshot(content) == before


def test_a_kit_imported_as_another_language_than_its_kit_json_says_is_refused(content, tmp_path):
    content_dir, registry, translations = content
    _, folder = make_kit(content, tmp_path)
    returned_page(folder)
    before = snapshot(content)
    with pytest.raises(ProblemsFound) as caught:
        import_kit(rezip(folder, tmp_path / "returned.zip"), content_dir, registry, translations, tag="en")
    assert str(caught.value).startswith(
        "returned.zip:loa-kit-hmn/kit.json:1: kit.json says this kit is for 'hmn', but it is being imported as 'en'")
    assert snapshot(content) == before


def test_a_self_reviewed_translation_is_placed_as_a_draft_without_its_reviewer(content, tmp_path):
    content_dir, registry, translations = content
    _, folder = make_kit(content, tmp_path)
    returned_page(folder, change=lambda text: text.replace("translation_status: draft",
                                                           "translation_status: reviewed\nreviewer: Anyone"))
    result = import_kit(rezip(folder, tmp_path / "returned.zip"), content_dir, registry, translations, tag="hmn")
    placed = (content_dir / "pages" / "hmn" / "lua-dao.md").read_text(encoding="utf-8")
    meta, body = split_metadata(placed)
    assert meta["translation_status"] == "draft" and "reviewer" not in meta
    assert "Neeg phem cog lus ntau yam." in body
    assert state(content, "hmn", "lua-dao") == "draft"
    assert [w.message for w in result.warnings] == [
        "the kit says translation_status: reviewed and reviewer: Anyone; an imported translation is always "
        "placed as a draft"]


def test_a_zip_bomb_is_refused_from_the_zip_directory_without_being_expanded(content, tmp_path):
    import time
    import tracemalloc

    content_dir, registry, translations = content
    _, folder = make_kit(content, tmp_path)
    zipped = tmp_path / "bomb.zip"
    with zipfile.ZipFile(zipped, "w", zipfile.ZIP_DEFLATED) as kit:
        kit.write(folder / "kit.json", "loa-kit-hmn/kit.json")
        with kit.open("loa-kit-hmn/pages/lua-dao.hmn.md", "w", force_zip64=True) as member:
            for _ in range(300):
                member.write(b"a" * 1_000_000)        # 300 MB that compress to about 300 KB
    assert zipped.stat().st_size < 1_000_000
    before = snapshot(content)
    tracemalloc.start()
    started = time.perf_counter()
    with pytest.raises(ProblemsFound) as caught:
        import_kit(zipped, content_dir, registry, translations, tag="hmn")
    seconds = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    messages = [str(p).split("\n")[0] for p in caught.value.problems]
    assert ("bomb.zip:loa-kit-hmn/pages/lua-dao.hmn.md:1: this file would expand to 300,000,000 bytes; "
            "a kit file may have at most 2,000,000") in messages
    assert "bomb.zip:1: this zip would expand to 300,00" in "\n".join(messages)
    assert seconds < 1.0 and peak < 5_000_000
    assert snapshot(content) == before


def test_a_zip_with_twenty_thousand_entries_is_refused_by_count(content, tmp_path):
    import time

    content_dir, registry, translations = content
    zipped = tmp_path / "many.zip"
    with zipfile.ZipFile(zipped, "w") as kit:
        kit.writestr("loa-kit-hmn/kit.json", json.dumps({"loa_kit": 1, "language": "hmn"}))
        for number in range(19_999):
            kit.writestr(f"loa-kit-hmn/x/{number}.txt", "")
    started = time.perf_counter()
    with pytest.raises(ProblemsFound) as caught:
        import_kit(zipped, content_dir, registry, translations, tag="hmn")
    assert time.perf_counter() - started < 2.0
    assert [str(p).split("\n")[0] for p in caught.value.problems] == [
        "many.zip:1: this zip holds 20,000 entries; a kit holds at most 2,000"]


def test_collecting_many_problems_takes_linear_time():
    import time

    from loa.problems import Problems

    problems = Problems()
    started = time.perf_counter()
    for number in range(1, 20_001):
        problems.add("kit.zip:x", number, "not part of a kit: ignored")
        problems.add("kit.zip:x", number, "not part of a kit: ignored")   # a repeat is kept once
    assert len(problems.items) == 20_000
    assert time.perf_counter() - started < 3.0     # comparing with every earlier problem took minutes


def test_a_kit_with_read_aloud_scripts_comes_back_and_is_placed_as_it_was_made(content, tmp_path):
    """The kit's scripts carry [[pause]] and [[say:…]], which only scripts may use: the import
    checks a returned script as the build checks scripts, not as a page."""
    content_dir, registry, translations = content
    script = ("title: Gọi tổng đài\nkind: spot\nsummary: Gọi khi cần.\n\nThưa bà con, đây là loa xã.\n\n[[pause]]\n\n"
              "Khi nghi ngờ, hãy [[say:báo tin|báo tin]] cho xã.\n")
    (content_dir / "scripts" / "vi").mkdir(parents=True)
    (content_dir / "scripts" / "vi" / "goi.md").write_text(script, encoding="utf-8")
    _, folder = make_kit(content, tmp_path)
    work = folder / "scripts" / "goi.hmn.md"
    work.write_text(work.read_text(encoding="utf-8").replace("Thưa bà con, đây là loa xã.", "Nyob zoo txhua tus."),
                    encoding="utf-8")
    import_kit(rezip(folder, tmp_path / "returned.zip"), content_dir, registry, translations, tag="hmn")
    placed = (content_dir / "scripts" / "hmn" / "goi.md").read_text(encoding="utf-8")
    assert "Nyob zoo txhua tus." in placed and "[[pause]]" in placed


def test_a_kit_page_stating_an_outdated_fact_is_refused_as_the_build_refuses_it(content, tmp_path):
    content_dir, registry, translations = content
    (content_dir / "data").mkdir(exist_ok=True)
    (content_dir / "data" / "outdated.yaml").write_bytes((ROOT / "content" / "data" / "outdated.yaml").read_bytes())
    _, folder = make_kit(content, tmp_path)
    returned_page(folder, change=lambda text: text + "\nLuật Phòng, chống mua bán người năm 2011 bảo vệ bạn.\n")
    before = snapshot(content)
    with pytest.raises(ProblemsFound) as caught:
        import_kit(rezip(folder, tmp_path / "returned.zip"), content_dir, registry, translations, tag="hmn")
    text = (folder / "pages" / "lua-dao.hmn.md").read_text(encoding="utf-8").split("\n")
    line = next(n for n, row in enumerate(text, 1) if "năm 2011" in row)
    errors = [f"{p.path}:{p.line}: {p.message}" for p in caught.value.problems if p.severity == "error"]
    assert errors == [f"returned.zip:pages/lua-dao.hmn.md:{line}: outdated fact: Law 66/2011/QH12 was replaced by "
                      "Law 53/2024/QH15, in force since 1 July 2025 (research/domain.md)"]
    assert snapshot(content) == before
