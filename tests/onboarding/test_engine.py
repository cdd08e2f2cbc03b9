"""The onboarding engine as a learner lives it, with an injected clock (never sleeping).

Dates: 2026-03-02 is a Monday; Berlin is UTC+1 until 29 March, so 10:00 there is 09:00 UTC.
"""

from __future__ import annotations

import json
from datetime import timedelta

from bot.onboarding.engine import REVIEW_BATCH
from bot.onboarding.render import parse_lesson_answer, parse_review_answer
from tests.support.onboarding import at, buttons, dms

U = "U0NEW"
MONDAY_0900_BERLIN = at("2026-03-02T08:00:00+00:00")


def berlin(slack):
    slack.users[U] = {"tz": "Europe/Berlin"}


def lesson_titles(slack):
    return [m["text"] for m in dms(slack, U) if m["text"].startswith("Lesson ")]


def review_dms(slack):
    return [m for m in dms(slack, U) if m["text"].startswith("Review:")]


def answer_whole_review(engine, message, now, *, right=True):
    """Click an option for every card of a review DM; returns the card ids in order."""
    clicked, seen = [], set()
    for element in buttons(message):
        parsed = parse_review_answer(element.get("value", ""))
        if parsed is None or parsed[1] in seen:
            continue
        send_id, card_id, _ = parsed
        question = engine.deck.question(card_id)
        option = (
            question.answer
            if right
            else next(o.key for o in question.options if o.key != question.answer)
        )
        feedback = engine.answer_review(U, send_id, card_id, option, now)
        assert feedback.status == "recorded" and feedback.correct is right
        seen.add(card_id)
        clicked.append(card_id)
    return clicked


def test_one_welcome_dm_however_often_the_user_joins(engine, slack):
    berlin(slack)
    assert engine.invite(U, None, MONDAY_0900_BERLIN).status == "sent"
    assert engine.invite(U, None, MONDAY_0900_BERLIN).status == "already"
    assert engine.invite(U, "U0BOSS", MONDAY_0900_BERLIN).status == "already"
    [welcome] = dms(slack, U)
    assert "AWS secures the cloud" in welcome["text"]
    assert [b["text"]["text"] for b in buttons(welcome)] == ["Start"]
    assert engine.ob.user(U).tz == "Europe/Berlin"  # from users.info


def test_the_welcome_primer_does_not_repeat_lesson_one(engine, slack):
    """One line per category (its exam point or cost line, two examples); lesson 1 right
    after shows the full descriptions, so the newcomer reads them once."""
    engine.invite(U, None, MONDAY_0900_BERLIN)
    engine.start(U, MONDAY_0900_BERLIN)
    welcome, lesson = (json.dumps(m["blocks"], ensure_ascii=False) for m in dms(slack, U))
    for cat in engine.knowledge.categories.values():
        assert cat.description in lesson and cat.description not in welcome
    assert "*Managed*: balanced cost and control (e.g. Amazon Aurora Provisioned, Amazon RDS)" in (
        welcome
    )
    assert "*Fully Managed*: least customer responsibility" in welcome
    assert "AWS Secures the Cloud" in welcome and "You Secure in the Cloud" in welcome


def test_start_sends_lesson_one_at_once_and_only_once(engine, slack):
    berlin(slack)
    engine.invite(U, None, MONDAY_0900_BERLIN)
    assert engine.start(U, MONDAY_0900_BERLIN).status == "sent"
    assert engine.start(U, MONDAY_0900_BERLIN).status == "already"  # a double click
    assert lesson_titles(slack) == [
        "Lesson 1 of 5: The shared responsibility model and its three categories"
    ]
    p = engine.progress(U, MONDAY_0900_BERLIN)
    assert (p.started, p.lessons_sent, p.lessons_done, p.cards_in_deck) == (True, 1, 0, 2)


def test_lesson_answers_are_graded_and_the_first_one_counts(engine, slack):
    engine.start(U, MONDAY_0900_BERLIN)
    [lesson] = dms(slack, U)
    values = [parse_lesson_answer(b["value"]) for b in buttons(lesson) if "|" in b["value"]]
    first_question = [v for v in values if v[1] == 0]
    question = engine.deck.question(engine.lessons[0].questions[0])
    wrong = next(v for v in first_question if v[2] != question.answer)
    right = next(v for v in first_question if v[2] == question.answer)
    feedback = engine.answer_lesson(U, *wrong, MONDAY_0900_BERLIN)
    assert (feedback.status, feedback.correct, feedback.first) == ("recorded", False, True)
    again = engine.answer_lesson(U, *right, MONDAY_0900_BERLIN)
    assert (again.status, again.correct, again.chosen) == ("repeat", False, wrong[2])
    for index in (1, 2):
        q = engine.deck.question(engine.lessons[0].questions[index])
        engine.answer_lesson(U, engine.lessons[0].id, index, q.answer, MONDAY_0900_BERLIN)
    assert engine.progress(U, MONDAY_0900_BERLIN).lessons_done == 1


def test_buttons_of_a_lesson_never_sent_to_the_user_skip_nothing_and_grade_nothing(engine, slack):
    """An old DM from before the database was reset, or a forged value: Next lesson after
    lesson 3 brings lesson 1, and an answer to lesson 3 is not recorded."""
    managed = engine.lessons[2]
    question = engine.deck.question(managed.questions[0])
    feedback = engine.answer_lesson(U, managed.id, 0, question.answer, MONDAY_0900_BERLIN)
    assert feedback.status == "gone"
    assert engine.ob.lesson_answers(U) == []
    assert engine.next_lesson(U, MONDAY_0900_BERLIN, after=managed.id).status == "sent"
    assert lesson_titles(slack) == [
        "Lesson 1 of 5: The shared responsibility model and its three categories"
    ]


def test_lessons_arrive_one_per_working_day_at_ten_local(engine, slack):
    berlin(slack)
    engine.start(U, MONDAY_0900_BERLIN)  # lesson 1 at once, Monday 09:00 Berlin
    engine.tick(at("2026-03-02T09:30:00+00:00"))  # Monday 10:30: one lesson a day is enough
    assert len(lesson_titles(slack)) == 1
    engine.tick(at("2026-03-03T08:59:00+00:00"))  # Tuesday 09:59 Berlin: not yet
    assert len(lesson_titles(slack)) == 1
    engine.tick(at("2026-03-03T09:00:00+00:00"))  # Tuesday 10:00 Berlin
    engine.tick(at("2026-03-03T09:01:00+00:00"))
    assert lesson_titles(slack)[-1].startswith("Lesson 2 of 5")
    # "Next lesson" sends lesson 3 at once; a second click on the same button nothing more
    assert (
        engine.next_lesson(U, at("2026-03-03T12:00:00+00:00"), after="fully-managed").status
        == "sent"
    )
    assert (
        engine.next_lesson(U, at("2026-03-03T12:00:05+00:00"), after="fully-managed").status
        == "already"
    )
    assert len(lesson_titles(slack)) == 3
    engine.tick(at("2026-03-04T09:00:00+00:00"))  # Wednesday: lesson 4
    engine.tick(at("2026-03-05T09:00:00+00:00"))  # Thursday: lesson 5
    engine.tick(at("2026-03-06T09:00:00+00:00"))  # Friday: nothing left
    assert len(lesson_titles(slack)) == 5


def test_no_lesson_on_the_weekend(engine, slack):
    friday = at("2026-03-06T08:00:00+00:00")
    slack.users[U] = {"tz": "UTC"}
    engine.start(U, friday)
    engine.tick(at("2026-03-07T10:00:00+00:00"))  # Saturday
    engine.tick(at("2026-03-08T10:00:00+00:00"))  # Sunday
    assert len(lesson_titles(slack)) == 1
    engine.tick(at("2026-03-09T10:00:00+00:00"))  # Monday
    assert len(lesson_titles(slack)) == 2


def test_review_dm_once_a_day_with_up_to_five_due_cards(engine, slack):
    berlin(slack)
    engine.start(U, MONDAY_0900_BERLIN)
    engine.next_lesson(U, MONDAY_0900_BERLIN)  # lesson 2: 37 cards, due tomorrow
    engine.tick(at("2026-03-02T09:30:00+00:00"))
    assert review_dms(slack) == []  # new cards start the next day
    tuesday = at("2026-03-03T09:00:00+00:00")
    for minute in range(3):
        engine.tick(tuesday + timedelta(minutes=minute))
    [review] = review_dms(slack)
    cards = {
        parse_review_answer(b["value"])[1] for b in buttons(review) if b["value"].count("|") == 2
    }
    assert len(cards) == REVIEW_BATCH
    assert "Review: 5 cards" in review["text"]


def test_a_wrong_answer_comes_back_the_next_day_and_right_ones_space_out(engine, slack):
    berlin(slack)
    engine.start(U, MONDAY_0900_BERLIN)
    engine.next_lesson(U, MONDAY_0900_BERLIN)
    tuesday = at("2026-03-03T09:00:00+00:00")
    engine.tick(tuesday)
    [review] = review_dms(slack)
    clicked_at = tuesday + timedelta(seconds=40)  # neither fast nor slow: Good
    cards = answer_whole_review(engine, review, clicked_at, right=True)
    known_card = cards[0]
    engine.tick(at("2026-03-04T09:00:00+00:00"))
    wednesday_review = review_dms(slack)[-1]
    wed_cards = [
        parse_review_answer(b["value"])[1]
        for b in buttons(wednesday_review)
        if b["value"].count("|") == 2
    ]
    assert known_card not in wed_cards  # answered right on Tuesday: not back on Wednesday
    send_id = parse_review_answer(buttons(wednesday_review)[0]["value"])[0]
    missed = wed_cards[0]
    question = engine.deck.question(missed)
    wrong = next(o.key for o in question.options if o.key != question.answer)
    feedback = engine.answer_review(U, send_id, missed, wrong, at("2026-03-04T09:00:30+00:00"))
    assert not feedback.correct and feedback.next_due.date().isoformat() == "2026-03-05"
    engine.tick(at("2026-03-05T09:00:00+00:00"))  # Thursday: the missed card is back
    thursday = review_dms(slack)[-1]
    assert missed in {
        parse_review_answer(b["value"])[1] for b in buttons(thursday) if b["value"].count("|") == 2
    }
    # right answers space out: Tuesday's cards answered Good are next due days later
    state = {c.card_id: c for c in engine.ob.cards(U)}
    assert state[known_card].due - tuesday >= timedelta(days=2)


def test_reviews_tick_sends_one_dm_per_user_per_day_across_concurrent_ticks(engine, slack):
    import threading

    users = ["U0A", "U0B", "U0C"]
    for user in users:
        slack.users[user] = {"tz": "America/New_York"}
        engine.start(user, MONDAY_0900_BERLIN)
    tuesday_ten_ny = at("2026-03-03T15:00:00+00:00")
    barrier = threading.Barrier(6)

    def tick():
        barrier.wait()
        engine.tick(tuesday_ten_ny)

    threads = [threading.Thread(target=tick) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for user in users:
        reviews = [m for m in dms(slack, user) if m["text"].startswith("Review:")]
        assert len(reviews) == 1, user


def test_a_review_claimed_by_a_tick_that_died_is_sent_by_a_later_tick(engine, slack):
    from bot.onboarding.engine import LEASE

    engine.start(U, MONDAY_0900_BERLIN)
    tuesday = at("2026-03-03T10:00:00+00:00")
    # a tick claimed Tuesday's DM, then the process died before posting
    engine.ob.claim_review(
        user=U,
        slot="2026-03-03",
        kind="daily",
        local_date=tuesday.date(),
        cards=["exam:unmanaged-most"],
        token="dead",
        now=tuesday,
    )
    engine.tick(tuesday + timedelta(minutes=1))
    assert review_dms(slack) == []  # the claim is fresh: maybe still posting
    engine.tick(tuesday + LEASE + timedelta(minutes=1))
    engine.tick(tuesday + LEASE + timedelta(minutes=2))
    assert len(review_dms(slack)) == 1


def test_stop_ends_lessons_and_reviews(engine, slack):
    engine.start(U, MONDAY_0900_BERLIN)
    assert engine.stop(U, MONDAY_0900_BERLIN)
    engine.tick(at("2026-03-03T10:00:00+00:00"))
    engine.tick(at("2026-03-04T10:00:00+00:00"))
    assert len(dms(slack, U)) == 1  # only the first lesson
    assert engine.progress(U, MONDAY_0900_BERLIN).stopped


def test_a_diligent_learner_completes_once_with_a_note_in_the_onboarding_channel(
    sqlite_engine, slack
):
    """Every lesson answered, every review right and fast: done when 90 % of the table's
    facts are mastered — one congratulation DM, one note in the channel."""
    engine = sqlite_engine
    engine.default_channel = "C0NEWBIES"
    day = at("2026-03-02T10:00:00+00:00")
    engine.start(U, day)
    answered_lessons: set[tuple[str, int]] = set()
    answered_reviews: set[str] = set()
    completed_on = None
    for n in range(120):
        now = day + timedelta(days=n)
        engine.tick(now)
        for message in dms(slack, U):
            for element in buttons(message):
                parsed = parse_lesson_answer(element.get("value", ""))
                if parsed is None or parsed[:2] in answered_lessons:
                    continue
                lesson_id, index, _ = parsed
                question = engine.deck.question(engine.lesson(lesson_id).questions[index])
                engine.answer_lesson(U, lesson_id, index, question.answer, now)
                answered_lessons.add(parsed[:2])
        while True:
            for message in review_dms(slack):
                send_id = parse_review_answer(buttons(message)[0]["value"])[0]
                if send_id not in answered_reviews:
                    answered_reviews.add(send_id)
                    answer_whole_review(engine, message, now + timedelta(seconds=10))
            if engine.review_now(U, now).status != "sent":
                break
        if engine.progress(U, now).completed:
            completed_on = n
            break
    assert completed_on is not None and completed_on > 5
    p = engine.progress(U, day + timedelta(days=completed_on))
    assert p.lessons_done == 5 and p.table_cards_mastered >= p.table_cards_needed
    congratulations = [m for m in dms(slack, U) if "You made it" in m["text"]]
    notes = [c for c in slack.calls_to("chat.postMessage") if c.args.get("channel") == "C0NEWBIES"]
    assert len(congratulations) == 1 and len(notes) == 1
    assert f"<@{U}> completed onboarding" in notes[0].args["text"]


def test_a_hint_names_the_category_once_and_only_for_the_cards_owner(engine, slack):
    from bot.onboarding import replies
    from bot.onboarding.render import HINT_ACTION, parse_hint

    berlin(slack)
    engine.start(U, MONDAY_0900_BERLIN)
    engine.quiz_me(U, ("owner:rds:backups",), MONDAY_0900_BERLIN)  # a card with a hint
    tuesday = at("2026-03-03T09:00:00+00:00")
    assert engine.review_now(U, tuesday).status == "sent"
    review = review_dms(slack)[-1]
    [hint] = [b for b in buttons(review) if b["action_id"].startswith(HINT_ACTION)]
    send_id, card_id = parse_hint(hint["value"])
    assert replies.hint(engine.hint("U0SOMEONEELSE", send_id, card_id)) == replies.NO_HINT
    shown = engine.hint(U, send_id, card_id)
    service = engine.knowledge.services[engine.deck.cards[card_id].service]
    category = engine.knowledge.categories[service.category]
    assert replies.hint(shown) == (
        f":bulb: Hint: *{service.name}* is *{category.name}*. "
        "(A right answer after a hint counts as Hard.)"
    )
    [option] = [
        parse_review_answer(b["value"])[2]
        for b in buttons(review)
        if b["value"].count("|") == 2 and parse_review_answer(b["value"])[1] == card_id
    ][:1]
    engine.answer_review(U, send_id, card_id, option, tuesday)
    assert replies.hint(engine.hint(U, send_id, card_id)) == replies.ALREADY_ANSWERED
