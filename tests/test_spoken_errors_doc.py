"""docs/errors.md describes every message of the spoken channel's checks.

Messages are read from the code: ``(line, message, hint)`` tuples (as for the page checks,
tests/test_errors_doc.py) and the message argument of every ``problems.add(...)`` /
``problems.warn(...)`` call, so a new or reworded check fails here until the doc explains it.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

from loa.spoken import collect, core, generator, programmes, speech
from tests.test_errors_doc import stable_fragment, tuple_messages

DOC = Path(__file__).resolve().parent.parent / "docs" / "errors.md"
MODULES = (core, collect, programmes, speech, generator)


def call_messages(source: str) -> list[str]:
    """The message (third argument) of every ``….add(path, line, message, …)`` and ``….warn(…)``."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and node.func.attr in ("add", "warn") and len(node.args) >= 3):
            fragment = stable_fragment(node.args[2])
            if fragment and fragment.strip():
                found.append(fragment)
    return found


MESSAGES = sorted({m for module in MODULES for source in [Path(module.__file__).read_text(encoding="utf-8")]
                   for m in tuple_messages(source) + call_messages(source)})


def test_the_spoken_channels_messages_are_found_in_the_code():
    assert "this script has no 'kind'" in MESSAGES and len(MESSAGES) >= 15


@pytest.mark.parametrize("fragment", MESSAGES)
def test_every_script_and_programme_message_is_described_in_errors_md(fragment):
    assert fragment in DOC.read_text(encoding="utf-8"), f"docs/errors.md does not explain: {fragment!r}"
