"""Rebuilds reuse what did not change, and the result is the same as a full build."""
import filecmp
import os
import time

from loa.incremental import OutputCache


def all_files(root):
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


def touch(path):
    later = time.time() + 5
    os.utime(path, (later, later))


def test_an_unchanged_rebuild_renders_no_page(site, monkeypatch):
    site.build()
    rendered = []
    original = OutputCache.reuse

    def spy(self, relative, fingerprint, target_root):
        reused = original(self, relative, fingerprint, target_root)
        if not reused:
            rendered.append(relative)
        return reused

    monkeypatch.setattr(OutputCache, "reuse", spy)
    site.build(LOA_SKIP_UNCHANGED=False)   # the whole build, not the last build's stamp (loa.unchanged)
    assert rendered == []
    assert "vi/index.html" in all_files(site.output)


def page_inodes(site) -> dict[str, int]:
    """``{path: inode}`` of every page and leaflet index a language has. A page reused from the
    last build is a hard link to it (same inode); a page rendered again is a new file."""
    return {p.relative_to(site.output).as_posix(): p.stat().st_ino
            for p in site.output.glob("*/**/*.html") if p.relative_to(site.output).parts[0] in ("vi", "hmn", "en")}


def rewritten(before: dict, site) -> set[str]:
    after = page_inodes(site)
    assert set(after) == set(before)
    return {path for path, inode in after.items() if before[path] != inode}


def edit(page, old, new):
    page.write_text(page.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    touch(page)


def test_editing_a_source_summary_rewrites_its_page_its_translations_and_the_homes_that_list_it(site):
    site.build()
    before = page_inodes(site)
    edit(site.content / "pages/vi/viec-nhe-luong-cao.md", "Lời mời", "Lời rủ")
    site.build()
    # hmn shows the Vietnamese page (a fallback); the en translation is checked against its
    # source again (its status depends on it); en's home lists the en summary, unchanged
    assert rewritten(before, site) == {"vi/viec-nhe-luong-cao.html", "vi/index.html",
                                       "hmn/viec-nhe-luong-cao.html", "hmn/index.html",
                                       "en/viec-nhe-luong-cao.html"}
    assert "Lời rủ" in site.read("vi/index.html")
    assert "Lời rủ" in site.read("hmn/index.html")   # the fallback's summary is listed in hmn too


def test_editing_one_translations_text_rewrites_only_that_page(site):
    site.build()
    before = page_inodes(site)
    edit(site.content / "pages/en/viec-nhe-luong-cao.md", "\n\n", "\n\nOne more line.\n\n")
    site.build()
    assert rewritten(before, site) == {"en/viec-nhe-luong-cao.html"}
    assert "One more line." in site.read("en/viec-nhe-luong-cao.html")


def test_stamping_a_critical_translation_rewrites_only_the_pages_it_changes(site):
    from loa.freshness.files import stamp_translation
    from loa.site.registry import load_registry

    site.build()
    before = page_inodes(site)
    old_vi = site.read("vi/noi-nhan-giup-do.html")
    assert "Call now." not in site.read("en/noi-nhan-giup-do.html")   # stale and critical: Vietnamese shown
    stamp_translation(site.content, load_registry(site.content / "languages.yaml"), "en", "noi-nhan-giup-do",
                      reviewed_by="Lan")
    touch(site.content / "pages/en/noi-nhan-giup-do.md")
    site.build()
    # the English page now shows English, the English home lists it as current, and the
    # Vietnamese and Hmong versions now link to an English version; nothing else changed
    assert rewritten(before, site) == {"en/noi-nhan-giup-do.html", "en/index.html",
                                       "vi/noi-nhan-giup-do.html", "hmn/noi-nhan-giup-do.html"}
    assert "Call now." in site.read("en/noi-nhan-giup-do.html")
    assert site.read("vi/noi-nhan-giup-do.html") != old_vi


def test_editing_one_translation_leaves_other_languages_leaflet_indexes_alone(site):
    site.write("leaflets/nho.yaml", "format: poster\npages:\n  - trang-chu\nhotlines: ['111']\n")
    site.build()
    before = page_inodes(site)
    assert {"vi/leaflets/index.html", "hmn/leaflets/index.html", "en/leaflets/index.html"} <= set(before)
    edit(site.content / "pages/hmn/trang-chu.md", "Peb yam", "Peb yam tseem ceeb")
    site.build()
    assert rewritten(before, site) == {"hmn/index.html", "hmn/leaflets/index.html"}


def test_a_build_writes_into_its_settings_only_keys_the_fingerprint_leaves_out(site, monkeypatch):
    """Every plain setting a build adds or changes while it runs is build state (listed in
    loa.incremental.BUILD_STATE), so that it never makes the site fingerprint differ."""
    from conftest import ROOT
    from loa.build import _settings
    from loa.incremental import BUILD_STATE, CONFIGURATION_PREFIXES, DERIVED_CONFIGURATION, is_plain
    from loa.languages.generator import LanguagesGenerator
    from loa.problems import Problems

    seen = {}
    original = LanguagesGenerator._output_cache

    def spy(self):
        seen.update(self.settings)
        return original(self)

    monkeypatch.setattr(LanguagesGenerator, "_output_cache", spy)
    site.build()
    site.build()   # the second build has a previous output and a cache
    configured = _settings(ROOT / "pelicanconf.py", site.output, Problems(), site.overrides(), previous=site.output)
    changed = {key for key, value in seen.items() if key.startswith(CONFIGURATION_PREFIXES) and is_plain(value)
               and (key not in configured or configured[key] != value)}
    assert changed - BUILD_STATE - DERIVED_CONFIGURATION == set()
    assert "LOA_CSS_FILES" in changed   # the check sees what a plugin really adds


def test_the_site_model_is_left_out_of_the_configuration_by_its_type(site, monkeypatch):
    """What a build finds and writes lives in the one LOA_SITE object, which the fingerprint
    leaves out because it is not plain data, whatever its name."""
    from loa.incremental import configuration
    from loa.site.model import Site

    settings = {"LOA_SITE": Site(), "LOA_ANY_NAME": Site(), "LOA_HOME_PAGE": "trang-chu"}
    assert configuration(settings) == [("LOA_HOME_PAGE", "'trang-chu'")]


def test_a_rebuild_gives_the_same_files_as_a_full_build(site, tmp_path):
    site.build()
    page = site.content / "pages/en/viec-nhe-luong-cao.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    touch(page)
    site.build()
    incremental = site.output
    full = tmp_path / "full"
    from loa.build import build
    from conftest import ROOT
    build(ROOT / "pelicanconf.py", full, overrides=site.overrides(LOA_REUSE_OUTPUT=False,
                                                                  CACHE_PATH=str(tmp_path / "other-cache")))
    assert all_files(incremental) == all_files(full)
    match, mismatch, errors = filecmp.cmpfiles(incremental, full, all_files(full), shallow=False)
    assert mismatch == [] and errors == []


def test_changing_a_template_re_renders_everything(site, monkeypatch):
    import shutil
    from conftest import ROOT

    theme = site.root / "theme"
    shutil.copytree(ROOT / "theme", theme)
    site.build(THEME=str(theme))
    footer = theme / "templates" / "components" / "footer.html"
    footer.write_text(footer.read_text(encoding="utf-8").replace('<footer class="loa-footer">',
                                                                  '<footer class="loa-footer"><!-- changed -->'),
                      encoding="utf-8")
    touch(footer)
    site.build(THEME=str(theme))
    assert "<!-- changed -->" in site.read("en/viec-nhe-luong-cao.html")


def file_inodes(site) -> dict[str, int]:
    """``{path: inode}`` of every file of the built site (see :func:`page_inodes`)."""
    return {p.relative_to(site.output).as_posix(): p.stat().st_ino for p in site.output.rglob("*") if p.is_file()}


def test_editing_one_translation_rewrites_only_that_languages_files_the_status_page_and_the_share_zip(site):
    site.write("leaflets/nho.yaml", "format: poster\npages:\n  - trang-chu\nhotlines: ['111']\n")
    site.build()
    before = file_inodes(site)
    edit(site.content / "pages/hmn/trang-chu.md", "Peb yam", "Peb yam tseem ceeb")
    site.build()
    after = file_inodes(site)
    assert set(after) == set(before)
    # the Hmong home shows the text, and so does the Hmong leaflet that prints it (with its
    # index); the offline copy of Hmong and the zip of every copy hold it; the status page is
    # made anew. No file of another language, no feed, no sitemap, no chooser is written again.
    assert {p for p in after if after[p] != before[p]} == {
        "hmn/index.html", "hmn/leaflets/index.html", "hmn/leaflets/nho-poster.pdf", "hmn/leaflets/nho-poster.png",
        "offline/loa-hmn.html", "offline/loa-all.zip", "status/index.html"}


def test_a_file_made_anew_with_the_same_bytes_is_kept_from_the_last_build(tmp_path):
    previous, staging = tmp_path / "output", tmp_path / "staging"
    (previous / "vi").mkdir(parents=True)
    first = OutputCache(tmp_path / "cache", None, "site", enabled=False)
    assert first.write("vi/feed.atom", b"<feed/>", previous) is True
    first.save()
    second = OutputCache(tmp_path / "cache", previous, "site")
    assert second.write("vi/feed.atom", b"<feed/>", staging) is False
    assert (staging / "vi/feed.atom").stat().st_ino == (previous / "vi/feed.atom").stat().st_ino
    assert second.write("vi/other.atom", b"<feed/>", staging) is True


def test_a_new_build_process_does_not_check_the_budgets_of_a_page_it_reused(site, monkeypatch):
    from loa.checks import budgets

    site.build()
    budgets._PAGES.values.clear()   # what a new process starts with: only the cache folder
    checked = []
    original = budgets.check_page

    def spy(path, html, **kwargs):
        checked.append(path)
        return original(path, html, **kwargs)

    monkeypatch.setattr(budgets, "check_page", spy)
    site.build(LOA_SKIP_UNCHANGED=False, LOA_JOBS=1)   # checked in this process, where the spy is
    assert "vi/viec-nhe-luong-cao.html" in all_files(site.output)
    assert [p for p in checked if p.startswith(("vi/", "hmn/", "en/")) and p.count("/") == 1] == []
