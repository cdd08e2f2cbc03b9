"""Onboarding users (time zone, DM time, invited/started/stopped/completed) and settings."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import select, update
from sqlalchemy.engine import Connection

from bot.store.onboarding.records import User, row_of
from bot.store.onboarding.tables import onboarding_settings, onboarding_users
from bot.store.scope import mine

if TYPE_CHECKING:
    from bot.store.engine import Store

CHANNEL_KEY = "onboarding_channel"


class Users:
    """Users and settings (a part of :class:`bot.store.onboarding.OnboardingStore`)."""

    store: Store

    def ensure_user(self, user: str, now: datetime, *, tz: str, send_at: str) -> User:
        """The user's row, created with ``tz`` and ``send_at`` if it does not exist yet."""
        stmt = (
            self.store.insert(onboarding_users)
            .values(
                workspace=self.store.workspace,
                user_id=user,
                created_at=now,
                tz=tz,
                send_at=send_at,
            )
            .on_conflict_do_nothing(index_elements=["workspace", "user_id"])
            .returning(*onboarding_users.c)
        )

        def run(conn: Connection) -> User:
            row = conn.execute(stmt).first() or conn.execute(_user_query(self.store, user)).one()
            return row_of(User, row)

        return self.store.write(run)

    def user(self, user: str) -> User | None:
        row = self.store.read(lambda conn: conn.execute(_user_query(self.store, user)).first())
        return row_of(User, row) if row is not None else None

    def users(self) -> list[User]:
        stmt = (
            select(onboarding_users)
            .where(mine(onboarding_users, self.store))
            .order_by(onboarding_users.c.user_id)
        )
        return self.store.read(lambda conn: [row_of(User, r) for r in conn.execute(stmt)])

    def claim_invite(self, user: str, by: str | None, now: datetime) -> bool:
        """Mark the user invited (welcome DM); True only the first time, ever."""
        return self._stamp_once(user, "invited_at", now, invited_by=by)

    def release_invite(self, user: str) -> None:
        """The welcome DM could not be sent: let a later join or command try again."""
        stmt = (
            update(onboarding_users)
            .where(*_is(self.store, user), onboarding_users.c.started_at.is_(None))
            .values(invited_at=None, invited_by=None)
        )
        self.store.write(lambda conn: conn.execute(stmt))

    def start(self, user: str, now: datetime) -> bool:
        """Record Start (and resume after a stop); True when it was not started before."""
        col = onboarding_users.c

        def run(conn: Connection) -> bool:
            first = conn.execute(
                update(onboarding_users)
                .where(*_is(self.store, user), col.started_at.is_(None))
                .values(started_at=now)
                .returning(col.user_id)
            ).first()
            conn.execute(
                update(onboarding_users).where(*_is(self.store, user)).values(stopped_at=None)
            )
            conn.execute(
                update(onboarding_users)
                .where(*_is(self.store, user), col.invited_at.is_(None))
                .values(invited_at=now)
            )
            return first is not None

        return self.store.write(run)

    def stop(self, user: str, now: datetime) -> bool:
        """Stop lessons and review DMs; False when there was nothing to stop."""
        return self._stamp_once(user, "stopped_at", now)

    def set_preferences(
        self, user: str, *, tz: str | None = None, send_at: str | None = None
    ) -> User | None:
        """Set the user's time zone and/or DM time; the row as it is now (None: no such
        user)."""
        values = {k: v for k, v in (("tz", tz), ("send_at", send_at)) if v is not None}
        if not values:
            return self.user(user)
        stmt = (
            update(onboarding_users)
            .where(*_is(self.store, user))
            .values(**values)
            .returning(*onboarding_users.c)
        )
        row = self.store.write(lambda conn: conn.execute(stmt).first())
        return row_of(User, row) if row is not None else None

    def claim_completion(self, user: str, now: datetime) -> bool:
        """Mark the user's onboarding complete; True only the first time."""
        return self._stamp_once(user, "completed_at", now)

    def _stamp_once(self, user: str, column: str, now: datetime, **also: Any) -> bool:
        """Set the user's ``column`` (and ``also``) to ``now`` if it is still NULL; True if
        this call set it."""
        col = onboarding_users.c
        stmt = (
            update(onboarding_users)
            .where(*_is(self.store, user), col[column].is_(None))
            .values({column: now, **also})
            .returning(col.user_id)
        )
        return self.store.write(lambda conn: conn.execute(stmt).first() is not None)

    # -- settings ----------------------------------------------------------------------------

    def set_setting(self, key: str, value: str, by: str | None, now: datetime) -> None:
        values = {"value": value, "updated_by": by, "updated_at": now}
        stmt = (
            self.store.insert(onboarding_settings)
            .values(workspace=self.store.workspace, key=key, **values)
            .on_conflict_do_update(index_elements=["workspace", "key"], set_=values)
        )
        self.store.write(lambda conn: conn.execute(stmt))

    def setting(self, key: str) -> str | None:
        stmt = select(onboarding_settings.c.value).where(
            mine(onboarding_settings, self.store), onboarding_settings.c.key == key
        )
        value = self.store.read(lambda conn: conn.execute(stmt).scalar())
        return str(value) if value is not None else None


def _is(store: Store, user: str) -> list[Any]:
    """The row of ``user`` in the store's workspace."""
    return [mine(onboarding_users, store), onboarding_users.c.user_id == user]


def _user_query(store: Store, user: str) -> Any:
    return select(onboarding_users).where(*_is(store, user))
