"""Every check reports in one shape, loa.problems.Problem (architecture review §2.4)."""
from __future__ import annotations

from pathlib import Path, PurePosixPath

from loa.checks import budgets, links
from loa.problems import WARNING, Problem, Problems
from loa.theme import images


def test_a_budget_finding_is_a_problem_with_the_offending_address_as_excerpt():
    [found] = budgets.find_external_references("vi/a.html", '<p>\n<img src="https://cdn.example.com/x.png">')
    assert found == Problem("vi/a.html", 2, "<img src> loads 'https://cdn.example.com/x.png' from another host",
                            found.hint)
    assert found.excerpt == "https://cdn.example.com/x.png"


def test_a_page_weight_warning_is_a_problem_with_warning_severity():
    [found] = budgets.check_page_weight("vi/a.html", "x" * 100, limit=10_000, aim=1)
    assert isinstance(found, Problem) and found.severity == WARNING


def test_an_image_problem_has_no_file_until_its_caller_places_it():
    _, [found] = images.rewrite_images('<img src="{static}/images/x.jpg" alt="x">', PurePosixPath("pages/vi"),
                                       lambda relative: None)
    assert (found.path, found.excerpt) == ("", "{static}/images/x.jpg")
    assert found.at("content/pages/vi/a.md", 3).path == "content/pages/vi/a.md"


def test_a_broken_link_is_a_problem_in_the_output_file_with_the_link_as_excerpt(tmp_path):
    (tmp_path / "vi").mkdir()
    (tmp_path / "vi" / "a.html").write_text('<main>\n<a href="b.html">b</a></main>', encoding="utf-8")
    [found] = links.check_site(tmp_path)
    assert isinstance(found, Problem)
    assert (Path(found.path), found.line, found.excerpt) == (tmp_path / "vi" / "a.html", 1, "b.html")


def test_problems_that_differ_only_in_excerpt_are_one_problem(tmp_path):
    problems = Problems(root=tmp_path)
    problems.put(Problem(str(tmp_path / "a.md"), 0, "m", excerpt="x"))
    problems.put(Problem(str(tmp_path / "a.md"), 1, "m", excerpt="y"))
    assert [str(p) for p in problems.items] == ["a.md:1: m"]
