"""Tai Viet script: one WOFF2 subset ≤ 15 KB, only on Tai Viet pages, covering every character used."""
import io
import re
import unicodedata

import pytest
from fontTools.ttLib import TTFont

from loa.problems import ProblemsFound
from loa.theme import fonts
from tests.conftest import BLT

# Test text in Tai Viet letters (U+AA80–U+AADF), marks above and below included.
TITLE = "ꪹꪭꪙ ꪻꪬ"
BODY = "ꪎꪱꪣ ꪔꪱ ꪹꪖꪱ ꪻꪠ꪿ ꪩꪳꪣ. ꪁꪾ ꪶꪀ ꪀꪰꪙ ꪻꪊ꪿ ꪹꪀꪱ ꪠꪱ ꪕꪷ꪿ ꪹꪚꪷꪉ."
TAVT = re.compile("[\uaa80-\uaadf]")


@pytest.fixture(scope="module")
def tai_site(tmp_path_factory):
    from conftest import make_site

    site = make_site(tmp_path_factory.mktemp("tai"))
    site.write("languages.yaml", (site.content / "languages.yaml").read_text(encoding="utf-8") + BLT)
    site.write("pages/blt/trang-chu.md", f"title: {TITLE}\nsummary: ꪀꪱꪉ\ntranslation_status: draft\n"
                                         f"source_hash: 052194306da08b50\n\n{BODY}\n")
    site.build()
    return site


def font_files(site):
    return sorted((site.output / "fonts").glob("*.woff2"))


def test_one_woff2_subset_under_15_kb_with_a_content_hash(tai_site):
    [font] = font_files(tai_site)
    assert re.fullmatch(r"loa-tavt\.[0-9a-f]{10}\.woff2", font.name)
    assert font.stat().st_size <= 15_000
    assert font.read_bytes()[:4] == b"wOF2"


def test_only_tai_viet_pages_reference_the_font(tai_site):
    [font] = font_files(tai_site)
    for page in tai_site.output.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        is_blt = '<html lang="blt"' in html
        if page.parent.name == "offline":  # the offline copy carries the font inside itself
            assert font.name not in html and ("url(data:font/woff2" in html) == is_blt, page
            continue
        assert (font.name in html) == is_blt, page
        assert ("@font-face" in html) == is_blt, page
        assert "__loa_font_" not in html


def test_the_font_covers_every_tai_viet_character_the_pages_use(tai_site):
    [font] = font_files(tai_site)
    used = set()
    for page in (tai_site.output / "blt").glob("*.html"):
        used |= set(TAVT.findall(page.read_text(encoding="utf-8")))
    assert used >= set(TITLE.replace(" ", "")) | set(re.sub(r"[ .]", "", BODY))
    cmap = set(chr(c) for c in TTFont(io.BytesIO(font.read_bytes())).getBestCmap())
    assert used | set("ꪼꪕꪒꪾ") <= cmap
    assert {c for c in cmap if TAVT.match(c)} == used | set("ꪼꪕꪒꪾ")   # and nothing else of the block


def test_tai_viet_text_gets_line_height_2_and_the_subset_family(tai_site):
    html = tai_site.read("blt/index.html")
    assert re.search(r'\[lang\|="blt"\],\[lang\|="blt"\] \*\{font-family:"Loa Tavt",[^}]*line-height:2\}', html)
    assert 'url(../fonts/loa-tavt.' in html and "unicode-range:U+AA80-AADF" in html


def test_the_chooser_and_other_pages_show_the_tai_viet_name_with_its_latin_name_and_no_font(tai_site):
    chooser = tai_site.read("index.html")
    assert '<span lang="blt">ꪼꪕꪒꪾ</span> <span class="loa-chooser__latin" lang="vi">Tai Dam (Thái đen)</span>' in chooser
    vi_home = tai_site.read("vi/index.html")
    assert 'lang="blt">ꪼꪕꪒꪾ <span class="loa-switcher__latin" lang="vi">Tai Dam (Thái đen)</span>' in vi_home


def test_the_subset_is_renamed_as_the_font_licence_asks():
    source = fonts.find_font_file("Tai Heritage Pro")
    subset = fonts.subset_font(source, "ꪀꪁ", "Tavt")
    names = TTFont(io.BytesIO(subset.data))["name"]
    assert names.getDebugName(1) == "Loa Tavt"
    assert "Heritage" not in names.getDebugName(4)
    assert "SIL" in names.getDebugName(0)          # copyright kept
    assert subset.chars == frozenset("ꪀꪁ")


def test_script_chars_keeps_only_the_scripts_block():
    assert fonts.script_chars(["Tiếng Việt ꪼꪕꪒꪾ 111"], "Tavt") == set("ꪼꪕꪒꪾ")


def test_a_missing_font_file_is_a_problem_at_the_languages_file(site):
    site.write("languages.yaml", (site.content / "languages.yaml").read_text(encoding="utf-8") + BLT)
    site.write("pages/blt/trang-chu.md", f"title: {TITLE}\nsummary: ꪀꪱꪉ\ntranslation_status: draft\n"
                                         f"source_hash: 052194306da08b50\n\n{BODY}\n")
    with pytest.raises(ProblemsFound) as caught:
        site.build(THEME_FONT_FILES={"Tai Heritage Pro": "/nonexistent/TaiHeritagePro-Regular.ttf"})
    [problem] = caught.value.problems
    assert problem.path.endswith("languages.yaml")
    line = (site.content / "languages.yaml").read_text(encoding="utf-8").splitlines()[problem.line - 1]
    assert line.strip() == "font: Tai Heritage Pro"


def test_the_same_characters_give_the_same_font_file_every_build():
    source = fonts.find_font_file("Tai Heritage Pro")
    first = fonts.subset_font(source, "ꪀꪁꪹꪭꪙ", "Tavt")
    second = fonts.subset_font(source, "ꪙꪭꪹꪁꪀ", "Tavt")
    assert first.data == second.data and first.file_name == second.file_name


# Every assigned Tai Viet code point (Unicode 16: U+AA80–U+AAC2, U+AADB–U+AADF).
ALPHABET = "".join(chr(c) for c in [*range(0xAA80, 0xAAC3), *range(0xAADB, 0xAAE0)])


def test_the_licence_text_is_published_beside_the_subset_and_its_address_kept_inside():
    subset = fonts.subset_font(fonts.find_font_file("Tai Heritage Pro"), "ꪀꪁ", "Tavt")
    names = TTFont(io.BytesIO(subset.data))["name"]
    assert "SIL Open Font License" in subset.licence
    assert names.getDebugName(13) is None
    assert "scripts.sil.org/OFL" in names.getDebugName(14)
    assert subset.licence_file_name == subset.file_name + ".txt"


def test_a_page_with_the_whole_tai_viet_alphabet_builds_with_a_subset_under_the_budget(site):
    site.write("languages.yaml", (site.content / "languages.yaml").read_text(encoding="utf-8") + BLT)
    site.write("pages/blt/trang-chu.md", f"title: {TITLE}\nsummary: ꪀꪱꪉ\ntranslation_status: draft\n"
                                         f"source_hash: 052194306da08b50\n\n{unicodedata.normalize('NFC', ALPHABET)}\n")
    site.build()
    [font] = font_files(site)
    assert font.stat().st_size <= fonts.MAX_BYTES
    assert {chr(c) for c in TTFont(font).getBestCmap()} >= set(ALPHABET)
    assert "SIL Open Font License" in (font.parent / (font.name + ".txt")).read_text(encoding="utf-8")


def test_a_subset_over_its_budget_names_the_pages_that_alone_use_some_letters(site):
    site.write("languages.yaml", (site.content / "languages.yaml").read_text(encoding="utf-8") + BLT)
    site.write("pages/blt/trang-chu.md", f"title: {TITLE}\nsummary: ꪀꪱꪉ\ntranslation_status: draft\n"
                                         f"source_hash: 052194306da08b50\n\n{BODY}\n\nꪛꪜꪝ\n")
    with pytest.raises(ProblemsFound) as caught:
        site.build(THEME_FONT_MAX_BYTES=2_000)
    [problem] = [p for p in caught.value.problems if "font" in p.message]
    assert problem.path.endswith("languages.yaml")
    assert re.search(r"the Loa Tavt font for these pages is [\d,]+ bytes with \d+ different characters; "
                     r"the budget \(THEME_FONT_MAX_BYTES\) is 2,000", problem.message)
    assert "pages/blt/trang-chu.md alone uses" in problem.hint and "'ꪛ' (U+AA9B)" in problem.hint


def test_pages_kept_from_the_last_build_name_the_new_subset_when_the_letters_change(site):
    import os
    import time

    site.write("languages.yaml", (site.content / "languages.yaml").read_text(encoding="utf-8") + BLT)
    site.write("pages/blt/trang-chu.md", "title: ꪼꪕꪒꪾ\nsource_hash: 0000000000000000\ntranslation_status: draft\n\n"
               "ꪼꪕꪒꪾ ꪁꪫ\n")
    site.build()
    kept = site.output / "blt" / "viec-nhe-luong-cao.html"   # the Vietnamese page shown in Tai Dam
    before = kept.stat().st_ino
    page = site.content / "pages/blt/trang-chu.md"
    page.write_text(page.read_text(encoding="utf-8") + "ꪎꪮꪣ ꪜꪱ\n", encoding="utf-8")
    later = time.time() + 5
    os.utime(page, (later, later))
    site.build()
    [subset] = font_files(site)
    assert subset.name in kept.read_text(encoding="utf-8")
    assert kept.stat().st_ino != before   # replaced, not written through the link to the last output


def _two_tai_pages(site):
    site.write("languages.yaml", (site.content / "languages.yaml").read_text(encoding="utf-8") + BLT)
    site.write("pages/blt/trang-chu.md", f"title: {TITLE}\nsummary: ꪀꪱꪉ\ntranslation_status: draft\n"
                                         f"source_hash: 052194306da08b50\n\n{BODY}\n")
    site.write("pages/blt/viec-nhe-luong-cao.md", f"title: ꪹꪭꪙ\ntranslation_status: draft\n"
                                                  f"source_hash: 8c06dde5b6bcb2d5\n\n{BODY}\n")


def test_the_theme_neither_reads_nor_rewrites_a_written_page(site, monkeypatch):
    """The subset is decided from the plan before pages are written (architecture review §1.6)."""
    import pathlib
    import sys

    _two_tai_pages(site)
    touched = []
    originals = {name: getattr(pathlib.Path, name) for name in ("read_text", "write_text", "open")}

    def spy(name):
        def method(self, *args, **kwargs):
            caller = sys._getframe(1).f_globals.get("__name__", "")
            if caller.startswith("loa.theme") and self.suffix == ".html":
                touched.append((name, self))
            return originals[name](self, *args, **kwargs)
        return method

    for name in originals:
        monkeypatch.setattr(pathlib.Path, name, spy(name))
    site.build()
    assert touched == []
    [font] = font_files(site)
    assert font.name in site.read("blt/viec-nhe-luong-cao.html")


def test_an_unchanged_subset_is_taken_from_the_cache_not_made_again(site, monkeypatch):
    import loa.theme

    _two_tai_pages(site)
    loa.theme._SUBSETS.values.clear()          # made in this test's folder, not by an earlier test
    site.build()
    [first] = font_files(site)
    loa.theme._SUBSETS.values.clear()          # as in a new process: only the disk cache is left
    monkeypatch.setattr(fonts, "subset_font", lambda *args: pytest.fail("subset made again"))
    site.build(LOA_REUSE_OUTPUT=False)
    assert [f.name for f in font_files(site)] == [first.name]


def test_a_new_letter_on_one_page_renames_the_subset_on_every_page_of_the_language(site):
    _two_tai_pages(site)
    site.build()
    [before] = font_files(site)
    site.write("pages/blt/trang-chu.md", f"title: {TITLE}\nsummary: ꪀꪱꪉ\ntranslation_status: draft\n"
                                         f"source_hash: 052194306da08b50\n\n{BODY} ꪛ\n")
    site.build()
    [after] = font_files(site)
    assert after.name != before.name
    assert after.name in site.read("blt/viec-nhe-luong-cao.html")   # not a page reused with the old name
