"""A schedule starts when it is set (subscribing late posts nothing until the slot the
reply names), and a close claimed but never applied is taken over after the
lease: through tick(now), the command line and the real server's start-up tick."""

from __future__ import annotations

import subprocess
import threading
import time
from datetime import datetime, timedelta, timezone

import pytest

from bot.localslack import LocalSlack
from bot.quiz.upcoming import when_text
from bot.slack.delivery import LEASE
from bot.store import open_store
from bot.store.quiz import QuizStore
from tests.support.processes import (
    free_port,
    run_whoowns,
    stop,
    wait_for_health,
    whoowns_argv,
    whoowns_env,
)

MON_0800 = datetime(2024, 1, 15, 8, 0, tzinfo=timezone.utc)  # Monday 09:00 in Berlin


def subscribe(engine, channel="C1", at="09:00", tz="Europe/Berlin", days="weekdays"):
    """Subscribed the day before (a schedule starts when it is set)."""
    engine.quiz.subscribe(channel, at, tz, days, "U0ADMIN", MON_0800 - timedelta(days=1))


BERLIN_2102 = datetime(2024, 1, 15, 20, 2, tzinfo=timezone.utc)  # Monday 21:02 in Berlin


def test_subscribing_after_todays_time_posts_tomorrow_as_the_reply_says(engine, slack):
    sub = engine.quiz.subscribe("C1", "09:00", "Europe/Berlin", "weekdays", "U1", BERLIN_2102)
    assert when_text(engine.quiz, sub, BERLIN_2102) == "Tue 16 Jan 09:00 Europe/Berlin"
    assert engine.tick(BERLIN_2102 + timedelta(minutes=1)).posted == []
    assert engine.tick(datetime(2024, 1, 16, 8, 0, tzinfo=timezone.utc)).posted == ["C1"]


def test_a_late_tick_still_posts_a_slot_that_existed_when_it_was_due(engine, slack):
    subscribe(engine)  # the day before
    sub = engine.quiz.subscription("C1")
    late = MON_0800 + timedelta(hours=3)  # the bot was down at 09:00
    assert when_text(engine.quiz, sub, late).endswith("(due: the next tick posts it)")
    assert engine.tick(late).posted == ["C1"]
    assert when_text(engine.quiz, sub, late) == "Tue 16 Jan 09:00 Europe/Berlin"


def test_changing_the_time_is_a_new_schedule_the_same_one_keeps_its_start(engine, slack):
    subscribe(engine)  # 09:00, the day before
    # the same schedule again at 10:00: today's 09:00 question is still due
    engine.quiz.subscribe(
        "C1", "09:00", "Europe/Berlin", "weekdays", "U1", MON_0800 + timedelta(hours=1)
    )
    engine.quiz.subscribe(
        "C2", "09:00", "Europe/Berlin", "weekdays", "U1", MON_0800 - timedelta(days=1)
    )
    # C2 changes its time to 08:30 at 10:00: 08:30 today is before the change
    engine.quiz.subscribe(
        "C2", "08:30", "Europe/Berlin", "weekdays", "U1", MON_0800 + timedelta(hours=1)
    )
    assert engine.tick(MON_0800 + timedelta(hours=1, minutes=1)).posted == ["C1"]


def test_a_close_claimed_by_a_process_that_died_is_applied_after_the_lease(engine, slack):
    subscribe(engine)
    engine.tick(MON_0800)
    post = engine.quiz.post_for("C1", "2024-01-15")
    closing = MON_0800 + timedelta(hours=1)
    assert engine.quiz.mark_closed(post.id, closing)  # then the process died: no chat.update
    engine.tick(closing + timedelta(seconds=30))
    assert slack.calls_to("chat.update") == []  # within the lease: maybe still closing
    engine.tick(closing + LEASE + timedelta(seconds=1))
    engine.tick(closing + LEASE + timedelta(minutes=5))
    [update] = slack.calls_to("chat.update")
    assert update.args["ts"] == post.message_ts
    assert all(b["type"] != "actions" for b in update.json_arg("blocks"))  # buttons removed
    assert engine.quiz.post(post.id).close_done_at is not None


def test_the_command_line_subscribe_names_the_slot_the_tick_posts(tmp_path):
    env = whoowns_env(tmp_path)
    out = run_whoowns(
        "quiz",
        "subscribe",
        "--channel",
        "C0LATE",
        "--time",
        "00:00",
        "--tz",
        "UTC",
        "--days",
        "daily",
        "--now",
        "2024-01-15T20:02:00Z",
        env=env,
    )
    assert out.returncode == 0, out.stderr
    assert "Next question: Tue 16 Jan 00:00 UTC (2024-01-16 00:00 UTC)" in out.stdout
    with LocalSlack() as slack:
        tick_env = whoowns_env(tmp_path, api_url=slack.base_url)
        run = run_whoowns("quiz", "tick", "--now", "2024-01-15T20:03:00Z", env=tick_env)
        assert run.returncode == 0, run.stderr
        assert slack.calls_to("chat.postMessage") == []
        run = run_whoowns("quiz", "tick", "--now", "2024-01-16T00:00:00Z", env=tick_env)
        assert len(slack.calls_to("chat.postMessage")) == 1


@pytest.mark.slow
def test_the_servers_start_up_tick_does_not_post_a_slot_from_before_the_subscription(tmp_path):
    db_url = f"sqlite:///{tmp_path / 'db' / 'whoowns.db'}"
    env = whoowns_env(tmp_path, db_url=db_url)
    # subscribed now (real time) at 00:00 UTC daily: today's 00:00 was before the subscription
    out = run_whoowns(
        "quiz",
        "subscribe",
        "--channel",
        "C0LATE",
        "--time",
        "00:00",
        "--tz",
        "UTC",
        "--days",
        "daily",
        env=env,
    )
    assert out.returncode == 0, out.stderr
    store = open_store(db_url)
    try:  # a channel subscribed long ago: its question is due, so the tick shows it ran
        QuizStore(store).subscribe(
            "C0EARLY", "00:00", "UTC", "daily", None, datetime(2024, 1, 1, tzinfo=timezone.utc)
        )
    finally:
        store.close()
    with LocalSlack() as slack:
        port = free_port()
        proc = subprocess.Popen(
            whoowns_argv("serve", "--port", str(port)),
            env=whoowns_env(tmp_path, db_url=db_url, api_url=slack.base_url, LOG_LEVEL="INFO"),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        reports: list[str] = []

        def read() -> None:
            try:
                for line in proc.stderr:
                    if " due, " in line:
                        reports.append(line)
            except (OSError, ValueError):
                return

        try:
            wait_for_health(f"http://127.0.0.1:{port}/health", proc, timeout=60)
            threading.Thread(target=read, daemon=True).start()
            deadline = time.monotonic() + 60
            while not reports and time.monotonic() < deadline:
                time.sleep(0.05)  # waits for the start-up tick's report, not for a schedule
            assert reports, "the start-up tick reported nothing"
            assert [c.args["channel"] for c in slack.calls_to("chat.postMessage")] == ["C0EARLY"]
        finally:
            stop(proc, timeout=30)


# -- Slack: subscribe joins the channel; status says which guarantee holds --------------------


@pytest.fixture
def bot(knowledge, matcher, db_url):
    from bot.clock import fixed_clock
    from tests.support.bolt import open_bot

    with LocalSlack() as slack:
        made = open_bot(knowledge, matcher, slack, db_url, clock=fixed_clock(BERLIN_2102))
        yield made
        made.deps.store.close()


def test_slack_subscribe_late_joins_names_tomorrow_and_status_tells_the_guarantee(bot):
    bot.command("quiz subscribe 09:00 Europe/Berlin weekdays", key="sub")
    [reply] = bot.slack.calls_to("response_url")
    assert "Next question: Tue 16 Jan 09:00 Europe/Berlin" in reply.args["text"]
    [join] = bot.slack.calls_to("conversations.join")
    channel = join.args["channel"]
    status = bot.command("quiz status")["text"]
    assert "Next question: Tue 16 Jan 09:00 Europe/Berlin" in status
    assert "Delivery: exactly once, even after a crash." in status
    # a later lookup that may not read the channel's history: the weaker guarantee, said
    from bot.store.access import AT_MOST_ONE_REPEAT, AccessStore

    AccessStore(bot.deps.store).record(channel, AT_MOST_ONE_REPEAT, "not_in_channel", BERLIN_2102)
    status = bot.command("quiz status", key="again")["text"]
    assert "at most one repeat, only if the bot dies between Slack's answer" in status
    assert "not_in_channel" in status


def test_quiz_list_says_which_guarantee_holds_per_channel(tmp_path, capsys):
    import json

    from bot.store.access import AT_MOST_ONE_REPEAT, AccessStore

    db_url = f"sqlite:///{tmp_path / 'q.db'}"
    store = open_store(db_url)
    try:
        quiz = QuizStore(store)
        for c in ("C0A", "C0B"):
            quiz.subscribe(c, "09:00", "UTC", "daily", None, BERLIN_2102)
        AccessStore(store).record("C0B", AT_MOST_ONE_REPEAT, "missing_scope", BERLIN_2102)
    finally:
        store.close()
    env = whoowns_env(tmp_path, db_url=db_url)
    out = run_whoowns("quiz", "list", "--json", "--now", "2024-01-15T20:03:00Z", env=env)
    rows = {r["channel"]: r for r in json.loads(out.stdout)}
    assert (rows["C0A"]["guarantee"], rows["C0B"]["guarantee"]) == ("exactly-once", "one-repeat")
    assert rows["C0B"]["guarantee_reason"] == "missing_scope"
    assert rows["C0A"]["next"] == "Tue 16 Jan 09:00 UTC"
    text = run_whoowns("quiz", "list", "--now", "2024-01-15T20:03:00Z", env=env).stdout
    assert (
        "at most one repeat" in text
        and "(it cannot read this channel's history: missing_scope)" in text
    )
