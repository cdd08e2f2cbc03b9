"""Claim → post → done, for rows the bot posts exactly once (quiz posts, onboarding lessons,
review DMs).

A row is *claimed* before its message is posted (``INSERT … ON CONFLICT DO NOTHING …
RETURNING`` on a unique key), with a claim token and time. After posting, the claimer records
it (state ``claimed`` → ``posted``) only while it still holds the claim. A transient failure
*releases* the claim (``claimed_at`` NULL: the next tick takes it at once); a permanent one marks
it ``failed``. A claim older than the lease (the process died between claim and post) is
*taken over* by a compare-and-set on the old token, so of several ticks exactly one wins.

``unsure_since`` remembers that an earlier attempt's outcome is unknown: set to
that attempt's claim time when a stale claim is taken over, or when a post is released after
a timeout, a dropped connection or a 5xx (``release(..., unsure=True)``); the next attempt
looks for the bot's own message in Slack from then on before posting again
(:class:`bot.slack.delivery.Courier`). A live holder *renews* its claim before each post attempt
and before each 429 wait.

Tables with ``attempts`` and ``retry_at`` (the DMs) count transient failures: a release
waits :func:`backoff` before the next take-over; :meth:`Claims.give_up` ends it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import ColumnElement, Table, and_, case, func, or_, select, update

from bot.store.scope import mine

if TYPE_CHECKING:
    from bot.store.engine import Store

CLAIMED, POSTED, FAILED = "claimed", "posted", "failed"
ERROR_LENGTH = 200  # the ``error`` column's size
RETRY_BACKOFF = timedelta(minutes=1)  # the wait after a DM's first transient failure, doubled


def backoff(attempts: int) -> timedelta:
    """The wait before retrying a DM that failed ``attempts`` times (1, 2, 4 … minutes)."""
    return RETRY_BACKOFF * (2 ** max(attempts - 1, 0))


def stale(table: Table, now: datetime, lease: timedelta) -> ColumnElement[bool]:
    """Rows of ``table`` whose claim a tick may take over at ``now``: claimed, and released
    (past its backoff where the table has one) or older than ``lease``."""
    c = table.c
    released: ColumnElement[bool] = c.claimed_at.is_(None)
    if "retry_at" in c:  # a released DM waits out its backoff
        released = and_(released, or_(c.retry_at.is_(None), c.retry_at <= now))
    return and_(c.state == CLAIMED, or_(released, c.claimed_at < now - lease))


class Claims:
    """The claim life cycle of one table, whose rows are found by the columns ``key``.

    The table has ``workspace``, ``state``, ``claim_token``, ``claimed_at``, ``posted_at`` and
    ``error``; every row read or written is the store's workspace's (:mod:`bot.store.scope`)."""

    def __init__(self, store: Store, table: Table, key: Sequence[str]) -> None:
        self.store = store
        self.table = table
        self.key = tuple(key)

    def _row(self, key: Sequence[Any]) -> list[Any]:
        row = [self.table.c[name] == value for name, value in zip(self.key, key, strict=True)]
        return [mine(self.table, self.store), *row]

    def _changed(self, stmt: Any) -> bool:
        """Run ``stmt`` (with RETURNING); True when it touched a row."""
        return self.store.write(lambda conn: conn.execute(stmt).first() is not None)

    def insert(self, token: str, now: datetime, **values: Any) -> Any:
        """The claiming INSERT of a row: run it in a transaction; it returns the row (RETURNING
        every column) only when this call made the claim.

        The conflict has no target on purpose: some of these tables have a unique key and a
        primary key derived from it (``C1/2024-03-04``), and on PostgreSQL ``ON CONFLICT
        (channel, slot)`` only arbitrates that one index — a concurrent claim that met the
        other one first raised a UniqueViolation instead of losing quietly. Without a target
        any unique conflict means "already claimed"."""
        return (
            self.store.insert(self.table)
            .values(
                workspace=self.store.workspace,
                state=CLAIMED,
                claim_token=token,
                claimed_at=now,
                **values,
            )
            .on_conflict_do_nothing()
            .returning(*self.table.c)
        )

    def claim(self, token: str, now: datetime, **values: Any) -> bool:
        """Claim a new row; False when it is already claimed."""
        return self._changed(self.insert(token, now, **values))

    def take_over(
        self,
        key: Sequence[Any],
        old_token: str | None,
        token: str,
        now: datetime,
        lease: timedelta,
        *,
        failed_too: bool = False,
    ) -> bool:
        """Take a claim whose holder is gone (released, or older than ``lease``) — and, with
        ``failed_too``, a row that failed — if it still carries ``old_token``."""
        c = self.table.c
        takeable = stale(self.table, now, lease)
        if failed_too:
            takeable = or_(takeable, c.state == FAILED)
        same = c.claim_token.is_(None) if old_token is None else c.claim_token == old_token
        # a stale claim (claimed_at set): its holder may have posted before it died
        unsure = case(
            (c.state == CLAIMED, func.coalesce(c.unsure_since, c.claimed_at)),
            else_=c.unsure_since,
        )
        stmt = (
            update(self.table)
            .where(*self._row(key), takeable, same)
            .values(state=CLAIMED, claim_token=token, claimed_at=now, unsure_since=unsure)
            .values(**({"attempts": 0} if failed_too and "attempts" in c else {}))
            .returning(c[self.key[0]])
        )
        return self._changed(stmt)

    def posted(self, key: Sequence[Any], token: str, now: datetime, **values: Any) -> bool:
        """Record the message (``values``: its ts, channel …); False if ``token`` no longer
        holds the claim."""
        c = self.table.c
        stmt = (
            update(self.table)
            .where(*self._row(key), c.state == CLAIMED, c.claim_token == token)
            .values(state=POSTED, posted_at=now, error=None, unsure_since=None, **values)
            .returning(c[self.key[0]])
        )
        return self._changed(stmt)

    def release(
        self,
        key: Sequence[Any],
        token: str,
        error: str,
        *,
        unsure: bool = False,
        now: datetime | None = None,
    ) -> int:
        """Give the claim back after a transient failure: the next tick retries (at once, or
        after the backoff where the table counts attempts). ``unsure``: the message may have
        reached Slack (a timeout, a 5xx), so the retry looks for it first. Returns how many
        attempts failed so far (0 where the table does not count them)."""
        c = self.table.c
        values: dict[str, Any] = {"claimed_at": None, "error": error[:ERROR_LENGTH]}
        if unsure:
            values["unsure_since"] = func.coalesce(c.unsure_since, c.claimed_at)
        if "attempts" not in c:
            self._update_claimed(key, token, **values)
            return 0
        stmt = (
            update(self.table)
            .where(*self._row(key), c.claim_token == token, c.state == CLAIMED)
            .values(attempts=c.attempts + 1, **values)
            .returning(c.attempts)
        )
        attempts = self.store.write(lambda conn: conn.execute(stmt).scalar())
        if attempts is None:
            return 0
        if now is not None:
            retry = update(self.table).where(*self._row(key), c.claim_token == token)
            retry = retry.values(retry_at=now + backoff(int(attempts)))
            self.store.write(lambda conn: conn.execute(retry))
        return int(attempts)

    def give_up(self, key: Sequence[Any], error: str) -> bool:
        """Stop retrying a released row that kept failing: it becomes ``failed``."""
        c = self.table.c
        stmt = (
            update(self.table)
            .where(*self._row(key), c.state == CLAIMED, c.claimed_at.is_(None))
            .values(state=FAILED, error=error[:ERROR_LENGTH])
            .returning(c[self.key[0]])
        )
        return self._changed(stmt)

    def renew(self, key: Sequence[Any], token: str, now: datetime) -> bool:
        """Extend a live claim (``claimed_at`` = ``now``) while its holder is still posting;
        False when ``token`` no longer holds it."""
        c = self.table.c
        stmt = (
            update(self.table)
            .where(*self._row(key), c.state == CLAIMED, c.claim_token == token)
            .values(claimed_at=now)
            .returning(c[self.key[0]])
        )
        return self._changed(stmt)

    def unsure_since(self, key: Sequence[Any]) -> datetime | None:
        """When an attempt whose outcome is unknown was claimed (None: no such attempt)."""
        stmt = select(self.table.c.unsure_since).where(*self._row(key))
        return self.store.read(lambda conn: conn.execute(stmt).scalar())

    def failed(self, key: Sequence[Any], token: str, error: str) -> None:
        """A permanent failure: the row is not tried again."""
        self._update_claimed(key, token, state=FAILED, error=error[:ERROR_LENGTH])

    def _update_claimed(self, key: Sequence[Any], token: str, **values: Any) -> None:
        c = self.table.c
        stmt = (
            update(self.table)
            .where(*self._row(key), c.claim_token == token, c.state == CLAIMED)
            .values(**values)
        )
        self.store.write(lambda conn: conn.execute(stmt))
