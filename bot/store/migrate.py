"""Schema versions with Alembic, run programmatically (no alembic.ini needed).

Upgrades run inside one transaction that first takes a lock, so two instances starting at
once never race: ``pg_advisory_xact_lock`` on PostgreSQL, ``BEGIN IMMEDIATE`` (the write
lock) on SQLite. The second instance waits, then finds the schema at head.

Alembic narrates every step (and its plugin set-up at import) at INFO; that is kept for
``LOG_LEVEL=DEBUG`` only, hence the imports inside :func:`_quiet_alembic`.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import text
from sqlalchemy.engine import Connection, Engine

if TYPE_CHECKING:
    from alembic.config import Config

logger = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
# A fixed key for pg_advisory_xact_lock, the same in every instance.
_LOCK_KEY = zlib.crc32(b"whoowns schema migration")


@contextlib.contextmanager
def _quiet_alembic() -> Iterator[None]:
    alembic_logger = logging.getLogger("alembic")
    if logging.getLogger().isEnabledFor(logging.DEBUG) or alembic_logger.level:
        yield
        return
    alembic_logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        alembic_logger.setLevel(logging.NOTSET)


def alembic_config(connection: Connection | None = None) -> Config:
    with _quiet_alembic():
        from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def _revision_of(conn: Connection) -> Any:
    from alembic.runtime.migration import MigrationContext

    return MigrationContext.configure(conn).get_current_revision()


@functools.cache
def head_revision() -> str | None:
    """The newest revision of the migrations shipped (read once per process)."""
    with _quiet_alembic():
        from alembic.script import ScriptDirectory

        return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn, _quiet_alembic():
        return _revision_of(conn.execution_options(sqlite_begin="DEFERRED"))


def upgrade(engine: Engine, revision: str = "head") -> str | None:
    """Bring the schema to ``revision``; returns the revision the database is at afterwards.

    A database already at the head is only read (one query, no lock, no migration scripts
    run): every command and tick process opens the store."""
    if revision == "head":
        head = head_revision()
        if head is not None and current_revision(engine) == head:
            return head
    with engine.begin() as conn, _quiet_alembic():
        from alembic import command

        if conn.dialect.name == "postgresql":
            # a migration may wait for another instance's (the lock) and take its time: not
            # the request-sized statement and lock timeouts sessions get (bot.store.engine)
            conn.exec_driver_sql("SET LOCAL statement_timeout = 0")
            conn.exec_driver_sql("SET LOCAL lock_timeout = 0")
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK_KEY})
        before = _revision_of(conn)
        command.upgrade(alembic_config(conn), revision)
        after = _revision_of(conn)
    if after != before:
        logger.info("database schema upgraded from %s to %s", before or "empty", after)
    return after
