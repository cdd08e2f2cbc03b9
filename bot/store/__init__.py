"""The store: everything the bot remembers, the only module that talks SQL.

SQLAlchemy Core on a SQLite file by default (WAL, busy timeout, foreign keys; also
``sqlite:///:memory:`` for quick tests) or PostgreSQL via psycopg 3 when ``DATABASE_URL`` is
``postgresql://…``. Schema versions are Alembic migrations inside this package, applied by
``open_store(url)`` (``migrate=True``) and by ``whoowns db upgrade``, under a lock so two
instances starting at once don't race.

    from bot.store import open_store, StoreUnavailable
    store = open_store("sqlite:////tmp/whoowns.db")    # StoreUnavailable: one clear line
    store.claim_event("Ev123", now)                    # True once per Events API event_id

Convention for features (quiz, onboarding, ...):

1. Tables: declare them in your own module, ``bot/store/<feature>.py``, on the shared
   ``bot.store.schema.metadata``; timestamps as ``schema.UtcDateTime`` (aware UTC in, out).
2. Migration: one file in ``bot/store/migrations/versions/`` creating exactly those tables,
   written by hand with ``op.create_table`` (never ``metadata.create_all``). Revision ids are
   readable and chained in order:
   ``0001_base`` → ``0002_quiz`` → ``0003_onboarding`` → ``0004_quiz_reveal`` →
   ``0005_oauth`` → ``0006_quiz_topics`` → ``0007_gaps`` → ``0008_exactly_once`` →
   ``0009_workspaces`` → ``0010_stopped_users`` → ``0011_reports`` →
   ``0012_practice_confirmations`` → ``0013_digests`` → ``0014_quiz_seasons`` →
   ``0015_org_installs`` → ``0016_season_boards``, each
   naming the one before as its down_revision. A later change is a new revision; never
   edit a shipped one.
3. Data access: functions or a small class in the same module that take a :class:`Store` and
   use ``store.write(fn)`` (one transaction, transient failures retried, then
   :class:`StoreUnavailable`; make ``fn`` idempotent) and ``store.read(fn)``. A database
   that cannot be connected to is not retried (PostgreSQL connect timeout 2 s, so a listener
   still acks within Slack's 3 s), and for the next 15 s every call raises
   :class:`StoreUnavailable` at once; then one call tries again, and the first connection
   made ends that. Listeners let it through: the user is told the database isn't answering.
   Exactly-once work claims a unique key first:
   ``store.insert(table).values(...).on_conflict_do_nothing(index_elements=[...])
   .returning(table.c.id)`` and checks ``.first() is not None`` (same syntax on SQLite and
   PostgreSQL; don't trust ``rowcount`` here: psycopg reports -1).
4. Workspaces: a table of workspace data (anything a Slack workspace owns) has
   ``scope.workspace_column()`` first and ``"workspace"`` first in every key; every query
   filters with ``scope.mine(table, store)``, every write stamps ``store.workspace``
   (:mod:`bot.store.scope`). The feature code never names the workspace: it gets a store
   already scoped (``store.scoped("T123")``).
5. Tests: reuse the ``db_url`` fixture from ``tests/conftest.py`` (parametrised over SQLite
   and PostgreSQL, a fresh schema per test) so one suite runs against both databases.
"""

from bot.store.connect import StoreUnavailable, display_url
from bot.store.engine import EVENT_RETENTION, Store, open_store, unreachable_store

__all__ = [
    "EVENT_RETENTION",
    "Store",
    "StoreUnavailable",
    "display_url",
    "open_store",
    "unreachable_store",
]
