"""The site model (loa.site): each page file read once, one metadata reader with lines, and the
record of every file a build writes."""
import builtins
import io
from pathlib import Path

from loa.site.metadata import parse_metadata, split_metadata
from loa.site.pages import read_pages

PAGE = "title: Việc nhẹ\nsummary: Tóm tắt\n  tiếp\nbad line\n\nVăn bản.\n"


def test_the_metadata_reader_keeps_the_line_of_every_key():
    metadata = parse_metadata(PAGE)
    assert metadata.values == {"title": "Việc nhẹ", "summary": "Tóm tắt\ntiếp"}
    assert metadata.lines == {"title": 1, "summary": 2}
    assert metadata.entries == ((1, "title", "Việc nhẹ"), (2, "summary", "Tóm tắt"), (4, None, "bad line"))
    assert metadata.blank_line == 5


def test_the_metadata_reader_ends_the_block_where_the_meta_extension_does():
    # a line that is not "key: value" starts the body (the hash covers it), as Python-Markdown reads it
    assert split_metadata(PAGE) == ({"title": "Việc nhẹ", "summary": "Tóm tắt\ntiếp"}, "bad line\n\nVăn bản.\n")
    assert split_metadata("Just text\n\nmore") == ({}, "Just text\n\nmore")
    assert split_metadata("---\ntitle: A\n---\nBody") == ({"title": "A"}, "Body")


def test_a_page_file_is_read_into_one_record_with_its_hash(tmp_path):
    page = tmp_path / "pages" / "vi" / "viec-nhe.md"
    page.parent.mkdir(parents=True)
    page.write_bytes(("\ufeff" + PAGE).replace("\n", "\r\n").encode("utf-8"))
    files = read_pages(tmp_path / "pages")
    record = files.get(page)
    assert (record.tag, record.name, record.title) == ("vi", "viec-nhe", "Việc nhẹ")
    assert record.metadata.line_of("summary") == 2
    assert "\r" not in record.text and record.readable
    from loa.site.policy import hash_file_text
    assert record.body_hash == hash_file_text(PAGE)


def test_a_page_file_that_is_not_utf8_says_where(tmp_path):
    page = tmp_path / "pages" / "vi" / "a.md"
    page.parent.mkdir(parents=True)
    page.write_bytes("title: A\n\nVi\u1ec7c\n".encode("utf-8") + b"\xe0 x\n")
    record = read_pages(tmp_path / "pages").get(page)
    assert record.decode_error[0] == 4
    assert not record.readable


def count_reads(monkeypatch, target: Path) -> list[str]:
    """Every open of ``target`` from now on (``open``, ``Path.read_bytes``/``read_text``/``open``
    all go through ``io.open``), with the module that asked."""
    import traceback

    seen = []
    original = io.open
    target = target.resolve()

    def spy(file, *args, **kwargs):
        if isinstance(file, (str, Path)) and Path(file).resolve() == target:
            frames = [f for f in traceback.extract_stack()[:-1] if "pathlib" not in f.filename]
            seen.append(f"{frames[-1].filename}:{frames[-1].lineno}")
        return original(file, *args, **kwargs)

    monkeypatch.setattr(io, "open", spy)
    monkeypatch.setattr(builtins, "open", spy)
    return seen


def test_a_cold_build_reads_a_source_page_at_most_twice(site, monkeypatch):
    # once for the site model (loa.site.pages), once by Pelican's Markdown reader
    reads = count_reads(monkeypatch, site.content / "pages/vi/viec-nhe-luong-cao.md")
    site.build()
    assert len(reads) <= 2, reads
    assert len([r for r in reads if "loa/site/pages.py" in r]) == 1, reads


def test_the_build_records_every_page_with_its_language_status_and_source(site):
    result = site.build()
    written = result.site.outputs
    page = written["en/noi-nhan-giup-do.html"]
    assert (page.kind, page.tag, page.status) == ("page", "en", "fallback")   # stale and critical
    assert page.source == str(site.content / "pages/vi/noi-nhan-giup-do.md")
    assert written["hmn/index.html"].source == str(site.content / "pages/hmn/trang-chu.md")
    assert {o.kind for o in written.values()} >= {"page", "home", "chooser", "sitemap", "feed", "status", "offline"}
    assert written["offline/loa-hmn.html"].tag == "hmn"
    assert result.pages == {"vi": 3, "hmn": 3, "en": 3}


def test_a_kind_of_output_that_is_not_known_is_refused():
    import pytest

    from loa.site.model import Site

    with pytest.raises(ValueError, match="unknown kind of output"):
        Site().record("x.html", "pamphlet")
