"""The Store: one SQLAlchemy engine on SQLite (default) or PostgreSQL, and the base tables."""

from __future__ import annotations

import contextlib
import copy
import itertools
import logging
import math
import re
import threading
import time
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from typing import Any, TypeVar

from sqlalchemy import Table, delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import ArgumentError, DBAPIError, OperationalError

from bot.store import limits
from bot.store import migrate as migrations
from bot.store.connect import StoreUnavailable, create_store_engine, display_url
from bot.store.schema import processed_events
from bot.store.scope import UNASSIGNED
from bot.store.watchdog import Watchdog

logger = logging.getLogger(__name__)

T = TypeVar("T")

EVENT_RETENTION = timedelta(hours=24)  # processed event ids are kept this long (≥ 1 h needed)
PURGE_EVERY = 100  # claims between opportunistic purges
# one call on a pooled PostgreSQL connection: the watchdog shuts it after this long
# (the other limits of a frozen server: bot.store.connect)
PG_CALL_DEADLINE_S = 2.0
# After a failed connect, calls fail at once for this long instead of waiting again; the
# first call after it tries the database (the others keep failing fast meanwhile).
FAIL_FAST_S = 15.0


def _reason(exc: BaseException) -> str:
    """A short, lower-case reason from a driver error (first line, no password)."""
    orig = getattr(exc, "orig", None) or exc
    message = str(orig).strip()
    low = message.lower()
    for needle, reason in (
        ("connection refused", "connection refused"),
        ("password authentication failed", "password authentication failed"),
        ("timeout expired", "connection timed out"),
        ("timed out", "connection timed out"),
        ("could not translate host name", "unknown host"),
        ("name or service not known", "unknown host"),
        ("database is locked", "database is locked"),
        ("unable to open database file", "unable to open database file"),
    ):
        if needle in low:
            return reason
    first = message.splitlines()[0] if message else type(orig).__name__
    first = first.split(" failed: ")[-1]
    return re.sub(r"://([^:/@]*):[^@]*@", r"://\1:***@", first)[:200]


def _busy(exc: BaseException) -> bool:
    """A busy SQLite file: worth another try, unlike a database that is not there."""
    return _reason(exc) == "database is locked"


class Store:
    """Everything the bot remembers, behind a small interface.

    Feature modules use :attr:`engine` with :meth:`write`/:meth:`read` and
    :meth:`insert` (a dialect insert supporting ``on_conflict_do_nothing``).

    Fail fast: when a connection cannot be made (refused, timed out, unknown host), calls
    raise :class:`StoreUnavailable` at once for ``fail_fast_s`` seconds (``monotonic`` is
    the clock, injectable for tests) instead of each waiting for the connect timeout again.
    Then one call tries the database; the first connection made closes the window.

    Workspaces: a Store is bound to one (:attr:`workspace`, Slack's team id; ``""`` until
    :meth:`scoped`), and the feature stores built on it read and write only that workspace's
    rows (:mod:`bot.store.scope`).
    """

    def __init__(
        self,
        engine: Engine,
        url: str,
        *,
        fail_fast_s: float = FAIL_FAST_S,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.engine = engine
        self.url = display_url(url)  # safe to print
        self._claims = itertools.count(1)
        self._fail_fast_s = fail_fast_s
        self._monotonic = monotonic
        self._lock = threading.Lock()
        self._down: tuple[str, float] | None = None  # (reason, fail fast until) after a failure
        # counts the connects that succeeded and the windows opened: a failed connect begun
        # before the latest of them is older news and does not (re)open the window
        self._seen = 0
        self._deadline_s = PG_CALL_DEADLINE_S
        self._watchdog = Watchdog(monotonic)
        self.workspace = UNASSIGNED
        self.request_limits = True  # False: an operator's command (bot.store.limits)
        self._root = self  # a scoped view shares the root's connections and fail-fast state

    def scoped(self, workspace: str) -> Store:
        """This database seen from ``workspace`` (Slack's team id): same engine, same
        fail-fast state; the feature stores built on it filter and stamp ``workspace``."""
        if not workspace:
            raise ValueError("a workspace id is needed (Slack's team id, T…)")
        view = copy.copy(self._root)
        view.workspace = workspace
        return view

    @property
    def dialect(self) -> str:
        """``"sqlite"`` or ``"postgresql"``."""
        return self.engine.dialect.name

    def insert(self, table: Table) -> Any:
        """``INSERT`` for this database, with ``.on_conflict_do_nothing(...)`` available."""
        return (postgresql.insert if self.dialect == "postgresql" else sqlite.insert)(table)

    def unavailable(self, exc: BaseException, verb: str = "is not reachable") -> StoreUnavailable:
        return StoreUnavailable(f"database at {self.url} {verb}: {_reason(exc)}")

    # -- fail fast -----------------------------------------------------------------------
    def _gate(self, verb: str) -> None:
        """Raise at once while the fail-fast window is open. When it has just ended, this
        caller tries the database and the window is re-armed for everyone else meanwhile."""
        if self._down is None:
            return
        with self._lock:
            if self._down is None:
                return
            reason, until = self._down
            now = self._monotonic()
            if now < until:
                raise StoreUnavailable(
                    f"database at {self.url} {verb}: {reason} "
                    f"(not trying again for {math.ceil(until - now)} s)"
                )
            self._down = (reason, now + self._fail_fast_s)

    def _open_window(self, reason: str, *, began: int | None = None) -> None:
        """Fail fast from now on; not when the database was seen answering or failing since
        the failed attempt ``began`` (a connect that hung across a recovery says nothing)."""
        if self._root is not self:  # one window for the database, whichever view saw it
            self._root._open_window(reason, began=began)
            return
        with self._lock:
            if began is not None and began != self._seen:
                return
            self._seen += 1
            if self._down is None:
                logger.warning(
                    "database at %s is not reachable (%s): failing fast for %.0f s",
                    self.url,
                    reason,
                    self._fail_fast_s,
                )
            self._down = (reason, self._monotonic() + self._fail_fast_s)

    def _connect(self, verb: str, *, ping: bool | None = None) -> Connection:
        """A connection from the pool (an operator's call pings it under the watchdog first);
        a failure to make one opens the fail-fast window."""
        ping = not self.request_limits if ping is None else ping
        if self._root is not self:
            return self._root._connect(verb, ping=ping)
        self._gate(verb)
        began = self._seen
        try:
            conn = self.engine.connect()
            if self.dialect == "postgresql" and ping:
                conn = self._pinged(conn, verb)
        except DBAPIError as exc:
            if not _busy(exc):  # a busy SQLite file is not an outage
                self._open_window(_reason(exc), began=began)
            raise
        self._seen += 1  # not atomic: a lost count only lets a late failure open the window
        if self._down is not None:
            with self._lock:
                if self._down is not None:
                    logger.info("database at %s is reachable again", self.url)
                self._down = None
        return conn

    def _pinged(self, conn: Connection, verb: str) -> Connection:
        """``conn`` after a ``SELECT 1`` under the watchdog; a pooled connection the server
        dropped (a restart) is replaced once."""
        for attempt in (1, 2):
            try:
                with self._watched(conn, verb):
                    conn.exec_driver_sql("SELECT 1")
                    conn.rollback()
                return conn
            except BaseException as exc:
                conn.close()
                if attempt == 2 or not getattr(exc, "connection_invalidated", False):
                    raise
            conn = self.engine.connect()
        raise AssertionError("unreachable")

    @contextlib.contextmanager
    def _watched(self, conn: Connection, verb: str) -> Iterator[None]:
        """Run the block under a :class:`Watchdog` (PostgreSQL only); when it fires, the
        fail-fast window opens and the block's error becomes :class:`StoreUnavailable`."""
        if not self.request_limits:
            limits.mark(conn)
        if self.dialect != "postgresql" or not self.request_limits:
            yield
            return
        try:
            with self._root._watchdog.watch(conn, self._deadline_s) as watch:
                yield
        except DBAPIError as exc:
            if not watch.fired:
                raise
            reason = f"no answer within {self._deadline_s:g} s"
            self._open_window(reason)
            raise StoreUnavailable(f"database at {self.url} {verb}: {reason}") from exc

    # -- transactions --------------------------------------------------------------------
    def write(self, fn: Callable[[Connection], T], *, attempts: int = 3) -> T:
        """Run ``fn(conn)`` in one transaction; retry transient failures (a busy SQLite file,
        a serialization failure, a dropped connection) with a short backoff, then raise
        :class:`StoreUnavailable`. A database that cannot be connected to (refused, timed out)
        is not retried: waiting for the connect timeout again would only multiply the wait.

        ``fn`` may run more than once, so make it idempotent (unique keys, ON CONFLICT)."""
        verb = "failed a write"
        for attempt in range(1, attempts + 1):
            try:
                conn = self._connect(verb)
            except OperationalError as exc:
                if attempt == attempts or not _busy(exc):
                    raise self.unavailable(exc, verb) from exc
                logger.warning("database write failed (attempt %d): %s", attempt, _reason(exc))
                time.sleep(0.05 * 2**attempt)
                continue
            try:
                with conn, self._watched(conn, verb), conn.begin():
                    return fn(conn)
            except OperationalError as exc:
                if attempt == attempts:
                    raise self.unavailable(exc, verb) from exc
                if not exc.connection_invalidated:  # dropped by the server: at once, anew
                    logger.warning("database write failed (attempt %d): %s", attempt, _reason(exc))
                    time.sleep(0.05 * 2**attempt)
            except DBAPIError as exc:
                if not exc.connection_invalidated or attempt == attempts:
                    raise
        raise AssertionError("unreachable")

    def read(self, fn: Callable[[Connection], T]) -> T:
        """Run ``fn(conn)`` in a read transaction (no write lock on SQLite); once more on a
        new connection when a pooled one turns out dropped by the server (a restart)."""
        verb = "failed a read"
        for attempt in (1, 2):
            try:
                with self._connect(verb) as raw:
                    conn = raw.execution_options(sqlite_begin="DEFERRED")
                    with self._watched(raw, verb), conn.begin():
                        return fn(conn)
            except DBAPIError as exc:
                if attempt == 1 and exc.connection_invalidated:
                    continue  # a connection the server dropped (a restart): on a new one
                if isinstance(exc, OperationalError):
                    raise self.unavailable(exc, verb) from exc
                raise
        raise AssertionError("unreachable")

    # -- Events API deduplication ----------------------------------------------
    def claim_event(self, event_id: str, now: datetime) -> bool:
        """True the first time ``event_id`` is seen in this store's workspace (then handle
        it); False for a repeat.

        Every PURGE_EVERY-th claim also forgets ids older than EVENT_RETENTION."""
        stmt = (
            self.insert(processed_events)
            .values(workspace=self.workspace, event_id=event_id, seen_at=now)
            .on_conflict_do_nothing(index_elements=["workspace", "event_id"])
            .returning(processed_events.c.event_id)
        )
        # RETURNING, not rowcount: psycopg reports rowcount -1 for this statement
        claimed = self.write(lambda conn: conn.execute(stmt).first() is not None)
        if next(self._claims) % PURGE_EVERY == 0:
            try:
                self.purge_events(now - EVENT_RETENTION)
            except StoreUnavailable:
                logger.warning("could not purge old event ids; will try again later")
        return claimed

    def purge_events(self, before: datetime) -> int:
        """Forget event ids seen before ``before`` (every workspace's); returns how many."""
        stmt = delete(processed_events).where(processed_events.c.seen_at < before)
        return self.write(lambda conn: conn.execute(stmt).rowcount)

    def tick(self, now: datetime) -> None:
        """Housekeeping for the background ticker."""
        self.purge_events(now - EVENT_RETENTION)

    # -- health and lifecycle ----------------------------------------------------
    def ping(self) -> bool:
        """True when the database answers ``SELECT 1`` (False at once while failing fast)."""
        try:
            self.read(lambda conn: conn.execute(select(1)))
            return True
        except (DBAPIError, StoreUnavailable):
            return False

    def current_revision(self) -> str | None:
        try:
            return migrations.current_revision(self.engine)
        except OperationalError as exc:
            raise self.unavailable(exc) from exc

    def upgrade(self, revision: str = "head") -> str | None:
        try:
            return migrations.upgrade(self.engine, revision)
        except OperationalError as exc:
            raise self.unavailable(exc, "could not be migrated") from exc

    def close(self) -> None:
        self._root.engine.dispose()

    def __repr__(self) -> str:
        return f"Store({self.url})"


def open_store(url: str, *, migrate: bool = True) -> Store:
    """Connect (raising :class:`StoreUnavailable` with one clear line) and, unless
    ``migrate=False``, bring the schema to the newest revision."""
    try:
        engine = create_store_engine(url)
    except OSError as exc:  # e.g. the SQLite directory cannot be created
        raise StoreUnavailable(f"database at {display_url(url)} is not usable: {exc}") from exc
    except ArgumentError as exc:
        raise StoreUnavailable(f"database URL {display_url(url)} is malformed: {exc}") from exc
    store = Store(engine, url)
    try:
        with engine.connect() as conn:
            conn.execution_options(sqlite_begin="DEFERRED").execute(select(1))
    except DBAPIError as exc:
        engine.dispose()
        raise store.unavailable(exc) from exc
    if migrate:
        try:
            store.upgrade()
        except StoreUnavailable:
            engine.dispose()
            raise
    return store


def unreachable_store(url: str, error: StoreUnavailable) -> Store | None:
    """A store for ``url``, which :func:`open_store` could not reach (``error``): every call
    raises :class:`StoreUnavailable` (at once for the fail-fast window, then it tries again),
    so callers say the database isn't answering instead of meeting ``None``. ``None`` when
    the URL itself is unusable."""
    try:
        engine = create_store_engine(url)
    except (OSError, ArgumentError, StoreUnavailable):
        return None
    store = Store(engine, url)
    reason = str(error).rsplit(": ", 1)[-1]
    store._open_window(reason)  # this module's own class
    return store
