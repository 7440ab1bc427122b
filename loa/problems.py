"""Problems found in content, reported as ``path:line: message`` and collected, not raised one by one.

Every check in Loa adds to one :class:`Problems` collection so that a communicator sees every
mistake at once; the build fails once, at the end, if any problem is an error.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    """One problem in one file: the one shape every check of Loa reports in.

    ``path`` is relative to the project root where possible; ``line`` is 1-based (0 when the
    problem concerns the whole file and no line applies is never used: the first line is given).
    ``excerpt`` is the offending text as written (a URL, an image's ``src``), so a caller can
    find its line in another file (the Markdown a page was made from); it is not part of what a
    problem is: two problems that differ only in it are the same.

    A check of a text that knows no file name gives ``path=""``; its caller puts the problem in
    its file with :meth:`at`.
    """

    path: str
    line: int
    message: str
    hint: str = ""
    severity: str = ERROR
    excerpt: str = field(default="", compare=False)

    def at(self, path, line: int | None = None) -> "Problem":
        """The same problem in file ``path`` (at ``line``, when given)."""
        return replace(self, path=str(path), line=self.line if line is None else line)

    def __str__(self) -> str:
        text = f"{self.path}:{self.line}: {self.message}"
        if self.severity == WARNING:
            text = f"{self.path}:{self.line}: warning: {self.message}"
        if self.hint:
            text += f"\n    hint: {self.hint}"
        return text


@dataclass
class Problems:
    """An ordered, de-duplicated collection of :class:`Problem`.

    Adding is O(1) (a set of what is already there), so collecting n problems takes time linear
    in n: a returned kit with 20,000 entries once took a minute because every problem was
    compared with every earlier one (security review, L1).
    """

    root: Path = field(default_factory=Path.cwd)
    items: list[Problem] = field(default_factory=list)
    _seen: set = field(default_factory=set, init=False, repr=False, compare=False)
    _relative: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._seen.update(self.items)

    def add(self, path, line: int, message: str, hint: str = "", severity: str = ERROR) -> None:
        """Record a problem. ``path`` may be absolute; it is shown relative to ``root``."""
        self._append(Problem(self.relative(path), max(int(line or 1), 1), message, hint, severity))

    def put(self, problem: Problem) -> None:
        """Record a :class:`Problem` as it is, its path shown relative to ``root``."""
        self._append(replace(problem, path=self.relative(problem.path), line=max(int(problem.line or 1), 1)))

    def _append(self, problem: Problem) -> None:
        if problem not in self._seen:
            self._seen.add(problem)
            self.items.append(problem)

    def warn(self, path, line: int, message: str, hint: str = "") -> None:
        self.add(path, line, message, hint, WARNING)

    def relative(self, path) -> str:
        """``path`` relative to ``root`` when it is inside it, else as given (POSIX form). Kept
        per path and working folder: resolving costs file-system calls."""
        key = (str(path), os.getcwd())
        if key not in self._relative:
            p = Path(path)
            try:
                self._relative[key] = p.resolve().relative_to(self.root.resolve()).as_posix()
            except ValueError:
                self._relative[key] = p.as_posix()
        return self._relative[key]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.items if p.severity == ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.items if p.severity == WARNING]

    def __bool__(self) -> bool:
        return bool(self.errors)

    def extend(self, other: "Problems") -> None:
        for p in other.items:
            self._append(p)


class ProblemsFound(Exception):
    """Raised once, after collecting, when content has errors. ``problems`` holds them all."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def line_of_key(path, key: str) -> int:
    """Return the 1-based line of metadata ``key`` (case-insensitive) in a Markdown file, or 1.

    Pelican's Markdown reader keeps no positions, so errors about metadata find their line here.
    """
    try:
        with open(path, encoding="utf-8-sig", errors="replace") as f:
            return key_line(f.read(), key)
    except OSError:
        return 1


def key_line(text: str, key: str) -> int:
    """Return the 1-based line of metadata ``key`` (case-insensitive) in a Markdown text, or 1
    when the metadata block (the lines before the first blank line) has no such key."""
    pattern = re.compile(rf"^\s*{re.escape(key)}\s*:", re.IGNORECASE)
    for number, line in enumerate(text.lstrip("\ufeff").splitlines(), start=1):
        if not line.strip():
            break  # metadata ends at the first blank line
        if pattern.match(line):
            return number
    return 1


class RecordingProblems(Problems):
    """Problems that also keep each one added, as the arguments of :meth:`Problems.add`
    (``added``: ``[(absolute path, line, message, hint, severity)]``), so that a result kept
    between builds can report them again when it is reused."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.added: list[tuple] = []

    def add(self, path, line: int, message: str, hint: str = "", severity: str = ERROR) -> None:
        self.added.append((str(Path(path).resolve()), line, message, hint, severity))
        super().add(path, line, message, hint, severity)

    def put(self, problem: Problem) -> None:
        self.add(problem.path, problem.line, problem.message, problem.hint, problem.severity)
