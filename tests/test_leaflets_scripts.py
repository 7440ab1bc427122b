"""Adding a language is data, leaflets too (issue 13 item 4): a language in a script the default
leaflet fonts lack (Lao here, only in a temporary copy of the fixture site) gets an installed
font for its script, found with fontconfig; when none has a character, the problem names the
page line and the setting to change, and concerns only that language's leaflets."""
import shutil
import subprocess

import pytest

from loa.problems import ProblemsFound

from conftest import make_site

LAO = """  - tag: lo
    native_name: ລາວ
    english_name: Lao
    script: Laoo
    direction: ltr
"""
LAO_TITLE = "ໜ້າຫຼັກ"   # "home page"


def lao_site(tmp_path, font_line: str = ""):
    site = make_site(tmp_path)
    languages = site.content / "languages.yaml"
    languages.write_text(languages.read_text(encoding="utf-8") + LAO + font_line, encoding="utf-8")
    source_hash = (site.content / "pages" / "hmn" / "trang-chu.md").read_text(encoding="utf-8").split(
        "source_hash: ")[1].split()[0]
    site.write("pages/lo/trang-chu.md", f"title: {LAO_TITLE}\ntranslation_status: draft\n"
                                        f"source_hash: {source_hash}\n\nPeb yam yuav tsum nco.\n")
    site.write("leaflets/goi-111.yaml", "format: poster\npages: [trang-chu]\nhotlines: ['111']\n")
    return site


def embedded_fonts(path) -> str:
    return subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout


@pytest.mark.skipif(not shutil.which("pdffonts"), reason="needs poppler-utils")
def test_a_lao_title_is_printed_with_an_installed_lao_font_and_other_languages_are_unchanged(tmp_path):
    site = lao_site(tmp_path)
    site.build(LEAFLETS_WORKERS=1)
    poster = site.output / "lo" / "leaflets" / "goi-111-poster.pdf"
    assert "Loa-Laoo" in embedded_fonts(poster)     # Noto Sans Lao (fonts-noto-core), as "Loa Laoo"
    assert "Loa-Laoo" not in embedded_fonts(site.output / "vi" / "leaflets" / "goi-111-poster.pdf")
    text = subprocess.run(["pdftotext", str(poster), "-"], capture_output=True, text=True, check=True).stdout
    assert LAO_TITLE in text


def test_a_script_no_font_covers_fails_only_that_languages_leaflet_naming_page_line_and_setting(tmp_path):
    site = lao_site(tmp_path, "    font: No Such Family\n")
    with pytest.raises(ProblemsFound) as caught:
        site.build(LEAFLETS_WORKERS=1)
    messages = [str(p) for p in caught.value.problems if p.severity == "error"]
    leaflet_errors = [m for m in messages if "leaflet" in m]
    assert len(leaflet_errors) == 1, messages
    [message] = leaflet_errors
    assert "pages/lo/trang-chu.md:1: leaflet 'goi-111' (lo): characters missing from the leaflet fonts: 'ໜ'" in message
    assert "'font:' of 'lo' in content/languages.yaml" in message
    assert "check the hotline names" not in message
