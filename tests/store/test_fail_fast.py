"""A database that cannot be reached: one connect attempt, then calls fail at once for a while.

A hung PostgreSQL (accepts, never answers) costs one connect timeout, not three; while the
fail-fast window is open nothing waits; after it the store tries again and a recovered
database works. The window's clock is injected: no test sleeps for it.
"""

from __future__ import annotations

import threading
import time
from datetime import datetime, timezone

import pytest
from sqlalchemy import event

from bot.store import Store, StoreUnavailable, open_store
from bot.store.connect import PG_CONNECT_TIMEOUT_S, create_store_engine
from tests.support.databases import fresh_postgres_schema
from tests.support.fake_postgres import HungPostgres

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=timezone.utc)
REFUSED = "postgresql://postgres@127.0.0.1:1/test"


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def counting(url: str, clock: Clock, window: float = 15.0) -> tuple[Store, list[str]]:
    """A store on ``url`` and the list of connection attempts it makes."""
    engine = create_store_engine(url)
    attempts: list[str] = []

    @event.listens_for(engine, "do_connect")
    def _count(*_args: object) -> None:
        attempts.append("connect")

    return Store(engine, url, fail_fast_s=window, monotonic=clock), attempts


def test_a_refused_database_is_tried_once_then_calls_fail_at_once_until_the_window_ends():
    clock = Clock()
    store, attempts = counting(REFUSED, clock, window=15)
    with pytest.raises(StoreUnavailable, match=r"failed a write: connection refused$"):
        store.claim_event("Ev1", T0)
    assert len(attempts) == 1  # not retried: the database is not there

    clock.now += 14
    started = time.monotonic()
    with pytest.raises(StoreUnavailable, match=r"failed a read: connection refused \(not trying"):
        store.read(lambda conn: None)
    assert store.ping() is False
    with pytest.raises(StoreUnavailable, match="failed a write"):
        store.claim_event("Ev1", T0)
    assert time.monotonic() - started < 0.2
    assert len(attempts) == 1  # nothing tried inside the window

    clock.now += 2  # the window is over: the next call tries the database again
    with pytest.raises(StoreUnavailable, match=r"connection refused$"):
        store.read(lambda conn: None)
    assert len(attempts) == 2
    with pytest.raises(StoreUnavailable, match="not trying again"):  # and it opens again
        store.read(lambda conn: None)
    assert len(attempts) == 2


def test_when_the_window_ends_one_caller_tries_the_database_and_the_others_still_fail_fast():
    clock = Clock()
    store, attempts = counting(REFUSED, clock, window=15)
    assert store.ping() is False
    clock.now += 15
    barrier = threading.Barrier(8)
    errors: list[str] = []

    def call() -> None:
        barrier.wait()
        try:
            store.read(lambda conn: None)
        except StoreUnavailable as exc:
            errors.append(str(exc))

    threads = [threading.Thread(target=call) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert len(attempts) == 2  # the ping, then exactly one of the eight
    assert len(errors) == 8
    assert sum("not trying again" in e for e in errors) == 7


def test_a_hung_database_costs_one_connect_timeout_not_three():
    clock = Clock()
    with HungPostgres() as hung:
        store, attempts = counting(hung.url, clock)
        started = time.monotonic()
        with pytest.raises(StoreUnavailable, match="failed a write: connection timed out"):
            store.claim_event("Ev1", T0)
        first = time.monotonic() - started
        started = time.monotonic()
        with pytest.raises(StoreUnavailable, match="not trying again"):
            store.claim_event("Ev2", T0)
        second = time.monotonic() - started
    assert PG_CONNECT_TIMEOUT_S - 0.5 < first < PG_CONNECT_TIMEOUT_S + 1, f"took {first:.1f} s"
    assert attempts == ["connect"]
    assert second < 0.2, f"the second call took {second:.2f} s"


def connect_params(url: str) -> dict[str, object]:
    engine = create_store_engine(url)
    captured: dict[str, object] = {}

    @event.listens_for(engine, "do_connect")
    def _capture(_dialect, _record, _cargs, cparams) -> None:
        captured.update(cparams)

    with pytest.raises(Exception, match="refused"):
        engine.connect()
    return captured


def test_postgres_connect_timeout_leaves_room_in_slacks_3_s_unless_the_url_sets_one():
    assert connect_params(REFUSED)["connect_timeout"] == PG_CONNECT_TIMEOUT_S == 2
    assert connect_params(REFUSED + "?connect_timeout=7")["connect_timeout"] == "7"


@pytest.mark.postgres
def test_after_the_window_a_recovered_database_works():
    clock = Clock()
    with fresh_postgres_schema() as real_url, HungPostgres() as hung:
        open_store(real_url).close()  # the schema, migrated
        url = hung.stand_in_for(real_url)
        store, attempts = counting(url, clock)
        with pytest.raises(StoreUnavailable, match="connection timed out"):
            store.claim_event("Ev1", T0)
        hung.recover()
        with pytest.raises(StoreUnavailable, match="not trying again"):  # still in the window
            store.claim_event("Ev1", T0)

        clock.now += 16
        assert store.claim_event("Ev1", T0) is True
        assert store.claim_event("Ev1", T0) is False  # the window closed: no more waiting
        assert store.ping() is True
        assert len(attempts) == 2
        store.close()


@pytest.mark.postgres
def test_a_connect_begun_before_the_database_recovered_does_not_shut_it_again():
    clock = Clock()
    with fresh_postgres_schema() as real_url, HungPostgres() as hung:
        open_store(real_url).close()
        store, _ = counting(hung.stand_in_for(real_url), clock)
        late: list[BaseException] = []

        def background_write() -> None:  # begun while the database hangs
            try:
                store.claim_event("Ev-late", T0)
            except StoreUnavailable as exc:
                late.append(exc)

        writer = threading.Thread(target=background_write)
        writer.start()
        while not hung.accepted:  # its connect is waiting on the hung server
            time.sleep(0.01)
        hung.recover()
        clock.now += 60
        assert store.claim_event("Ev1", T0) is True  # the database answers again
        writer.join()
        assert late and "connection timed out" in str(late[0])
        # the old attempt's timeout says nothing about the database now: no new window
        assert store.claim_event("Ev2", T0) is True
        store.close()


@pytest.mark.postgres
def test_connections_the_server_dropped_are_replaced_without_a_ping_per_call():
    import psycopg

    with fresh_postgres_schema() as url:
        store = open_store(url)
        statements: list[str] = []
        event.listen(store.engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
        assert store.claim_event("Ev1", T0) is True
        assert not [s for s in statements if s.strip().upper() == "SELECT 1"]  # no ping
        pids = store.read(lambda conn: [conn.exec_driver_sql("SELECT pg_backend_pid()").scalar()])
        conninfo = url.split("?")[0].replace("postgresql+psycopg://", "postgresql://", 1)
        with psycopg.connect(conninfo, autocommit=True) as admin:  # as a server restart does
            admin.execute("SELECT pg_terminate_backend(%s)", pids)
        assert store.claim_event("Ev2", T0) is True  # on a new connection, no error
        assert store.claim_event("Ev2", T0) is False
        store.close()
