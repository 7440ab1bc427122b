"""docs/errors.md keeps up with the page checks of loa/languages/preflight.py.

The messages are read from the checks themselves (the ``REFUSED_ELEMENTS`` table of
loa/languages/html_allowlist.py, and every ``(line, message, hint)`` tuple written in both
modules), so a new or reworded page check fails
here until docs/errors.md describes it.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

from loa.languages import html_allowlist, preflight

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "errors.md"


def stable_fragment(node: ast.expr) -> str | None:
    """The text of a message literal, or for an f-string its longest fixed part (the part that
    does not change with the file, e.g. "' is given twice (also line ")."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        parts = [v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str)]
        return max(parts, key=len) if parts else None
    return None


def is_line(node: ast.expr) -> bool:
    """Whether a tuple's first item can be a line number (a name, a number, arithmetic or a
    call such as ``locate.find(…)``), so
    that tuples of other shapes (the ``REFUSED_ELEMENTS`` table, ``DATE_KEYS``) are not taken."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, int)
    return isinstance(node, (ast.Name, ast.BinOp, ast.BoolOp, ast.Attribute, ast.Subscript, ast.Call))


def tuple_messages(source: str) -> list[str]:
    """The message (second item) of every ``(line, message, hint)`` tuple in ``source`` whose
    message is a string literal or f-string."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Tuple) and len(node.elts) == 3 and is_line(node.elts[0]):
            fragment = stable_fragment(node.elts[1])
            if fragment and fragment.strip():
                found.append(fragment)
    return found


def dangerous_messages() -> list[str]:
    """What each refused element reports, as printed: "<what> is not allowed in a page"."""
    return [f"{what} is not allowed in a page" for _, what, _ in html_allowlist.REFUSED_ELEMENTS]


PAGE_MESSAGES = [message for module in (preflight, html_allowlist)
                 for message in tuple_messages(Path(module.__file__).read_text(encoding="utf-8"))]


def test_the_page_check_messages_are_found_in_the_code():
    # guards the reader above: if it found nothing, the tests below would check nothing
    assert "this page is empty" in PAGE_MESSAGES
    assert len(PAGE_MESSAGES) >= 10
    assert "a style attribute is not allowed in a page" in PAGE_MESSAGES
    assert len(dangerous_messages()) == len(html_allowlist.REFUSED_ELEMENTS) > 0


@pytest.mark.parametrize("message", dangerous_messages())
def test_every_refused_kind_of_html_is_described_in_errors_md(message):
    assert message in DOC.read_text(encoding="utf-8"), f"docs/errors.md does not explain: {message}"


@pytest.mark.parametrize("fragment", PAGE_MESSAGES)
def test_every_page_check_message_is_described_in_errors_md(fragment):
    assert fragment in DOC.read_text(encoding="utf-8"), f"docs/errors.md does not explain: {fragment!r}"


def test_a_message_missing_from_the_doc_is_noticed():
    source = 'def f():\n    return [(1, "a message nobody documented", "hint")]\n'
    (fragment,) = tuple_messages(source)
    assert fragment not in DOC.read_text(encoding="utf-8")
