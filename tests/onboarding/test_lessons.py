"""The lesson track as data: the shipped lessons, and what `whoowns kb check` says of bad ones."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.features import load_knowledge
from bot.kb import KnowledgeError, default_knowledge_dir
from bot.onboarding.cards import Deck, all_cards
from bot.onboarding.lessons import (
    QUESTIONS_PER_LESSON,
    WORD_BUDGET,
    content_words,
    lesson_cards,
    lesson_content,
    track,
)
from tests.support.onboarding import from_lessons


@pytest.fixture
def kb_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "kb"
    shutil.copytree(default_knowledge_dir(), folder)
    return folder


def edit(folder: Path, old: str, new: str) -> str:
    path = folder / "lessons.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")
    return text


def problems(folder: Path) -> list[str]:
    with pytest.raises(KnowledgeError) as info:
        load_knowledge(folder)
    return [str(p) for p in info.value.problems]


def line(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


def test_five_lessons_in_order_with_three_bank_questions_each(knowledge):
    lessons = track(knowledge)
    assert [lesson.title for lesson in lessons] == [
        "The shared responsibility model and its three categories",
        "Fully Managed services",
        "Managed services (and the RDS trap)",
        "Unmanaged databases",
        "Security responsibilities and best practices",
    ]
    deck = Deck(knowledge)
    for lesson in lessons:
        assert len(lesson.questions) == QUESTIONS_PER_LESSON
        assert all(deck.question(topic) is not None for topic in lesson.questions)
        assert content_words(lesson_content(lesson, knowledge)) <= WORD_BUDGET


def test_the_managed_lesson_warns_about_the_rds_trap(knowledge):
    managed = track(knowledge)[2]
    shown = lesson_content(managed, knowledge)
    assert shown[0].style == "warning"
    assert "RDS is Managed, not Fully Managed" in shown[0].lines[0]
    text = "\n".join(line for s in shown for line in s.lines)
    assert "Amazon RDS" in text and "Amazon Redshift" in text
    deck = Deck(knowledge)
    first = deck.question(managed.questions[0])
    assert first is not None and first.answer == "false"  # "RDS is Fully Managed": false


def test_lessons_together_introduce_every_card_once(knowledge):
    introduced = [c for lesson in track(knowledge) for c in lesson_cards(lesson, knowledge)]
    # the core facts (table owners, categories, exam points); the other cards (owner-cat,
    # security, scenario, ...) enter a deck when a question about them is answered
    assert sorted(introduced) == sorted(c.id for c in all_cards(knowledge) if from_lessons(c))
    assert len(introduced) == len(set(introduced))


def test_every_seed_fact_appears_in_some_lesson(knowledge):
    text = "\n".join(
        line
        for lesson in track(knowledge)
        for s in lesson_content(lesson, knowledge)
        for line in (s.heading, *s.lines)
    )
    for cat in knowledge.categories.values():
        for item in (
            *cat.aws_does,
            *cat.customer_does,
            *cat.characteristics,
            *cat.when_to_choose,
            *cat.best_practices,
            cat.cost,
            cat.description,
        ):
            assert item in text, item
    for svc in knowledge.services.values():
        assert svc.name in text
    for point in knowledge.exam_points:
        assert point.text in text
    for item in knowledge.security.responsibilities:
        assert item.text in text
    assert knowledge.security.aws in text and knowledge.security.customer in text


def test_an_unknown_reference_is_reported_with_its_line(kb_dir):
    text = edit(kb_dir, "- services: managed", "- services: mostly-managed")
    found = problems(kb_dir)
    where = f"{kb_dir / 'lessons.yaml'}:{line(text, 'mostly-managed')}"
    assert any(p.startswith(where) and "unknown category 'mostly-managed'" in p for p in found)


def test_a_question_not_in_the_bank_is_reported(kb_dir):
    text = edit(kb_dir, "- category:dynamodb", "- category:qldb")
    found = problems(kb_dir)
    where = f"{kb_dir / 'lessons.yaml'}:{line(text, 'category:qldb')}"
    assert any(p.startswith(where) and "topic 'category:qldb'" in p for p in found), found


def test_a_lesson_needs_exactly_three_questions(kb_dir):
    edit(kb_dir, "      - cost:unmanaged\n", "")
    assert any("exactly 3 questions (got 2)" in p for p in problems(kb_dir))


def test_a_fact_no_lesson_teaches_is_reported(kb_dir):
    edit(kb_dir, "      - characteristics: managed\n", "")
    found = problems(kb_dir)
    assert any("no lesson teaches 'characteristics: managed'" in p for p in found), found


def test_a_lesson_too_long_to_read_in_two_minutes_is_reported(kb_dir):
    edit(
        kb_dir,
        "      - trap: rds-managed\n",
        "      - trap: rds-managed\n" + "      - table: [fully-managed, managed, unmanaged]\n" * 6,
    )
    assert any("too long to read in two minutes" in p for p in problems(kb_dir))


def test_a_lesson_question_that_tests_no_review_card_is_reported(kb_dir, monkeypatch):
    """Were a question form left without cards (here: cost), its wrong answers would never
    come back: `kb check` refuses a lesson naming it."""
    from bot.onboarding import cards

    everything = cards.all_cards
    monkeypatch.setattr(
        cards, "all_cards", lambda k: tuple(c for c in everything(k) if c.kind != cards.COST)
    )
    text = (kb_dir / "lessons.yaml").read_text(encoding="utf-8")
    found = problems(kb_dir)
    where = f"{kb_dir / 'lessons.yaml'}:{line(text, '- cost:unmanaged')}"
    assert any(p.startswith(where) and "'cost:unmanaged' tests no review card" in p for p in found)


def test_two_questions_of_a_lesson_testing_the_same_card_are_reported(kb_dir):
    # "Which of these is Managed? ... Amazon RDS" tests category:rds, like the RDS trap question
    text = edit(kb_dir, "- category:aurora-provisioned", "- pick:managed:rds")
    found = problems(kb_dir)
    where = f"{kb_dir / 'lessons.yaml'}:{line(text, 'pick:managed:rds')}"
    assert any(p.startswith(where) and "same review card ('category:rds')" in p for p in found), (
        found
    )
