"""Exactly once, with real processes: two `whoowns tick` processes started together on one
database (a SQLite file, then PostgreSQL), at the same injected instant, post each channel's
weekly digest once between them."""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta, timezone

import pytest

from bot.localslack import LocalSlack
from bot.store import open_store
from bot.store.digests import POSTED, DigestStore
from tests.support.payloads import all_text
from tests.support.processes import run_concurrently, whoowns_env

pytestmark = pytest.mark.slow

CHANNELS = [f"C0OPS{i}" for i in range(6)]
NOW = "2026-03-02T08:00:00Z"  # Monday 09:00 in Berlin
SUBSCRIBED = datetime(2026, 3, 1, tzinfo=timezone.utc)


def subscribe_all(db_url: str) -> None:
    store = open_store(db_url)
    try:
        for channel in CHANNELS:
            DigestStore(store).subscribe(
                channel, "web", "09:00", "Europe/Berlin", "mon", "U0WENDY", SUBSCRIBED
            )
    finally:
        store.close()


def digests_per_channel(slack: LocalSlack) -> Counter:
    found = ((c, m) for c in CHANNELS for m in slack.messages(c))
    return Counter(c for c, m in found if (m.get("metadata") or {}).get("event_type"))


def test_two_tick_processes_post_each_digest_once(db_url, org_dir, tmp_path):
    subscribe_all(db_url)
    with LocalSlack() as slack:
        env = whoowns_env(
            tmp_path,
            db_url=db_url,
            api_url=slack.base_url,
            LOG_LEVEL="WARNING",
            WHOOWNS_ORG_KNOWLEDGE=str(org_dir),
        )
        codes, outputs = run_concurrently("tick", "--now", NOW, env=env, times=2)
        assert codes == [0, 0], outputs
        assert digests_per_channel(slack) == Counter({c: 1 for c in CHANNELS})
        assert len(slack.calls_to("chat.postMessage", ok=True)) == len(CHANNELS)
        for channel in CHANNELS:
            [message] = slack.messages(channel)
            assert "Weekly digest: Web" in all_text(message)
            assert "*shop-db* · Backups configured" in all_text(message)
        # a later tick the same day finds every digest done
        later = (datetime.fromisoformat(NOW) + timedelta(minutes=5)).isoformat()
        codes, outputs = run_concurrently("tick", "--now", later, env=env, times=2)
        assert codes == [0, 0], outputs
        assert len(slack.calls_to("chat.postMessage", ok=True)) == len(CHANNELS)
    store = open_store(db_url)
    try:
        digests = DigestStore(store)
        posts = [digests.post(f"{c}/2026-03-02") for c in CHANNELS]
    finally:
        store.close()
    assert [p.state if p else None for p in posts] == [POSTED] * len(CHANNELS)
