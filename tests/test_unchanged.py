"""A build with nothing changed since the last one builds nothing (loa.unchanged)."""
import os
import time

import pelican


def runs_of_pelican(monkeypatch) -> list:
    runs = []
    original = pelican.Pelican.run

    def spy(self):
        runs.append(self)
        return original(self)

    monkeypatch.setattr(pelican.Pelican, "run", spy)
    return runs


def tree(root):
    return sorted((p.relative_to(root).as_posix(), p.read_bytes()) for p in root.rglob("*") if p.is_file())


def test_a_build_with_nothing_changed_runs_nothing_and_reports_the_same_pages_and_warnings(site, monkeypatch):
    site.write("data/hotlines.yaml", (site.content / "data/hotlines.yaml").read_text(encoding="utf-8"))
    first = site.build(DIRECTORY_TODAY="2031-01-01")   # every hotline is then old enough to warn
    before = tree(site.output)
    runs = runs_of_pelican(monkeypatch)
    second = site.build(DIRECTORY_TODAY="2031-01-01")
    assert runs == []
    assert second.unchanged and not first.unchanged
    assert (second.pages, second.warnings) == (first.pages, first.warnings)
    assert first.warnings   # the test is about something
    assert tree(site.output) == before
    assert second.summary().startswith("Nothing changed since the last build:")


def test_an_edited_page_a_changed_setting_or_a_touched_output_builds_again(site, monkeypatch):
    site.build()
    runs = runs_of_pelican(monkeypatch)
    page = site.content / "pages/vi/viec-nhe-luong-cao.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nMột câu nữa.\n", encoding="utf-8")
    later = time.time() + 5
    os.utime(page, (later, later))
    assert not site.build().unchanged
    assert "Một câu nữa." in site.read("vi/viec-nhe-luong-cao.html")
    assert not site.build(SITENAME="Loa Lai Châu").unchanged
    assert site.build(SITENAME="Loa Lai Châu").unchanged
    (site.output / "vi/viec-nhe-luong-cao.html").unlink()
    assert not site.build(SITENAME="Loa Lai Châu").unchanged
    assert (site.output / "vi/viec-nhe-luong-cao.html").is_file()
    assert len(runs) == 3


def test_loa_skip_unchanged_0_in_the_environment_always_builds(site, monkeypatch):
    site.build()
    monkeypatch.setenv("LOA_SKIP_UNCHANGED", "0")
    runs = runs_of_pelican(monkeypatch)
    assert not site.build().unchanged
    assert len(runs) == 1


def test_a_production_build_and_a_check_always_build(site, monkeypatch):
    site.build()
    runs = runs_of_pelican(monkeypatch)
    site.build(keep_output=False)
    site.build(production=True)
    site.build(production=True)
    assert len(runs) == 3


def test_a_failed_build_is_not_taken_for_the_last_good_one(site):
    from loa.problems import ProblemsFound

    site.build()
    page = site.content / "pages/vi/viec-nhe-luong-cao.md"
    good = page.read_text(encoding="utf-8")
    page.write_text(good + "\n[Trang khác]({filename}/pages/vi/khong-co-trang-nay.md)\n", encoding="utf-8")
    for _ in range(2):
        try:
            site.build()
        except ProblemsFound:
            pass
        else:
            raise AssertionError("a page without a title built")
    page.write_text(good, encoding="utf-8")
    assert not site.build().unchanged
