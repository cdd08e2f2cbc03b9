"""People the bot stopped writing to: Slack cannot reach them (deactivated, gone, a DM kept
failing). No DM is attempted to a stopped person; the stop is cleared when they use the bot
again (a DM, a command, a click)."""

from __future__ import annotations

import threading
import time
import weakref
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import delete, select

from bot.store.onboarding.tables import stopped_users
from bot.store.scope import mine

if TYPE_CHECKING:
    from bot.store.engine import Store

REASON_LENGTH = 200
# How long the in-memory set of stopped people is trusted: a stop written by another process
# (another server worker, the ticker elsewhere) is seen within this; this process's own stops
# and comebacks update the set at once.
STOPPED_IDS_MAX_AGE_S = 60.0


class _StoppedIds:
    """One workspace's stopped user ids as last read, for the check every request makes."""

    def __init__(self) -> None:
        self.ids: frozenset[str] = frozenset()
        self.read_at: float | None = None  # None: never read
        self.lock = threading.Lock()

    def fresh(self) -> frozenset[str] | None:
        if self.read_at is None or time.monotonic() - self.read_at > STOPPED_IDS_MAX_AGE_S:
            return None
        return self.ids

    def replace(self, ids: frozenset[str], read_at: float) -> None:
        with self.lock:
            self.ids, self.read_at = ids, read_at

    def change(self, user: str, *, stopped: bool) -> None:
        with self.lock:
            self.ids = self.ids | {user} if stopped else self.ids - {user}


# per database engine (shared by every workspace's view of the store), then per workspace
_MEMOS: weakref.WeakKeyDictionary[Any, dict[str, _StoppedIds]] = weakref.WeakKeyDictionary()
_MEMOS_LOCK = threading.Lock()


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
        stopped = self.store.write(lambda conn: conn.execute(stmt).first() is not None)
        if stopped:
            self._stopped_ids().change(user, stopped=True)
        return stopped

    def maybe_stopped(self, user: str) -> bool:
        """False when ``user`` is surely not stopped (the in-memory set, read within the last
        minute, says so): no database call. True: stopped, or not known lately."""
        ids = self._stopped_ids().fresh()
        return ids is None or user in ids

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
        # most people were never stopped: a read (no write lock, no commit) tells, and refreshes
        # the in-memory set :meth:`maybe_stopped` looks at
        memo = self._stopped_ids()
        read_at = time.monotonic()
        everyone = select(stopped_users.c.user_id).where(mine(stopped_users, self.store))
        ids = frozenset(self.store.read(lambda conn: list(conn.execute(everyone).scalars())))
        memo.replace(ids, read_at)
        if user not in ids:
            return False
        back = self.store.write(lambda conn: conn.execute(stmt).first() is not None)
        memo.change(user, stopped=False)
        return back

    def _stopped_ids(self) -> _StoppedIds:
        with _MEMOS_LOCK:
            workspaces = _MEMOS.setdefault(self.store.engine, {})
            return workspaces.setdefault(self.store.workspace, _StoppedIds())
