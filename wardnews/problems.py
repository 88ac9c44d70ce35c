"""Problems found in posts and configuration, worded for editors.

Every problem names the file, the line where known and the key, and says in Vietnamese what was
expected and what was found. Problems are collected, never raised one by one, so an editor sees
all fifty mistakes of a commit at once.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Severity(enum.Enum):
    ERROR = "lỗi"
    WARNING = "cảnh báo"
    NOTE = "gợi ý"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one file. ``path`` is relative to the project root."""

    path: str
    line: int | None
    key: str | None
    message: str
    severity: Severity = Severity.ERROR

    def format(self) -> str:
        where = self.path
        if self.line is not None:
            where += f", dòng {self.line}"
        if self.key:
            where += f", khóa '{self.key}'"
        return f"{where}: {self.severity.value}: {self.message}"

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR


class WardnewsError(Exception):
    """Raised at the edge (CLI, hooks) when problems prevent a build. Carries all of them."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=_sort_key)
        super().__init__(format_problems(self.problems))


def _sort_key(problem: Problem) -> tuple[str, int, str, str]:
    return (problem.path, problem.line or 0, problem.key or "", problem.message)


def format_problems(problems: list[Problem]) -> str:
    """All problems, one a line, sorted by file and line, with a count at the end."""
    ordered = sorted(problems, key=_sort_key)
    lines = [problem.format() for problem in ordered]
    errors = sum(1 for problem in ordered if problem.is_error)
    notes = sum(1 for problem in ordered if problem.severity is Severity.NOTE)
    warnings = len(ordered) - errors - notes
    summary = f"Tổng cộng: {errors} lỗi, {warnings} cảnh báo"
    summary += f", {notes} gợi ý." if notes else "."
    return "\n".join([*lines, summary])


def errors_only(problems: list[Problem]) -> list[Problem]:
    return [problem for problem in problems if problem.is_error]


def shorten(value: object, limit: int = 60) -> str:
    """A found value quoted for a message, cut so a 20 MB line cannot flood the terminal."""
    text = str(value)
    text = "".join(ch if ch.isprintable() else f"\\x{ord(ch):02x}" for ch in text)
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return f"'{text}'"
