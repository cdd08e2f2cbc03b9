"""The weekly digest through the delivery protocol: posted once on its day with the team's
attention items and maintenance, quiet when there is nothing to say, what changed since last
week; a 429 with Retry-After, a crash at every point between claim and record (the next tick
looks before posting again), two instances ticking at once. Clock injected, SQLite and
PostgreSQL."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta, timezone

import pytest

from bot.digest.engine import DigestEngine
from bot.slack.delivery import LEASE
from bot.store.digests import POSTED, DigestStore
from tests.support.payloads import all_text, assert_valid_message

MON = datetime(2026, 3, 2, 8, 0, tzinfo=timezone.utc)  # Monday 09:00 in Berlin
SUBSCRIBED = MON - timedelta(days=1)


class Crash(BaseException):
    """The process dies here (not an Exception: nothing handles it)."""


def subscribe(store, channel="C0OPS", team="web", days="mon") -> None:
    DigestStore(store).subscribe(
        channel, team, "09:00", "Europe/Berlin", days, "U0WENDY", SUBSCRIBED
    )


def engine(fleet, store, client, findings, **kw) -> DigestEngine:
    return DigestEngine(fleet, store, client, findings, **kw)


def digests(slack, channel="C0OPS") -> list[dict]:
    return [m for m in slack.messages(channel) if (m.get("metadata") or {}).get("event_type")]


def test_monday_posts_the_teams_attention_and_maintenance_once(
    fleet, store, client, slack, findings
):
    subscribe(store)
    e = engine(fleet, store, client, findings)
    assert e.tick(MON - timedelta(minutes=1)).outcomes == []  # 08:59 in Berlin: not yet
    assert e.tick(MON).outcomes == [("C0OPS", "posted")]
    assert e.tick(MON + timedelta(minutes=1)).outcomes == []  # done for the day
    [message] = digests(slack)
    assert_valid_message(message)
    assert len(message["blocks"]) <= 50
    text = all_text(message)
    assert "Weekly digest: Web" in text
    assert "*shop-db* · Backups configured" in text
    assert "system-update, applied after 10 Mar 2026" in text  # within 14 days
    assert "db-upgrade" not in text  # June: beyond 14 days
    assert "<!subteam^S0WEB>" not in text  # a channel post pings nobody
    assert "whoowns practices --team web" in text
    assert "Since the last digest" not in text  # nothing to compare the first week


def test_the_next_week_says_what_changed(fleet, store, client, slack, findings):
    subscribe(store)
    DigestStore(store).remember("C0OPS", "web", ["attention:shop-db:gone-practice"])
    # a stored "last week" with one item no longer there, and none of today's
    engine(fleet, store, client, findings).tick(MON)
    text = all_text(digests(slack)[0])
    assert "Since the last digest:" in text and "1 resolved" in text
    assert "shop-db · gone-practice: no longer needs attention" in text
    store_items = DigestStore(store).subscription("C0OPS").last_items
    assert "attention:shop-db:backups-configured" in store_items  # next week compares these


def test_a_team_with_nothing_to_say_posts_nothing(fleet, store, client, slack, findings):
    subscribe(store, team="search")  # no databases: nothing needs attention
    report = engine(fleet, store, client, findings).tick(MON)
    assert report.outcomes == [("C0OPS", "quiet")]
    assert slack.calls_to("chat.postMessage") == []


def test_a_429_waits_retry_after_and_posts_once(fleet, store, client, slack, findings):
    subscribe(store)
    waits: list[float] = []
    slack.fail("chat.postMessage", status=429, times=1, retry_after=7)
    report = engine(fleet, store, client, findings, sleep=waits.append).tick(MON)
    assert report.outcomes == [("C0OPS", "posted")]
    assert waits == [7.0]
    assert len(digests(slack)) == 1


def dying_at(point: str):
    def fault(at: str, delivery) -> None:
        if at == point:
            raise Crash(at)

    return fault


@pytest.mark.parametrize("point", ["claimed", "answered", "recorded"])
def test_a_crash_between_claim_and_record_leaves_one_digest(
    point, fleet, store, client, slack, findings
):
    subscribe(store)
    with pytest.raises(Crash):
        engine(fleet, store, client, findings, fault=dying_at(point)).tick(MON)
    later = engine(fleet, store, client, findings)
    assert later.tick(MON + timedelta(seconds=30)).outcomes == []  # within the lease
    resumed = later.tick(MON + LEASE + timedelta(seconds=30)).outcomes
    assert resumed == ([] if point == "recorded" else [("C0OPS", "resumed")])
    assert len(digests(slack)) == 1
    posts = len(slack.calls_to("chat.postMessage"))
    assert posts == 1  # "answered": found by the lookup, not posted again
    looked = [c.args["channel"] for c in slack.calls_to("conversations.history")]
    assert looked == ([] if point == "recorded" else ["C0OPS"])
    post = DigestStore(store).post("C0OPS/2026-03-02")
    assert post.state == POSTED and post.message_ts == digests(slack)[0]["ts"]


def test_two_instances_ticking_at_once_post_once(fleet, store, client, slack, findings):
    channels = [f"C0OPS{i}" for i in range(6)]
    for c in channels:
        subscribe(store, channel=c)
    barrier = threading.Barrier(2)
    reports = []

    def run() -> None:
        e = engine(fleet, store, client, findings)
        barrier.wait()
        reports.append(e.tick(MON))

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert {c: len(digests(slack, c)) for c in channels} == {c: 1 for c in channels}
    assert sum(r.count("posted") for r in reports) == len(channels)
