"""Every lesson question tests a review card: a wrong answer brings that card back in the next
day's review DM, a right one rates it; the extra cards never make completion harder.

On both databases (the ``engine`` fixture), with an injected clock. Dates: 2026-03-02 is a
Monday; Berlin is UTC+1, so 10:00 there is 09:00 UTC.
"""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from bot.features import load_knowledge
from bot.onboarding import progress as progress_mod
from bot.onboarding.cards import Deck, card_for_topic
from bot.onboarding.lessons import track
from bot.onboarding.progress import CardView
from bot.onboarding.render import parse_review_answer
from bot.render.mrkdwn import escape_mrkdwn
from tests.support.onboarding import at, buttons, dms

WRONG, RIGHT = "U0WRONG", "U0RIGHT"
MONDAY_0900_BERLIN = at("2026-03-02T08:00:00+00:00")
ANSWERED = at("2026-03-02T08:05:00+00:00")
TUESDAY_1000_BERLIN = at("2026-03-03T09:00:00+00:00")


def lesson_questions() -> list[tuple[int, str, str]]:
    """(lesson index, lesson id, question topic) for every question of the shipped lessons."""
    return [
        (number, lesson.id, topic)
        for number, lesson in enumerate(track(load_knowledge()))
        for topic in lesson.questions
    ]


def review_dm(slack, user):
    [review] = [m for m in dms(slack, user) if m["text"].startswith("Review:")]
    return review


def review_cards(message) -> list[str]:
    """The card ids of a review DM, in the order shown."""
    seen: list[str] = []
    for element in buttons(message):
        parsed = parse_review_answer(element.get("value", ""))
        if parsed is not None and parsed[1] not in seen:
            seen.append(parsed[1])
    return seen


def shown_text(message) -> str:
    return json.dumps(message["blocks"], ensure_ascii=False)


def send_lessons_up_to(engine, user, number):
    """Lesson 1 with Start, then Next lesson up to lesson ``number`` (0-based), Monday."""
    assert engine.start(user, MONDAY_0900_BERLIN).status == "sent"
    for _ in range(number):
        assert engine.next_lesson(user, MONDAY_0900_BERLIN).status == "sent"


@pytest.mark.parametrize(
    ("number", "lesson_id", "topic"),
    lesson_questions(),
    ids=[topic for _, _, topic in lesson_questions()],
)
def test_a_wrong_lesson_answer_comes_back_in_the_next_days_review(
    engine, slack, number, lesson_id, topic
):
    for user in (WRONG, RIGHT):
        slack.users[user] = {"tz": "Europe/Berlin"}
        send_lessons_up_to(engine, user, number)
    index = engine.lesson(lesson_id).questions.index(topic)
    question = engine.deck.question(topic)
    card = engine.deck.card_for(topic)
    assert card is not None, f"{topic} tests no card"
    wrong = next(o.key for o in question.options if o.key != question.answer)

    missed = engine.answer_lesson(WRONG, lesson_id, index, wrong, ANSWERED)
    assert (missed.status, missed.correct) == ("recorded", False)
    assert missed.next_due.date().isoformat() == "2026-03-03"  # back the next day
    got = engine.answer_lesson(RIGHT, lesson_id, index, question.answer, ANSWERED)
    assert (got.status, got.correct) == ("recorded", True)
    rated = {c.card_id: c for c in engine.ob.cards(RIGHT)}[card]
    assert rated.reps == 1 and rated.due - ANSWERED >= timedelta(days=2)  # Good: spaced out

    engine.tick(TUESDAY_1000_BERLIN)
    review = review_dm(slack, WRONG)
    assert review_cards(review)[0] == card  # the missed card first
    asked = engine.deck.question(card)
    assert escape_mrkdwn(asked.text) in shown_text(review)  # the card's question is asked
    assert card not in review_cards(review_dm(slack, RIGHT))


def test_the_rds_trap_missed_in_the_lesson_comes_back_as_which_category_is_rds(engine, slack):
    """Lesson 3's "True or false: Amazon RDS is Fully Managed" answered True (the trap):
    the next day's review asks which category RDS is, and a right answer spaces it out."""
    slack.users[WRONG] = {"tz": "Europe/Berlin"}
    send_lessons_up_to(engine, WRONG, 2)
    managed = engine.lesson("managed")
    index = managed.questions.index("truefalse:rds:fully-managed")
    feedback = engine.answer_lesson(WRONG, "managed", index, "true", ANSWERED)
    assert not feedback.correct and "RDS is Managed, not Fully Managed" in (
        feedback.question.explanation
    )
    engine.tick(TUESDAY_1000_BERLIN)
    review = review_dm(slack, WRONG)
    send_id = parse_review_answer(buttons(review)[0]["value"])[0]
    assert review_cards(review)[0] == "category:rds"
    assert "Which category is Amazon RDS?" in shown_text(review).replace("*", "")
    later = TUESDAY_1000_BERLIN + timedelta(seconds=30)
    answer = engine.answer_review(WRONG, send_id, "category:rds", "managed", later)
    # back in a review DM two days later or more (at the user's review time that day)
    assert answer.correct and answer.next_due.date() - later.date() >= timedelta(days=2)


def test_every_question_form_of_the_bank_tests_a_card(knowledge):
    """So any question a lesson can name has a card (and the check in `kb check` holds)."""
    from bot.bank import build_bank

    bank = build_bank(knowledge)
    deck = Deck(knowledge, bank)
    untested = [q.topic for q in bank if q.topic and deck.card_for(q.topic) is None]
    assert untested == []
    # the core cards keep their ids: a question's own fact is its topic
    assert card_for_topic("owner:rds:patching") == "owner:rds:patching"
    assert card_for_topic("category:rds") == "category:rds"
    assert card_for_topic("exam:rds-managed") == "exam:rds-managed"
    assert card_for_topic("truefalse:rds:fully-managed") == "category:rds"
    assert card_for_topic("pick:managed:rds") == "category:rds"
    assert card_for_topic("exam-swap:unmanaged-most:fully-managed") == "exam:unmanaged-most"


def test_quiz_me_on_a_duty_answer_adds_the_category_level_cards(knowledge, matcher):
    from bot.answers import build_answer

    deck = Deck(knowledge)
    answer = build_answer(matcher.parse("who owns patching in managed"), knowledge)
    assert "owner-cat:managed:patching" in deck.for_answer(answer)


def _card(card_id: str, *, mastered: bool) -> CardView:
    at_ = at("2026-04-01T10:00:00+00:00")
    if mastered:
        return CardView(card_id, at_ + timedelta(days=30), "review", 30.0, 6)
    return CardView(card_id, at_ + timedelta(days=1), "review", 0.5, 3)  # just missed


def _progress(knowledge, deck, cards):
    lessons = track(knowledge)
    return progress_mod.compute(
        user="U0X",
        lessons=lessons,
        deck=deck,
        invited=True,
        started=True,
        stopped=False,
        completed_at=None,
        sent_lessons=[lesson.id for lesson in lessons],
        answered=[(lesson.id, q) for lesson in lessons for q in lesson.questions],
        cards=cards,
        reviewed_at=[],
        now=at("2026-04-01T10:00:00+00:00"),
        tz="UTC",
        send_at="10:00",
        sent_today=False,
    )


def test_completion_still_needs_90_percent_of_the_table_cards_only(knowledge):
    deck = Deck(knowledge)
    table = deck.table_cards
    cells = sum(
        1
        for svc in knowledge.services.values()
        for duty in knowledge.table_duties
        if duty.cell(svc.category).owner is not None
    )
    assert len(table) == cells  # the table's cards: one per (service, table duty) cell
    need = progress_mod.needed(len(table))
    lesson_cards = {deck.card_for(t) for lesson in track(knowledge) for t in lesson.questions}
    extra = sorted(c for c in lesson_cards if c not in table)
    assert extra  # lesson questions whose cards are not table cards (owner-cat, security, ...)
    # every lesson question's card just missed, 90 % of the table mastered: done
    cards = [_card(c, mastered=True) for c in table[:need]]
    cards += [_card(c, mastered=False) for c in extra]
    p = _progress(knowledge, deck, cards)
    assert p.completed and p.table_cards_total == len(table) and p.table_cards_needed == need
    # one table card short, however many other cards are mastered: not done
    cards = [_card(c, mastered=True) for c in table[: need - 1]]
    cards += [_card(c, mastered=True) for c in deck.cards if c not in table]
    assert not _progress(knowledge, deck, cards).completed
