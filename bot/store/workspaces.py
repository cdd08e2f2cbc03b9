"""Installed workspaces: one row per Slack workspace (team id) the app is installed in.

    ws = WorkspaceStore(store)
    ws.record_install("T1", name="Acme", bot_user_id="U0BOT", now=now)  # active (again)
    ws.pause("T1", "app_uninstalled", now)                              # its schedules stop
    ws.is_active("T1")                                                  # False
    [w.team_id for w in ws.active()]                                    # what ticks cover

A row is written by every completed install (OAuth mode) and kept after an uninstall, paused
with the reason, together with the workspace's data, until an operator forgets it. Ticks skip
a workspace that is not active; a reinstall makes it active again. ``enterprise_id``: its
Enterprise Grid organisation (a workspace of an org-wide install: :mod:`bot.store.grants`).

Operator work on a whole workspace, on ``unlimited(store)`` (:mod:`bot.store.limits`), in
batches of rows (one transaction each) so that a run stopped part-way is finished by running
it again; ``progress(table, done, total)`` after each batch:

    erase_workspace(unlimited(store), "T1", progress=show)   # whoowns workspaces forget
    adopt_unassigned(unlimited(store), "T1", progress=show)  # the rows from before workspaces

Across workspaces: :func:`scoped_tables` (every table of workspace data), :func:`count_unassigned`
and :func:`activity` (what ``whoowns workspaces`` reports).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal, TypeVar, get_args

from sqlalchemy import Column, Index, String, Table, and_, delete, func, select, tuple_, update
from sqlalchemy.engine import Connection
from sqlalchemy.sql.elements import ColumnElement

from bot.store.engine import Store
from bot.store.schema import UtcDateTime, load_all_tables, metadata
from bot.store.scope import UNASSIGNED

Status = Literal["active", "paused"]
Progress = Callable[[str, int, int], None]  # (table, rows done, rows to do)
BATCH_ROWS = 5_000  # rows per transaction of the operator's work
# Tables naming the workspace as ``team_id``: its installs, bot tokens and its row (last).
TEAM_TABLES = ("slack_installations", "slack_bots", "org_grants", "workspaces")
STATUSES: tuple[str, ...] = get_args(Status)

workspaces = Table(
    "workspaces",
    metadata,
    Column("team_id", String(32), primary_key=True),
    Column("enterprise_id", String(32), nullable=True),
    Column("name", String(200), nullable=True),
    Column("bot_user_id", String(32), nullable=True),
    Column("installed_at", UtcDateTime(), nullable=False),
    Column("status", String(16), nullable=False),
    Column("paused_reason", String(64), nullable=True),
    Column("updated_at", UtcDateTime(), nullable=False),
    Index("ix_workspaces_status", "status"),
)


@dataclass(frozen=True)
class Workspace:
    team_id: str
    name: str | None
    bot_user_id: str | None
    installed_at: datetime
    status: Status
    paused_reason: str | None
    updated_at: datetime
    enterprise_id: str | None = None

    @property
    def active(self) -> bool:
        return self.status == "active"


def _workspace(row: Any) -> Workspace:
    return Workspace(
        team_id=row.team_id,
        name=row.name,
        bot_user_id=row.bot_user_id,
        installed_at=row.installed_at,
        status=row.status,
        paused_reason=row.paused_reason,
        updated_at=row.updated_at,
        enterprise_id=row.enterprise_id,
    )


T = TypeVar("T")


def upsert_compared(
    store: Store,
    key: Column[str],
    ident: str,
    values: dict[str, Any],
    read: Callable[[Any], T],
) -> tuple[T, T | None]:
    """Insert the row whose ``key`` is ``ident`` with ``values``, or update it to them, in one
    transaction; returns the row after and as it was before (None: it is new), each through
    ``read``."""
    table = key.table
    stmt = (
        store.insert(table)
        .values({key.name: ident, **values})
        .on_conflict_do_update(index_elements=[key.name], set_=values)
    )

    def get(conn: Connection) -> T | None:
        row = conn.execute(select(table).where(key == ident)).first()
        return read(row) if row is not None else None

    def run(conn: Connection) -> tuple[T, T | None]:
        before = get(conn)
        conn.execute(stmt)
        after = get(conn)
        assert after is not None
        return after, before

    result: tuple[T, T | None] = store.write(run)
    return result


class WorkspaceStore:
    """The ``workspaces`` table behind a small interface (every method one transaction)."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def record_install(
        self,
        team_id: str,
        *,
        name: str | None,
        bot_user_id: str | None,
        now: datetime,
        enterprise_id: str | None = None,
    ) -> tuple[Workspace, Workspace | None]:
        """A completed install: the workspace is active, whatever it was. Returns it and
        the row as it was before (None: a first install; paused: this resumes it)."""
        values = {
            "enterprise_id": enterprise_id,
            "name": name,
            "bot_user_id": bot_user_id,
            "installed_at": now,
            "status": "active",
            "paused_reason": None,
            "updated_at": now,
        }
        return upsert_compared(self.store, workspaces.c.team_id, team_id, values, _workspace)

    def started(
        self, team_id: str, *, name: str | None, bot_user_id: str | None, now: datetime
    ) -> Workspace:
        """Single-token mode's start: the bot token's workspace (its ``auth.test`` just
        passed) is recorded, active; a known row keeps its ``installed_at``."""
        values = {
            "name": name,
            "bot_user_id": bot_user_id,
            "status": "active",
            "paused_reason": None,
            "updated_at": now,
        }
        stmt = (
            self.store.insert(workspaces)
            .values(team_id=team_id, installed_at=now, **values)
            .on_conflict_do_update(index_elements=["team_id"], set_=values)
            .returning(*workspaces.c)
        )
        return _workspace(self.store.write(lambda conn: conn.execute(stmt).one()))

    def pause(self, team_id: str, reason: str, now: datetime) -> bool:
        """Pause ``team_id`` (its quiz posts and onboarding DMs stop) with ``reason`` (e.g.
        ``app_uninstalled``, ``tokens_revoked``, ``invalid_auth``). True when it was active;
        an unknown workspace is recorded as paused."""
        reason = reason[:64]

        def run(conn: Connection) -> bool:
            before = _get(conn, team_id)
            if before is None:
                conn.execute(
                    workspaces.insert().values(
                        team_id=team_id,
                        installed_at=now,
                        status="paused",
                        paused_reason=reason,
                        updated_at=now,
                    )
                )
                return False
            conn.execute(
                workspaces.update()
                .where(workspaces.c.team_id == team_id)
                .values(status="paused", paused_reason=reason, updated_at=now)
            )
            return before.active

        return self.store.write(run)

    def get(self, team_id: str) -> Workspace | None:
        return self.store.read(lambda conn: _get(conn, team_id))

    def is_active(self, team_id: str) -> bool:
        """True when ``team_id`` is installed and not paused (unknown: False)."""
        found = self.get(team_id)
        return found is not None and found.active

    def all(self) -> list[Workspace]:
        """Every workspace ever installed (paused ones too), oldest install first."""
        stmt = select(workspaces).order_by(workspaces.c.installed_at, workspaces.c.team_id)
        return self.store.read(lambda conn: [_workspace(r) for r in conn.execute(stmt)])

    def active(self) -> list[Workspace]:
        """The workspaces scheduled work should cover, oldest install first."""
        return [w for w in self.all() if w.active]


def _get(conn: Connection, team_id: str) -> Workspace | None:
    row = conn.execute(select(workspaces).where(workspaces.c.team_id == team_id)).first()
    return _workspace(row) if row is not None else None


def erase_workspace(
    store: Store, team_id: str, *, progress: Progress | None = None, batch: int = BATCH_ROWS
) -> dict[str, int]:
    """Erase every row of ``team_id`` (children first), then its installations and bot
    tokens, then its ``workspaces`` row: table -> rows deleted. Its entry goes last, so a run
    stopped part-way still lists it and running it again finishes the work."""
    if not team_id:
        raise ValueError("a workspace id is needed (Slack's team id, T…)")
    from bot.store.schema import load_all_tables

    team_tables = [load_all_tables().tables[name] for name in TEAM_TABLES]
    wheres = [(t, t.c.workspace == team_id) for t in scoped_tables()]
    wheres += [(t, t.c.team_id == team_id) for t in team_tables]
    erased: dict[str, int] = {}
    for table, where in wheres:
        if done := _in_batches(store, table, where, None, batch, progress):
            erased[table.name] = done
    return erased


def adopt_unassigned(
    store: Store, team_id: str, *, progress: Progress | None = None, batch: int = BATCH_ROWS
) -> dict[str, int]:
    """Give every unassigned row (``workspace = ''``) to ``team_id``: table -> rows moved
    (the children that followed their parent included).

        Parents first: a row's children follow it (``ON UPDATE CASCADE``), in the same batch.
        Refused (:class:`WorkspaceConflict`, nothing moved) when ``team_id`` already has a row with
        the key of an unassigned one: the two would have to be merged."""
    if not team_id:
        raise ValueError("a workspace id is needed (Slack's team id, T…)")
    tables = list(reversed(scoped_tables()))

    def look(conn: Connection) -> tuple[list[str], dict[str, int]]:
        found = [t.name for t in tables if clashes(conn, t, team_id)]
        return found, {t.name: n for t in tables if (n := _count(conn, t, UNASSIGNED))}

    found, unassigned = store.read(look)
    if found:
        raise WorkspaceConflict(
            f"workspace {team_id} already has rows with the keys of unassigned ones "
            f"in {', '.join(found)}; nothing was moved"
        )
    for table in tables:
        where = table.c.workspace == UNASSIGNED
        _in_batches(store, table, where, {"workspace": team_id}, batch, progress)
    return unassigned


def _in_batches(
    store: Store,
    table: Table,
    where: ColumnElement[bool],
    values: dict[str, str] | None,
    batch: int,
    progress: Progress | None,
) -> int:
    """Delete (``values`` None) or update the rows of ``table`` matching ``where``, ``batch``
    rows by primary key per transaction; how many."""
    count = select(func.count()).select_from(table).where(where)
    total = int(store.read(lambda conn: conn.execute(count).scalar()) or 0)
    keys = list(table.primary_key.columns)
    key = keys[0] if len(keys) == 1 else tuple_(*keys)
    chosen = key.in_(select(*keys).where(where).limit(batch))
    stmt = delete(table) if values is None else update(table).values(**values)
    done = 0
    while total:
        rows = store.write(lambda conn: conn.execute(stmt.where(chosen)).rowcount)
        done += rows
        if rows and progress is not None:
            progress(table.name, done, max(done, total))
        if rows < batch:
            break
    return done


def _count(conn: Connection, table: Table, workspace: str) -> int:
    stmt = select(func.count()).select_from(table).where(table.c.workspace == workspace)
    return int(conn.execute(stmt).scalar() or 0)


# -- the tables of workspace data, across workspaces -----------------------------------------


def scoped_tables() -> list[Table]:
    """Every table with a ``workspace`` column, children before parents (for deletes)."""
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
