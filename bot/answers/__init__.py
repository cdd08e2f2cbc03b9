"""Answers: what was asked + knowledge -> answer data. Pure: no I/O, no Slack, no formatting.

CONTRACT:

    answer = build_answer(query, knowledge)   # -> Answer (an OrgAnswer for the organisation)
    answer.to_json()                          # the object `whoowns ask --json` prints

Every owner, text and source comes from the knowledge. A cell the seed does not decide has
``owner=None`` and a note saying so; the bot never guesses it.

One module per answer kind, over a shared core (no module imports one that imports it back):
``core`` (owner cells, classifications) ← ``comparison`` and ``choose`` (parts of a course
answer) ← ``course`` (:class:`Answer`, every kind's base) ← ``organisation`` (resources, teams).
Beside them, the organisation's configured fleet: ``settings`` (what a resource is set to do
for a duty, in words) and the course's best practices checked on it (``practice_checks``,
``practice_catalog``, ``practices``: pure, so the quiz bank and every surface can read them).
"""

from __future__ import annotations

from bot.answers.choose import Choice, Placement
from bot.answers.comparison import CompareRow, Comparison, Side
from bot.answers.core import Classification, OwnerCell, TeamRef, customer_works, team_ref
from bot.answers.course import Answer, build_course_answer
from bot.answers.organisation import (
    Holding,
    OrgAnswer,
    ResourceInfo,
    ResourceRow,
    build_org_answer,
    holding_in_workspace,
    holdings_of,
    in_workspace,
)
from bot.answers.practices import DEFAULT_RULES, Rules
from bot.intent import Query
from bot.kb.models import Knowledge

__all__ = [
    "Answer",
    "Choice",
    "Classification",
    "CompareRow",
    "Comparison",
    "Holding",
    "OrgAnswer",
    "OwnerCell",
    "Placement",
    "ResourceInfo",
    "ResourceRow",
    "Side",
    "TeamRef",
    "build_answer",
    "customer_works",
    "holding_in_workspace",
    "holdings_of",
    "in_workspace",
    "team_ref",
]


def build_answer(
    query: Query,
    knowledge: Knowledge,
    *,
    my_teams: tuple[str, ...] | None = None,
    rules: Rules = DEFAULT_RULES,
) -> Answer:
    """The answer to ``query`` from ``knowledge``. Ids the knowledge lacks are skipped.

    A question naming the organisation's resources or a team, or "my databases", is answered
    by :func:`bot.answers.organisation.build_org_answer` (``my_teams``: the asker's teams, when
    known; ``rules``: the organisation's, :func:`bot.answers.practices.rules_for`); any other
    by the course (:func:`bot.answers.course.build_course_answer`)."""
    if query.resources or query.intent in ("team", "my_resources"):
        return build_org_answer(query, knowledge, my_teams=my_teams, rules=rules)
    return build_course_answer(query, knowledge)
