"""loa.pelican_edge: each adapter that reaches past Pelican's plugin interface, pinned against
what Pelican itself does, so that a Pelican update fails here instead of in a build."""
from __future__ import annotations

import io
import logging
from pathlib import Path

import pytest
from pelican.contents import Page
from pelican.readers import MarkdownReader
from pelican.settings import read_settings

from loa import pelican_edge
from loa.pelican_edge import (DOCUTILS_NO_LOCALIZATION, UNABLE_TO_FIND, PelicanLogCollector,
                              SharedMarkdownReader)
from loa.problems import Problems, ProblemsFound
from tests.conftest import FIXTURE, ROOT


class Records(logging.Handler):
    """Every record that reaches the ``pelican`` logger, as Pelican let it through."""

    def __init__(self):
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record):
        self.records.append(record)

    def messages(self, level=logging.WARNING) -> list[str]:
        return [r.getMessage() for r in self.records if r.levelno >= level]


@pytest.fixture
def pelican_records():
    handler = Records()
    logger = logging.getLogger("pelican")
    logger.addHandler(handler)
    yield handler
    logger.removeHandler(handler)


def markdown_settings(overrides: dict) -> dict:
    """The real build's settings, with the Markdown extensions the plugins add at ``initialized``
    (the directory's ``[[…]]`` extension)."""
    from loa import directory

    settings = read_settings(str(ROOT / "pelicanconf.py"), override=overrides)

    class Initialized:
        pass

    pelican = Initialized()
    pelican.settings = settings
    directory.configure(pelican)
    return settings


# -- reading -------------------------------------------------------------------------------------
EXTRA_PAGES = {
    # per-document state of the extensions: footnotes, abbreviations, attribute lists, tables
    "pages/vi/ghi-chu.md": "title: Ghi chú\nsummary: Có chú thích.\nsources: A\n    B\n\n"
                           "Câu một.[^1]\n\n*[BCA]: Bộ Công an\n\nBCA nói.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n"
                           "[^1]: Chú thích.\n",
    "pages/vi/lan-hai.md": "title: Lần hai\nsummary: Chú thích khác.\n\nCâu hai.[^1]\n\nBCA.\n\n"
                           "[^1]: Khác.\n",
    # a key Pelican allows only once, given twice: the first value, with Pelican's warning
    "pages/vi/hai-lan.md": "title: Hai lần\nslug: mot\nslug: hai\nsummary: Một\nsummary: Hai\n\nChữ.\n",
}


def test_the_shared_reader_gives_pelicans_html_and_metadata_for_every_fixture_page(site):
    for relative, text in EXTRA_PAGES.items():
        site.write(relative, text)
    settings = markdown_settings(site.overrides())
    shared = SharedMarkdownReader(settings)
    pages = sorted((site.content / "pages").rglob("*.md"))
    assert len(pages) == len(list((FIXTURE / "pages").rglob("*.md"))) + len(EXTRA_PAGES)
    for path in pages + pages[::-1]:   # one instance, in both orders: nothing leaks between files
        assert shared.read(str(path)) == MarkdownReader(settings).read(str(path)), path


def test_the_shared_reader_gives_pelicans_html_and_metadata_for_every_page_of_the_real_site():
    settings = markdown_settings({"PATH": str(ROOT / "content")})
    shared = SharedMarkdownReader(settings)
    pages = sorted((ROOT / "content" / "pages").rglob("*.md"))
    assert any("[[" in page.read_text(encoding="utf-8") for page in pages)   # the directory extension at work
    for path in pages:
        assert shared.read(str(path)) == MarkdownReader(settings).read(str(path)), path


def test_the_shared_reader_warns_of_a_duplicate_key_as_pelican_does(site, pelican_records):
    path = site.write("pages/vi/hai-lan.md", EXTRA_PAGES["pages/vi/hai-lan.md"])
    settings = markdown_settings(site.overrides())
    with pelican_edge.unlimited_pelican_log():   # the same words twice: Pelican would drop the second
        MarkdownReader(settings).read(str(path))
    pelicans = pelican_records.messages()
    pelican_records.records.clear()
    with pelican_edge.unlimited_pelican_log():
        SharedMarkdownReader(settings).read(str(path))
    assert pelican_records.messages() == pelicans == [f"Duplicate definition of `slug` for {path}. Using first one."]


def test_the_shared_reader_replaces_pelicans_markdown_reader_in_a_build(site, monkeypatch):
    used = []
    original = SharedMarkdownReader.read
    monkeypatch.setattr(SharedMarkdownReader, "read", lambda self, path: used.append(path) or original(self, path))
    site.build()
    assert sorted(Path(p).relative_to(site.content).as_posix() for p in used) == sorted(
        p.relative_to(FIXTURE).as_posix() for p in (FIXTURE / "pages").rglob("*.md"))


# -- page HTML -----------------------------------------------------------------------------------
def test_page_html_is_the_readers_html_and_a_replacement_is_what_pelican_renders(tmp_path):
    settings = read_settings(str(ROOT / "pelicanconf.py"), override={"PATH": str(tmp_path)})
    page = Page("<p>Chữ.</p>", metadata={"title": "Trang"}, settings=settings,
                source_path=str(tmp_path / "trang.md"), context={"localsiteurl": ""})
    assert pelican_edge.page_html(page) == "<p>Chữ.</p>"
    pelican_edge.set_page_html(page, '<p>Chữ <img alt="ảnh" loading="lazy"></p>')
    assert page.content == '<p>Chữ <img alt="ảnh" loading="lazy"></p>'
    assert page.get_content("") == page.content


def test_a_page_whose_images_were_completed_still_gets_its_links_replaced_by_pelican(site):
    from tests.test_theme import photo

    (site.content / "images").mkdir()
    (site.content / "images" / "cho.jpg").write_bytes(photo(320, 240))
    site.write("pages/vi/cho.md", "title: Chợ\nsummary: Ở chợ.\n\nChữ.\n\n![Người ở chợ]({static}/images/cho.jpg)\n\n"
                                  "[Trang chủ]({filename}/pages/vi/trang-chu.md)\n")
    site.build()
    html = site.read("vi/cho.html")
    assert ('<img src="../images/cho.jpg" alt="Người ở chợ" width="320" height="240" loading="lazy" '
            'decoding="async">') in html
    assert '<a href="../vi/index.html">Trang chủ</a>' in html


# -- static files --------------------------------------------------------------------------------
def test_pelican_copies_the_static_files_loa_leaves_and_not_the_ones_it_takes(site):
    from loa.theme import images
    from tests.test_theme import photo

    original = photo()
    (site.content / "images").mkdir()
    (site.content / "images" / "cho.jpg").write_bytes(original)
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"/>\n'
    (site.content / "images" / "dau.svg").write_bytes(svg)
    site.build()
    written = (site.output / "images" / "cho.jpg").read_bytes()
    assert written == images.compress_image(original, "JPEG").data != original
    assert (site.output / "images" / "dau.svg").read_bytes() == svg


def test_take_static_files_empties_what_pelicans_static_generator_will_copy():
    class StaticFile:
        def __init__(self, name):
            self.relative_source_path = name

    files = [StaticFile("images/a.jpg"), StaticFile("images/b.svg")]

    class Generator:
        staticfiles = files
        context = {"staticfiles": files}

    pelican_edge.take_static_files(Generator, lambda static: static.relative_source_path.endswith(".jpg"))
    assert [s.relative_source_path for s in Generator.context["staticfiles"]] == ["images/b.svg"]
    assert Generator.staticfiles is files and Generator.staticfiles == Generator.context["staticfiles"]


# -- log -----------------------------------------------------------------------------------------
BROKEN = "title: Liên kết\nsummary: Hai liên kết.\n\nĐọc.\n\n[Ngôn ngữ]({filename}/languages.yaml)\n"


def test_pelicans_words_for_a_broken_link_are_the_ones_the_collector_matches(site, pelican_records):
    site.write("pages/vi/lien-ket.md", BROKEN)
    with pytest.raises(ProblemsFound) as caught:
        site.build()
    pelicans = [m for m in pelican_records.messages() if m.startswith(UNABLE_TO_FIND)]
    assert pelicans == ["Unable to find '/languages.yaml', skipping url replacement."]
    problems = [str(p) for p in caught.value.problems if p.severity == "error"]
    assert problems == [
        f"{site.content}/pages/vi/lien-ket.md:6: broken link: Unable to find '/languages.yaml', "
        "skipping url replacement.\n"
        "    hint: link to {filename}/pages/<language>/<name>.md of a page that exists"]


def test_a_second_build_in_one_process_reports_the_same_broken_link(site):
    """Pelican's LimitFilter drops a warning it has seen in the process; each build starts afresh."""
    site.write("pages/vi/lien-ket.md", BROKEN)
    found = []
    for _ in range(2):
        with pytest.raises(ProblemsFound) as caught:
            site.build()
        found.append([str(p) for p in caught.value.problems])
    assert found[0] == found[1]
    assert sum(UNABLE_TO_FIND in p for p in found[1]) == 1


def test_six_broken_links_are_six_problems_despite_pelicans_group_limit(site):
    links = "".join(f"[{i}]({{filename}}/ghi/{i}.txt)\n" for i in range(6))
    site.write("pages/vi/lien-ket.md", "title: Liên kết\nsummary: Sáu.\n\nĐọc.\n\n" + links)
    for i in range(6):   # the files exist, so only Pelican can tell they are no page
        site.write(f"ghi/{i}.txt", "chữ\n")
    with pytest.raises(ProblemsFound) as caught:
        site.build()
    lines = sorted(p.line for p in caught.value.problems if UNABLE_TO_FIND in p.message)
    assert lines == [6, 7, 8, 9, 10, 11]


def test_a_broken_link_with_a_section_is_named_against_the_line_that_links(site):
    site.write("pages/vi/lien-ket.md", "title: Liên kết\nsummary: Một.\n\nĐọc.\n\n"
                                       "[Số]({filename}/data/hotlines.yaml#muc)\n")
    with pytest.raises(ProblemsFound) as caught:
        site.build()
    assert [(p.path, p.line, p.message) for p in caught.value.problems if p.severity == "error"] == [
        (f"{site.content}/pages/vi/lien-ket.md", 6,
         "broken link: Unable to find '/data/hotlines.yaml#muc', skipping url replacement.")]


def test_pelicans_docutils_warning_has_the_matched_words_and_is_never_a_problem(tmp_path, pelican_records,
                                                                                 monkeypatch):
    from pelican.log import LimitFilter
    from pelican.readers import RstReader

    settings = read_settings(str(ROOT / "pelicanconf.py"), override={"PATH": str(tmp_path)})
    with pelican_edge.unlimited_pelican_log():
        RstReader(settings)   # Loa turns this reader off (READERS), and its LOG_FILTER drops the line
    assert not [r for r in pelican_records.records if DOCUTILS_NO_LOCALIZATION in r.getMessage()]
    monkeypatch.setattr(LimitFilter, "_ignore", set())   # without pelicanconf.py's LOG_FILTER
    with pelican_edge.unlimited_pelican_log():
        RstReader(settings)
    warned = [r for r in pelican_records.records if DOCUTILS_NO_LOCALIZATION in r.getMessage()]
    assert [r.getMessage() for r in warned] == ["Docutils has no localization for 'vi'. Using 'en' instead."]
    problems = Problems(root=tmp_path)
    collector = PelicanLogCollector(problems, tmp_path)
    warned[0].levelno = logging.ERROR   # even if a later Pelican raised its level
    collector.emit(warned[0])
    assert problems.items == []


def test_a_pelican_error_becomes_a_problem_naming_its_file(tmp_path):
    problems = Problems(root=tmp_path)
    collector = PelicanLogCollector(problems, tmp_path / "content")
    logger = logging.getLogger("pelican.test_edge")
    logger.addHandler(collector)
    try:
        logger.error("Could not process pages/vi/a.md\n  | ValueError: bad")
    finally:
        logger.removeHandler(collector)
    assert [str(p) for p in problems.items] == ["content/pages/vi/a.md:1: Could not process pages/vi/a.md | ValueError: bad"]


def test_never_limit_lets_a_line_pelican_would_drop_through(tmp_path):
    from pelican.log import LimitLogger

    logger = logging.getLogger("loa.test_edge_limit")
    logger.addFilter(LimitLogger.limit_filter)
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    logger.addHandler(handler)
    logger.propagate = False
    try:
        with pelican_edge.unlimited_pelican_log():
            logger.warning("the same line")
            logger.warning("the same line")
        assert stream.getvalue() == "the same line\n"   # Pelican's filter drops the repeat
        pelican_edge.never_limit(logger)
        logger.warning("the same line")
        assert stream.getvalue() == "the same line\n" * 2
    finally:
        logger.removeHandler(handler)


def test_a_build_prints_nothing_of_pelicans_own_on_the_console(site, capsys):
    from pelican import Pelican

    site.build()
    assert capsys.readouterr().out == ""
    settings = read_settings(str(ROOT / "pelicanconf.py"),
                             override=dict(site.overrides(), OUTPUT_PATH=str(site.root / "plain")))
    Pelican(settings).run()   # Pelican alone says it, on the console the build silences
    assert "Done: Processed" in capsys.readouterr().out


def test_the_pages_to_convert_are_those_pelicans_content_cache_does_not_hold(site, monkeypatch):
    import os
    import time

    seen = []
    original = pelican_edge.pages_to_convert

    def spy(generator):
        found = original(generator)
        seen.append(sorted(found))
        return found

    monkeypatch.setattr(pelican_edge, "pages_to_convert", spy)
    site.build()
    assert seen[-1] == sorted(str(p.resolve()) for p in (site.content / "pages").rglob("*.md"))
    page = site.content / "pages" / "vi" / "viec-nhe-luong-cao.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nMột câu nữa.\n", encoding="utf-8")
    later = time.time() + 5
    os.utime(page, (later, later))
    site.build(LOA_SKIP_UNCHANGED=False)
    assert seen[-1] == [str(page.resolve())]
