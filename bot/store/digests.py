"""The weekly digests: one subscription per channel (a team, a schedule, and the item keys of
the last digest posted, to say what changed since), and one row per channel and local day a
digest was due (claimed → posted, or ``quiet`` when there was nothing to say). The posts go
through the claim protocol of :mod:`bot.store.claims`, keyed by ``<channel>/<date>``."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    Column,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    delete,
    func,
    select,
    update,
)

from bot.store.claims import CLAIMED, POSTED, Claims, stale
from bot.store.schema import UtcDateTime, metadata
from bot.store.scope import mine, workspace_column

if TYPE_CHECKING:
    from bot.store.engine import Store

QUIET = "quiet"  # the digest was due and had nothing to say: nothing posted

digest_subscriptions = Table(
    "digest_subscriptions",
    metadata,
    workspace_column(),
    Column("channel", String(32), nullable=False),
    Column("team", String(64), nullable=False),  # a team id of the organisation's knowledge
    Column("at", String(5), nullable=False),
    Column("tz", String(64), nullable=False),
    Column("days", String(32), nullable=False),
    Column("created_by", String(32), nullable=True),
    Column("created_at", UtcDateTime(), nullable=False),
    Column("starts_at", UtcDateTime(), nullable=False),
    Column("last_items", Text(), nullable=True),  # JSON list of the last digest's item keys
    PrimaryKeyConstraint("workspace", "channel", name="pk_digest_subscriptions"),
)

digest_posts = Table(
    "digest_posts",
    metadata,
    workspace_column(),
    Column("id", String(128), nullable=False),  # "<channel>/<local date>"
    Column("channel", String(32), nullable=False),
    Column("team", String(64), nullable=False),
    Column("message", Text(), nullable=False),  # JSON: the chat.postMessage arguments
    Column("items", Text(), nullable=False),  # JSON: the item keys this digest holds
    Column("state", String(16), nullable=False),  # claimed | posted | failed | quiet
    Column("claim_token", String(64), nullable=True),
    Column("claimed_at", UtcDateTime(), nullable=True),
    Column("message_ts", String(32), nullable=True),
    Column("posted_at", UtcDateTime(), nullable=True),
    Column("error", String(200), nullable=True),
    Column("unsure_since", UtcDateTime(), nullable=True),
    PrimaryKeyConstraint("workspace", "id", name="pk_digest_posts"),
)


@dataclass(frozen=True)
class Subscription:
    workspace: str
    channel: str
    team: str
    at: str
    tz: str
    days: str
    created_by: str | None
    starts_at: datetime
    last_items: tuple[str, ...] | None  # None: no digest posted yet


@dataclass(frozen=True)
class Post:
    id: str
    channel: str
    team: str
    message: dict[str, Any]
    items: tuple[str, ...]
    state: str
    claim_token: str | None
    claimed_at: datetime | None
    message_ts: str | None


def post_id_for(channel: str, day: str) -> str:
    return f"{channel}/{day}"


def _sub(row: Any) -> Subscription:
    last = tuple(json.loads(row.last_items)) if row.last_items is not None else None
    return Subscription(
        row.workspace, row.channel, row.team, row.at, row.tz, row.days,
        row.created_by, row.starts_at, last,
    )  # fmt: skip


def _post(row: Any) -> Post:
    return Post(
        row.id, row.channel, row.team, json.loads(row.message), tuple(json.loads(row.items)),
        row.state, row.claim_token, row.claimed_at, row.message_ts,
    )  # fmt: skip


class DigestStore:
    """The digests of the store's workspace."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.claims = Claims(store, digest_posts, ("id",))

    def subscribe(
        self, channel: str, team: str, at: str, tz: str, days: str, user: str | None, now: datetime
    ) -> Subscription:
        """Set the channel's digest (a new team starts its changes afresh)."""
        t = digest_subscriptions
        old = self.subscription(channel)
        last = old.last_items if old is not None and old.team == team else None
        values: dict[str, object] = {"team": team, "at": at, "tz": tz, "days": days}
        values |= {"created_by": user, "created_at": now, "starts_at": now}
        values["last_items"] = json.dumps(list(last)) if last is not None else None
        stmt = self.store.insert(t).values(
            workspace=self.store.workspace, channel=channel, **values
        )
        stmt = stmt.on_conflict_do_update(index_elements=[t.c.workspace, t.c.channel], set_=values)
        self.store.write(lambda conn: conn.execute(stmt))
        found = self.subscription(channel)
        assert found is not None
        return found

    def unsubscribe(self, channel: str) -> bool:
        t = digest_subscriptions
        stmt = delete(t).where(mine(t, self.store), t.c.channel == channel).returning(t.c.channel)
        return bool(self.store.write(lambda conn: conn.execute(stmt).first() is not None))

    def subscription(self, channel: str) -> Subscription | None:
        t = digest_subscriptions
        stmt = select(t).where(mine(t, self.store), t.c.channel == channel)
        row = self.store.read(lambda conn: conn.execute(stmt).first())
        return _sub(row) if row is not None else None

    def subscriptions(self) -> list[Subscription]:
        t = digest_subscriptions
        stmt = select(t).where(mine(t, self.store)).order_by(t.c.channel)
        return [_sub(r) for r in self.store.read(lambda conn: list(conn.execute(stmt)))]

    def last_sent(self) -> dict[str, datetime]:
        """channel -> when its latest digest was posted (never posted: left out; a quiet day
        posts nothing)."""
        t = digest_posts
        stmt = (
            select(t.c.channel, func.max(t.c.posted_at))
            .where(mine(t, self.store), t.c.state == POSTED)
            .group_by(t.c.channel)
        )
        rows = self.store.read(lambda conn: list(conn.execute(stmt)))
        return {channel: at for channel, at in rows if at is not None}

    def post(self, post_id: str) -> Post | None:
        t = digest_posts
        stmt = select(t).where(mine(t, self.store), t.c.id == post_id)
        row = self.store.read(lambda conn: conn.execute(stmt).first())
        return _post(row) if row is not None else None

    def claim(
        self, sub: Subscription, day: str, message: dict[str, Any], items: Sequence[str],
        token: str, now: datetime,
    ) -> bool:  # fmt: skip
        """Claim the channel's digest of ``day``; False when it exists already."""
        values = {"id": post_id_for(sub.channel, day), "channel": sub.channel, "team": sub.team}
        values |= {"message": json.dumps(message), "items": json.dumps(list(items))}
        return self.claims.claim(token, now, **values)

    def quiet(self, sub: Subscription, day: str, now: datetime) -> bool:
        """Record that the digest of ``day`` had nothing to say (once; False when it exists)."""
        t = digest_posts
        stmt = self.store.insert(t).values(
            workspace=self.store.workspace, id=post_id_for(sub.channel, day),
            channel=sub.channel, team=sub.team, message="{}", items="[]", state=QUIET,
            posted_at=now,
        ).on_conflict_do_nothing().returning(t.c.id)  # fmt: skip
        done = bool(self.store.write(lambda conn: conn.execute(stmt).first() is not None))
        if done:
            self.remember(sub.channel, sub.team, ())
        return done

    def remember(self, channel: str, team: str, items: Sequence[str]) -> None:
        """The item keys of the channel's latest digest (what the next one compares with)."""
        t = digest_subscriptions
        stmt = (
            update(t)
            .where(mine(t, self.store), t.c.channel == channel, t.c.team == team)
            .values(last_items=json.dumps(list(items)))
        )
        self.store.write(lambda conn: conn.execute(stmt))

    def takeovers(self, now: datetime, lease: timedelta) -> list[Post]:
        """Claims a tick may take over: released, or older than the lease."""
        t = digest_posts
        stmt = select(t).where(mine(t, self.store), stale(t, now, lease)).order_by(t.c.id)
        return [_post(r) for r in self.store.read(lambda conn: list(conn.execute(stmt)))]

    def pending_claims(self) -> list[Post]:
        t = digest_posts
        stmt = select(t).where(mine(t, self.store), t.c.state == CLAIMED).order_by(t.c.id)
        return [_post(r) for r in self.store.read(lambda conn: list(conn.execute(stmt)))]


def digest_work(
    store: Store, now: datetime, lease: timedelta
) -> tuple[list[Subscription], set[str], set[tuple[str, str]]]:
    """Across every workspace (the scheduler's due check): the subscriptions, the workspaces
    holding a claim to take over, and the (workspace, post id) rows that exist."""
    s, p = digest_subscriptions, digest_posts

    def run(conn: Any) -> tuple[list[Subscription], set[str], set[tuple[str, str]]]:
        subs = [_sub(r) for r in conn.execute(select(s))]
        busy = {r[0] for r in conn.execute(select(p.c.workspace).where(stale(p, now, lease)))}
        done = {(r[0], r[1]) for r in conn.execute(select(p.c.workspace, p.c.id))}
        return subs, busy, done

    return store.read(run)


__all__ = ["CLAIMED", "POSTED", "QUIET", "DigestStore", "Post", "Subscription", "digest_work"]
