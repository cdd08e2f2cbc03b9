"""The store, one suite run against SQLite and PostgreSQL (the ``db_url`` fixture)."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import threading
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import inspect, select

from bot.store import EVENT_RETENTION, Store, StoreUnavailable, open_store
from bot.store.connect import create_store_engine
from bot.store.migrate import head_revision
from bot.store.schema import processed_events

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=timezone.utc)


def test_migrations_bring_a_new_database_to_head(db_url):
    store = open_store(db_url)
    try:
        assert store.current_revision() == head_revision()
        assert "processed_events" in inspect(store.engine).get_table_names()
    finally:
        store.close()
    again = open_store(db_url)  # a second start is a no-op
    assert again.current_revision() == head_revision()
    again.close()


def test_a_database_already_at_head_opens_without_running_alembic(db_url, monkeypatch):
    open_store(db_url).close()
    from alembic import command

    def refuse(*args, **kwargs):
        raise AssertionError("alembic ran its upgrade on a database already at head")

    monkeypatch.setattr(command, "upgrade", refuse)
    store = open_store(db_url)  # every CLI tick opens the store: no migration machinery
    try:
        assert store.current_revision() == head_revision()
    finally:
        store.close()


def test_open_without_migrate_leaves_schema_alone(db_url):
    store = open_store(db_url, migrate=False)
    assert store.current_revision() is None
    assert store.upgrade() == head_revision()
    store.close()


def test_claim_event_once(store):
    assert store.claim_event("Ev1", T0) is True
    assert store.claim_event("Ev1", T0 + timedelta(minutes=1)) is False  # Slack's retry
    assert store.claim_event("Ev2", T0) is True


def test_claim_event_once_across_threads(store):
    ids = [f"Ev{i}" for i in range(30)]
    won: list[str] = []
    lock = threading.Lock()
    barrier = threading.Barrier(6)

    def worker():
        barrier.wait()
        for event_id in ids:
            if store.claim_event(event_id, T0):
                with lock:
                    won.append(event_id)

    threads = [threading.Thread(target=worker) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(won) == sorted(ids)  # each exactly once


def test_claim_event_once_across_processes_starting_together(db_url):
    """Two fresh processes: both migrate at once (locked), then race on the same ids."""
    script = textwrap.dedent(
        """
        import json, sys
        from datetime import datetime, timezone
        from bot.store import open_store
        store = open_store(sys.argv[1])
        now = datetime.now(timezone.utc)
        sys.stdin.readline()  # start line
        won = [i for i in range(150) if store.claim_event(f"Ev{i}", now)]
        print(json.dumps(won))
        """
    )
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", script, db_url],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    results = []
    for proc in procs:
        proc.stdin.write("go\n")
        proc.stdin.flush()
    for proc in procs:
        out, err = proc.communicate(timeout=60)
        assert proc.returncode == 0, err
        results.append(set(json.loads(out)))
    assert not results[0] & results[1]
    assert results[0] | results[1] == set(range(150))


def test_a_new_sqlite_file_another_process_is_switching_to_wal_still_opens(tmp_path, monkeypatch):
    """Two instances opening one new SQLite file at once: while the other holds it (here
    longer than one busy wait), then switches it to WAL and migrates, this one opens too."""
    import sqlite3

    from bot.store import connect

    monkeypatch.setattr(connect, "SQLITE_BUSY_TIMEOUT_MS", 300)
    path = tmp_path / "whoowns.db"
    other = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    other.execute("CREATE TABLE early (x)")
    other.execute("BEGIN IMMEDIATE")
    other.execute("INSERT INTO early VALUES (1)")

    def the_other_instance() -> None:
        threading.Event().wait(0.6)  # still creating its first table
        other.execute("COMMIT")
        other.execute("PRAGMA journal_mode = WAL")
        other.execute("BEGIN IMMEDIATE")  # now migrating, in WAL mode
        other.execute("INSERT INTO early VALUES (2)")
        threading.Event().wait(0.5)
        other.execute("COMMIT")

    meanwhile = threading.Thread(target=the_other_instance)
    meanwhile.start()
    try:
        store = open_store(f"sqlite:///{path}", migrate=False)
    finally:
        meanwhile.join()
        other.close()
    try:
        mode = store.read(lambda conn: conn.exec_driver_sql("PRAGMA journal_mode").scalar())
    finally:
        store.close()
    assert mode == "wal"


def test_purge_forgets_only_old_event_ids(store):
    store.claim_event("old", T0)
    store.claim_event("new", T0 + timedelta(hours=2))
    assert store.purge_events(T0 + timedelta(hours=1)) == 1
    assert store.claim_event("old", T0 + timedelta(hours=3)) is True  # forgotten
    assert store.claim_event("new", T0 + timedelta(hours=3)) is False  # still remembered


def test_claims_purge_opportunistically_after_retention(store):
    store.claim_event("ancient", T0)
    later = T0 + EVENT_RETENTION + timedelta(hours=1)
    recent = T0 + EVENT_RETENTION  # exactly 1 h old at `later`: kept
    store.claim_event("recent", recent)
    for i in range(98):  # the 100th claim overall purges
        store.claim_event(f"filler{i}", later)
    assert store.claim_event("ancient", later) is True
    assert store.claim_event("recent", later) is False


def test_tick_purges_by_retention(store):
    store.claim_event("a", T0)
    store.tick(T0 + EVENT_RETENTION - timedelta(minutes=1))
    assert store.claim_event("a", T0 + timedelta(hours=23)) is False
    store.tick(T0 + EVENT_RETENTION + timedelta(minutes=1))
    assert store.claim_event("a", T0 + timedelta(hours=25)) is True


def test_timestamps_come_back_aware_utc(store):
    berlin = timezone(timedelta(hours=1))
    store.claim_event("tz", datetime(2026, 1, 5, 10, 0, tzinfo=berlin))
    seen = store.read(
        lambda c: c.execute(
            select(processed_events.c.seen_at).where(processed_events.c.event_id == "tz")
        ).scalar_one()
    )
    assert seen == datetime(2026, 1, 5, 9, 0, tzinfo=timezone.utc)
    assert seen.utcoffset() == timedelta(0)
    with pytest.raises(Exception, match="naive"):
        store.claim_event("naive", datetime(2026, 1, 5, 10, 0))


def test_ping(store):
    assert store.ping() is True


def test_unreachable_postgres_is_one_clear_line_without_password():
    url = "postgresql://postgres:hunter2secret@127.0.0.1:1/test"
    with pytest.raises(StoreUnavailable) as err:
        open_store(url)
    message = str(err.value)
    assert message == (
        "database at postgresql://postgres:***@127.0.0.1:1/test is not reachable: "
        "connection refused"
    )
    assert "hunter2secret" not in message


def test_down_database_while_running_fails_writes_loudly_and_ping_says_so():
    url = "postgresql://postgres@127.0.0.1:1/test"
    store = Store(create_store_engine(url), url)
    assert store.ping() is False
    with pytest.raises(StoreUnavailable, match="failed a write: connection refused"):
        store.claim_event("Ev1", T0)


def test_unusable_sqlite_path_is_one_clear_line(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    with pytest.raises(StoreUnavailable, match=r"^database at sqlite:///.*is not usable"):
        open_store(f"sqlite:///{blocker}/sub/whoowns.db")


def test_sqlite_file_is_created_with_its_directory_and_uses_wal(tmp_path):
    path = tmp_path / "deep" / "dir" / "whoowns.db"
    store = open_store(f"sqlite:///{path}")
    assert path.exists()
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 5000
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    store.close()


def test_in_memory_sqlite_is_shared_across_threads():
    store = open_store("sqlite:///:memory:")
    assert store.claim_event("Ev1", T0)
    result = []
    t = threading.Thread(target=lambda: result.append(store.claim_event("Ev1", T0)))
    t.start()
    t.join()
    assert result == [False]
    store.close()
