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
    site.build()
    assert rendered == []
    assert "vi/index.html" in all_files(site.output)


def test_editing_one_page_re_renders_that_page_and_the_homes_that_list_it(site, monkeypatch):
    site.build()
    rendered = []
    original = OutputCache.reuse
    monkeypatch.setattr(OutputCache, "reuse", lambda self, rel, fp, root: (
        original(self, rel, fp, root) or rendered.append(rel)))
    page = site.content / "pages/vi/viec-nhe-luong-cao.md"
    page.write_text(page.read_text(encoding="utf-8").replace("Lời mời", "Lời rủ"), encoding="utf-8")
    touch(page)
    site.build()
    assert "vi/viec-nhe-luong-cao.html" in rendered
    assert "hmn/viec-nhe-luong-cao.html" in rendered    # the fallback shows the source
    assert "vi/index.html" in rendered                  # its summary is listed there
    assert "en/noi-nhan-giup-do.html" not in rendered
    assert "Lời rủ" in site.read("hmn/viec-nhe-luong-cao.html") or "Lời rủ" in site.read("vi/index.html")


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
    footer.write_text(footer.read_text(encoding="utf-8") + "<!-- changed -->\n", encoding="utf-8")
    touch(footer)
    site.build(THEME=str(theme))
    assert "<!-- changed -->" in site.read("en/viec-nhe-luong-cao.html")
