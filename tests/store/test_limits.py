"""Operator commands run on ``unlimited(store)``: on PostgreSQL their transactions have no
statement or lock timeout and no watchdog, while the requests sharing the same connections
keep theirs."""

from __future__ import annotations

import pytest

from bot.store import open_store
from bot.store.limits import unlimited
from tests.support.databases import fresh_postgres_schema

LIMITS = ("statement_timeout", "lock_timeout")


def shown(conn) -> list[str]:
    return [conn.exec_driver_sql(f"SHOW {name}").scalar_one() for name in LIMITS]


@pytest.mark.postgres
def test_an_operators_work_has_no_timeouts_and_requests_keep_theirs():
    with fresh_postgres_schema() as url:
        store = open_store(url)
        try:
            operator = unlimited(store)
            assert operator.write(shown) == ["0", "0"]
            assert operator.read(shown) == ["0", "0"]
            assert store.write(shown) == ["1500ms", "1s"]  # same pooled connection, limits back
            assert store.read(shown) == ["1500ms", "1s"]
        finally:
            store.close()


@pytest.mark.postgres
@pytest.mark.request_deadline
def test_an_operators_statement_may_outlast_the_request_deadline():
    with fresh_postgres_schema() as url:
        store = open_store(url)
        try:
            # longer than the statement timeout (1.5 s) and the watchdog's deadline (2 s)
            done = unlimited(store).write(
                lambda conn: conn.exec_driver_sql("SELECT pg_sleep(2.2), 'done'").one()[1]
            )
        finally:
            store.close()
    assert done == "done"
