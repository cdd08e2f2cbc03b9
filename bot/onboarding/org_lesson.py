"""The lesson about the learner's own databases, "Your team's databases". Pure: no I/O.

A user in a team that holds the customer side of a resource of the organisation gets it after
the course's lessons (:meth:`bot.onboarding.flow.Flow.lessons_for`). It is built from the
knowledge, never stored, so nothing about it needs a table:

* its id is :data:`ORG_LESSON_ID`; its one part (kind :data:`ORG_PART`) names the learner's
  teams, so what it shows follows the inventory (:func:`holdings`);
* its questions are the quiz bank's organisation questions (:mod:`bot.bank.org`) about those
  resources: the customer team of a duty the learner's team holds, and a resource's category;
* its review cards are ``org-team:RESOURCE:DUTY`` (:func:`bot.onboarding.cards.org_team_card`),
  one per duty the learner's teams hold on each resource, where the bank asks it.

Ids are made of knowledge ids, so they stay stable across restarts and instances.
"""

from __future__ import annotations

from collections.abc import Container, Sequence

from bot.answers import Holding, holdings_of
from bot.kb.models import Knowledge
from bot.onboarding.cards import org_category_card, org_team_card
from bot.onboarding.lessons import QUESTIONS_PER_LESSON, Lesson, Part

ORG_LESSON_ID = "org-databases"
ORG_PART = "org"  # the part's values: the learner's team ids


def is_org_lesson(lesson: Lesson) -> bool:
    return lesson.id == ORG_LESSON_ID


def org_lesson(
    knowledge: Knowledge, teams: Sequence[str], number: int, topics: Container[str], title: str
) -> Lesson | None:
    """The lesson for a member of ``teams`` (None: they hold no resource the bank asks about).
    ``topics``: the questions there are (the deck's); ``number``: its place in the track."""
    mine = tuple(t for t in dict.fromkeys(teams) if t in knowledge.teams)
    found = holdings_of(knowledge, mine) if knowledge.resources and mine else []
    if not found:
        return None
    questions = _questions(found, topics)
    if not questions:
        return None
    return Lesson(ORG_LESSON_ID, number, title, (Part(ORG_PART, mine),), questions)


def _questions(found: Sequence[Holding], topics: Container[str]) -> tuple[str, ...]:
    """Each resource's first team question, then the categories, then the other team
    questions: up to :data:`QUESTIONS_PER_LESSON`, in inventory order."""
    teams = [[t for t in _team_cards(h) if t in topics] for h in found]
    firsts = [ts[0] for ts in teams if ts]
    categories = [c for h in found if (c := org_category_card(h.resource.id)) in topics]
    rest = [t for ts in teams for t in ts[1:]]
    return tuple(dict.fromkeys([*firsts, *categories, *rest]))[:QUESTIONS_PER_LESSON]


def _team_cards(h: Holding) -> list[str]:
    return [org_team_card(h.resource.id, d.id) for d in h.duties]


def holdings(lesson: Lesson, knowledge: Knowledge) -> list[Holding]:
    """The resources the lesson is about, with the duties the learner's teams hold there."""
    teams = tuple(v for p in lesson.parts if p.kind == ORG_PART for v in p.values)
    return holdings_of(knowledge, teams)


def org_cards(lesson: Lesson, knowledge: Knowledge) -> tuple[str, ...]:
    """The ``org-team`` card ids of the lesson (the deck keeps those it has a question for)."""
    return tuple(dict.fromkeys(c for h in holdings(lesson, knowledge) for c in _team_cards(h)))
