"""Read-aloud scripts travel in the translator's kit beside pages, and come back under
content/scripts/<tag>/ with the same checks."""
import zipfile

from loa.site import policy as core
from loa.freshness.kit import import_kit, write_kit
from loa.freshness.report import build_report
from tests.freshness_helpers import make_content

SCRIPT = "title: Gọi tổng đài\nkind: spot\n\nThưa bà con, đây là loa xã. Gọi [[hotline:111]].\n"


def test_a_script_to_translate_is_in_the_kit_and_its_translation_is_placed_under_scripts(tmp_path):
    content_dir, registry, translations = make_content(tmp_path)
    (content_dir / "scripts" / "vi").mkdir(parents=True)
    (content_dir / "scripts" / "vi" / "goi.md").write_text(SCRIPT, encoding="utf-8")
    out = tmp_path / "loa-kit-hmn.zip"
    result = write_kit(content_dir, registry, translations, "hmn", out)
    assert result.pages["scripts/goi"] == "missing"
    with zipfile.ZipFile(out) as kit:
        work = kit.read("loa-kit-hmn/scripts/goi.hmn.md").decode("utf-8")
        names = kit.namelist()
        guide = kit.read("loa-kit-hmn/HUONG-DAN.txt").decode("utf-8")
    assert "loa-kit-hmn/scripts/goi.vi.md" in names and "scripts/goi: chưa dịch" in guide
    assert f"source_hash: {core.hash_file_text(SCRIPT)}" in work
    returned = tmp_path / "back.zip"
    with zipfile.ZipFile(out) as kit, zipfile.ZipFile(returned, "w") as back:
        for name in kit.namelist():
            data = kit.read(name)
            if name.endswith("scripts/goi.hmn.md"):
                data = work.replace("Thưa bà con, đây là loa xã.", "Nyob zoo txhua tus.").replace(
                    "title: Gọi tổng đài", "title: Hu xov tooj").encode("utf-8")
            back.writestr(name, data)
    import_kit(returned, content_dir, registry, translations, tag="hmn")
    placed = content_dir / "scripts" / "hmn" / "goi.md"
    assert placed.read_text(encoding="utf-8").startswith("title: Hu xov tooj")
    states = {p.name: p.state for p in build_report(content_dir, registry, translations, kind="scripts").get("hmn").pages}
    assert states == {"goi": "draft"}


def test_a_changed_vietnamese_script_shows_its_english_translation_stale_until_it_is_stamped(tmp_path):
    from loa.freshness.files import new_translation, stamp_translation

    content_dir, registry, translations = make_content(tmp_path)
    (content_dir / "scripts" / "vi").mkdir(parents=True)
    source = content_dir / "scripts" / "vi" / "goi.md"
    source.write_text(SCRIPT, encoding="utf-8")
    new_translation(content_dir, registry, "en", "goi", kind="scripts")

    def state():
        report = build_report(content_dir, registry, translations, kind="scripts")
        return next(p.state for p in report.get("en").pages if p.name == "goi")

    before = state()
    source.write_text(SCRIPT.replace("loa xã", "loa của xã"), encoding="utf-8")
    stale = state()
    stamp_translation(content_dir, registry, "en", "goi", kind="scripts")
    assert (before, stale, state()) == ("draft", "stale", "draft")


def test_the_kit_summary_counts_pages_and_scripts_apart(tmp_path):
    content_dir, registry, translations = make_content(tmp_path)
    (content_dir / "scripts" / "vi").mkdir(parents=True)
    (content_dir / "scripts" / "vi" / "goi.md").write_text(SCRIPT, encoding="utf-8")
    result = write_kit(content_dir, registry, translations, "hmn", tmp_path / "loa-kit-hmn.zip")
    pages = [n for n in result.pages if not n.startswith("scripts/")]
    line = result.summary().split("\n")[0]
    assert f": {len(pages)} pages (" in line
    assert " and 1 script (1 missing) for 'hmn'" in line
