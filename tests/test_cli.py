"""loa.cli: what the Invoke tasks print when a build or check fails, and the exit codes."""
from __future__ import annotations

import io

from loa.cli import report_problems, run_reporting
from loa.problems import Problem, ProblemsFound

WARNING = Problem("content/pages/vi/a.md", 1, "missing 'summary' in the metadata block", severity="warning")
ERROR = Problem("content/pages/vi/b.md", 7, "broken link '{filename}/x.md'", "check the file name")


def test_problems_are_printed_errors_first_then_one_count_line_with_the_note():
    stream = io.StringIO()
    errors = report_problems(ProblemsFound([WARNING, ERROR]), stream, note="Nothing was written.")
    assert errors == 1
    assert stream.getvalue() == (
        "content/pages/vi/b.md:7: broken link '{filename}/x.md'\n"
        "    hint: check the file name\n"
        "content/pages/vi/a.md:1: warning: missing 'summary' in the metadata block\n"
        "\n1 error(s), 1 warning(s). Nothing was written.\n")


def test_a_successful_action_exits_0_and_prints_nothing(capsys):
    assert run_reporting(lambda: None) == 0
    assert capsys.readouterr().err == ""


def test_content_problems_exit_1_with_the_list_and_the_default_note(capsys):
    def build():
        raise ProblemsFound([ERROR])

    assert run_reporting(build) == 1
    assert capsys.readouterr().err == (
        "content/pages/vi/b.md:7: broken link '{filename}/x.md'\n"
        "    hint: check the file name\n"
        "\n1 error(s), 0 warning(s). Nothing was changed in output/.\n")


def test_any_other_failure_exits_2_in_one_line_that_points_to_debug(capsys):
    def build():
        raise OSError("No space left on device")

    assert run_reporting(build) == 2
    assert capsys.readouterr().err == ("error: OSError: No space left on device\n"
                                       "(run again with --debug to see where)\n")


def test_debug_shows_the_traceback_instead(capsys):
    def build():
        raise OSError("No space left on device")

    assert run_reporting(build, debug=True) == 2
    err = capsys.readouterr().err
    assert err.startswith("Traceback (most recent call last):\n")
    assert err.endswith("OSError: No space left on device\n")
    assert "--debug" not in err


def test_ctrl_c_exits_130_with_one_word(capsys):
    def build():
        raise KeyboardInterrupt

    assert run_reporting(build) == 130
    assert capsys.readouterr().err == "Stopped.\n"
