"""When a question closes and its answer is revealed: `reveal: next` (the default — when the
next question is posted) or `reveal: end-of-day` (the first tick at or after local midnight).
SQLite and PostgreSQL; the clock is a parameter, nothing sleeps."""

from __future__ import annotations

import json
import threading
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import text

from bot.bank import Question
from bot.cli import main
from bot.clock import fixed_clock
from bot.quiz.engine import QuizEngine
from bot.store import open_store
from bot.store.quiz import CLOSED, POSTED, QuizStore
from tests.support.bolt import open_bot

MON_0900_BERLIN = datetime(2024, 1, 15, 8, 0, tzinfo=timezone.utc)
MIDNIGHT_BERLIN = datetime(2024, 1, 15, 23, 0, tzinfo=timezone.utc)  # Tue 00:00 local
CHANNEL = "C0DBTEAM"


def subscribe(engine, reveal, channel="C1", tz="Europe/Berlin", days="weekdays"):
    return engine.quiz.subscribe(
        channel, "09:00", tz, days, "U0ADMIN", MON_0900_BERLIN - timedelta(days=1), reveal=reveal
    )


def updates_of(slack, post):
    return [c for c in slack.calls_to("chat.update", ok=True) if c.args["ts"] == post.message_ts]


def answer_two(engine, post):
    q = Question.from_json(post.question)
    wrong = next(o.key for o in q.options if o.key != q.answer)
    engine.answer(post.id, "U1", q.answer, MON_0900_BERLIN)
    engine.answer(post.id, "U2", wrong, MON_0900_BERLIN)
    return q


def test_end_of_day_open_at_2359_closed_by_the_first_tick_after_midnight(engine, slack):
    sub = subscribe(engine, "end-of-day")
    assert sub.reveal == "end-of-day"
    engine.tick(MON_0900_BERLIN)
    post = engine.quiz.post_for("C1", "2024-01-15")
    [question] = slack.calls_to("chat.postMessage")
    assert "the answer is revealed at the end of the day" in str(question.json_arg("blocks"))
    q = answer_two(engine, post)

    for minutes in (60, 14 * 60 + 58, 14 * 60 + 59):  # 10:00 … 23:59 Berlin
        report = engine.tick(MON_0900_BERLIN + timedelta(minutes=minutes))
        assert report.closed == 0
    assert engine.quiz.post(post.id).state == POSTED
    assert updates_of(slack, post) == []

    report = engine.tick(MIDNIGHT_BERLIN + timedelta(seconds=20))  # the 00:00 tick, a bit late
    assert report.closed == 1 and "1 closed" in report.summary()
    closed = engine.quiz.post(post.id)
    assert closed.state == CLOSED and closed.closed_at == MIDNIGHT_BERLIN + timedelta(seconds=20)
    [update] = updates_of(slack, post)
    blocks = update.json_arg("blocks")
    assert all(b["type"] != "actions" for b in blocks)  # buttons removed
    shown = str(blocks)
    assert q.correct.label in shown and "2 answered" in shown and "(50%)" in shown

    # later ticks, and Tuesday's question, close nothing more and leave Tuesday's open
    engine.tick(MIDNIGHT_BERLIN + timedelta(minutes=1))
    engine.tick(MON_0900_BERLIN + timedelta(days=1))
    assert len(updates_of(slack, post)) == 1
    assert engine.quiz.post_for("C1", "2024-01-16").state == POSTED


def test_end_of_day_a_late_tick_closes_late_once_before_posting(engine, slack):
    subscribe(engine, "end-of-day")
    engine.tick(MON_0900_BERLIN)
    monday = engine.quiz.post_for("C1", "2024-01-15")
    # the bot was down overnight: the first tick is Tuesday 09:00
    report = engine.tick(MON_0900_BERLIN + timedelta(days=1))
    assert report.posted == ["C1"] and report.closed == 1
    assert engine.quiz.post(monday.id).state == CLOSED
    assert len(updates_of(slack, monday)) == 1
    assert engine.quiz.post_for("C1", "2024-01-16").state == POSTED


def test_end_of_day_uses_the_channels_time_zone(engine, slack):
    subscribe(engine, "end-of-day", tz="America/New_York")
    monday_0900_ny = datetime(2024, 1, 15, 14, 0, tzinfo=timezone.utc)
    engine.tick(monday_0900_ny)
    post = engine.quiz.post_for("C1", "2024-01-15")
    # Berlin's and UTC's midnight pass; New York's day is not over
    assert engine.tick(datetime(2024, 1, 16, 4, 59, tzinfo=timezone.utc)).closed == 0
    assert engine.tick(datetime(2024, 1, 16, 5, 0, tzinfo=timezone.utc)).closed == 1
    assert engine.quiz.post(post.id).state == CLOSED


def test_end_of_day_quiz_now_closes_nothing_and_closes_at_midnight_too(engine, slack):
    subscribe(engine, "end-of-day")
    engine.tick(MON_0900_BERLIN)
    scheduled = engine.quiz.post_for("C1", "2024-01-15")
    extra = engine.post_now("C1", MON_0900_BERLIN + timedelta(hours=2))
    assert extra.status == "posted" and extra.closed == 0
    assert engine.quiz.post(scheduled.id).state == POSTED  # still answerable today
    assert engine.tick(MIDNIGHT_BERLIN).closed == 2
    assert slack.calls_to("chat.update") and len(updates_of(slack, scheduled)) == 1


def test_next_is_the_default_and_unchanged(engine, slack):
    sub = engine.quiz.subscribe("C1", "09:00", "Europe/Berlin", "weekdays", None, MON_0900_BERLIN)
    assert sub.reveal == "next"
    engine.tick(MON_0900_BERLIN)
    monday = engine.quiz.post_for("C1", "2024-01-15")
    [question] = slack.calls_to("chat.postMessage")
    assert "the next question reveals this one's answer" in str(question.json_arg("blocks"))
    assert engine.tick(MIDNIGHT_BERLIN + timedelta(minutes=1)).closed == 0  # midnight: nothing
    assert engine.quiz.post(monday.id).state == POSTED
    report = engine.tick(MON_0900_BERLIN + timedelta(days=1))
    assert report.closed == 1 and len(updates_of(slack, monday)) == 1


def test_a_question_closed_early_is_not_closed_again_at_midnight(engine, slack):
    subscribe(engine, "next")
    engine.tick(MON_0900_BERLIN)
    scheduled = engine.quiz.post_for("C1", "2024-01-15")
    engine.post_now("C1", MON_0900_BERLIN + timedelta(hours=1))  # next: closes the scheduled one
    assert engine.quiz.post(scheduled.id).state == CLOSED
    engine.quiz.set_reveal("C1", "end-of-day")
    assert engine.tick(MIDNIGHT_BERLIN).closed == 1  # only the extra, still open
    assert len(updates_of(slack, scheduled)) == 1


def test_a_failed_update_is_retried_by_the_next_tick(engine, slack):
    subscribe(engine, "end-of-day")
    engine.tick(MON_0900_BERLIN)
    post = engine.quiz.post_for("C1", "2024-01-15")
    slack.fail("chat.update", status=200, error="internal_error", times=1)
    assert engine.tick(MIDNIGHT_BERLIN).closed == 0
    assert engine.quiz.post(post.id).state == POSTED  # reopened for the next try
    assert engine.tick(MIDNIGHT_BERLIN + timedelta(minutes=1)).closed == 1
    assert len(updates_of(slack, post)) == 1


def test_two_concurrent_ticks_close_once(knowledge, client, slack, db_url):
    stores = [open_store(db_url) for _ in range(2)]  # two processes' worth of connections
    try:
        engines = [QuizEngine(knowledge, s, client) for s in stores]
        for channel in ("C1", "C2", "C3"):
            subscribe(engines[0], "end-of-day", channel=channel)
        engines[0].tick(MON_0900_BERLIN)
        barrier = threading.Barrier(2)
        reports = []

        def run(engine):
            barrier.wait()
            reports.append(engine.tick(MIDNIGHT_BERLIN))

        threads = [threading.Thread(target=run, args=(e,)) for e in engines]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert sum(r.closed for r in reports) == 3
        assert len(slack.calls_to("chat.update")) == 3
        for channel in ("C1", "C2", "C3"):
            post = engines[0].quiz.post_for(channel, "2024-01-15")
            assert post.state == CLOSED and len(updates_of(slack, post)) == 1
    finally:
        for s in stores:
            s.close()


def test_the_migration_gives_existing_subscriptions_next(db_url):
    store = open_store(db_url, migrate=False)
    try:
        store.upgrade("0003_onboarding")
        with store.engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO quiz_subscriptions (channel, at, tz, days, created_at) "
                    "VALUES ('C0OLD', '09:00', 'UTC', 'weekdays', :now)"
                ),
                {"now": MON_0900_BERLIN.replace(tzinfo=None)},
            )
        assert store.upgrade("0004_quiz_reveal") == "0004_quiz_reveal"
        store.upgrade()  # the later columns too (0009: the row is unassigned), which it reads
        old = QuizStore(store).subscription("C0OLD")
        assert old.reveal == "next"
        assert old.starts_at == MON_0900_BERLIN  # 0008: a schedule starts when it was set
    finally:
        store.close()


# -- Slack: signed slash commands through the real app ---------------------------------------


@pytest.fixture
def bot(knowledge, matcher, slack, db_url):
    made = open_bot(
        knowledge, matcher, slack, db_url, clock=fixed_clock(MON_0900_BERLIN), channel=CHANNEL
    )
    yield made
    made.deps.store.close()


def reveal_of(bot):
    sub = QuizStore(bot.deps.store).subscription(CHANNEL)
    return sub.reveal if sub else None


def test_slack_subscribe_with_reveal_status_and_reveal_command(bot):
    bot.command("quiz subscribe 09:00 Europe/Berlin weekdays reveal:end-of-day", key="sub")
    [reply] = bot.slack.calls_to("response_url")
    assert reply.args["response_type"] == "in_channel"
    assert "answers revealed at the end of the day (midnight Europe/Berlin)" in reply.args["text"]
    assert reveal_of(bot) == "end-of-day"
    status = bot.command("quiz status")["text"]
    assert (
        "09:00 Europe/Berlin, weekdays (Mon–Fri)" in status and "midnight Europe/Berlin" in status
    )

    bot.command("quiz subscribe 10:00 Europe/Berlin daily", key="again")  # keeps the setting
    assert reveal_of(bot) == "end-of-day"

    changed = bot.command("quiz reveal next")
    assert changed["response_type"] == "in_channel"
    assert "answers revealed when the next question is posted" in changed["text"]
    assert reveal_of(bot) == "next"
    assert "when the next question is posted" in bot.command("quiz status")["text"]


@pytest.mark.parametrize(
    "command",
    [
        "quiz reveal tomorrow",
        "quiz reveal",
        "quiz reveal <!channel>",
        "quiz subscribe 09:00 Europe/Berlin reveal:sometimes",
        "quiz subscribe 09:00 Europe/Berlin reveal:next reveal:eod",
    ],
)
def test_slack_bad_reveal_says_the_right_form_and_changes_nothing(bot, command):
    bot.command("quiz subscribe 09:00 Europe/Berlin weekdays", key="setup")
    reply = bot.command(command, key="bad")
    if not reply:
        [call] = [c for c in bot.slack.calls_to("response_url") if c.key == "bad"]
        reply = call.args
    assert reply["response_type"] == "ephemeral"
    assert "Nothing was changed" in reply["text"]
    assert "end-of-day" in reply["text"] and "next" in reply["text"]
    assert "<!channel>" not in json.dumps(reply)
    sub = QuizStore(bot.deps.store).subscription(CHANNEL)
    assert (sub.at, sub.days, sub.reveal) == ("09:00", "weekdays", "next")


def test_slack_reveal_without_a_subscription_says_how_to_start(bot):
    reply = bot.command("quiz reveal end-of-day")
    assert "no daily quiz" in reply["text"] and reply["response_type"] == "ephemeral"
    assert reveal_of(bot) is None


def test_slack_unknown_subscribe_word_shows_the_reveal_form(bot):
    bot.command("quiz subscribe 09:00 UTC sometimes", key="bad")
    [reply] = bot.slack.calls_to("response_url")
    assert "[reveal:next|end-of-day]" in reply.args["text"]
    assert reveal_of(bot) is None


# -- the command line ------------------------------------------------------------------------


@pytest.fixture
def cli_db(db_url, monkeypatch, tmp_path):
    for var in ("SLACK_BOT_TOKEN", "SLACK_API_URL", "WHOOWNS_KNOWLEDGE"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("DATABASE_URL", db_url)
    monkeypatch.setenv("WHOOWNS_DATA_DIR", str(tmp_path / "data"))
    return db_url


def test_cli_subscribe_reveal_list_and_json(cli_db, capsys):
    base = ["quiz", "subscribe", "--channel", "C0DBTEAM", "--tz", "Europe/Berlin"]
    assert main([*base, "--reveal", "end-of-day"]) == 0
    out = capsys.readouterr().out
    assert "Answers revealed at the end of the day (midnight Europe/Berlin)." in out
    assert main(["quiz", "list"]) == 0
    assert "reveal:end-of-day" in capsys.readouterr().out
    assert main([*base, "--time", "10:00"]) == 0  # no --reveal: the setting is kept
    capsys.readouterr()
    assert main(["quiz", "list", "--json"]) == 0
    [row] = json.loads(capsys.readouterr().out)
    assert (row["time"], row["reveal"]) == ("10:00", "end-of-day")
    assert main([*base, "--reveal", "next"]) == 0
    capsys.readouterr()
    assert main(["quiz", "list", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)[0]["reveal"] == "next"


def test_cli_bad_reveal_exit_2_and_stores_nothing(cli_db, capsys):
    code = main(["quiz", "subscribe", "--channel", "C0DBTEAM", "--reveal", "tomorrow"])
    assert code == 2
    err = capsys.readouterr().err
    assert "expected next" in err and "end-of-day" in err and "'tomorrow'" in err
    store = open_store(cli_db)
    try:
        assert QuizStore(store).subscriptions() == []
    finally:
        store.close()
