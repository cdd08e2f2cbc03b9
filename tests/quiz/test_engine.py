"""The tick and fan-out against LocalSlack, on SQLite and PostgreSQL: what a channel sees."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from bot.bank import Question
from bot.quiz.engine import QuizEngine
from bot.quiz.render import parse_answer_value
from bot.store.quiz import POSTED, QuizStore
from tests.support.payloads import assert_valid_blocks

MON_0800 = datetime(2024, 1, 15, 8, 0, tzinfo=timezone.utc)  # 09:00 in Berlin (winter)


def subscribe(engine, channel="C1", at="09:00", tz="Europe/Berlin", days="weekdays"):
    engine.quiz.subscribe(channel, at, tz, days, "U0ADMIN", MON_0800 - timedelta(days=1))


def posts_to(slack, channel):
    return [c for c in slack.calls_to("chat.postMessage", ok=True) if c.args["channel"] == channel]


def test_nothing_before_the_time_then_one_question(engine, slack):
    subscribe(engine)
    assert engine.tick(MON_0800 - timedelta(minutes=1)).outcomes == []
    report = engine.tick(MON_0800)
    assert report.posted == ["C1"]
    [call] = posts_to(slack, "C1")
    blocks = call.json_arg("blocks")
    assert_valid_blocks(blocks, at_least=1)
    assert call.args["text"].startswith("Quiz: ")
    actions = next(b for b in blocks if b["type"] == "actions")
    assert 2 <= len(actions["elements"]) <= 5
    assert "0 answered" in str(blocks[-1])
    # later ticks the same day post nothing more
    engine.tick(MON_0800 + timedelta(minutes=1))
    engine.tick(MON_0800 + timedelta(hours=12))
    assert len(posts_to(slack, "C1")) == 1


def test_a_late_tick_still_posts_that_days_question(engine, slack):
    subscribe(engine)
    report = engine.tick(MON_0800 + timedelta(hours=14, minutes=30))  # 23:30 Berlin
    assert report.posted == ["C1"]
    post = engine.quiz.post_for("C1", "2024-01-15")
    assert post.scheduled_at == MON_0800


def test_summer_time_posts_at_0700_utc(engine, slack):
    subscribe(engine)
    july = datetime(2024, 7, 15, 6, 59, tzinfo=timezone.utc)
    assert engine.tick(july).posted == []
    assert engine.tick(july + timedelta(minutes=1)).posted == ["C1"]


def test_the_next_question_closes_the_previous_one(engine, slack):
    subscribe(engine)
    engine.tick(MON_0800)
    first = engine.quiz.post_for("C1", "2024-01-15")
    q = Question.from_json(first.question)
    engine.answer(first.id, "U1", q.answer, MON_0800)
    wrong = next(o.key for o in q.options if o.key != q.answer)
    engine.answer(first.id, "U2", wrong, MON_0800)
    report = engine.tick(MON_0800 + timedelta(days=1))
    assert report.posted == ["C1"] and report.closed == 1
    [update] = slack.calls_to("chat.update")
    assert update.args["ts"] == first.message_ts
    blocks = update.json_arg("blocks")
    assert_valid_blocks(blocks, at_least=1)
    assert all(b["type"] != "actions" for b in blocks)  # buttons removed
    shown = str(blocks)
    assert q.correct.label in shown and "2 answered" in shown and "(50%)" in shown
    second = engine.quiz.post_for("C1", "2024-01-16")
    assert second.question_id != first.question_id


def test_no_repeat_until_the_bank_is_used_up(knowledge, store, client, slack):
    from bot.bank import build_bank

    small = build_bank(knowledge)[:4]
    engine = QuizEngine(knowledge, store, client, bank=small)
    subscribe(engine, days="daily")
    asked = []
    for day in range(6):
        engine.tick(MON_0800 + timedelta(days=day))
        asked.append(engine.quiz.post_for("C1", f"2024-01-{15 + day}").question_id)
    assert sorted(asked[:4]) == sorted(q.id for q in small)  # each once first
    assert len(set(asked[4:])) == 2


def test_rate_limits_are_honoured_and_the_run_goes_on(sqlite_engine, slack):
    engine = sqlite_engine
    for c in ("C1", "C2", "C3"):
        subscribe(engine, channel=c)
    slack.fail("chat.postMessage", status=429, retry_after=1, times=2, channel="C2")
    report = engine.tick(MON_0800)
    assert sorted(report.posted) == ["C1", "C2", "C3"]
    c2 = [c for c in slack.calls_to("chat.postMessage") if c.args["channel"] == "C2"]
    assert [c.status for c in c2] == [429, 429, 200]
    assert c2[2].at - c2[0].at >= 1.9  # Retry-After: 1, twice


def test_a_channel_gone_for_good_is_paused_and_the_others_continue(engine, slack):
    for c in ("C1", "C2", "C3"):
        subscribe(engine, channel=c)
    slack.fail("chat.postMessage", error="not_in_channel", times=1, channel="C2")
    report = engine.tick(MON_0800)
    assert sorted(report.posted) == ["C1", "C3"]
    assert report.paused == [("C2", "not_in_channel")]
    assert "1 paused (C2: not_in_channel)" in report.summary()
    assert engine.quiz.subscription("C2").paused_reason == "not_in_channel"
    # paused channels are skipped from then on
    engine.tick(MON_0800 + timedelta(hours=1))
    assert len([c for c in slack.calls_to("chat.postMessage") if c.args["channel"] == "C2"]) == 1
    # the bot is invited back and the channel resumed: it starts again with the next slot at
    # or after the resume, so that day's missed question is not posted late
    slack.clear()
    assert engine.quiz.resume("C2", MON_0800 + timedelta(hours=2)) is True
    assert engine.tick(MON_0800 + timedelta(hours=2)).posted == []
    report = engine.tick(MON_0800 + timedelta(days=1))
    assert sorted(report.posted) == ["C1", "C2", "C3"]
    assert engine.quiz.post_for("C2", "2024-01-16").state == POSTED


def test_a_transient_failure_is_retried_by_the_next_tick(sqlite_engine, slack):
    engine = sqlite_engine
    subscribe(engine)
    slack.fail("chat.postMessage", status=500, times=1)  # claimed posts are never auto-retried
    report = engine.tick(MON_0800)
    assert report.failed and report.failed[0][0] == "C1"
    assert len(slack.calls_to("chat.postMessage")) == 1
    # the outcome of a 500 is unknown: the retry looks for the message first, then posts
    assert engine.tick(MON_0800 + timedelta(minutes=1)).resumed == ["C1"]
    assert len(slack.calls_to("conversations.history")) == 1
    assert len(posts_to(slack, "C1")) == 1


def test_a_claim_left_by_a_dead_process_is_finished_after_the_lease(engine, slack):
    subscribe(engine)
    question = engine.choose("C1", "x")
    engine.quiz.claim(  # what a process does right before it dies
        channel="C1",
        slot="2024-01-15",
        kind="scheduled",
        local_date=MON_0800.date(),
        tz="Europe/Berlin",
        question=question.to_json(),
        scheduled_at=MON_0800,
        token="dead-process",
        now=MON_0800,
    )
    report = engine.tick(MON_0800 + timedelta(minutes=1))  # within the lease: not yet
    assert report.posted == [] and "1 being posted elsewhere" in report.summary()
    report = engine.tick(MON_0800 + timedelta(minutes=3))
    assert report.resumed == ["C1"]
    [call] = posts_to(slack, "C1")
    assert question.text.replace("*", "") in call.args["text"]
    assert engine.quiz.post_for("C1", "2024-01-15").state == POSTED


def test_quiz_now_posts_extra_questions_beside_the_schedule(engine, slack):
    subscribe(engine)
    extra = engine.post_now("C1", MON_0800 - timedelta(hours=1))
    assert extra.status == "posted"
    assert engine.tick(MON_0800).posted == ["C1"]  # the scheduled one still comes
    assert len(posts_to(slack, "C1")) == 2
    assert engine.quiz.post(extra.post_id).state == "closed"  # closed by the next question
    assert extra.question.id != engine.quiz.post_for("C1", "2024-01-15").question_id


def test_answers_first_wins_and_the_count_updates(engine, slack):
    subscribe(engine)
    engine.tick(MON_0800)
    post = engine.quiz.post_for("C1", "2024-01-15")
    q = Question.from_json(post.question)
    wrong = next(o.key for o in q.options if o.key != q.answer)
    first = engine.answer(post.id, "U1", wrong, MON_0800)
    again = engine.answer(post.id, "U1", q.answer, MON_0800)
    assert (first.status, first.first) == ("recorded", True)
    assert (again.status, again.chosen) == ("repeat", wrong)
    engine.refresh_count(post)
    [update] = slack.calls_to("chat.update")
    assert "1 answered" in str(update.json_arg("blocks"))
    board = engine.leaderboard("C1", MON_0800)
    assert [(s.user, s.correct, s.answered) for s in board.all_time] == [("U1", 0, 1)]


def test_button_values_name_the_post_and_option(engine, slack):
    subscribe(engine)
    engine.tick(MON_0800)
    [call] = posts_to(slack, "C1")
    actions = next(b for b in call.json_arg("blocks") if b["type"] == "actions")
    post = engine.quiz.post_for("C1", "2024-01-15")
    keys = [parse_answer_value(e["value"]) for e in actions["elements"]]
    assert {k[0] for k in keys} == {post.id}
    q = Question.from_json(post.question)
    assert [k[1] for k in keys] == [o.key for o in q.options_for(post.id)]


def test_the_store_survives_a_new_engine(knowledge, store, client, slack, engine):
    subscribe(engine)
    engine.tick(MON_0800)
    again = QuizEngine(knowledge, store, client)
    assert again.tick(MON_0800 + timedelta(minutes=5)).posted == []
    assert len(QuizStore(store).posts("C1")) == 1


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=timezone.utc)


@pytest.mark.parametrize(
    ("tz", "at", "before", "due", "repeat"),
    [
        # spring forward, time in the gap: posted when the gap ends (03:00 local)
        ("Europe/Berlin", "02:30", utc(2024, 3, 31, 0, 59), utc(2024, 3, 31, 1, 0), None),
        ("America/New_York", "02:30", utc(2024, 3, 10, 6, 59), utc(2024, 3, 10, 7, 0), None),
        # fall back, time in the overlap: posted once, at the first 02:30 / 01:30
        (
            "Europe/Berlin",
            "02:30",
            utc(2024, 10, 27, 0, 29),
            utc(2024, 10, 27, 0, 30),
            utc(2024, 10, 27, 1, 30),
        ),
        (
            "America/New_York",
            "01:30",
            utc(2024, 11, 3, 5, 29),
            utc(2024, 11, 3, 5, 30),
            utc(2024, 11, 3, 6, 30),
        ),
    ],
)
def test_dst_switch_days_post_once_at_the_documented_instant(
    engine, slack, tz, at, before, due, repeat
):
    subscribe(engine, at=at, tz=tz, days="daily")
    assert engine.tick(before).posted == []
    assert engine.tick(due).posted == ["C1"]
    if repeat is not None:  # the wall time comes round again an hour later
        assert engine.tick(repeat).posted == []
    assert len(posts_to(slack, "C1")) == 1
    [post] = engine.quiz.posts("C1")
    assert post.local_date == due.astimezone(ZoneInfo(tz)).date()
