"""The theme: quick exit first, security meta, small CSS the oldest browsers understand, images."""
import io
import re
from pathlib import Path, PurePosixPath

import pytest
from PIL import Image

from loa.theme.css import read_css
from loa.problems import ProblemsFound
from loa.theme import QUICK_EXIT_JS, images, security

ROOT = Path(__file__).resolve().parent.parent
PAGES = ("index.html", "vi/index.html", "vi/viec-nhe-luong-cao.html", "hmn/viec-nhe-luong-cao.html",
         "en/noi-nhan-giup-do.html")


def body_of(html):
    return html.split("<body>", 1)[1]


def csp_of(html):
    return re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', html).group(1)


@pytest.mark.parametrize("page", PAGES)
def test_the_quick_exit_is_the_first_link_in_body(built_site, page):
    first = re.search(r"<a\b[^>]*>", body_of(built_site.read(page))).group(0)
    assert 'id="quick-exit"' in first
    assert 'href="https://www.google.com.vn/"' in first and "noreferrer" in first


def test_the_quick_exit_goes_where_the_setting_says(site):
    site.build(LOA_QUICK_EXIT_URL="https://thoitiet.example.vn/")
    assert 'id="quick-exit" class="loa-quick-exit" href="https://thoitiet.example.vn/"' in site.read("vi/index.html")


@pytest.mark.parametrize("page", PAGES)
def test_every_page_has_a_csp_allowing_its_inline_script_by_hash_only(built_site, page):
    html = built_site.read(page)
    policy = csp_of(html)
    assert "default-src 'self'" in policy
    script_src = re.search(r"script-src ([^;]+)", policy).group(1)
    assert "unsafe-inline" not in script_src and "'self'" not in script_src
    scripts = re.findall(r"<script>(.*?)</script>", html, re.S)
    assert scripts == [QUICK_EXIT_JS]
    assert script_src.split() == [security.script_hash(s) for s in scripts]
    assert '<meta name="referrer" content="no-referrer">' in html


def test_script_hash_is_the_base64_sha256_of_the_exact_text():
    # echo -n 'alert(1)' | openssl dgst -sha256 -binary | base64
    assert security.script_hash("alert(1)") == "'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI='"


def test_no_inline_script_means_scripts_are_refused():
    assert "script-src 'none'" in security.content_security_policy([])


def test_the_quick_exit_script_is_under_1_kb_and_old_javascript():
    assert len(QUICK_EXIT_JS.encode()) <= 1024
    assert not re.search(r"\b(let|const|class)\b|=>|`", QUICK_EXIT_JS)  # ES5: Opera Mini, KaiOS 2.5
    assert "location.replace" in QUICK_EXIT_JS


def test_the_inline_css_is_small_and_uses_nothing_old_phones_lack():
    css = str(read_css(ROOT / "theme" / "static" / "css", ["base.css", "components.css", "print.css"]))
    assert len(css.encode()) <= 3_072
    for feature in ("display:grid", "display:inline-grid", "var(--", "calc(", "gap:", "position:sticky"):
        assert feature not in css, feature
    assert "font:16px/" in css                        # 16 px base text
    assert "@media print" in css and "@page{size:A4" in css


@pytest.mark.parametrize("page", PAGES)
def test_no_cookies_storage_or_analytics(built_site, page):
    html = built_site.read(page)
    for word in ("cookie", "localStorage", "sessionStorage", "analytics", "gtag", "navigator.sendBeacon"):
        assert word not in html


def test_the_header_keeps_an_empty_slot_for_a_hotline():
    assert "{% block header_hotline %}{% endblock %}" in (ROOT / "theme/templates/base.html").read_text()


# -- images ---------------------------------------------------------------------------------------
def photo(width=1600, height=1200, seed=3):
    """A noisy photo-like image: hard to compress, so the budget really has to be met."""
    import random

    rng = random.Random(seed)
    image = Image.new("RGB", (width // 8, height // 8))
    image.putdata([(rng.randrange(256), rng.randrange(256), rng.randrange(256))
                   for _ in range(image.width * image.height)])
    image = image.resize((width, height), Image.BICUBIC)
    out = io.BytesIO()
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # camera make: must not survive
    image.save(out, "JPEG", quality=95, exif=exif)
    return out.getvalue()


def test_a_large_photo_is_resized_and_compressed_under_30_kb():
    original = photo()
    assert len(original) > 200_000
    result = images.compress_image(original, "JPEG")
    assert len(result.data) <= 30_000
    assert result.width <= 640 and result.height == round(result.width * 1200 / 1600)
    reopened = Image.open(io.BytesIO(result.data))
    assert reopened.size == (result.width, result.height) and reopened.format == "JPEG"
    assert not reopened.getexif()


def test_a_png_stays_a_png_with_a_palette():
    image = Image.new("RGBA", (800, 400), (0, 90, 78, 255))
    out = io.BytesIO()
    image.save(out, "PNG")
    result = images.compress_image(out.getvalue(), "PNG")
    assert result.format == "PNG" and result.width == 640 and len(result.data) <= 30_000


@pytest.mark.parametrize("src,expected", [
    ("{static}/images/a.jpg", "images/a.jpg"),
    ("{static}images/a.jpg", "images/a.jpg"),
    ("/images/a.jpg", "images/a.jpg"),
    ("../../images/a.jpg", "images/a.jpg"),
    ("a.jpg", "pages/vi/a.jpg"),
    ("https://example.com/a.jpg", None),
    ("data:image/png;base64,AA", None),
])
def test_image_sources_resolve_to_content_paths(src, expected):
    assert images.image_source(src, PurePosixPath("pages/vi")) == expected


def test_rewrite_images_adds_size_and_lazy_loading_and_reports_missing_alt():
    fake = images.CompressedImage(b"", 640, 480, "JPEG")
    html = '<p><img alt="Bản đồ" src="{static}/images/a.jpg"></p><p><img alt="" src="../../images/b.jpg"></p>'
    new, problems = images.rewrite_images(html, PurePosixPath("pages/vi"), lambda rel: fake)
    assert '<img src="{static}/images/a.jpg" alt="Bản đồ" width="640" height="480" loading="lazy" decoding="async">' in new
    assert [p.message for p in problems] == ["image '../../images/b.jpg' has no alt text"]


def test_rewrite_images_reports_missing_files_and_wrong_formats():
    html = '<img alt="a" src="{static}/images/none.jpg"><img alt="b" src="{static}/images/x.svg">'
    _, problems = images.rewrite_images(html, PurePosixPath("pages/vi"), lambda rel: None)
    assert ["not found" in p.message for p in problems] == [True, False]
    assert "not a JPEG or PNG" in problems[1].message


def test_a_built_page_gets_its_image_compressed_with_width_height_and_lazy(site):
    (site.content / "images").mkdir()
    (site.content / "images" / "cho.jpg").write_bytes(photo())
    site.write("pages/vi/cho.md", "title: Chợ\nsummary: Ở chợ.\n\nChữ.\n\n![Người ở chợ phiên]({static}/images/cho.jpg)\n")
    site.build()
    html = site.read("vi/cho.html")
    tag = re.search(r"<img [^>]+>", html).group(0)
    assert 'src="../images/cho.jpg"' in tag and 'loading="lazy"' in tag and 'alt="Người ở chợ phiên"' in tag
    width, height = (int(v) for v in re.search(r'width="(\d+)" height="(\d+)"', tag).groups())
    written = site.output / "images" / "cho.jpg"
    assert written.stat().st_size <= 30_000
    assert Image.open(written).size == (width, height)


def test_a_picture_replaced_under_the_same_name_gives_its_page_the_new_size(site):
    import os

    (site.content / "images").mkdir()
    picture = site.content / "images" / "cho.jpg"
    picture.write_bytes(photo(800, 600))
    site.write("pages/vi/cho.md", "title: Chợ\nsummary: Ở chợ.\n\nChữ.\n\n![Người ở chợ phiên]({static}/images/cho.jpg)\n")

    def size_in_page() -> tuple[int, int]:
        tag = re.search(r"<img [^>]+>", site.read("vi/cho.html")).group(0)
        return tuple(int(v) for v in re.search(r'width="(\d+)" height="(\d+)"', tag).groups())

    site.build()
    width, height = size_in_page()
    assert width > height   # landscape
    picture.write_bytes(photo(400, 900))   # a new photo, portrait; the page untouched
    later = picture.stat().st_mtime + 5
    os.utime(picture, (later, later))
    site.build()
    written = Image.open(site.output / "images" / "cho.jpg").size
    assert written[1] > written[0]
    assert size_in_page() == written


def test_an_image_without_alt_text_fails_the_build_at_its_line(site):
    (site.content / "images").mkdir()
    (site.content / "images" / "cho.jpg").write_bytes(photo(320, 240))
    site.write("pages/vi/cho.md", "title: Chợ\nsummary: Ở chợ.\n\nChữ.\n\n![](../../images/cho.jpg)\n\n"
                                  "![Ảnh](../../images/khong-co.jpg)\n\n![Bản đồ](https://maps.example.com/m.png)\n")
    with pytest.raises(ProblemsFound) as caught:
        site.build()
    text = "\n".join(str(p) for p in caught.value.problems)
    assert re.search(r"pages/vi/cho\.md:6: image '\.\./\.\./images/cho\.jpg' has no alt text", text), text
    assert re.search(r"pages/vi/cho\.md:8: image '\.\./\.\./images/khong-co\.jpg' not found", text), text
    assert re.search(r"pages/vi/cho\.md:10: image 'https://maps\.example\.com/m\.png' loads from another website", text), text
