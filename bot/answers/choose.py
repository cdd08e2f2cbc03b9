""" "Which should I choose?" as answer data: pure, no I/O, no wording.

    choice = build_choice(query, knowledge)   # -> Choice (the ``choice`` of an Answer)

From the course material's "Real-World Scenarios" ("When to Choose …"), "Cost Implications"
and service classification: the situations named and the category each points to, where each
named service (or category) falls, and each category's "When to Choose" lines and cost. When
no situation is named, or none the knowledge has, ``scenarios`` is empty and the renderers show
the "When to Choose" lines of the categories in play instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.intent import Query
from bot.kb.models import Category, Knowledge, Scenario, Service

# Where the cost lines and the classification come from (the scenarios name their own).
COST_SOURCE = "Cost Implications"
CLASSIFICATION_SOURCE = "Service Classification"


@dataclass(frozen=True)
class Placement:
    """Where one named service falls, and whether that is a category the situation points to."""

    service: Service
    category: Category
    fits: bool | None  # None: no situation to fit


@dataclass(frozen=True)
class Choice:
    scenarios: tuple[Scenario, ...]  # the situations named, in question order
    recommended: tuple[Category, ...]  # the categories they point to, in that order
    placements: tuple[Placement, ...]  # each named service and its category
    named_categories: tuple[Category, ...]  # categories named as choices ("managed or …")
    # the categories shown with their When to Choose and cost: the recommended ones, then those
    # of the named services and categories (none named, no situation: all three)
    categories: tuple[Category, ...]
    # the situation matched and none of the named services (or none named) falls in its
    # category: the course's services that do
    instead: tuple[Service, ...]
    situation: tuple[str, ...]  # the words of a situation no scenario describes (raw)
    source: str  # every course section the answer quotes ("; "-separated)

    @property
    def fitting(self) -> tuple[Placement, ...]:
        return tuple(p for p in self.placements if p.fits)


def build_choice(query: Query, knowledge: Knowledge) -> Choice:
    scenarios = tuple(knowledge.scenarios[s] for s in query.scenarios if s in knowledge.scenarios)
    recommended = _unique(knowledge.categories.get(s.category) for s in scenarios)
    aimed = {c.id for c in recommended}
    placements = tuple(
        Placement(s, knowledge.categories[s.category], (s.category in aimed) if aimed else None)
        for s in (knowledge.services.get(i) for i in query.services)
        if s is not None and s.category in knowledge.categories
    )
    named = _unique(knowledge.categories.get(c) for c in query.categories)
    shown = _unique([*recommended, *(p.category for p in placements), *named])
    if not shown:
        shown = tuple(knowledge.categories.values())
    instead: tuple[Service, ...] = ()
    if aimed and not any(p.fits for p in placements):
        instead = tuple(s for s in knowledge.services.values() if s.category in aimed)
    parts = [*(s.source for s in scenarios), COST_SOURCE]
    if placements:
        parts.append(CLASSIFICATION_SOURCE)
    return Choice(
        scenarios=scenarios,
        recommended=recommended,
        placements=placements,
        named_categories=named,
        categories=shown,
        instead=instead,
        situation=query.situation,
        source="; ".join(dict.fromkeys(parts)),
    )


def _unique(categories: Any) -> tuple[Category, ...]:
    """The categories, without None and repeats, in first-seen order."""
    return tuple({c.id: c for c in categories if c is not None}.values())


def choice_json(choice: Choice) -> list[dict[str, Any]]:
    """The ``answers`` of ``whoowns ask --json``: the situations, then each named service."""
    situations = [
        {
            "scenario": s.id,
            "situation": s.line,
            "category": s.category,
            "source": s.source,
        }
        for s in choice.scenarios
    ]
    placed = [
        {"service": p.service.id, "category": p.category.id, "fits": p.fits}
        for p in choice.placements
    ]
    return situations + placed
