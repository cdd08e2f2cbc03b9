"""How the store's engine is made: the URL forms it accepts, and the connection settings this
project relies on for SQLite (WAL, busy timeout, BEGIN IMMEDIATE) and PostgreSQL (connect,
statement and lock timeouts, keepalives, a bounded pool)."""

from __future__ import annotations

import re
import sqlite3
import time
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.pool import StaticPool

from bot.store import limits

SQLITE_BUSY_TIMEOUT_MS = 5000
# switching a new SQLite file to WAL: each attempt waits this long for the file, all of them
# together at most the deadline (another process opening it may be migrating it meanwhile)
SQLITE_WAL_ATTEMPT_MS = 100
SQLITE_WAL_DEADLINE_S = 30.0
# A listener that reads the store before it acknowledges has Slack's 3 s: a PostgreSQL that
# accepts connections and never answers must fail within that (libpq's minimum is 2 s; a
# URL's own ?connect_timeout= wins).
PG_CONNECT_TIMEOUT_S = 2
# A PostgreSQL that freezes while connections are pooled (a stopped process, a host that went
# away) would hold a request for ever: libpq has no client-side timeout once connected. So:
# - the server ends a statement after PG_STATEMENT_TIMEOUT_MS and a lock wait after
#   PG_LOCK_TIMEOUT_MS (a busy but alive server: the connection stays usable);
# - TCP keepalives and tcp_user_timeout drop a connection to a host that stopped answering;
# - a watchdog (one thread for all connections) shuts a connection's socket when one call
#   takes longer than PG_CALL_DEADLINE_S (a frozen server whose kernel still accepts bytes),
#   which also opens the fail-fast window (bot.store.engine), so the calls after it do not wait;
# - waiting for a pooled connection is bounded by PG_POOL_TIMEOUT_S.
# No ping per call: a call on a connection the server dropped (a restart) is tried once more.
# One listener call then fails within Slack's 3 s, with room for the reply.
PG_STATEMENT_TIMEOUT_MS = 1500
PG_LOCK_TIMEOUT_MS = 1000
PG_POOL_TIMEOUT_S = 1.0
PG_POOL_RECYCLE_S = 300  # a proxy or a failover may drop connections idle this long
PG_KEEPALIVES: dict[str, int] = {
    "keepalives": 1,
    "keepalives_idle": 10,
    "keepalives_interval": 2,
    "keepalives_count": 3,
    "tcp_user_timeout": 2000,  # ms of unacknowledged data before the kernel drops the link
}


class StoreUnavailable(Exception):
    """The database cannot be reached or used; the message is one line, without passwords."""


def display_url(url: str) -> str:
    """The URL as a user wrote it, with any password masked."""
    if url.startswith("sqlite"):
        return url  # no credentials in a SQLite URL
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return re.sub(r"://([^:/@]*):[^@]*@", r"://\1:***@", url)


def _engine_url(url: str) -> str:
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://") :]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return url


def _sqlite_path(url: str) -> Path | None:
    database = make_url(url).database
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    return Path(database)


def sqlite_file(url: str) -> Path | None:
    """The file a ``sqlite://`` URL names; ``None`` for an in-memory or any other database."""
    engine_url = _engine_url(url)
    try:
        if make_url(engine_url).get_backend_name() != "sqlite":
            return None
    except ArgumentError:
        return None
    return _sqlite_path(engine_url)


def create_store_engine(url: str) -> Engine:
    """An Engine for ``url`` with the connection settings this project relies on."""
    engine_url = _engine_url(url)
    backend = make_url(engine_url).get_backend_name()
    if backend == "sqlite":
        path = _sqlite_path(engine_url)
        if path is None:  # in memory: one connection shared by every thread
            engine = create_engine(
                engine_url,
                poolclass=StaticPool,
                connect_args={"check_same_thread": False},
            )
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            engine = create_engine(
                engine_url, connect_args={"check_same_thread": False, "timeout": 5}
            )
        _configure_sqlite(engine, wal=path is not None)
        return engine
    if backend == "postgresql":
        query = make_url(engine_url).query
        connect_args: dict[str, Any] = {k: v for k, v in PG_KEEPALIVES.items() if k not in query}
        if "connect_timeout" not in query:
            connect_args["connect_timeout"] = PG_CONNECT_TIMEOUT_S
        engine = create_engine(
            engine_url,
            # no pool_pre_ping: a call on a dropped connection is retried once (Store)
            pool_size=5,
            pool_recycle=PG_POOL_RECYCLE_S,
            max_overflow=10,
            pool_timeout=PG_POOL_TIMEOUT_S,
            connect_args=connect_args,
        )
        _configure_postgres(engine)
        return engine
    raise StoreUnavailable(f"database URL {display_url(url)} is not sqlite:// or postgresql://")


def _configure_postgres(engine: Engine) -> None:
    @event.listens_for(engine, "do_connect")
    def _timeouts(_dialect: Any, _record: Any, _cargs: Any, cparams: dict[str, Any]) -> None:
        # added to the URL's own libpq options (e.g. a search_path), which win when they
        # set the same one
        ours = (
            f"-c statement_timeout={PG_STATEMENT_TIMEOUT_MS} -c lock_timeout={PG_LOCK_TIMEOUT_MS}"
        )
        cparams["options"] = f"{ours} {cparams.get('options') or ''}".strip()

    limits.lift_when_asked(engine)


def use_wal(cursor: Any) -> None:
    """Put the SQLite file in WAL mode (it stays so). Switching needs the file to itself: a
    process opening a new file while another one does (two instances starting together) may
    find the switch refused for a while, and see the other one make it meanwhile. So: short
    waits, again and again, until the switch answers or :data:`SQLITE_WAL_DEADLINE_S` has
    passed (then the refusal is raised). A file system without WAL keeps its journal, as
    SQLite answers (the mode it kept, no error)."""
    deadline = time.monotonic() + SQLITE_WAL_DEADLINE_S
    cursor.execute(f"PRAGMA busy_timeout = {SQLITE_WAL_ATTEMPT_MS}")
    try:
        while True:
            try:
                cursor.execute("PRAGMA journal_mode = WAL")
                return
            except sqlite3.OperationalError as exc:
                busy = "locked" in str(exc) or "busy" in str(exc)
                if not busy or time.monotonic() >= deadline:
                    raise
    finally:
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")


def _configure_sqlite(engine: Engine, *, wal: bool) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # we issue BEGIN ourselves (below)
        cursor = dbapi_conn.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys = ON")
        if wal:
            use_wal(cursor)
            cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        # Take the write lock at BEGIN (IMMEDIATE), so busy_timeout applies and a transaction
        # that reads then writes never fails with "database is locked" half-way. Reads that
        # want no lock use Store.read (DEFERRED).
        mode = conn.get_execution_options().get("sqlite_begin", "IMMEDIATE")
        conn.exec_driver_sql(f"BEGIN {mode}")
