"""Validation of the ``lessons`` section (``whoowns kb check``): the format, the references,
the questions (each a bank topic testing its own review card), the length, and that the lessons
together teach every fact of the seed. See :mod:`bot.onboarding.lessons` for the rules."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.kb.models import CATEGORY_IDS, Knowledge
from bot.kb.nodes import SLUG, Node, Reader, is_mapping, is_scalar, is_sequence, join
from bot.kb.sections import SectionContext, SectionPart
from bot.onboarding.lessons import (
    CATEGORY_PARTS,
    PART_KINDS,
    QUESTIONS_PER_LESSON,
    SECTION,
    SECURITY_PARTS,
    TITLE_MAX,
    WORD_BUDGET,
    WORD_PATTERN,
    Facts,
    Lesson,
    Part,
    content_words,
    lesson_content,
)

if TYPE_CHECKING:
    from bot.onboarding.cards import Deck


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
    deck: Deck | None,
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
    title, parts, questions = "", [], []
    for name in ("title", "teach", "questions"):  # in this order: problems keep it too
        if name not in by_name:
            if is_mapping(value):
                r.problem(key, path, f"missing field '{name}'")
        elif name == "title":
            title = _read_title(r, by_name[name][1], path)
        elif name == "teach":
            parts = _read_teach(r, by_name[name][1], path, facts)
        else:
            questions = _read_questions(r, by_name[name][1], path, topics, deck)
    if len(r.problems) > before:
        return None
    lesson = Lesson(lid, number, title, tuple(parts), tuple(questions))
    _check_length(r, key, path, lesson, facts, topics)
    return lesson


def _read_title(r: Reader, node: Node, path: str) -> str:
    title = r.text(node, join(path, "title")) or ""
    if len(title) > TITLE_MAX:
        r.problem(
            node,
            join(path, "title"),
            f"longer than {TITLE_MAX} characters (it heads the lesson's DM)",
        )
    return title


def _read_teach(r: Reader, node: Node, path: str, facts: Facts) -> list[Part]:
    teach_path = join(path, "teach")
    parts: list[Part] = []
    items = r.sequence(node, teach_path)
    for index, item in enumerate(items):
        got = _read_part(r, item, join(teach_path, index), facts)
        if got is not None:
            parts.append(got)
    if not items and is_sequence(node):
        r.problem(node, teach_path, "must list at least one item")
    return parts


def _read_questions(
    r: Reader, node: Node, path: str, topics: frozenset[str] | None, deck: Deck | None
) -> list[str]:
    questions: list[str] = []
    tested: dict[str, str] = {}  # card -> the lesson question testing it
    q_path = join(path, "questions")
    q_items = r.sequence(node, q_path)
    for index, item in enumerate(q_items):
        topic = r.text(item, join(q_path, index))
        if topic is None:
            continue
        at = join(q_path, index)
        if topic in questions:
            r.problem(item, at, f"question '{topic}' is listed twice")
        elif topics is not None and topic not in topics:
            r.problem(
                item,
                at,
                f"no quiz-bank question has the topic '{topic}' (forms: "
                "owner:SERVICE:DUTY, category:SERVICE, exam:POINT, security:RESPONSIBILITY, "
                "...; see `whoowns quiz bank --json`)",
            )
        elif deck is not None:
            _check_card(r, item, at, topic, deck, tested)
        questions.append(topic)
    if is_sequence(node) and len(q_items) != QUESTIONS_PER_LESSON:
        r.problem(
            node,
            q_path,
            f"a lesson ends with exactly {QUESTIONS_PER_LESSON} questions (got {len(q_items)})",
        )
    return questions


def _check_card(
    r: Reader, item: Node, at: str, topic: str, deck: Deck, tested: dict[str, str]
) -> None:
    """The question must test a review card, and another one than the lesson's others."""
    card = deck.card_for(topic)
    if card is None:
        r.problem(
            item,
            at,
            f"question '{topic}' tests no review card, so a wrong answer would "
            "never come back (see bot/onboarding/cards.py for the card of each "
            "question form)",
        )
    elif card in tested:
        r.problem(
            item,
            at,
            f"question '{topic}' tests the same review card ('{card}') as "
            f"'{tested[card]}': pick a question about another fact",
        )
    else:
        tested[card] = topic


def _check_length(
    r: Reader, key: Node, path: str, lesson: Lesson, facts: Facts, topics: frozenset[str] | None
) -> None:
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
    ids: tuple[str | None, ...]
    ids = (r.text(value, sub),) if is_scalar(value) else r.texts(value, sub, nonempty=True)
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
            words += len(WORD_PATTERN.findall(q.text))
            words += sum(len(WORD_PATTERN.findall(o.label)) for o in q.options)
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
    from bot.bank import build_bank

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


def _deck_for(facts: Facts) -> Deck | None:
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
