"""The knowledge_gaps table on both databases: one row per (text, kind), counted."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from bot.store.gaps import GapStore

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)


def test_asking_again_counts_and_moves_last_seen(store):
    gaps = GapStore(store)
    gaps.record("what is qldb", "unknown_term", T0)
    gaps.record("what is qldb", "unknown_term", T0 + timedelta(hours=2))
    gaps.record("mysql", "no_intent", T0 + timedelta(hours=1))
    [first, second] = gaps.top(since=T0 - timedelta(days=1), limit=10)
    assert (first.text, first.kind, first.count) == ("what is qldb", "unknown_term", 2)
    assert first.first_seen == T0 and first.last_seen == T0 + timedelta(hours=2)
    assert (second.text, second.count) == ("mysql", 1)


def test_the_same_text_of_another_kind_is_its_own_row(store):
    gaps = GapStore(store)
    gaps.record("patching serverless", "low_confidence", T0)
    gaps.record("patching serverless", "no_intent", T0)
    assert sorted(r.kind for r in gaps.top(since=T0, limit=10)) == ["low_confidence", "no_intent"]
    assert gaps.dismiss("patching serverless", ["no_intent"]) == 1
    assert [r.kind for r in gaps.top(since=T0, limit=10)] == ["low_confidence"]


def test_since_limit_dismiss_and_purge(store):
    gaps = GapStore(store)
    for day in range(5):
        for _ in range(day + 1):
            gaps.record(f"gap {day}", "unknown_term", T0 + timedelta(days=day))
    recent = gaps.top(since=T0 + timedelta(days=3), limit=10)
    assert [r.text for r in recent] == ["gap 4", "gap 3"]
    assert [r.text for r in gaps.top(since=T0, limit=2)] == ["gap 4", "gap 3"]
    assert [r.text for r in gaps.top(since=T0, limit=2, offset=2)] == ["gap 2", "gap 1"]
    assert gaps.dismiss("gap 4") == 1 and gaps.dismiss("gap 4") == 0
    assert gaps.purge(T0 + timedelta(days=2)) == 2  # gap 0 and gap 1
    assert [r.text for r in gaps.top(since=T0, limit=10)] == ["gap 3", "gap 2"]
