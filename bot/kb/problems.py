"""What can be wrong with the knowledge files, and the one error that reports all of it."""

from __future__ import annotations

import re
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


# Root causes: what is wrong in a file's own text, whatever the other files say.
_ROOT_STARTS = (
    "YAML syntax error",
    "cannot read the file",
    "the file is empty",
    "unknown key ",
    "unknown section ",
    "unknown item ",
)
_UNREADABLE_STARTS = _ROOT_STARTS[:3]  # the file's sections are missing altogether
_UNKNOWN_VALUE = re.compile(r"unknown [\w ]+ '[^']*' \(expected ")
_WRONG_TYPE = re.compile(r"expected .+, got ")


@dataclass(frozen=True)
class Triage:
    """Problems in the order to fix them: ``causes`` (root causes, the other problems of the
    files they are in, then other files' problems that do not depend on them), and how many
    problems of other files were ``held_back`` as likely consequences (a service whose
    category line broke leaves lessons and quiz questions naming it without one)."""

    causes: list[Problem]
    held_back: int


def is_root_cause(problem: Problem) -> bool:
    """A YAML syntax error, an unreadable or empty file, an unknown key, section or value, a
    value of the wrong type: wrong in its own file, not because another file is."""
    message = problem.message
    return (
        message.startswith(_ROOT_STARTS)
        or _names_a_value(message)
        or bool(_WRONG_TYPE.match(message))
    )


def _names_a_value(message: str) -> bool:
    """``unknown service 'rds' (expected …)``: a value not among the known ones."""
    return bool(_UNKNOWN_VALUE.match(message)) and not message.startswith(_ROOT_STARTS)


# Problems that exist only because of what other files define (or fail to): a reference to an
# id (``unknown team 'sre' (teams: …)``) or a check that every fact is covered elsewhere.
_DEPENDENT = re.compile(
    r"unknown (?!key |section |item )[\w ]+ '"
    r"|no lesson teaches |no quiz-bank question has |category '[^']*' is not defined"
)


def follows_from_others(problem: Problem) -> bool:
    """The problem may only be there because another file is broken."""
    return bool(_DEPENDENT.match(problem.message))


def triage(problems: Iterable[Problem]) -> Triage:
    """Root causes first (in file/line order), then the rest of their files' problems, then
    the problems of other files that stand on their own (a bad Slack id is wrong whatever the
    other files say). Only what may follow from a root cause in another file is held back:
    references to ids and coverage checks. When a file could not be read at all, another
    file's unknown value (``unknown service 'dynamodb'``) may only name what that file
    defined, so it is held back too. Without root causes: all, as given."""
    problems = sorted(set(problems), key=_order)
    roots = [p for p in problems if is_root_cause(p)]
    unreadable = {p.file for p in roots if p.message.startswith(_UNREADABLE_STARTS)}
    if unreadable:
        roots = [p for p in roots if p.file in unreadable or not _names_a_value(p.message)]
    if not roots:
        return Triage(problems, 0)
    files = {p.file for p in roots}
    rest = [p for p in problems if p not in roots and p.file in files]
    shown = {*roots, *rest}
    alone = [p for p in problems if p not in shown and not follows_from_others(p)]
    return Triage([*roots, *rest, *alone], len(problems) - len(shown) - len(alone))


def problem_lines(problems: Iterable[Problem]) -> list[str]:
    """What to tell a maintainer, in the order to fix it (:func:`triage`): one line per problem
    shown, then, if some were held back, one line saying how many."""
    found = triage(problems)
    lines = [str(problem) for problem in found.causes]
    if found.held_back:
        count = len(found.causes)
        lines.append(
            f"nothing loaded: fix the {count} problem{'s' if count != 1 else ''} above first; "
            f"{found.held_back} more in other files (not shown) may follow from "
            f"{'it' if count == 1 else 'them'}: check again after"
        )
    return lines
