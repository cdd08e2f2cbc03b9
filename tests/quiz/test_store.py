"""The quiz store on SQLite and PostgreSQL (the `store` fixture runs each test on both)."""

from __future__ import annotations

import threading
from datetime import date, datetime, timedelta, timezone

import pytest

from bot.store.quiz import CLAIMED, CLOSED, POSTED, QuizStore

NOW = datetime(2024, 3, 4, 8, 0, tzinfo=timezone.utc)
LEASE = timedelta(minutes=2)
QUESTION = {"id": "q-1", "text": "Who?", "answer": "aws"}


@pytest.fixture
def qs(store):
    return QuizStore(store)


def claim(qs, token, *, channel="C1", slot="2024-03-04", now=NOW, question=QUESTION):
    return qs.claim(
        channel=channel,
        slot=slot,
        kind="scheduled",
        local_date=date.fromisoformat(slot) if slot[0].isdigit() else now.date(),
        tz="Europe/Berlin",
        question=question,
        scheduled_at=now,
        token=token,
        now=now,
    )


def test_subscribe_replaces_and_unpauses(qs):
    qs.subscribe("C1", "09:00", "Europe/Berlin", "weekdays", "U1", NOW)
    qs.pause("C1", "not_in_channel", NOW)
    assert qs.subscription("C1").paused_reason == "not_in_channel"
    assert qs.subscriptions(include_paused=False) == []
    sub = qs.subscribe("C1", "10:30", "UTC", "daily", "U2", NOW)
    assert (sub.at, sub.tz, sub.days, sub.paused) == ("10:30", "UTC", "daily", False)
    assert [s.channel for s in qs.subscriptions()] == ["C1"]
    assert qs.unsubscribe("C1") is True
    assert qs.unsubscribe("C1") is False
    assert qs.subscription("C1") is None


def test_one_claim_per_channel_and_day(qs):
    assert claim(qs, "t1") is True
    assert claim(qs, "t2") is False  # same channel, same day
    assert claim(qs, "t3", channel="C2") is True
    assert claim(qs, "t4", slot="2024-03-05") is True
    post = qs.post_for("C1", "2024-03-04")
    assert (post.state, post.claim_token, post.question["id"]) == (CLAIMED, "t1", "q-1")


def test_concurrent_claims_one_winner(qs):
    # Many rounds on PostgreSQL: a claim racing another one into the primary key (not the
    # (channel, slot) index) used to raise UniqueViolation in a few rounds out of a hundred.
    rounds = 60 if qs.store.dialect == "postgresql" else 5
    for round in range(rounds):
        slot = (date(2024, 3, 4) + timedelta(days=round)).isoformat()
        results: list[bool] = []
        errors: list[BaseException] = []
        barrier = threading.Barrier(8)

        def run(i: int, slot: str = slot, results=results, errors=errors, barrier=barrier) -> None:
            barrier.wait()
            try:
                results.append(claim(qs, f"t{i}", slot=slot))
            except BaseException as exc:  # shown by the assertion below
                errors.append(exc)

        threads = [threading.Thread(target=run, args=(i,)) for i in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert errors == [], f"round {round}"
        assert sorted(results) == [False] * 7 + [True], f"round {round}"


def test_posting_needs_the_claim(qs):
    claim(qs, "t1")
    assert qs.claims.posted(["C1/2024-03-04"], "someone-else", NOW, message_ts="1.1") is False
    assert qs.claims.posted(["C1/2024-03-04"], "t1", NOW, message_ts="1.2") is True
    post = qs.post("C1/2024-03-04")
    assert (post.state, post.message_ts) == (POSTED, "1.2")
    assert qs.claims.posted(["C1/2024-03-04"], "t1", NOW, message_ts="1.3") is False  # once


def test_a_stale_claim_is_taken_over_once(qs):
    claim(qs, "dead")  # the process died after this
    post = qs.post("C1/2024-03-04")
    assert qs.take_over(post, "early", NOW + timedelta(seconds=30), LEASE) is False  # lease
    later = NOW + LEASE + timedelta(seconds=1)
    assert qs.take_over(post, "t2", later, LEASE) is True
    assert qs.take_over(post, "t3", later, LEASE) is False  # the old token is gone
    assert qs.claims.posted([post.id], "dead", later, message_ts="1.1") is False  # lost it
    assert qs.claims.posted([post.id], "t2", later, message_ts="1.2") is True


def test_a_released_claim_is_taken_at_once(qs):
    claim(qs, "t1")
    qs.claims.release(["C1/2024-03-04"], "t1", "ratelimited")
    post = qs.post("C1/2024-03-04")
    assert post.claimed_at is None and post.error == "ratelimited"
    assert qs.take_over(post, "t2", NOW, LEASE) is True


def test_first_answer_wins(qs):
    claim(qs, "t1")
    qs.claims.posted(["C1/2024-03-04"], "t1", NOW, message_ts="1.1")
    post = qs.post("C1/2024-03-04")
    first = qs.record_answer(post, "U1", "aws", True, NOW)
    again = qs.record_answer(post, "U1", "customer", False, NOW + timedelta(seconds=1))
    assert first[0] is True and again[0] is False
    assert again[1].option == "aws" and again[1].correct is True
    qs.record_answer(post, "U2", "customer", False, NOW)
    assert qs.answer_counts(post.id) == {"aws": 1, "customer": 1}
    assert {a.user_id for a in qs.answers(channel="C1")} == {"U1", "U2"}


def test_concurrent_clicks_count_once(qs):
    claim(qs, "t1")
    qs.claims.posted(["C1/2024-03-04"], "t1", NOW, message_ts="1.1")
    post = qs.post("C1/2024-03-04")
    inserted: list[bool] = []
    barrier = threading.Barrier(6)

    def click(option: str) -> None:
        barrier.wait()
        inserted.append(qs.record_answer(post, "U1", option, option == "aws", NOW)[0])

    threads = [threading.Thread(target=click, args=(o,)) for o in ["aws", "shared"] * 3]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert inserted.count(True) == 1
    assert sum(qs.answer_counts(post.id).values()) == 1


def test_open_posts_close_and_asked_counts(qs):
    for day, qid in (("2024-03-04", "q-1"), ("2024-03-05", "q-2")):
        claim(qs, day, slot=day, question={**QUESTION, "id": qid})
        qs.claims.posted([f"C1/{day}"], day, NOW, message_ts=day)
    assert [p.id for p in qs.open_posts("C1", except_id="C1/2024-03-05")] == ["C1/2024-03-04"]
    assert qs.mark_closed("C1/2024-03-04", NOW) is True
    assert qs.mark_closed("C1/2024-03-04", NOW) is False
    assert qs.post("C1/2024-03-04").state == CLOSED
    claim(qs, "x", slot="2024-03-06", question={**QUESTION, "id": "q-1"})
    qs.claims.failed(["C1/2024-03-06"], "x", "channel_not_found")
    assert qs.asked_counts("C1") == {"q-1": 1, "q-2": 1}  # the failed post does not count
