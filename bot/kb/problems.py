"""What can be wrong with the knowledge files, and the one error that reports all of it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in a knowledge file. ``line`` is 1-based; 0 means the whole file/folder."""

    file: str
    line: int
    path: str  # key path inside the file ("duties.patching.cells.managed.owner"), or ""
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        at = f" (at {self.path})" if self.path else ""
        return f"{where}: {self.message}{at}"


class KnowledgeError(Exception):
    """The knowledge could not be loaded; ``problems`` lists every reason, in file/line order."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: list[Problem] = sorted(set(problems), key=_order)
        count = len(self.problems)
        head = f"{count} problem{'s' if count != 1 else ''} in the knowledge files"
        super().__init__("\n".join([head, *(str(p) for p in self.problems)]))


def _order(problem: Problem) -> tuple[str, int, str, str]:
    return (problem.file, problem.line, problem.path, problem.message)
