"""The directory in a built site: references in every language, tel: links, footer, checks, and a
number changed once in the YAML changing every page of every language."""
import re

import pytest

from loa.problems import ProblemsFound

LANGS = ("vi", "hmn", "en")
HELP_VI = """title: Nơi nhận giúp đỡ
summary: Gọi ai khi cần giúp.
reviewed_on: 2026-11-01

Khi cần giúp, gọi [[hotline:111]] hoặc [[hotline:113]].

[[hotline:111]]

[[directory]]
"""
HELP_EN = """title: Where to get help
summary: Whom to call.
translation_status: reviewed
source_hash: {hash}

When you need help, call [[hotline:111]].

[[hotline:111]]
"""


def pages(site):
    return sorted(p for tag in LANGS for p in (site.output / tag).glob("*.html"))


def messages(exc) -> list[str]:
    """Problems as ``content/…:line: message`` (the fixture site lives in a temporary folder)."""
    lines = [str(p).split("\n")[0] for p in exc.value.problems]
    return [line[line.index("content/"):] if "content/" in line else line for line in lines]


def write_help(site):
    from loa.site.policy import hash_file_text

    source = site.write("pages/vi/noi-nhan-giup-do.md", HELP_VI)
    site.write("pages/en/noi-nhan-giup-do.md", HELP_EN.format(hash=hash_file_text(HELP_VI)))
    return source


def test_every_page_of_every_language_has_the_primary_hotline_in_its_footer(built_site):
    for path in pages(built_site):
        footer = re.search(r'<footer class="loa-footer">.*?</footer>', path.read_text("utf-8"), re.S).group(0)
        assert '<a class="loa-tel loa-footer__tel" href="tel:111">111</a>' in footer, path


def test_the_footer_names_the_hotline_in_the_readers_language(built_site):
    assert "Hotline 111</span>" in built_site.read("en/index.html")
    assert '<span lang="vi">Tổng đài 111</span>' in built_site.read("hmn/index.html")


def test_references_render_in_every_language(site):
    write_help(site)
    site.build()
    for tag in LANGS:
        html = site.read(f"{tag}/noi-nhan-giup-do.html")
        assert '<a class="loa-tel" href="tel:111">111</a>' in html
        assert '<a class="loa-tel loa-hotline__number" href="tel:111">111</a>' in html
        assert "<loa-ref" not in html
    assert '<p class="loa-hotline__name">Hotline 111</p>' in site.read("en/noi-nhan-giup-do.html")
    assert "Free, day and night (24/7)" in site.read("en/noi-nhan-giup-do.html")
    vi = site.read("vi/noi-nhan-giup-do.html")
    assert '<p class="loa-hotline__name">Tổng đài 111</p>' in vi
    assert "Miễn phí, cả ngày lẫn đêm (24/7)" in vi
    # the Hmong reader sees the Vietnamese page (no translation), so Vietnamese cards
    assert '<p class="loa-hotline__name">Tổng đài 111</p>' in site.read("hmn/noi-nhan-giup-do.html")


def test_the_help_page_lists_every_hotline_and_service_from_the_data(site):
    write_help(site)
    site.build()
    html = site.read("vi/noi-nhan-giup-do.html")
    directory = re.search(r'<section class="loa-directory">.*?</section>', html, re.S).group(0)
    assert directory.index("Tổng đài 111") < directory.index("Công an") < directory.index("Ủy ban nhân dân xã")
    assert 'href="tel:113"' in directory


def test_changing_a_number_in_the_yaml_changes_every_page_in_every_language(site):
    write_help(site)
    site.build()
    before = pages(site)
    assert all('href="tel:111"' in p.read_text("utf-8") for p in before)
    data = site.content / "data" / "hotlines.yaml"
    data.write_text(data.read_text("utf-8").replace('number: "111"', 'number: "1119"')
                    .replace('display: "111"', 'display: "1119"'), encoding="utf-8")
    site.build()   # same CACHE_PATH: Pelican's cached Markdown is reused
    after = pages(site)
    assert after == before
    for path in after:
        html = path.read_text("utf-8")
        assert 'href="tel:1119">1119</a>' in html, path
        assert 'href="tel:111"' not in html and ">111</a>" not in html, path


def test_an_unknown_key_fails_the_build_naming_the_file_line_and_known_keys(site):
    site.write("pages/vi/noi-nhan-giup-do.md", "title: Giúp đỡ\n\nDòng hai.\n\nGọi [[hotline:child-line]].\n")
    with pytest.raises(ProblemsFound) as exc:
        site.build()
    assert "content/pages/vi/noi-nhan-giup-do.md:5: unknown hotline 'child-line'; known: 111, 113" in messages(exc)


def test_a_number_typed_in_any_language_fails_and_suggests_the_key(site):
    page = site.content / "pages" / "en" / "viec-nhe-luong-cao.md"
    text = page.read_text("utf-8")
    line = text.count("\n") + 2
    page.write_text(text + "\nCall 113 at once.\n", encoding="utf-8")
    site.write("pages/hmn/trang-chu.md", (site.content / "pages/hmn/trang-chu.md").read_text("utf-8")
               + "\nHu rau 0987 654 321.\n")
    with pytest.raises(ProblemsFound) as exc:
        site.build()
    typed = [p for p in exc.value.problems if "typed" in p.message]
    assert [(p.path.split("content/")[1], p.line, p.message, p.hint) for p in typed] == [
        ("pages/en/viec-nhe-luong-cao.md", line, "phone number '113' typed in the text", "use [[hotline:113]]"),
        ("pages/hmn/trang-chu.md", 8, "phone number '0987 654 321' typed in the text", typed[1].hint)]
    assert "content/data/hotlines.yaml" in typed[1].hint


def test_a_stale_entry_warns_in_development(site):
    result = site.build(DIRECTORY_TODAY="2027-06-01")
    stale = [(w.path.split("content/")[1], w.line, w.message) for w in result.warnings if "last verified" in w.message]
    assert stale[0] == ("data/hotlines.yaml", 8, "hotline '111' was last verified on 2026-11-01, 212 days ago (limit 180)")
    assert len(stale) == 3   # 111, 113 and the commune
    assert site.read("vi/index.html")   # a warning does not stop the build


def test_a_stale_entry_fails_a_production_build(site):
    with pytest.raises(ProblemsFound) as exc:
        site.build(production=True, DIRECTORY_TODAY="2027-06-01")
    assert any("hotline '113' was last verified on 2026-11-01" in m for m in messages(exc))
    site.build(production=True)   # the same data, checked in time, publishes


def test_the_age_limit_is_a_setting(site):
    result = site.build(DIRECTORY_TODAY="2026-12-01", DIRECTORY_MAX_AGE_DAYS=10)
    assert any("30 days ago (limit 10)" in w.message for w in result.warnings)


def test_a_pictogram_is_inlined_and_a_missing_one_is_reported(site):
    site.write("pictograms/phone.svg", '<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" '
               'viewBox="0 0 4 4"><circle cx="2" cy="2" r="2"/></svg>')
    site.write("pages/vi/viec-nhe-luong-cao.md",
               "title: Việc nhẹ\nsummary: Lừa.\n\n[[picto:phone|Điện thoại]] Gọi [[hotline:111]].\n")
    site.build()
    assert '<svg role="img" aria-label="Điện thoại" class="loa-picto"' in site.read("vi/viec-nhe-luong-cao.html")
    site.write("pages/vi/viec-nhe-luong-cao.md", "title: Việc nhẹ\nsummary: Lừa.\n\n[[picto:boat]]\n")
    with pytest.raises(ProblemsFound) as exc:
        site.build()
    found = messages(exc)
    assert "content/pages/vi/viec-nhe-luong-cao.md:4: unknown pictogram 'boat'; known: phone" in found
    assert "content/pages/vi/viec-nhe-luong-cao.md:4: pictogram 'boat' has no text for people who cannot see it" in found


def test_a_broken_data_file_fails_the_build_with_its_line(site):
    data = site.content / "data" / "hotlines.yaml"
    data.write_text(data.read_text("utf-8").replace('number: "113"', 'number: "11E"'), encoding="utf-8")
    with pytest.raises(ProblemsFound) as exc:
        site.build()
    assert any(re.search(r"data/hotlines\.yaml:\d+: number '11E' has letters", m) for m in messages(exc))


ABROAD = """
  - key: abroad
    number: "+84981848484"
    display: "+84 981 84 84 84"
    free: false
    hours: {vi: giờ trực chưa rõ, en: hours not confirmed}
    from_abroad: true
    verified_on: 2026-11-01
    source: https://example.org/abroad
    text:
      vi: {name: Tổng đài bảo hộ công dân, for: Cho người Việt ở nước ngoài.}
      en: {name: Citizen protection hotline, for: For Vietnamese citizens abroad.}
"""


def test_a_number_that_works_from_abroad_says_so_on_its_card_in_the_readers_language_and_fits(site):
    data = site.content / "data" / "hotlines.yaml"
    data.write_text(data.read_text("utf-8").rstrip("\n") + "\n" + ABROAD, encoding="utf-8")
    from loa.site.policy import hash_file_text

    vi = "title: Ở nước ngoài\nsummary: Gọi ai.\nreviewed_on: 2026-11-01\n\n[[hotline:abroad]]\n\n[[hotline:111]]\n"
    site.write("pages/vi/o-nuoc-ngoai.md", vi)
    site.write("pages/en/o-nuoc-ngoai.md", "title: Abroad\nsummary: Whom to call.\ntranslation_status: reviewed\n"
               f"source_hash: {hash_file_text(vi)}\n\n[[hotline:abroad]]\n\n[[hotline:111]]\n")
    site.build()
    for tag, words in (("vi", "Gọi được từ nước ngoài"), ("en", "Works from abroad")):
        html = site.read(f"{tag}/o-nuoc-ngoai.html")
        cards = re.findall(r'<div class="loa-hotline[^"]*"[^>]*>.*?</div>', html, re.S)
        abroad = next(c for c in cards if 'href="tel:+84981848484"' in c)
        domestic = next(c for c in cards if 'href="tel:111"' in c)
        assert f'<p class="loa-hotline__abroad" lang="{tag}">{words}</p>' in abroad
        assert "loa-hotline__abroad" not in domestic
        assert "loa-hotline__number--long" in abroad and "loa-hotline__number--long" not in domestic
