"""The offline copy carries its web fonts inside, in development and production builds alike."""
from __future__ import annotations

import base64

from loa.offline.write import inline_fonts
from tests.conftest import BLT

FONT = b"wOF2-test-font-bytes"
DATA = "url(data:font/woff2;base64," + base64.b64encode(FONT).decode("ascii") + ")"


def font_output(tmp_path):
    (tmp_path / "fonts").mkdir()
    (tmp_path / "fonts" / "loa-tavt.0123abcd.woff2").write_bytes(FONT)
    return tmp_path


def test_a_font_under_the_production_site_url_is_inlined(tmp_path):
    output = font_output(tmp_path)
    css = "src: url(https://loa.example.org/fonts/loa-tavt.0123abcd.woff2) format('woff2')"
    assert inline_fonts(css, output, "https://loa.example.org") == f"src: {DATA} format('woff2')"


def test_a_font_under_a_site_url_with_a_path_is_inlined(tmp_path):
    output = font_output(tmp_path)
    css = 'url("https://example.org/loa/fonts/loa-tavt.0123abcd.woff2")'
    assert inline_fonts(css, output, "https://example.org/loa/") == DATA


def test_relative_font_addresses_are_inlined_as_before(tmp_path):
    output = font_output(tmp_path)
    for address in ("fonts/", "../fonts/", "/fonts/"):
        assert inline_fonts(f"url('{address}loa-tavt.0123abcd.woff2')", output) == DATA


def test_a_font_on_another_host_or_outside_the_fonts_folder_is_left_for_the_check(tmp_path):
    output = font_output(tmp_path)
    (output / "secret").mkdir()
    (output / "secret" / "fonts").mkdir()
    (output / "secret" / "fonts" / "x.woff2").write_bytes(FONT)
    for css in ("url(https://evil.example/fonts/loa-tavt.0123abcd.woff2)",
                "url(https://loa.example.org.evil/fonts/loa-tavt.0123abcd.woff2)",
                "url(https://loa.example.org/secret/fonts/x.woff2)",
                "url(https://loa.example.org/fonts/missing.woff2)"):
        assert inline_fonts(css, output, "https://loa.example.org") == css


def test_a_production_build_with_tai_viet_writes_a_self_contained_offline_copy(site):
    site.write("languages.yaml", (site.content / "languages.yaml").read_text(encoding="utf-8") + BLT)
    site.write("pages/blt/trang-chu.md", "title: ꪹꪭꪙ ꪻꪬ\nsummary: ꪀꪱꪉ\ntranslation_status: reviewed\n"
                                         "reviewer: Lò Văn A\nsource_hash: 0000000000000000\n\n"
                                         "ꪎꪱꪣ ꪔꪱ ꪹꪖꪱ ꪻꪠ꪿ ꪩꪳꪣ.\n")
    site.build(production=True, SITEURL="https://loa.example.org")
    text = site.read("offline/loa-blt.html")
    assert "url(data:font/woff2;base64," in text
    assert "fonts/loa-tavt" not in text
    assert "https://loa.example.org/fonts/" in site.read("blt/index.html")
