"""Exactly once via Slack: every crash point of the delivery path, on SQLite and
PostgreSQL, then later ticks (clock injected, past the lease): every channel gets exactly one
question. Also: metadata on every post, the lookup only when an outcome is unknown, 500s and
timeouts retried through the lookup, a rate-limited lookup, missing scopes, lease renewal
during 429 waits, the database going away in the middle of a fan-out."""

from __future__ import annotations

import logging
from collections import Counter
from datetime import datetime, timedelta, timezone

import pytest
from slack_sdk import WebClient

from bot.localslack.ids import BOT_TOKEN
from bot.quiz.engine import QuizEngine
from bot.slack.delivery import LEASE, METADATA_EVENT, delivery_key
from bot.store import StoreUnavailable
from bot.store.access import AT_MOST_ONE_REPEAT, AccessStore
from bot.store.quiz import POSTED

MON_0800 = datetime(2024, 1, 15, 8, 0, tzinfo=timezone.utc)  # Monday 09:00 in Berlin


def subscribe(engine, channel="C1", at="09:00", tz="Europe/Berlin", days="weekdays"):
    """Subscribed the day before (a schedule starts when it is set)."""
    engine.quiz.subscribe(channel, at, tz, days, "U0ADMIN", MON_0800 - timedelta(days=1))


CHANNELS = [f"C{i}" for i in range(1, 7)]
DAY = "2024-01-15"


class Crash(BaseException):
    """The process dies: nothing after this point runs (not an Exception: no handler eats it)."""


def dying_at(point: str, after: int = 2):
    """A fault hook: the process dies at ``point`` of its (after+1)-th delivery; from then on
    every delivery dies at its first crash point (the process is gone)."""
    seen = {"n": 0, "dead": False}

    def fault(at: str, delivery) -> None:
        if seen["dead"]:
            raise Crash(at)
        if at == point:
            seen["n"] += 1
            if seen["n"] > after:
                seen["dead"] = True
                raise Crash(at)

    return fault


def questions_in(slack, channel: str) -> list[dict]:
    return [m for m in slack.messages(channel) if (m.get("metadata") or {}).get("event_type")]


def assert_exactly_one_each(engine, slack) -> None:
    assert {c: len(questions_in(slack, c)) for c in CHANNELS} == {c: 1 for c in CHANNELS}
    for c in CHANNELS:
        post = engine.quiz.post_for(c, DAY)
        assert post.state == POSTED
        assert post.message_ts == questions_in(slack, c)[0]["ts"]


@pytest.mark.parametrize("point", ["claimed", "answered", "recorded"])
def test_a_process_dying_at_any_point_leaves_exactly_one_question_per_channel(
    knowledge, store, client, slack, point
):
    for c in CHANNELS:
        subscribe(QuizEngine(knowledge, store, client, concurrency=1), channel=c)
    dying = QuizEngine(knowledge, store, client, concurrency=1)
    dying.courier.fault = dying_at(point)
    with pytest.raises(Crash):
        dying.tick(MON_0800)
    later = QuizEngine(knowledge, store, client)
    later.tick(MON_0800 + timedelta(seconds=30))  # within the lease: nothing taken over
    later.tick(MON_0800 + LEASE + timedelta(seconds=30))
    later.tick(MON_0800 + LEASE + timedelta(minutes=30))
    assert_exactly_one_each(later, slack)
    # every claim taken over looked first (its holder may have posted); C1, C2 were done
    lookups = slack.calls_to("conversations.history")
    taken = ["C4", "C5", "C6"] if point == "recorded" else ["C3", "C4", "C5", "C6"]
    assert sorted(c.args["channel"] for c in lookups) == taken
    assert all(int(c.args["limit"]) <= 15 for c in lookups)
    posts = Counter(c.args["channel"] for c in slack.calls_to("chat.postMessage"))
    assert posts == Counter({c: 1 for c in CHANNELS})  # C3's lost answer: found, not reposted


def test_every_question_names_its_delivery_and_a_healthy_day_never_looks(engine, slack):
    subscribe(engine, channel="C1")
    engine.tick(MON_0800)
    [message] = slack.messages("C1")
    assert message["metadata"] == {
        "event_type": METADATA_EVENT,
        "event_payload": {"kind": "quiz", "key": delivery_key("quiz", [f"C1/{DAY}"])},
    }
    assert "C1" not in str(message["metadata"])  # nothing personal: a hash of the key
    assert slack.calls_to("conversations.history") == []


def test_a_500_after_slack_posted_is_found_not_posted_twice(engine, slack):
    subscribe(engine, channel="C1")
    slack.fail("chat.postMessage", status=500, times=1, applied=True)
    assert engine.tick(MON_0800).failed[0][0] == "C1"
    assert engine.tick(MON_0800 + timedelta(minutes=1)).resumed == ["C1"]
    assert len(slack.messages("C1")) == 1
    assert len(slack.calls_to("chat.postMessage")) == 1  # never asked to post again
    assert engine.quiz.post_for("C1", DAY).message_ts == slack.messages("C1")[0]["ts"]


def test_a_post_that_times_out_is_found_by_the_retry(knowledge, store, slack):
    quick = WebClient(token=BOT_TOKEN, base_url=slack.base_url, timeout=0.5)
    engine = QuizEngine(knowledge, store, quick)
    subscribe(engine, channel="C1")
    slack.stall("chat.postMessage")  # Slack posts, its answer never comes back in time
    try:
        report = engine.tick(MON_0800)
    finally:
        slack.release()
    assert report.failed[0][0] == "C1"
    assert engine.tick(MON_0800 + timedelta(minutes=1)).resumed == ["C1"]
    assert len(slack.messages("C1")) == 1
    assert len(slack.calls_to("chat.postMessage")) == 1


def test_a_rate_limited_lookup_waits_for_the_next_tick(engine, slack):
    subscribe(engine, channel="C1")
    slack.fail("chat.postMessage", status=500, times=1)  # not posted, but nobody knows
    engine.tick(MON_0800)
    slack.fail("conversations.history", status=429, times=1)
    assert engine.tick(MON_0800 + timedelta(minutes=1)).failed[0][0] == "C1"
    assert len(slack.calls_to("chat.postMessage")) == 1  # no post without a lookup
    assert engine.tick(MON_0800 + timedelta(minutes=2)).resumed == ["C1"]
    assert len(slack.messages("C1")) == 1


def test_without_history_access_it_posts_anyway_and_says_so(engine, slack, caplog):
    subscribe(engine, channel="C1")
    slack.fail("chat.postMessage", status=500, times=1)
    engine.tick(MON_0800)
    slack.fail("conversations.history", error="missing_scope", times=1)
    with caplog.at_level(logging.WARNING, logger="bot.slack.delivery"):
        assert engine.tick(MON_0800 + timedelta(minutes=1)).resumed == ["C1"]
    assert len(slack.messages("C1")) == 1
    [line] = [r for r in caplog.records if "missing_scope" in r.getMessage()]
    assert "posting anyway" in line.getMessage()
    access = AccessStore(engine.quiz.store).of(["C1"])["C1"]
    assert (access.guarantee, access.reason) == (AT_MOST_ONE_REPEAT, "missing_scope")


def test_a_slow_post_renews_its_lease_and_is_not_taken_over(knowledge, store, client, slack):
    subscribe(QuizEngine(knowledge, store, client), channel="C1")
    other = QuizEngine(knowledge, store, client)
    seen: list[str] = []

    def wait(seconds: float) -> None:  # another instance ticks while this one waits
        seen.append(other.tick(MON_0800 + LEASE + timedelta(seconds=30)).summary())

    slow = QuizEngine(knowledge, store, client, sleep=wait)
    slack.fail("chat.postMessage", status=429, retry_after=300, times=1)
    assert slow.tick(MON_0800).posted == ["C1"]
    assert "1 being posted elsewhere" in seen[0]
    assert len(slack.messages("C1")) == 1


def test_the_database_going_away_mid_fan_out_loses_and_doubles_nothing(
    knowledge, store, client, slack
):
    for c in CHANNELS:
        subscribe(QuizEngine(knowledge, store, client), channel=c)
    engine = QuizEngine(knowledge, store, client, concurrency=1)
    down = {"after": 2, "n": 0}

    def database_gone(at: str, delivery) -> None:
        # from the third post on, the record after Slack's answer fails, then every claim
        if at == "answered":
            down["n"] += 1
        if down["n"] > down["after"] and at in ("answered", "claimed"):
            raise StoreUnavailable("database at … is not reachable")

    engine.courier.fault = database_gone
    report = engine.tick(MON_0800)
    assert len(report.posted) == 2 and len(report.failed) == 4
    engine.courier.fault = None  # the database is back
    engine.tick(MON_0800 + timedelta(minutes=1))  # released or fresh claims: within the lease
    engine.tick(MON_0800 + LEASE + timedelta(minutes=1))
    assert_exactly_one_each(engine, slack)
    assert Counter(c.args["channel"] for c in slack.calls_to("chat.postMessage")) == Counter(
        {c: 1 for c in CHANNELS}
    )
