"""The lesson track: ``knowledge/lessons.yaml`` (section ``lessons``) as data. Pure: no I/O.

The section is validated by :func:`bot.onboarding.lesson_check.validate_lessons_section`,
declared in :mod:`bot.onboarding.feature` (``Feature.sections``), so ``whoowns kb check``
reports its problems as ``FILE:LINE``; the loader keeps the result in
``Knowledge.extras["lessons"]``.

A lesson shows facts *by reference* to the rest of the knowledge (a category's list, the
comparison table's column, a service's exam note), so every fact has one home. The file's
header comment documents the format. Checks beyond the format:

* every reference names something the knowledge defines;
* exactly :data:`QUESTIONS_PER_LESSON` questions per lesson, each the topic of a question the
  quiz bank generates (:data:`bot.bank.TOPIC_FORMS`) that tests a review card
  (:func:`bot.onboarding.cards.card_for_topic`), no two of a lesson the same card — so a
  wrong answer always comes back in the reviews;
* each lesson reads in about two minutes (:data:`WORD_BUDGET` words, questions included);
* the lessons together teach every fact of the seed: each category's description, lists, cost
  and (where the seed has them) characteristics, the comparison table for every category,
  every service and exam point, and the shared security model with its responsibilities.

    lessons = track(knowledge)            # tuple[Lesson, ...], in file order (may be empty)
    lesson_content(lesson, knowledge)     # what the lesson shows, as titled text sections
    lesson_cards(lesson, knowledge)       # the review cards the lesson adds to the deck
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from bot.kb.models import (
    OWNER_LABELS,
    Category,
    Duty,
    ExamPoint,
    Knowledge,
    SecurityModel,
    Service,
)
from bot.kb.sections import SectionContext

QUESTIONS_PER_LESSON = 3
WORD_BUDGET = 420  # about two minutes of reading (200-230 words a minute)
TITLE_MAX = 120  # "Lesson N of M: " + title fits Slack's 150-character header
SECTION = "lessons"

# teach item kinds whose value names categories (one id or a list)
CATEGORY_PARTS = (
    "categories",
    "table",
    "services",
    "aws_does",
    "customer_does",
    "characteristics",
    "cost",
    "when_to_choose",
    "best_practices",
)
PART_KINDS = ("say", "security", "exam_points", "trap", *CATEGORY_PARTS)
SECURITY_PARTS = ("model", "responsibilities")


@dataclass(frozen=True)
class Part:
    """One item of a lesson's ``teach`` list: a kind and its ids (or its text, for ``say``)."""

    kind: str
    values: tuple[str, ...]


@dataclass(frozen=True)
class Lesson:
    id: str
    number: int  # 1-based, file order
    title: str
    parts: tuple[Part, ...]
    questions: tuple[str, ...]  # quiz-bank topics


@dataclass(frozen=True)
class Section:
    """A piece of a lesson as shown: an optional heading and lines (Slack mrkdwn)."""

    heading: str
    lines: tuple[str, ...]
    style: str = "list"  # list | text | warning


@dataclass(frozen=True)
class Facts:
    """The knowledge a lesson refers to (from a Knowledge, or a loader SectionContext)."""

    categories: Mapping[str, Category]
    duties: Mapping[str, Duty]
    services: Mapping[str, Service]
    exam_points: Mapping[str, ExamPoint]
    security: SecurityModel | None
    # the quiz bank for these facts, built once (validation asks for it once per lesson)
    bank_cache: dict[str, Any] = field(default_factory=dict, init=False, compare=False, repr=False)

    @classmethod
    def of(cls, source: Knowledge | SectionContext) -> Facts:
        points = source.exam_points
        if not isinstance(points, Mapping):
            points = {p.id: p for p in points}
        return cls(source.categories, source.duties, source.services, points, source.security)

    @property
    def table_duties(self) -> tuple[Duty, ...]:
        return tuple(d for d in self.duties.values() if d.in_table)


def track(knowledge: Knowledge) -> tuple[Lesson, ...]:
    """The lessons of the knowledge, in order (empty when no file has a ``lessons`` section)."""
    value = knowledge.extras.get(SECTION)
    return value if isinstance(value, tuple) else ()


# -- what a lesson shows ---------------------------------------------------------------------


def lesson_content(lesson: Lesson, source: Knowledge | SectionContext | Facts) -> list[Section]:
    facts = source if isinstance(source, Facts) else Facts.of(source)
    out: list[Section] = []
    for part in lesson.parts:
        out.extend(_part_content(part, facts))
    return out


def _part_content(part: Part, f: Facts) -> list[Section]:
    kind, values = part.kind, part.values
    cats = [f.categories[c] for c in values if c in f.categories]
    if kind == "say":
        return [Section("", values, "text")]
    if kind == "security":
        sec = f.security
        if sec is None:
            return []
        if values[0] == "model":
            return [Section("The shared security model", (sec.aws, sec.customer))]
        lines = tuple(f"{i.name}: {i.text} ({OWNER_LABELS[i.owner]})" for i in sec.responsibilities)
        return [Section("Key security responsibilities", lines)]
    if kind == "categories":
        return [Section("", tuple(f"{c.name}: {c.description}" for c in cats))]
    if kind == "table":
        return [_table(cats, f)]
    if kind == "services":
        out: list[Section] = []
        for cat in cats:
            names: list[str] = []
            for svc in f.services.values():
                if svc.category == cat.id:
                    note = f" — {svc.note}" if svc.note else ""
                    names.append(f"{svc.name} ({svc.kind}){note}")
            out.append(Section(f"{cat.name} services", tuple(names)))
        return out
    if kind == "cost":
        return [Section("", tuple(f"Cost ({c.name}): {c.cost}" for c in cats))]
    if kind in ("exam_points", "trap"):
        points = [f.exam_points[p] for p in values if p in f.exam_points]
        lines = tuple(" ".join(x for x in (p.text, p.detail) if x) for p in points)
        if kind == "trap":
            return [Section("The trap", lines, "warning")]
        return [Section("Must remember", lines)]
    headings = {
        "aws_does": "AWS handles ({})",
        "customer_does": "You handle ({})",
        "characteristics": "Key characteristics of {}",
        "when_to_choose": "When to choose {}",
        "best_practices": "Best practices: {}",
    }
    return [Section(headings[kind].format(c.name), tuple(getattr(c, kind))) for c in cats]


def _table(cats: Sequence[Category], f: Facts) -> Section:
    def owner(duty: Duty, cat: Category) -> str:
        o = duty.cell(cat.id).owner
        return OWNER_LABELS[o] if o else "Not stated"

    if len(cats) == 1:
        lines = tuple(f"{d.name}: {owner(d, cats[0])}" for d in f.table_duties)
        return Section(f"Who owns what: {cats[0].name}", lines)
    heading = "Who owns what: " + " | ".join(c.name for c in cats)
    lines = tuple(f"{d.name}: " + " | ".join(owner(d, c) for c in cats) for d in f.table_duties)
    return Section(heading, lines)


def content_words(sections: Iterable[Section]) -> int:
    words = 0
    for s in sections:
        words += len(WORD_PATTERN.findall(s.heading))
        for line in s.lines:
            words += len(WORD_PATTERN.findall(line))
    return words


WORD_PATTERN = re.compile(r"[A-Za-z0-9][\w'&-]*")


# -- review cards ----------------------------------------------------------------------------


def lesson_cards(lesson: Lesson, source: Knowledge | SectionContext | Facts) -> tuple[str, ...]:
    """The card ids the lesson introduces (see :mod:`bot.onboarding.cards` for the ids)."""
    from bot.onboarding.cards import category_card, exam_card, owner_card

    f = source if isinstance(source, Facts) else Facts.of(source)
    out: list[str] = []
    for part in lesson.parts:
        if part.kind == "services":
            for cid in part.values:
                for svc in f.services.values():
                    if svc.category != cid:
                        continue
                    out.append(category_card(svc.id))
                    out.extend(
                        owner_card(svc.id, d.id)
                        for d in f.table_duties
                        if d.cell(svc.category).owner is not None
                    )
        elif part.kind in ("exam_points", "trap"):
            out.extend(exam_card(p) for p in part.values if p in f.exam_points)
    return tuple(dict.fromkeys(out))
