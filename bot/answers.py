"""What was asked + knowledge -> answer data. Pure: no I/O, no Slack, no formatting.

CONTRACT:

    answer = build_answer(query, knowledge)   # -> Answer
    answer.to_json()                          # the object `whoowns ask --json` prints
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.intent import Query, Suggestion
from bot.kb.models import Category


@dataclass(frozen=True)
class OwnerCell:
    """Who owns ``duty`` for one service (who_owns, overview) or one category (duty)."""

    duty: str
    duty_name: str
    category: str
    category_name: str
    owner: str | None  # aws | customer | shared | None (the seed does not state it)
    aws: str  # what AWS does
    customer: str  # what the customer does
    source: str  # seed section
    service: str | None = None  # None for a per-category (duty) row
    service_name: str | None = None


@dataclass(frozen=True)
class Classification:
    service: str
    service_name: str
    kind: str
    category: str
    category_name: str
    category_summary: str
    source: str
    note: str | None  # exam note (RDS / Redshift) or None
    asked_category: str | None = None  # "is X fully managed?" -> "fully-managed"
    matches: bool | None = None  # does X belong to asked_category


@dataclass(frozen=True)
class Answer:
    query: Query
    intent: str
    cells: tuple[OwnerCell, ...] = ()
    classifications: tuple[Classification, ...] = ()
    categories: tuple[Category, ...] = ()  # explain
    notes: tuple[str, ...] = ()  # exam notes, group notes, contradictions worth saying
    unknown_terms: tuple[str, ...] = ()
    suggestions: tuple[Suggestion, ...] = ()
