"""Problems found in content, reported as ``path:line: message`` and collected, not raised one by one.

Every check in Loa adds to one :class:`Problems` collection so that a communicator sees every
mistake at once; the build fails once, at the end, if any problem is an error.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    """One problem in one file.

    ``path`` is relative to the project root where possible; ``line`` is 1-based (0 when the
    problem concerns the whole file and no line applies is never used: the first line is given).
    """

    path: str
    line: int
    message: str
    hint: str = ""
    severity: str = ERROR

    def __str__(self) -> str:
        text = f"{self.path}:{self.line}: {self.message}"
        if self.severity == WARNING:
            text = f"{self.path}:{self.line}: warning: {self.message}"
        if self.hint:
            text += f"\n    hint: {self.hint}"
        return text


@dataclass
class Problems:
    """An ordered, de-duplicated collection of :class:`Problem`."""

    root: Path = field(default_factory=Path.cwd)
    items: list[Problem] = field(default_factory=list)

    def add(self, path, line: int, message: str, hint: str = "", severity: str = ERROR) -> None:
        """Record a problem. ``path`` may be absolute; it is shown relative to ``root``."""
        problem = Problem(self.relative(path), max(int(line or 1), 1), message, hint, severity)
        if problem not in self.items:
            self.items.append(problem)

    def warn(self, path, line: int, message: str, hint: str = "") -> None:
        self.add(path, line, message, hint, WARNING)

    def relative(self, path) -> str:
        p = Path(path)
        try:
            return p.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return p.as_posix()

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
            if p not in self.items:
                self.items.append(p)


class ProblemsFound(Exception):
    """Raised once, after collecting, when content has errors. ``problems`` holds them all."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def line_of_key(path, key: str) -> int:
    """Return the 1-based line of metadata ``key`` (case-insensitive) in a Markdown file, or 1.

    Pelican's Markdown reader keeps no positions, so errors about metadata find their line here.
    """
    pattern = re.compile(rf"^\s*{re.escape(key)}\s*:", re.IGNORECASE)
    try:
        with open(path, encoding="utf-8-sig", errors="replace") as f:
            for number, text in enumerate(f, start=1):
                if not text.strip():
                    break  # metadata ends at the first blank line
                if pattern.match(text):
                    return number
    except OSError:
        pass
    return 1
