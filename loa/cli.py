"""What the Invoke tasks print, and how they fail: one line per problem, then one exit.

Kept out of ``tasks.py`` so that the tasks stay a thin layer and the reporting can be tested.
"""
from __future__ import annotations

import sys
import traceback

from loa.problems import ProblemsFound


def report_problems(exc: ProblemsFound, stream=None, note: str = "Nothing was changed in output/.") -> int:
    """Print every problem as ``path:line: message`` (errors first), then a count line ending
    with ``note``. Returns the number of errors."""
    stream = stream or sys.stderr
    errors = [p for p in exc.problems if p.severity == "error"]
    warnings = [p for p in exc.problems if p.severity != "error"]
    for problem in errors + warnings:
        print(problem, file=stream)
    print(f"\n{len(errors)} error(s), {len(warnings)} warning(s). {note}", file=stream)
    return len(errors)


def run_reporting(action, *, debug: bool = False, note: str = "Nothing was changed in output/.") -> int:
    """Run ``action()``; content problems are printed as a list (then ``note``), other failures
    as one line (with the traceback only when ``debug``). Returns an exit code."""
    try:
        action()
        return 0
    except ProblemsFound as exc:
        report_problems(exc, note=note)
        if debug:
            traceback.print_exc()
        return 1
    except KeyboardInterrupt:
        print("Stopped.", file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001 - last line of defence for a non-programmer
        if debug:
            traceback.print_exc()
        else:
            print(f"error: {exc.__class__.__name__}: {exc}\n(run again with --debug to see where)",
                  file=sys.stderr)
        return 2
