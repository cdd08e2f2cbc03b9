"""Review cards: one per fact worth knowing. Pure: no I/O.

The core facts, which the lessons put in every learner's deck:

* ``owner:SERVICE:DUTY`` — who owns a duty of the comparison table for a service (the
  *table cards*: completion needs 90 % of them mastered);
* ``category:SERVICE`` — which category a service is;
* ``exam:POINT`` — a "Must Remember" point;
* ``org-team:RESOURCE:DUTY`` — which team of the organisation does the customer side of a duty
  on one of its databases (the *org cards*: only a member of a team holding that resource gets
  them, from the lesson "Your team's databases", and then completion counts them as well).

And the other facts a question can ask about, which enter a deck only when the learner
answers such a question (a lesson's, wrong → *Again*, right → rated) or asks for it
("Quiz me on this"); they never count towards completion:

* ``owner-cat:CATEGORY:DUTY`` — who owns a duty in a category (every cell the seed decides);
* ``security:aws``, ``security:customer``, ``security:RESPONSIBILITY`` — the shared security
  model and its key responsibilities;
* ``scenario:CATEGORY:INDEX`` — a "When to choose" line;
* ``tasks:CATEGORY:aws|customer:INDEX`` — a line of a category's AWS / Customer lists;
* ``cost:CATEGORY``, ``trait:CATEGORY:INDEX`` — cost implications, key characteristics.

A card id is the ``topic`` of the quiz-bank question that asks it
(:data:`bot.bank.TOPIC_FORMS`), so the bank is the one place questions are generated
and a card is reviewed with that question. Questions that test another card's fact in
another form map to that card (:func:`card_for_topic`): ``pick:CATEGORY:SERVICE`` and
``truefalse:SERVICE:CATEGORY`` ("True or false: Amazon RDS is Fully Managed") to
``category:SERVICE``; ``exam-category:POINT`` and ``exam-swap:POINT:CATEGORY`` to
``exam:POINT``; ``scenario-pair:CATEGORY:INDEX`` to its first line, ``scenario:CATEGORY:INDEX``.
So every generated question has a card (``whoowns kb check`` refuses a lesson question
that has none). Ids are made of knowledge ids, so they stay stable across restarts and
instances; renaming a service or duty id retires its cards.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.kb.models import CATEGORY_IDS, Knowledge

if TYPE_CHECKING:
    from bot.answers import Answer
    from bot.bank import Question

OWNER, CATEGORY, EXAM = "owner", "category", "exam"
OWNER_CAT, SECURITY, SCENARIO, TASKS, COST, TRAIT = (
    "owner-cat",
    "security",
    "scenario",
    "tasks",
    "cost",
    "trait",
)
ORG_TEAM, ORG_CATEGORY = "org-team", "org-category"  # the quiz bank's org topics (bot.bank.org)


def owner_card(service: str, duty: str) -> str:
    return f"{OWNER}:{service}:{duty}"


def category_card(service: str) -> str:
    return f"{CATEGORY}:{service}"


def exam_card(point: str) -> str:
    return f"{EXAM}:{point}"


def owner_cat_card(category: str, duty: str) -> str:
    return f"{OWNER_CAT}:{category}:{duty}"


def org_team_card(resource: str, duty: str) -> str:
    return f"{ORG_TEAM}:{resource}:{duty}"


def org_category_card(resource: str) -> str:
    """The topic of "Which category is RESOURCE?" (a lesson question, not a card)."""
    return f"{ORG_CATEGORY}:{resource}"


def card_for_topic(topic: str) -> str:
    """The card a question with this topic tests (its own topic unless it is another form of
    a card's fact). The card may not exist: see :meth:`Deck.card_for`."""
    kind, _, rest = topic.partition(":")
    parts = rest.split(":")
    if kind == "pick" and len(parts) == 2:  # pick:CATEGORY:SERVICE
        return category_card(parts[1])
    if kind == "truefalse" and len(parts) == 2:  # truefalse:SERVICE:CATEGORY
        return category_card(parts[0])
    if kind == "exam-category" and len(parts) == 1:
        return exam_card(parts[0])
    if kind == "exam-swap" and len(parts) == 2:  # exam-swap:POINT:CATEGORY
        return exam_card(parts[0])
    if kind == "scenario-pair" and len(parts) == 2:  # lines INDEX and INDEX+1
        return f"{SCENARIO}:{parts[0]}:{parts[1]}"
    return topic


@dataclass(frozen=True)
class CardSpec:
    id: str
    kind: str  # owner | category | exam | owner-cat | security | scenario | tasks | cost | trait
    label: str  # "Patching & Updates for Amazon RDS"
    service: str | None = None
    duty: str | None = None

    @property
    def in_table(self) -> bool:
        return self.kind == OWNER


def all_cards(knowledge: Knowledge) -> tuple[CardSpec, ...]:
    """Every card the knowledge supports, in a stable order: the lesson cards (services in
    file order, then exam points), then the other facts."""
    k = knowledge
    out: list[CardSpec] = []
    for svc in k.services.values():
        out.append(CardSpec(category_card(svc.id), CATEGORY, f"Category of {svc.name}", svc.id))
        for duty in k.table_duties:
            if duty.cell(svc.category).owner is None:
                continue
            label = f"{duty.name} for {svc.name}"
            out.append(CardSpec(owner_card(svc.id, duty.id), OWNER, label, svc.id, duty.id))
    for point in k.exam_points:
        out.append(CardSpec(exam_card(point.id), EXAM, point.text))
    cats = {cid: k.categories[cid] for cid in CATEGORY_IDS if cid in k.categories}
    for duty in k.duties.values():
        for cid, cat in cats.items():
            cell = duty.cells.get(cid)
            if cell is not None and cell.owner is not None:
                label = f"{duty.name} for {cat.name} services"
                out.append(CardSpec(owner_cat_card(cid, duty.id), OWNER_CAT, label, duty=duty.id))
    sec = k.security
    for owner, line in (("aws", sec.aws), ("customer", sec.customer)):
        out.append(CardSpec(f"{SECURITY}:{owner}", SECURITY, _head(line)))
    for item in sec.responsibilities:
        label = f"{item.name} (security)"
        out.append(CardSpec(f"{SECURITY}:{item.id}", SECURITY, label))
    for cid, cat in cats.items():
        for index, line in enumerate(cat.when_to_choose):
            label = f"When to choose {cat.name}: {_head(line)}"
            out.append(CardSpec(f"{SCENARIO}:{cid}:{index}", SCENARIO, label))
        for owner, lines in (("aws", cat.aws_does), ("customer", cat.customer_does)):
            who = "AWS" if owner == "aws" else "you"
            for index, line in enumerate(lines):
                label = f"{_head(line)} with {cat.name} ({who})"
                out.append(CardSpec(f"{TASKS}:{cid}:{owner}:{index}", TASKS, label))
        if cat.cost:
            out.append(CardSpec(f"{COST}:{cid}", COST, f"Cost of {cat.name}"))
        for index, trait in enumerate(cat.characteristics):
            label = f"Characteristic of {cat.name}: {trait}"
            out.append(CardSpec(f"{TRAIT}:{cid}:{index}", TRAIT, label))
    for resource in k.resources.values():
        for duty in k.table_duties:
            label = f"{duty.name} for {resource.id}"
            out.append(CardSpec(org_team_card(resource.id, duty.id), ORG_TEAM, label, duty=duty.id))
    return tuple(out)


def _head(line: str) -> str:
    """``"AWS Secures the Cloud: Infrastructure, ..."`` -> ``"AWS Secures the Cloud"``."""
    return line.partition(":")[0].strip()


class Deck:
    """The card catalog with the question for each card (built once per knowledge)."""

    def __init__(self, knowledge: Knowledge, bank: Iterable[Question] | None = None) -> None:
        if bank is None:
            from bot.bank import build_bank, org_questions

            bank = (*build_bank(knowledge), *org_questions(knowledge))
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

    def card_for(self, topic: str) -> str | None:
        """The card a question with this topic tests (None: no card, e.g. a team's own
        question, or a topic the knowledge no longer has)."""
        card = card_for_topic(topic)
        return card if card in self.cards else None

    def known(self, card_ids: Iterable[str]) -> tuple[str, ...]:
        return tuple(c for c in dict.fromkeys(card_ids) if c in self.cards)

    def for_answer(self, answer: Answer) -> tuple[str, ...]:
        """The cards of the facts an answer states ("Quiz me on this").

        A who-owns answer gives its owner cards; a service overview gives the service's
        category and all its table cells; a classification gives the category card; an
        answer about a duty across categories gives that duty's category-level cards.
        Answers about a category as a whole name no single fact: no cards.
        """
        out: list[str] = []
        for cell in answer.cells:
            if cell.service:
                out.append(owner_card(cell.service, cell.duty))
            elif cell.category:
                out.append(owner_cat_card(cell.category, cell.duty))
        for c in answer.classifications:
            out.append(category_card(c.service))
        if answer.intent == "overview":
            out.extend(category_card(s) for s in answer.query.services)
        return self.known(out)
