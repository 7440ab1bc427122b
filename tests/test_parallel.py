"""A build on two processes writes the same site, byte for byte, as a build on one."""
import filecmp

import pytest

from loa import parallel
from loa.problems import ProblemsFound
from loa.pelican_edge import SharedMarkdownReader


def tree(root):
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


def assert_same_tree(a, b):
    files = tree(a)
    assert files == tree(b)
    _, mismatch, errors = filecmp.cmpfiles(a, b, files, shallow=False)
    assert (mismatch, errors) == ([], [])


@pytest.fixture
def everything_in_workers(monkeypatch):
    """Below MIN_FILES the work stays in the build process; the fixture site is small."""
    monkeypatch.setattr(parallel, "MIN_FILES", 1)
    monkeypatch.delenv("LOA_JOBS", raising=False)


def test_a_build_on_two_processes_writes_the_same_files_as_a_build_on_one(tmp_path, everything_in_workers):
    from tests.conftest import make_site

    serial, both = make_site(tmp_path / "serial"), make_site(tmp_path / "both")
    serial.build(LOA_JOBS=1)
    both.build(LOA_JOBS=2)
    assert_same_tree(serial.output, both.output)


def test_markdown_is_converted_in_workers_and_pages_are_rendered_in_workers(site, everything_in_workers,
                                                                            monkeypatch):
    prefilled, rendered = [], []
    original_prefill, original_write = SharedMarkdownReader.prefill, parallel.write_files

    def count_prefill(self, source_path, html, meta):
        prefilled.append(source_path)
        original_prefill(self, source_path, html, meta)

    def count_write(writer, pending, settings):
        rendered.append(original_write(writer, pending, settings))
        return rendered[-1]

    monkeypatch.setattr(SharedMarkdownReader, "prefill", count_prefill)
    monkeypatch.setattr(parallel, "write_files", count_write)
    site.build(LOA_JOBS=2)
    markdown_files = sorted(str(p) for p in site.content.glob("pages/*/*.md"))
    tags = [folder.name for folder in (site.content / "pages").iterdir()]
    pages = sum(len(list((site.output / tag).glob("*.html"))) for tag in tags)
    assert sorted(prefilled) == markdown_files
    assert rendered == [pages - 1]  # the first page is rendered in the build process


def test_a_rebuild_with_nothing_changed_converts_no_markdown(site, monkeypatch):
    site.build()
    calls = []
    original = SharedMarkdownReader.convert

    def spy(self, source_path):
        calls.append(source_path)
        return original(self, source_path)

    monkeypatch.setattr(SharedMarkdownReader, "convert", spy)
    site.build(LOA_SKIP_UNCHANGED=False)   # the whole build, not the last build's stamp (loa.unchanged)
    assert calls == []


def test_loa_jobs_that_is_not_a_whole_number_is_an_error_at_the_settings_file(site):
    with pytest.raises(ProblemsFound) as caught:
        site.build(LOA_JOBS="two")
    assert [(p.path, p.message) for p in caught.value.problems if "LOA_JOBS" in p.message] == [
        ("pelicanconf.py", "LOA_JOBS must be a whole number ≥ 1, not 'two'")]


def test_the_environment_variable_loa_jobs_wins_over_the_setting(monkeypatch):
    monkeypatch.setenv("LOA_JOBS", "1")
    assert parallel.jobs({"LOA_JOBS": 4}) == 1
    monkeypatch.delenv("LOA_JOBS")
    assert parallel.jobs({"LOA_JOBS": 4}) == 4


def test_problems_found_in_workers_are_the_problems_a_serial_build_finds(tmp_path, everything_in_workers):
    from tests.conftest import make_site

    found = {}
    for jobs in (1, 2):
        site = make_site(tmp_path / str(jobs))
        site.write("pages/vi/loi.md", "title: Lỗi\nsummary: Một trang có lỗi.\n\nChữ.\n\n<script>alert(1)</script>\n\n"
                   "[Không có]({filename}/pages/vi/khong-co.md)\n")
        with pytest.raises(ProblemsFound) as caught:
            site.build(LOA_JOBS=jobs)
        found[jobs] = [(p.path.replace(str(site.root), "SITE"), p.line, p.message)
                       for p in caught.value.problems if p.severity == "error"]
    assert any("<script>" in message for _, _, message in found[2])
    assert found[2] == found[1]
