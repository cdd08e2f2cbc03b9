"""The lesson track: ``knowledge/lessons.yaml`` (section ``lessons``) as data. Pure: no I/O.

The section is validated by :func:`validate_lessons_section`, declared in
:mod:`bot.onboarding.feature` (``Feature.sections``), so ``whoowns kb check`` reports its
problems as ``FILE:LINE``; the loader keeps the result in ``Knowledge.extras["lessons"]``.

A lesson shows facts *by reference* to the rest of the knowledge (a category's list, the
comparison table's column, a service's exam note), so every fact has one home. The file's
header comment documents the format. Checks beyond the format:

* every reference names something the knowledge defines;
* exactly :data:`QUESTIONS_PER_LESSON` questions per lesson, each the topic of a question the
  quiz bank generates (:data:`bot.quiz.bank.TOPIC_FORMS`) that tests a review card
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
from pathlib import Path
from typing import Any

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from bot.kb.loader import SectionContext, SectionPart
from bot.kb.models import (
    CATEGORY_IDS,
    OWNER_LABELS,
    Category,
    Duty,
    ExamPoint,
    Knowledge,
    SecurityModel,
    Service,
)
from bot.kb.nodes import SLUG, Reader, join

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
    value = knowledge.extras.get(SECTION) or ()
    return tuple(value)  # type: ignore[arg-type]


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
        out = []
        for cat in cats:
            lines = []
            for svc in f.services.values():
                if svc.category == cat.id:
                    note = f" — {svc.note}" if svc.note else ""
                    lines.append(f"{svc.name} ({svc.kind}){note}")
            out.append(Section(f"{cat.name} services", tuple(lines)))
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
        words += len(_WORD.findall(s.heading))
        for line in s.lines:
            words += len(_WORD.findall(line))
    return words


_WORD = re.compile(r"[A-Za-z0-9][\w'&-]*")


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


# -- validation (whoowns kb check) -----------------------------------------------------------


def validate_lessons_section(
    parts: Sequence[SectionPart], context: SectionContext
) -> tuple[Lesson, ...]:
    """Read every file's ``lessons`` section; report problems through each part's reader."""
    facts = Facts.of(context)
    topics = _bank_topics(facts)
    cards = _deck_for(facts)
    lessons: list[Lesson] = []
    seen: dict[str, str] = {}
    first: tuple[Reader, Node] | None = None
    for part in parts:
        r = part.reader
        first = first or (r, part.key)
        for key, value in r.items(part.value, SECTION, "a mapping of lesson ids to lessons"):
            lesson = _read_lesson(r, key, value, facts, topics, cards, seen, len(lessons) + 1)
            if lesson is not None:
                lessons.append(lesson)
    if first is not None and lessons:
        _check_coverage(first[0], first[1], lessons, facts)
    return tuple(lessons)


def _read_lesson(
    r: Reader,
    key: Node,
    value: Node,
    facts: Facts,
    topics: frozenset[str] | None,
    deck: Any,
    seen: dict[str, str],
    number: int,
) -> Lesson | None:
    lid = str(key.value)
    path = join(SECTION, lid)
    if not SLUG.fullmatch(lid):
        r.problem(key, path, f"lesson id '{lid}' is not a slug (e.g. 'fully-managed')")
        return None
    if lid in seen:
        r.problem(key, path, f"duplicate lesson id '{lid}' (first defined at {seen[lid]})")
        return None
    seen[lid] = r.where(key)
    before = len(r.problems)
    pairs = r.items(value, path, "a mapping with title, teach and questions")
    by_name = {str(k.value): (k, v) for k, v in pairs}
    for name in by_name:
        if name not in ("title", "teach", "questions"):
            expected = "'title', 'teach' or 'questions'"
            r.problem(by_name[name][0], join(path, name), f"unknown key '{name}' ({expected})")
    title = ""
    if "title" in by_name:
        title = r.text(by_name["title"][1], join(path, "title")) or ""
        if len(title) > TITLE_MAX:
            r.problem(
                by_name["title"][1],
                join(path, "title"),
                f"longer than {TITLE_MAX} characters (it heads the lesson's DM)",
            )
    elif isinstance(value, MappingNode):
        r.problem(key, path, "missing field 'title'")
    parts: list[Part] = []
    if "teach" in by_name:
        teach_path = join(path, "teach")
        teach_node = by_name["teach"][1]
        items = r.sequence(teach_node, teach_path)
        for index, item in enumerate(items):
            got = _read_part(r, item, join(teach_path, index), facts)
            if got is not None:
                parts.append(got)
        if not items and isinstance(teach_node, SequenceNode):
            r.problem(teach_node, teach_path, "must list at least one item")
    elif isinstance(value, MappingNode):
        r.problem(key, path, "missing field 'teach'")
    questions: list[str] = []
    tested: dict[str, str] = {}  # card -> the lesson question testing it
    if "questions" in by_name:
        q_node = by_name["questions"][1]
        q_path = join(path, "questions")
        q_items = r.sequence(q_node, q_path)
        for index, item in enumerate(q_items):
            topic = r.text(item, join(q_path, index))
            if topic is None:
                continue
            if topic in questions:
                r.problem(item, join(q_path, index), f"question '{topic}' is listed twice")
            elif topics is not None and topic not in topics:
                r.problem(
                    item,
                    join(q_path, index),
                    f"no quiz-bank question has the topic '{topic}' (forms: "
                    "owner:SERVICE:DUTY, category:SERVICE, exam:POINT, security:RESPONSIBILITY, "
                    "...; see `whoowns quiz bank --json`)",
                )
            elif deck is not None:
                card = deck.card_for(topic)
                if card is None:
                    r.problem(
                        item,
                        join(q_path, index),
                        f"question '{topic}' tests no review card, so a wrong answer would "
                        "never come back (see bot/onboarding/cards.py for the card of each "
                        "question form)",
                    )
                elif card in tested:
                    r.problem(
                        item,
                        join(q_path, index),
                        f"question '{topic}' tests the same review card ('{card}') as "
                        f"'{tested[card]}': pick a question about another fact",
                    )
                else:
                    tested[card] = topic
            questions.append(topic)
        if isinstance(q_node, SequenceNode) and len(q_items) != QUESTIONS_PER_LESSON:
            r.problem(
                q_node,
                q_path,
                f"a lesson ends with exactly {QUESTIONS_PER_LESSON} questions (got {len(q_items)})",
            )
    elif isinstance(value, MappingNode):
        r.problem(key, path, "missing field 'questions'")
    if len(r.problems) > before:
        return None
    lesson = Lesson(lid, number, title, tuple(parts), tuple(questions))
    words = content_words(lesson_content(lesson, facts))
    if topics is not None:
        words += _question_words(lesson, facts)
    if words > WORD_BUDGET:
        r.problem(
            key,
            path,
            f"too long to read in two minutes: about {words} words (at most {WORD_BUDGET}); "
            "move something to another lesson",
        )
    return lesson


def _read_part(r: Reader, item: Node, path: str, facts: Facts) -> Part | None:
    pairs = r.items(item, path, "a one-key mapping like '- table: managed'")
    if len(pairs) != 1:
        if pairs:
            r.problem(item, path, "one kind per item (split it into several items)")
        return None
    key, value = pairs[0]
    kind = str(key.value)
    sub = join(path, kind)
    if kind not in PART_KINDS:
        r.problem(key, sub, f"unknown item '{kind}' (expected {_or(PART_KINDS)})")
        return None
    if kind == "say":
        text = r.text(value, sub)
        return Part(kind, (text,)) if text is not None else None
    if isinstance(value, ScalarNode):
        ids = (r.text(value, sub),)
    else:
        ids = r.texts(value, sub, nonempty=True)
    if any(i is None for i in ids):
        return None
    names = tuple(str(i) for i in ids)
    if kind == "security":
        space: Iterable[str] = SECURITY_PARTS
        what = "security item"
    elif kind in ("exam_points", "trap"):
        space, what = facts.exam_points, "exam point"
    else:
        space, what = facts.categories, "category"
    if kind in ("security", "trap") and len(names) != 1:
        r.problem(value, sub, f"'{kind}' takes one {what}")
        return None
    known = tuple(space)
    ok = True
    for name in names:
        if name not in known:
            r.problem(value, sub, f"unknown {what} '{name}' (expected {_or(known)})")
            ok = False
    return Part(kind, names) if ok else None


def _question_words(lesson: Lesson, facts: Facts) -> int:
    bank = _bank_for(facts)
    if bank is None:
        return 0
    by_topic = {q.topic: q for q in bank}
    words = 0
    for topic in lesson.questions:
        q = by_topic.get(topic)
        if q is not None:
            words += len(_WORD.findall(q.text))
            words += sum(len(_WORD.findall(o.label)) for o in q.options)
    return words


def _bank_for(facts: Facts) -> tuple[Any, ...] | None:
    """The generated quiz bank for these facts (None when the knowledge is too broken)."""
    if "bank" not in facts.bank_cache:
        facts.bank_cache["bank"] = _build_bank_for(facts)
    return facts.bank_cache["bank"]


def _build_bank_for(facts: Facts) -> tuple[Any, ...] | None:
    knowledge = _knowledge_for(facts)
    if knowledge is None:
        return None
    from bot.quiz.bank import build_bank

    try:
        return build_bank(knowledge)
    except (ValueError, KeyError):
        return None


def _knowledge_for(facts: Facts) -> Knowledge | None:
    if facts.security is None or any(c not in facts.categories for c in CATEGORY_IDS):
        return None
    return Knowledge(
        categories=facts.categories,
        duties=facts.duties,
        services=facts.services,
        groups={},
        exam_points=tuple(facts.exam_points.values()),
        security=facts.security,
        source_dir=Path("."),
    )


def _deck_for(facts: Facts) -> Any:
    """The review cards for these facts (a :class:`bot.onboarding.cards.Deck`; None when the
    knowledge is too broken to build the bank)."""
    if "deck" not in facts.bank_cache:
        bank, knowledge = _bank_for(facts), _knowledge_for(facts)
        deck = None
        if bank is not None and knowledge is not None:
            from bot.onboarding.cards import Deck

            deck = Deck(knowledge, bank)
        facts.bank_cache["deck"] = deck
    return facts.bank_cache["deck"]


def _bank_topics(source: Facts | SectionContext) -> frozenset[str] | None:
    bank = _bank_for(source if isinstance(source, Facts) else Facts.of(source))
    if bank is None:
        return None
    return frozenset(q.topic for q in bank if q.topic)


def _check_coverage(r: Reader, at: Node, lessons: Sequence[Lesson], facts: Facts) -> None:
    """Together, the lessons must teach every fact of the seed (the knowledge)."""
    taught: dict[str, set[str]] = {}
    for lesson in lessons:
        for part in lesson.parts:
            taught.setdefault(part.kind, set()).update(part.values)
    missing: list[str] = []
    for cid, cat in facts.categories.items():
        for kind in CATEGORY_PARTS:
            if kind == "characteristics" and not cat.characteristics:
                continue
            if kind == "categories":
                what = f"'categories: {cid}' (the description of {cat.name})"
            else:
                what = f"'{kind}: {cid}'"
            if cid not in taught.get(kind, set()):
                missing.append(what)
    for pid in facts.exam_points:
        if pid not in taught.get("exam_points", set()) | taught.get("trap", set()):
            missing.append(f"'exam_points: {pid}'")
    for item in SECURITY_PARTS:
        if facts.security is not None and item not in taught.get("security", set()):
            missing.append(f"'security: {item}'")
    for item in missing:
        r.problem(at, SECTION, f"no lesson teaches {item}: every fact of the seed needs a lesson")


def _or(choices: Iterable[str]) -> str:
    quoted = [f"'{c}'" for c in choices]
    if len(quoted) <= 1:
        return "".join(quoted)
    return ", ".join(quoted[:-1]) + " or " + quoted[-1]
