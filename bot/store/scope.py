"""Workspaces in the store: every row of workspace data carries its Slack workspace.

A workspace is Slack's team id (``T…``; an Enterprise Grid org id may join it later). Slack's
ids are not unique across workspaces (two workspaces may both have a ``C1`` or a ``U1``), so
the ``workspace`` column is the first column of every key: ``PRIMARY KEY (workspace,
channel)``, ``UNIQUE (workspace, channel, slot)`` …

A :class:`bot.store.Store` is bound to one workspace: ``store.scoped("T123")`` is a view of the
same database (same engine, same fail-fast state) whose feature stores — ``QuizStore(view)``,
``OnboardingStore(view)``, their :class:`bot.store.claims.Claims`, ``view.claim_event`` —
filter every query with ``workspace = 'T123'`` and stamp every row they write with it. A store
module follows one pattern:

* a table: :func:`workspace_column` first, and ``"workspace"`` first in every key;
* a query: ``.where(mine(table, self.store), …)`` (joins match the workspace too);
* a write: ``workspace=self.store.workspace`` in ``.values(…)``, ``"workspace"`` in
  ``index_elements``;
* a record: built from :func:`fields` (the row without its workspace).

Rows written before workspaces existed (migration ``0009_workspaces``) belong to the
unassigned workspace ``""`` until :func:`bot.store.workspaces.adopt_unassigned` gives them to
the bot token's workspace (at the first start, or ``whoowns db upgrade --workspace T…``). An
unscoped Store is bound to ``""``: the tests of one feature and a database of one workspace
not yet stamped.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import Column, String, Table, and_, func, select
from sqlalchemy.engine import Connection
from sqlalchemy.sql.elements import ColumnElement

if TYPE_CHECKING:
    from bot.store.engine import Store

UNASSIGNED = ""  # rows from before workspaces, until adopt_unassigned stamps them
WORKSPACE_LENGTH = 32


def workspace_column() -> Column[str]:
    """The ``workspace`` column (Slack team id), first in every table of workspace data."""
    return Column("workspace", String(WORKSPACE_LENGTH), nullable=False)


def mine(table: Table, store: Store) -> ColumnElement[bool]:
    """``table.workspace = <the store's workspace>``."""
    return table.c.workspace == store.workspace


def fields(row: Any) -> dict[str, Any]:
    """A row's columns without ``workspace`` (records do not repeat the store's workspace)."""
    return {k: v for k, v in row._mapping.items() if k != "workspace"}


def scoped_tables() -> list[Table]:
    """Every table with a ``workspace`` column, children before parents (for deletes)."""
    from bot.store.schema import load_all_tables

    tables = [t for t in load_all_tables().sorted_tables if "workspace" in t.c]
    return list(reversed(tables))


class WorkspaceConflict(Exception):
    """Unassigned rows cannot move: the workspace has rows with the same keys."""


def clashes(conn: Connection, table: Table, workspace: str) -> bool:
    """True when ``workspace`` has a row of ``table`` with the key of an unassigned one."""
    keys = [c.name for c in table.primary_key.columns if c.name != "workspace"]
    if len(keys) == len(table.primary_key.columns):  # no workspace in the key (a log)
        return False
    other = table.alias("other")
    stmt = (
        select(table.c.workspace)
        .join(other, and_(*(other.c[k] == table.c[k] for k in keys)))
        .where(table.c.workspace == UNASSIGNED, other.c.workspace == workspace)
        .limit(1)
    )
    return conn.execute(stmt).first() is not None


def count_unassigned(store: Store) -> int:
    """How many rows still belong to no workspace."""

    return store.read(lambda conn: sum(_unassigned(conn, t) for t in scoped_tables()))


def _unassigned(conn: Connection, table: Table) -> int:
    stmt = select(func.count()).select_from(table).where(table.c.workspace == UNASSIGNED)
    return int(conn.execute(stmt).scalar() or 0)


# Where a workspace's activity shows: table -> its time column.
ACTIVITY = {
    "processed_events": "seen_at",
    "quiz_posts": "posted_at",
    "quiz_answers": "answered_at",
    "onboarding_users": "created_at",
    "onboarding_review_log": "reviewed_at",
}


def activity(store: Store) -> dict[str, tuple[int, Any]]:
    """Workspace -> (quiz subscriptions, the last moment anything happened there or None)."""
    from bot.store.onboarding.records import aware
    from bot.store.schema import load_all_tables

    tables = load_all_tables().tables

    def run(conn: Connection) -> dict[str, tuple[int, Any]]:
        subs = tables["quiz_subscriptions"]
        stmt = select(subs.c.workspace, func.count()).group_by(subs.c.workspace)
        counts: dict[str, int] = {str(w): int(n) for w, n in conn.execute(stmt)}
        last: dict[str, Any] = {}
        for name, column in ACTIVITY.items():
            t = tables[name]
            stmt = select(t.c.workspace, func.max(t.c[column])).group_by(t.c.workspace)
            for workspace, moment in conn.execute(stmt):
                if moment is not None and (workspace not in last or moment > last[workspace]):
                    last[workspace] = moment
        return {w: (int(counts.get(w, 0)), aware(last.get(w))) for w in {*counts, *last}}

    return store.read(run)
