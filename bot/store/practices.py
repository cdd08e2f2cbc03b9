"""Practice confirmations: "backups are configured on legacy-crm", said by a member of the
owning team or an admin, one row per (workspace, practice, resource). The newest one counts
(confirming again moves the date); expiry is the reader's rule (WHOOWNS_CONFIRM_DAYS), so a
changed setting applies to the rows already there. Rows name resources by id, so a re-import
of the inventory keeps them.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Column, PrimaryKeyConstraint, String, Table, select

from bot.store.schema import UtcDateTime, metadata
from bot.store.scope import mine, workspace_column

practice_confirmations = Table(
    "practice_confirmations",
    metadata,
    workspace_column(),
    Column("practice", String(64), nullable=False),
    Column("resource", String(200), nullable=False),
    Column("confirmed_by", String(32), nullable=False),
    Column("confirmed_at", UtcDateTime(), nullable=False),
    PrimaryKeyConstraint("workspace", "practice", "resource", name="pk_practice_confirmations"),
)


class ConfirmationStore:
    """The confirmations of the store's workspace."""

    def __init__(self, store: Any) -> None:
        self.store = store

    def confirm(self, practice: str, resource: str, user: str, now: datetime) -> None:
        """Record that ``user`` confirmed ``practice`` on ``resource`` at ``now``."""
        t = practice_confirmations
        stmt = self.store.insert(t).values(
            workspace=self.store.workspace,
            practice=practice,
            resource=resource,
            confirmed_by=user,
            confirmed_at=now,
        )
        stmt = stmt.on_conflict_do_update(
            index_elements=[t.c.workspace, t.c.practice, t.c.resource],
            set_={"confirmed_by": stmt.excluded.confirmed_by, "confirmed_at": now},
        )
        self.store.write(lambda conn: conn.execute(stmt))

    def all(self) -> dict[tuple[str, str], tuple[str, datetime]]:
        """(practice, resource) -> (who, when), every confirmation of the workspace."""
        t = practice_confirmations
        stmt = select(t.c.practice, t.c.resource, t.c.confirmed_by, t.c.confirmed_at).where(
            mine(t, self.store)
        )

        def run(conn: Any) -> dict[tuple[str, str], tuple[str, datetime]]:
            return {(p, r): (by, at) for p, r, by, at in conn.execute(stmt)}

        return dict(self.store.read(run))
