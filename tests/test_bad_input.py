"""Mistakes a communicator or translator can make end to end: each gives path:line: message,
and what must simply work does."""
import polib
import pytest

from loa.problems import ProblemsFound


def problems_of(site) -> list[str]:
    with pytest.raises(ProblemsFound) as caught:
        site.build()
    return [str(p) for p in caught.value.problems]


def test_a_translation_whose_source_does_not_exist_names_the_missing_source(site):
    site.write("pages/en/khong-co-nguon.md", "title: Orphan\ntranslation_status: draft\n\nText.\n")
    found = problems_of(site)
    assert any("pages/en/khong-co-nguon.md:1: translation has no source: "
               "content/pages/vi/khong-co-nguon.md does not exist" in m for m in found), found


def test_a_page_saved_with_a_bom_and_crlf_line_endings_simply_works(site):
    text = "\ufefftitle: Có BOM\r\nsummary: Dòng Windows.\r\norder: 50\r\n\r\nVăn bản đầu.\r\nDòng hai.\r\n"
    (site.content / "pages/vi/co-bom.md").write_bytes(text.encode("utf-8"))
    site.build()
    html = site.read("vi/co-bom.html")
    assert "<h1>Có BOM</h1>" in html and "Văn bản đầu." in html


def test_html_in_a_yaml_data_field_is_shown_as_text(site):
    data = site.content / "data/services.yaml"
    data.write_text(data.read_text(encoding="utf-8").replace(
        "name: Ủy ban nhân dân xã", "name: \"<script>alert(1)</script> Ủy ban\""), encoding="utf-8")
    site.write("pages/vi/noi-nhan-giup-do.md", "title: Nơi nhận giúp đỡ\ncritical: true\n\nGọi ngay.\n\n[[directory]]\n")
    site.build()
    html = site.read("vi/noi-nhan-giup-do.html")
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Ủy ban" in html


def test_html_in_a_po_translation_is_shown_as_text_in_the_built_page(site):
    path = site.translations / "en" / "LC_MESSAGES" / "messages.po"
    po = polib.pofile(str(path))
    entry = next(e for e in po if e.msgid == "Chọn ngôn ngữ")
    entry.msgstr = "<b onclick=\"x()\">Languages</b>"
    po.save(str(path))
    site.build()
    html = site.read("en/index.html")
    assert "<b onclick" not in html and "&lt;b onclick=" in html


def test_every_problem_is_reported_at_once(site):
    site.write("pages/vi/rong.md", "")
    site.write("pages/xx/trang.md", "title: X\n\nY.\n")
    site.write("pages/vi/so-dien-thoai.md", "title: Số\n\nGọi 0912 345 678 nhé.\n")
    found = problems_of(site)
    assert any("pages/vi/rong.md:1: this page is empty" in m for m in found)
    assert any("pages/xx/trang.md:1: unknown language 'xx'" in m for m in found)
    assert any("pages/vi/so-dien-thoai.md:3:" in m and "0912 345 678" in m for m in found), found


def test_a_mistake_in_the_hotline_data_is_reported_alone(site):
    data = site.content / "data/hotlines.yaml"
    data.write_text(data.read_text(encoding="utf-8").replace("verified_on: 2026-11-01", "verified_on: 01/11/2026", 1),
                    encoding="utf-8")
    site.write("pages/vi/goi.md", "title: Gọi\n\nGọi [[hotline:111]] ngay.\n")
    site.write("leaflets/goi.yaml", "format: poster\npages: [goi]\nhotlines: ['111']\nbody: false\n")
    found = problems_of(site)
    errors = [m for m in found if "warning:" not in m]
    assert len(errors) == 1 and "hotlines.yaml" in errors[0] and "is not a date" in errors[0], found
