"""``whoowns gaps`` as an operator runs it, on both databases; ``whoowns ask`` records nothing."""

from __future__ import annotations

import json
from datetime import timedelta

from bot.store.gaps import GapStore
from tests.support.gaps import T0
from tests.support.processes import run_whoowns, whoowns_env

NOW = "2026-03-10T09:00:00Z"


def seed(store) -> None:
    gaps = GapStore(store)
    for _ in range(3):
        gaps.record("what is qldb", "unknown_term", T0)
    gaps.record("what is qldb", "unknown_term", T0 + timedelta(days=7, hours=20))
    gaps.record("patching serverless", "low_confidence", T0 + timedelta(days=7))
    gaps.record("memcached backups", "unknown_term", T0 + timedelta(days=1))
    gaps.record("patching aurora", "low_confidence", T0)  # answered fully today: re-checked


def test_the_json_lists_the_top_gaps_by_count(store, db_url, tmp_path):
    seed(store)
    env = whoowns_env(tmp_path, db_url=db_url)
    done = run_whoowns("gaps", "--json", "--now", NOW, env=env)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == [
        {
            "text": "what is qldb",
            "kind": "unknown_term",
            "count": 4,
            "first_seen": "2026-03-02T09:00:00Z",
            "last_seen": "2026-03-10T05:00:00Z",
        },
        {
            "text": "patching serverless",
            "kind": "low_confidence",
            "count": 1,
            "first_seen": "2026-03-09T09:00:00Z",
            "last_seen": "2026-03-09T09:00:00Z",
        },
        {
            "text": "memcached backups",
            "kind": "unknown_term",
            "count": 1,
            "first_seen": "2026-03-03T09:00:00Z",
            "last_seen": "2026-03-03T09:00:00Z",
        },
    ]
    assert "patching aurora" not in done.stdout


def test_since_limit_text_and_dismiss(store, db_url, tmp_path):
    seed(store)
    env = whoowns_env(tmp_path, db_url=db_url)
    recent = run_whoowns("gaps", "--since", "24h", "--json", "--now", NOW, env=env)
    assert [g["text"] for g in json.loads(recent.stdout)] == ["what is qldb", "patching serverless"]
    week = run_whoowns("gaps", "--since", "2d", "--limit", "1", "--now", NOW, env=env)
    assert week.returncode == 0, week.stderr
    assert week.stdout.splitlines() == [
        "Knowledge gaps in the last 2 days, most asked first:",
        "  4×  what is qldb  (unknown term; last 2026-03-10 05:00 UTC)",
    ]
    gone = run_whoowns("gaps", "dismiss", "What is QLDB?", env=env)
    assert gone.returncode == 0 and "Dismissed" in gone.stdout
    left = run_whoowns("gaps", "--json", "--now", NOW, env=env)
    assert [g["text"] for g in json.loads(left.stdout)] == [
        "patching serverless",
        "memcached backups",
    ]
    again = run_whoowns("gaps", "dismiss", "what is qldb", env=env)
    assert again.returncode == 1 and "no gap 'what is qldb'" in again.stderr


def test_bad_input_gets_a_clear_answer(tmp_path):
    env = whoowns_env(tmp_path)
    bad = run_whoowns("gaps", "--since", "a week", env=env)
    assert bad.returncode == 2 and "expected a period like 7d or 24h" in bad.stderr
    empty = run_whoowns("gaps", "dismiss", env=env)
    assert empty.returncode == 2 and "whoowns gaps dismiss TEXT" in empty.stderr
    none = run_whoowns("gaps", env=env)
    assert none.returncode == 0 and none.stdout.strip() == "No knowledge gaps recorded."


def test_whoowns_ask_records_nothing(tmp_path):
    db = tmp_path / "db" / "whoowns.db"
    env = whoowns_env(tmp_path, db_url=f"sqlite:///{db}")
    done = run_whoowns("ask", "what is qldb", env=env)
    assert done.returncode == 0 and "qldb" in done.stdout
    assert not db.exists()
