"""Review cards: one per fact worth knowing. Pure: no I/O.

* ``owner:SERVICE:DUTY`` — who owns a duty of the comparison table for a service (the
  *table cards*: completion needs 90 % of them mastered);
* ``category:SERVICE`` — which category a service is;
* ``exam:POINT`` — a "Must Remember" point.

A card id is exactly the ``topic`` of the quiz-bank question that asks it
(:data:`bot.quiz.bank.TOPIC_FORMS`), so the bank is the one place questions are generated and
a card is asked with that question. Ids are made of knowledge ids, so they stay stable across
restarts and instances; renaming a service or duty id retires its cards.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.kb.models import Knowledge

if TYPE_CHECKING:
    from bot.answers import Answer
    from bot.quiz.bank import Question

OWNER, CATEGORY, EXAM = "owner", "category", "exam"


def owner_card(service: str, duty: str) -> str:
    return f"{OWNER}:{service}:{duty}"


def category_card(service: str) -> str:
    return f"{CATEGORY}:{service}"


def exam_card(point: str) -> str:
    return f"{EXAM}:{point}"


@dataclass(frozen=True)
class CardSpec:
    id: str
    kind: str  # owner | category | exam
    label: str  # "Patching & Updates for Amazon RDS"
    service: str | None = None
    duty: str | None = None

    @property
    def in_table(self) -> bool:
        return self.kind == OWNER


def all_cards(knowledge: Knowledge) -> tuple[CardSpec, ...]:
    """Every card the knowledge supports, in a stable order (services in file order)."""
    out: list[CardSpec] = []
    for svc in knowledge.services.values():
        out.append(CardSpec(category_card(svc.id), CATEGORY, f"Category of {svc.name}", svc.id))
        for duty in knowledge.table_duties:
            if duty.cell(svc.category).owner is None:
                continue
            label = f"{duty.name} for {svc.name}"
            out.append(CardSpec(owner_card(svc.id, duty.id), OWNER, label, svc.id, duty.id))
    for point in knowledge.exam_points:
        out.append(CardSpec(exam_card(point.id), EXAM, point.text))
    return tuple(out)


class Deck:
    """The card catalog with the question for each card (built once per knowledge)."""

    def __init__(self, knowledge: Knowledge, bank: Iterable[Question] | None = None) -> None:
        if bank is None:
            from bot.quiz.bank import build_bank

            bank = build_bank(knowledge)
        by_topic: dict[str, Question] = {q.topic: q for q in bank if q.topic}
        self.knowledge = knowledge
        self.cards: Mapping[str, CardSpec] = {
            c.id: c for c in all_cards(knowledge) if c.id in by_topic
        }
        self.questions: Mapping[str, Question] = by_topic
        self.order = {cid: i for i, cid in enumerate(self.cards)}

    @property
    def table_cards(self) -> tuple[str, ...]:
        return tuple(cid for cid, c in self.cards.items() if c.in_table)

    def question(self, topic: str) -> Question | None:
        """The bank question for a card id or a lesson question's topic."""
        return self.questions.get(topic)

    def known(self, card_ids: Iterable[str]) -> tuple[str, ...]:
        return tuple(c for c in dict.fromkeys(card_ids) if c in self.cards)

    def for_answer(self, answer: Answer) -> tuple[str, ...]:
        """The cards of the facts an answer states ("Quiz me on this").

        A who-owns answer gives its owner cards; a service overview gives the service's
        category and all its table cells; a classification gives the category card. Answers
        about a duty across categories, or a category, name no single service: no cards.
        """
        out: list[str] = []
        for cell in answer.cells:
            if cell.service:
                out.append(owner_card(cell.service, cell.duty))
        for c in answer.classifications:
            out.append(category_card(c.service))
        if answer.intent == "overview":
            out.extend(category_card(s) for s in answer.query.services)
        return self.known(out)
