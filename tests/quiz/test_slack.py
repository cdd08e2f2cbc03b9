"""The quiz through the real Bolt app: signed slash commands and block_actions against
LocalSlack, on SQLite and PostgreSQL. What people in the channel and the clicker see."""

from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest

from bot.clock import fixed_clock
from bot.render.mrkdwn import escape_mrkdwn
from bot.store import StoreUnavailable
from bot.store.quiz import QuizStore
from tests.support.bolt import Bot, make_deps, settings_for
from tests.support.bolt import make_bot as harness_bot
from tests.support.payloads import assert_valid_message
from tests.support.slack_requests import app_home_opened

MONDAY_0700 = datetime(2024, 1, 15, 7, 0, tzinfo=timezone.utc)  # 08:00 in Berlin
CHANNEL = "C0DBTEAM"


def question_buttons(bot: Bot) -> list[dict]:
    posts = [c for c in bot.slack.calls_to("chat.postMessage") if c.args["channel"] == CHANNEL]
    blocks = posts[-1].json_arg("blocks")
    return next(b for b in blocks if b["type"] == "actions")["elements"]


def right_and_wrong(bot: Bot) -> tuple[dict, dict]:
    """The latest question's right button and a wrong one."""
    post = QuizStore(bot.deps.store).latest_post(CHANNEL)
    buttons = question_buttons(bot)
    right = next(b for b in buttons if b["value"].endswith("|" + post.question["answer"]))
    return right, next(b for b in buttons if b is not right)


def make_bot(knowledge, matcher, slack, db_url) -> Bot:
    from bot.store import open_store

    # alice runs the team's channel (WHOOWNS_ADMINS): `quiz now` is hers to start
    settings = settings_for(slack, admins=("U0ALICE",))
    clock = fixed_clock(MONDAY_0700)
    deps = make_deps(knowledge, matcher, slack, open_store(db_url), clock=clock, settings=settings)
    return harness_bot(deps, slack, channel=CHANNEL)


@pytest.fixture
def bot(knowledge, matcher, slack, db_url):
    made = make_bot(knowledge, matcher, slack, db_url)
    yield made
    made.deps.store.close()


def valid(payload):
    assert_valid_message(payload)
    return json.dumps(payload, ensure_ascii=False)


def test_subscribe_states_the_schedule_and_the_next_question(bot):
    bot.command("quiz subscribe 09:00 Europe/Berlin weekdays", key="sub")
    [reply] = bot.slack.calls_to("response_url")
    shown = valid(reply.args)
    assert reply.args["response_type"] == "in_channel"
    assert "09:00 Europe/Berlin, weekdays (Mon–Fri)" in shown
    assert "Next question: *Mon 15 Jan 09:00 Europe/Berlin*" in shown
    sub = QuizStore(bot.deps.store).subscription(CHANNEL)
    assert (sub.at, sub.tz, sub.days, sub.created_by) == (
        "09:00",
        "Europe/Berlin",
        "weekdays",
        "U0ALICE",
    )


def test_subscribe_defaults_to_the_askers_slack_time_zone(bot):
    bot.slack.users["U0BOB"] = {"tz": "America/New_York", "name": "bob"}
    bot.command("quiz subscribe", user="U0BOB")
    [info] = bot.slack.calls_to("users.info")
    assert info.args["user"] == "U0BOB"
    sub = QuizStore(bot.deps.store).subscription(CHANNEL)
    assert (sub.at, sub.tz, sub.days) == ("09:00", "America/New_York", "weekdays")
    assert "(your Slack time zone)" in bot.slack.calls_to("response_url")[0].args["text"]


@pytest.mark.parametrize(
    ("args", "says"),
    [
        ("25:00 Europe/Berlin", "HH:MM"),
        ("09:00 Mars/Base", "IANA time zone"),
        ("09:00 UTC mon,funday", "is not a day"),
        ("<!channel>", "&lt;!channel&gt;"),
    ],
)
def test_bad_schedules_say_the_right_form_and_store_nothing(bot, args, says):
    bot.command(f"quiz subscribe {args}")
    [reply] = bot.slack.calls_to("response_url")
    assert reply.args["response_type"] == "ephemeral"
    assert says in reply.args["text"] and "Nothing was changed" in reply.args["text"]
    assert "<!channel>" not in json.dumps(reply.args)
    assert QuizStore(bot.deps.store).subscription(CHANNEL) is None


def test_quiz_now_then_clicks_first_answer_wins_feedback_private(bot):
    bot.command("quiz now")
    [question] = bot.slack.calls_to("chat.postMessage")
    assert question.args["channel"] == CHANNEL
    valid({"blocks": question.json_arg("blocks"), "text": question.args["text"]})
    buttons = question_buttons(bot)
    post = QuizStore(bot.deps.store).latest_post(CHANNEL)
    right = next(b for b in buttons if b["value"].endswith("|" + post.question["answer"]))
    wrong = next(b for b in buttons if b is not right)

    first = bot.click(wrong, "U0ALICE", "alice-1")
    shown = valid(first)
    assert first["response_type"] == "ephemeral" and first["replace_original"] is False
    # the section text itself, not the JSON dump: an explanation may hold quotes or & < >
    # ("quiz now" picks a question at random)
    sections = "\n".join(b["text"]["text"] for b in first["blocks"] if b["type"] == "section")
    assert "Not quite" in sections
    assert escape_mrkdwn(post.question["explanation"])[:40] in sections
    assert "Source:" in shown

    again = bot.click(right, "U0ALICE", "alice-2")  # a second click, another option
    assert again["text"].startswith("You already answered: ")
    assert wrong["text"]["text"] in again["text"]

    bob = bot.click(right, "U0BOB", "bob-1")
    assert "Right!" in bob["text"]

    # nobody's answer appeared in the channel; only the count changed, in place
    assert len(bot.slack.calls_to("chat.postMessage")) == 1
    assert bot.slack.calls_to("chat.postEphemeral") == []
    updates = bot.slack.calls_to("chat.update")
    assert question.response is not None and question.response["ts"] == post.message_ts
    assert [u.args["ts"] for u in updates] == [post.message_ts] * 2
    assert "*2 answered*" in json.dumps(updates[-1].json_arg("blocks"))
    assert "U0ALICE" not in json.dumps([u.args for u in updates])

    answers = QuizStore(bot.deps.store).answers(channel=CHANNEL)
    assert sorted((a.user_id, a.correct) for a in answers) == [("U0ALICE", False), ("U0BOB", True)]


def test_a_retried_click_payload_counts_once(bot):
    bot.command("quiz now")
    button = question_buttons(bot)[0]
    for n in range(3):
        bot.click(button, "U0ALICE", f"retry-{n}")
    assert len(QuizStore(bot.deps.store).answers(channel=CHANNEL)) == 1
    assert len(bot.slack.calls_to("chat.update")) == 1


def test_a_click_while_the_database_is_down_says_so_and_a_later_click_counts(bot, monkeypatch):
    bot.command("quiz now")
    button, _ = right_and_wrong(bot)
    store = bot.deps.store

    def down(*args, **kwargs):
        raise StoreUnavailable("database at sqlite:///x failed a write: disk I/O error")

    monkeypatch.setattr(store, "read", down)
    monkeypatch.setattr(store, "write", down)
    reply = bot.click(button, "U0ALICE", "down")  # exactly one private reply
    valid(reply)
    assert reply["response_type"] == "ephemeral"
    assert "couldn't record your answer" in reply["text"] and "again" in reply["text"]
    assert "/whoowns help" not in reply["text"]  # not the generic apology

    monkeypatch.undo()
    again = bot.click(button, "U0ALICE", "up")
    assert again["text"].startswith("Right!")
    assert len(QuizStore(store).answers(channel=CHANNEL)) == 1


def test_a_count_slack_cannot_update_does_not_follow_the_feedback_with_an_apology(bot):
    bot.command("quiz now")
    bot.slack.fail("chat.update", error="message_not_found", times=None)  # question deleted
    _, wrong = right_and_wrong(bot)
    reply = bot.click(wrong, "U0ALICE", "a")  # exactly one reply
    assert reply["text"].startswith("Not quite")
    assert len(bot.slack.calls_to("chat.update")) == 1


def test_scores_survive_a_restart(knowledge, matcher, slack, bot, db_url):
    bot.command("quiz now")
    post = QuizStore(bot.deps.store).latest_post(CHANNEL)
    right = next(
        b for b in question_buttons(bot) if b["value"].endswith("|" + post.question["answer"])
    )
    bot.click(right, "U0ALICE", "before")
    bot.deps.store.close()

    again = make_bot(knowledge, matcher, slack, db_url)  # a new process: new app, new store
    try:
        board = again.command("leaderboard")
        shown = valid(board)
        assert "1. <@U0ALICE> — *10* pts · 1/1 right (100%)" in shown
        repeat = again.click(right, "U0ALICE", "after")
        assert repeat["text"].startswith("You already answered: ")
    finally:
        again.deps.store.close()


def test_status_and_unsubscribe(bot):
    assert "no daily quiz" in bot.command("quiz status")["text"]
    bot.command("quiz subscribe 17:30 UTC mon,wed,fri")
    status = bot.command("quiz status")
    assert "17:30 UTC, Mon, Wed, Fri" in status["text"]
    assert "Next question: Mon 15 Jan 17:30 UTC" in status["text"]
    gone = bot.command("quiz unsubscribe")
    assert gone["response_type"] == "in_channel" and "stopped the daily quiz" in gone["text"]
    assert QuizStore(bot.deps.store).subscription(CHANNEL) is None


def test_quiz_now_where_the_bot_is_not_a_member_says_how_to_fix_it(bot):
    bot.slack.fail("chat.postMessage", error="not_in_channel", channel=CHANNEL)
    bot.command("quiz now")
    [reply] = bot.slack.calls_to("response_url")
    assert "not_in_channel" in reply.args["text"] and "/invite @whoowns" in reply.args["text"]


def test_help_and_app_home_show_the_quiz(bot):
    shown = json.dumps(bot.command("help"))
    assert "/whoowns quiz subscribe 09:00 Europe/Berlin weekdays" in shown
    assert "/whoowns leaderboard" in shown
    bot.command("quiz now")
    bot.click(question_buttons(bot)[0], "U0ALICE", "a")
    bot.event(app_home_opened("U0ALICE"), event_id="EvHome1")
    [publish] = bot.slack.calls_to("views.publish")
    view = json.dumps(publish.json_arg("view"))
    assert "Your quiz stats" in view and f"<#{CHANNEL}>" in view and "/1 right" in view


def test_a_paused_channel_says_why_and_resumes(bot):
    bot.command("quiz subscribe 09:00 UTC daily")
    QuizStore(bot.deps.store).pause(CHANNEL, "not_in_channel", MONDAY_0700)
    status = bot.command("quiz status")["text"]
    assert "Paused" in status and "not_in_channel" in status and "/whoowns quiz resume" in status
    resumed = bot.command("quiz resume")
    assert resumed["response_type"] == "in_channel" and "resumed the daily quiz" in resumed["text"]
    assert QuizStore(bot.deps.store).subscription(CHANNEL).paused is False


def test_an_answer_recorded_before_the_database_fails_says_it_was_recorded(bot, monkeypatch):
    from bot.quiz.engine import QuizEngine

    bot.command("quiz subscribe 08:00 Europe/Berlin weekdays", key="sub")
    report = QuizEngine(bot.deps.knowledge, bot.deps.store, bot.deps.client).tick(MONDAY_0700)
    assert report.posted == [CHANNEL]  # today's scheduled question: it has a streak
    right, _ = right_and_wrong(bot)
    store = bot.deps.store
    record = QuizStore.record_answer

    def down(*args, **kwargs):
        raise StoreUnavailable("database at sqlite:///x failed a read: disk I/O error")

    def record_then_fail(*args, **kwargs):  # the answer commits, then the database goes away
        result = record(*args, **kwargs)
        monkeypatch.setattr(store, "read", down)
        return result

    monkeypatch.setattr(QuizStore, "record_answer", record_then_fail)
    reply = bot.click(right, "U0ALICE", "streak-down")
    valid(reply)
    assert reply["text"].startswith("Right!")
    shown = json.dumps(reply["blocks"])
    assert "Recorded; your streak could not be read just now" in shown
    assert "couldn't record" not in shown and "couldn't record" not in reply["text"]

    monkeypatch.undo()
    [answer] = QuizStore(store).answers(channel=CHANNEL)
    assert (answer.user_id, answer.correct) == ("U0ALICE", True)


def quiz_tick(bot: Bot, minutes: int):
    from datetime import timedelta

    from bot.quiz.engine import QuizEngine

    engine = QuizEngine(bot.deps.knowledge, bot.deps.store, bot.deps.client)
    return engine.tick(MONDAY_0700 + timedelta(minutes=minutes))


def test_quiz_now_that_slack_posted_but_did_not_confirm_is_found_not_posted_twice(bot):
    # Slack stores the question, then answers 500: the outcome is unknown to the bot
    bot.slack.fail("chat.postMessage", status=500, applied=True)
    bot.command("quiz now", key="now")
    [reply] = bot.slack.calls_to("response_url")
    valid(reply.args)
    assert reply.args["response_type"] == "ephemeral"
    assert "Slack did not confirm the question just now (`internal_error`)" in reply.args["text"]
    assert "I'll try again at the next tick" in reply.args["text"]
    assert "no need to ask again" in reply.args["text"]
    [shown] = bot.slack.messages(CHANNEL)

    report = quiz_tick(bot, 1)  # looks first, finds it, records it, posts nothing
    assert report.posted == [CHANNEL]
    assert len(bot.slack.calls_to("chat.postMessage")) == 1
    assert len(bot.slack.calls_to("conversations.history")) == 1
    post = QuizStore(bot.deps.store).latest_post(CHANNEL)
    assert (post.state, post.message_ts) == ("posted", shown["ts"])
    assert QuizStore(bot.deps.store).pending_claims() == []


def test_quiz_now_that_slack_refused_for_now_is_posted_at_the_next_tick(bot):
    bot.slack.fail("chat.postMessage", error="ratelimited", status=200)
    bot.command("quiz now", key="now")
    [reply] = bot.slack.calls_to("response_url")
    assert "`ratelimited`" in reply.args["text"] and "next tick" in reply.args["text"]
    assert bot.slack.messages(CHANNEL) == []

    assert quiz_tick(bot, 1).posted == [CHANNEL]
    [shown] = bot.slack.messages(CHANNEL)
    post = QuizStore(bot.deps.store).latest_post(CHANNEL)
    assert (post.state, post.message_ts) == ("posted", shown["ts"])
    assert quiz_tick(bot, 2).posted == []  # once
    assert len(bot.slack.messages(CHANNEL)) == 1


def test_quiz_now_again_while_the_first_is_still_to_retry_posts_that_one(bot):
    bot.slack.fail("chat.postMessage", error="ratelimited", status=200)
    bot.command("quiz now", key="first")
    bot.command("quiz now", key="again")  # the retry happens now, not a second question
    assert len(bot.slack.messages(CHANNEL)) == 1
    assert [c.key for c in bot.slack.calls_to("response_url")] == ["first"]
    assert len(QuizStore(bot.deps.store).posts(CHANNEL)) == 1
    assert QuizStore(bot.deps.store).pending_claims() == []


def test_quiz_now_while_a_question_is_being_posted_says_so(bot):
    from bot.quiz.engine import QuizEngine

    engine = QuizEngine(bot.deps.knowledge, bot.deps.store, bot.deps.client)
    question = engine.choose(CHANNEL, "x")
    engine.quiz.claim(  # another instance is posting a `quiz now` question right now
        channel=CHANNEL,
        slot="now-elsewhere",
        kind="extra",
        local_date=MONDAY_0700.date(),
        tz="UTC",
        question=question.to_json(),
        scheduled_at=None,
        token="other-instance",
        now=MONDAY_0700,
    )
    bot.command("quiz now", key="now")
    [reply] = bot.slack.calls_to("response_url")
    assert "already being posted" in reply.args["text"]
    assert bot.slack.calls_to("chat.postMessage") == []
