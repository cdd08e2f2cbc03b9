"""Org-wide installs (Enterprise Grid): the organisations and the workspaces each one granted.

    orgs = OrgStore(store)
    orgs.record_install("E1", name="Acme", bot_user_id="U0BOT", now=now)   # active (again)
    orgs.sync("E1", {"T1": "Acme EU", "T2": "Acme US"}, now)   # auth.teams.list at install
    orgs.grant("E1", {"T3": None}, now)                        # team_access_granted
    orgs.revoke("E1", ["T2"], "team_access_revoked", now)      # team_access_revoked
    orgs.grant_of("T1")                                        # Grant("E1", "T1", True …)
    orgs.pause("E1", "app_uninstalled", now)                   # every workspace of E1 paused

One installation serves every workspace of an organisation (slack_sdk's store keeps it under
the enterprise id). Each granted workspace also has its row in ``workspaces``
(:mod:`bot.store.workspaces`) with the enterprise id: its data is scoped by its team id as for
any other workspace, and the ticks cover it while it is active. A workspace whose access is
revoked, or whose organisation uninstalls, is paused with the reason; its data stays.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, Column, Index, String, Table, select, update
from sqlalchemy.engine import Connection

from bot.store.engine import Store
from bot.store.schema import UtcDateTime, metadata
from bot.store.workspaces import upsert_compared, workspaces

enterprises = Table(
    "enterprises",
    metadata,
    Column("enterprise_id", String(32), primary_key=True),
    Column("name", String(200), nullable=True),
    Column("bot_user_id", String(32), nullable=True),
    Column("installed_at", UtcDateTime(), nullable=False),
    Column("status", String(16), nullable=False),
    Column("paused_reason", String(64), nullable=True),
    Column("updated_at", UtcDateTime(), nullable=False),
)

org_grants = Table(
    "org_grants",
    metadata,
    Column("team_id", String(32), primary_key=True),  # team ids are unique across Slack
    Column("enterprise_id", String(32), nullable=False),
    Column("name", String(200), nullable=True),
    Column("granted", Boolean(), nullable=False),
    Column("updated_at", UtcDateTime(), nullable=False),
    Index("ix_org_grants_enterprise_id", "enterprise_id"),
)


@dataclass(frozen=True)
class Enterprise:
    enterprise_id: str
    name: str | None
    bot_user_id: str | None
    installed_at: datetime
    status: str
    paused_reason: str | None
    updated_at: datetime

    @property
    def active(self) -> bool:
        return self.status == "active"


@dataclass(frozen=True)
class Grant:
    enterprise_id: str
    team_id: str
    name: str | None
    granted: bool
    updated_at: datetime


def _enterprise(row: Any) -> Enterprise:
    return Enterprise(
        row.enterprise_id,
        row.name,
        row.bot_user_id,
        row.installed_at,
        row.status,
        row.paused_reason,
        row.updated_at,
    )


def _grant(row: Any) -> Grant:
    return Grant(row.enterprise_id, row.team_id, row.name, bool(row.granted), row.updated_at)


class OrgStore:
    """The two tables behind a small interface (every method one transaction)."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def record_install(
        self, enterprise_id: str, *, name: str | None, bot_user_id: str | None, now: datetime
    ) -> tuple[Enterprise, Enterprise | None]:
        """A completed org-wide install: the organisation is active. Returns it and the row
        as it was before (None: a first install)."""
        values = {
            "name": name,
            "bot_user_id": bot_user_id,
            "installed_at": now,
            "status": "active",
            "paused_reason": None,
            "updated_at": now,
        }
        return upsert_compared(
            self.store, enterprises.c.enterprise_id, enterprise_id, values, _enterprise
        )

    def get(self, enterprise_id: str) -> Enterprise | None:
        return self.store.read(lambda conn: _get(conn, enterprise_id))

    def all(self) -> list[Enterprise]:
        """Every organisation ever installed, oldest install first."""
        stmt = select(enterprises).order_by(enterprises.c.installed_at, enterprises.c.enterprise_id)
        return self.store.read(lambda conn: [_enterprise(r) for r in conn.execute(stmt)])

    def grants(self, enterprise_id: str) -> list[Grant]:
        """The workspaces ``enterprise_id`` granted (revoked ones too), by team id."""
        stmt = (
            select(org_grants)
            .where(org_grants.c.enterprise_id == enterprise_id)
            .order_by(org_grants.c.team_id)
        )
        return self.store.read(lambda conn: [_grant(r) for r in conn.execute(stmt)])

    def grant_of(self, team_id: str) -> Grant | None:
        """The org grant of ``team_id`` (None: not a workspace of an org-wide install)."""
        stmt = select(org_grants).where(org_grants.c.team_id == team_id)
        return self.store.read(lambda conn: _first(conn.execute(stmt).first()))

    def grant(
        self, enterprise_id: str, teams: Mapping[str, str | None], now: datetime
    ) -> list[str]:
        """``teams`` (team id -> name, None: unknown) may use the org's install: each is
        granted and its workspace active (a paused one resumes). Returns the team ids that
        were not active before."""

        def run(conn: Connection) -> list[str]:
            return [
                t
                for t, n in teams.items()
                if _grant_one(self.store, conn, enterprise_id, t, n, now)
            ]

        return self.store.write(run)

    def revoke(
        self, enterprise_id: str, team_ids: Iterable[str], reason: str, now: datetime
    ) -> list[str]:
        """``team_ids`` may no longer use the org's install: each grant is revoked and its
        workspace paused with ``reason``. Returns the team ids that were active."""
        teams = list(team_ids)

        def run(conn: Connection) -> list[str]:
            conn.execute(
                update(org_grants)
                .where(org_grants.c.enterprise_id == enterprise_id, org_grants.c.team_id.in_(teams))
                .values(granted=False, updated_at=now)
            )
            return _pause_workspaces(conn, enterprise_id, teams, reason, now)

        return self.store.write(run)

    def sync(
        self, enterprise_id: str, teams: Mapping[str, str | None], now: datetime
    ) -> tuple[list[str], list[str]]:
        """The whole list of workspaces the org granted (at install): those granted, the
        others granted before revoked (``not_granted``). Returns (resumed, paused)."""
        before = {g.team_id for g in self.grants(enterprise_id) if g.granted}
        resumed = self.grant(enterprise_id, teams, now)
        gone = sorted(before - set(teams))
        paused = self.revoke(enterprise_id, gone, "not_granted", now) if gone else []
        return resumed, paused

    def pause(self, enterprise_id: str, reason: str, now: datetime) -> list[str]:
        """The organisation uninstalled or its token revoked: it and every one of its
        workspaces paused with ``reason`` (their grants kept for a reinstall). Returns the
        team ids that were active."""
        reason = reason[:64]

        def run(conn: Connection) -> list[str]:
            conn.execute(
                update(enterprises)
                .where(enterprises.c.enterprise_id == enterprise_id)
                .values(status="paused", paused_reason=reason, updated_at=now)
            )
            teams = select(org_grants.c.team_id).where(org_grants.c.enterprise_id == enterprise_id)
            return _pause_workspaces(
                conn, enterprise_id, [r[0] for r in conn.execute(teams)], reason, now
            )

        return self.store.write(run)


def _get(conn: Connection, enterprise_id: str) -> Enterprise | None:
    row = conn.execute(
        select(enterprises).where(enterprises.c.enterprise_id == enterprise_id)
    ).first()
    return _enterprise(row) if row is not None else None


def _first(row: Any) -> Grant | None:
    return _grant(row) if row is not None else None


def _grant_one(
    store: Store, conn: Connection, enterprise_id: str, team: str, name: str | None, now: datetime
) -> bool:
    """Grant ``team`` and make its workspace active; True when it was not active before."""
    grant = {"enterprise_id": enterprise_id, "granted": True, "updated_at": now}
    if name is not None:
        grant["name"] = name
    conn.execute(
        store.insert(org_grants)
        .values(team_id=team, **{"name": name, **grant})
        .on_conflict_do_update(index_elements=["team_id"], set_=grant)
    )
    row = conn.execute(select(workspaces).where(workspaces.c.team_id == team)).first()
    values: dict[str, Any] = {
        "enterprise_id": enterprise_id,
        "status": "active",
        "paused_reason": None,
        "updated_at": now,
    }
    if name is not None:
        values["name"] = name
    if row is None:
        conn.execute(
            workspaces.insert().values(team_id=team, installed_at=now, **{"name": name, **values})
        )
        return True
    conn.execute(workspaces.update().where(workspaces.c.team_id == team).values(**values))
    return row.status != "active"


def _pause_workspaces(
    conn: Connection, enterprise_id: str, teams: list[str], reason: str, now: datetime
) -> list[str]:
    """Pause the active ``teams`` of ``enterprise_id`` with ``reason``; which were active."""
    if not teams:
        return []
    mine = (workspaces.c.team_id.in_(teams), workspaces.c.enterprise_id == enterprise_id)
    active = select(workspaces.c.team_id).where(*mine, workspaces.c.status == "active")
    was_active = sorted(r[0] for r in conn.execute(active))
    conn.execute(
        workspaces.update()
        .where(*mine)
        .values(status="paused", paused_reason=reason[:64], updated_at=now)
    )
    return was_active
