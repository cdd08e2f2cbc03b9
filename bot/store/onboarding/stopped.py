"""People the bot stopped writing to: Slack cannot reach them (deactivated, gone, a DM kept
failing). No DM is attempted to a stopped person; the stop is cleared when they use the bot
again (a DM, a command, a click)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import delete, select

from bot.store.onboarding.tables import stopped_users
from bot.store.scope import mine

if TYPE_CHECKING:
    from bot.store.engine import Store

REASON_LENGTH = 200


@dataclass(frozen=True)
class StoppedUser:
    user_id: str
    reason: str  # Slack's error (user_disabled …), or "<error> (6 attempts)"
    stopped_at: datetime


class Stopped:
    """The stopped people of the store's workspace (a part of ``OnboardingStore``)."""

    store: Store

    def stop_delivery(self, user: str, reason: str, now: datetime) -> bool:
        """Stop DMs to ``user`` with ``reason``; True when they were not stopped before."""
        stmt = (
            self.store.insert(stopped_users)
            .values(
                workspace=self.store.workspace,
                user_id=user,
                reason=reason[:REASON_LENGTH],
                stopped_at=now,
            )
            .on_conflict_do_nothing(index_elements=["workspace", "user_id"])
            .returning(stopped_users.c.user_id)
        )
        return self.store.write(lambda conn: conn.execute(stmt).first() is not None)

    def stopped_users(self) -> list[StoppedUser]:
        c = stopped_users.c
        stmt = select(stopped_users).where(mine(stopped_users, self.store)).order_by(c.user_id)
        rows = self.store.read(lambda conn: list(conn.execute(stmt)))
        return [StoppedUser(r.user_id, r.reason, r.stopped_at) for r in rows]

    def stopped_user(self, user: str) -> StoppedUser | None:
        """Why and since when the bot stopped writing to ``user`` (None: it writes to them)."""
        c = stopped_users.c
        stmt = select(stopped_users).where(mine(stopped_users, self.store), c.user_id == user)
        row = self.store.read(lambda conn: conn.execute(stmt).first())
        return StoppedUser(row.user_id, row.reason, row.stopped_at) if row is not None else None

    def came_back(self, user: str) -> bool:
        """``user`` used the bot again: DMs may go to them. True when they were stopped."""
        stmt = (
            delete(stopped_users)
            .where(mine(stopped_users, self.store), stopped_users.c.user_id == user)
            .returning(stopped_users.c.user_id)
        )
        # most people were never stopped: a read (no write lock, no commit) tells
        stopped = select(stopped_users.c.user_id).where(
            mine(stopped_users, self.store), stopped_users.c.user_id == user
        )
        if self.store.read(lambda conn: conn.execute(stopped).first()) is None:
            return False
        return self.store.write(lambda conn: conn.execute(stmt).first() is not None)
