"""What the quiz's tick may find to do, across every workspace of the database, in a few
set-based reads: the scheduler asks before it ticks any workspace (an idle tick of many
workspaces reads a handful of rows, starts no thread and resolves no token).

These reads ignore the store's workspace on purpose: they name the workspaces to tick, and
each workspace's own tick then reads its own rows (:mod:`bot.store.scope`)."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import and_, select
from sqlalchemy.engine import Connection

from bot.store.claims import CLAIMED, stale
from bot.store.quiz import CLOSED, POSTED, quiz_posts, quiz_subscriptions

if TYPE_CHECKING:
    from bot.store.engine import Store

SETTLED = (POSTED, CLOSED, CLAIMED)  # a claim to take over is in QuizWork.busy


@dataclass(frozen=True)
class Schedule:
    workspace: str
    channel: str
    at: str
    tz: str
    days: str
    starts_at: datetime | None


@dataclass
class QuizWork:
    """The rows the quiz's due check needs (every workspace)."""

    schedules: list[Schedule] = field(default_factory=list)  # unpaused subscriptions
    busy: set[str] = field(default_factory=set)  # workspaces with a claim to take over or close
    open_ends: list[tuple[str, str, date]] = field(default_factory=list)  # end-of-day: ws, tz, day


def quiz_work(store: Store, now: datetime, lease: timedelta, end_of_day: str) -> QuizWork:
    """Unpaused subscriptions; workspaces holding a post claim a tick may take over (released,
    stale) or a close claimed and never applied; open questions of ``end_of_day`` channels."""
    s, p = quiz_subscriptions.c, quiz_posts.c
    subs = select(s.workspace, s.channel, s.at, s.tz, s.days, s.starts_at).where(
        s.paused_reason.is_(None)
    )
    claims = select(p.workspace).where(stale(quiz_posts, now, lease)).distinct()
    closes = (
        select(p.workspace)
        .where(p.state == CLOSED, p.close_done_at.is_(None), p.closed_at < now - lease)
        .distinct()
    )
    ends = (
        select(p.workspace, p.tz, p.local_date)
        .join(quiz_subscriptions, and_(s.workspace == p.workspace, s.channel == p.channel))
        .where(p.state == POSTED, s.reveal == end_of_day)
        .distinct()
    )

    def run(conn: Connection) -> QuizWork:
        work = QuizWork([Schedule(*row) for row in conn.execute(subs)])
        work.busy = {r[0] for r in conn.execute(claims)} | {r[0] for r in conn.execute(closes)}
        work.open_ends = [(r[0], r[1], r[2]) for r in conn.execute(ends)]
        return work

    return store.read(run)


def settled(store: Store, slots: Collection[str]) -> set[tuple[str, str]]:
    """(workspace, post id) of the posts in ``slots`` that need nothing more: posted, closed,
    or claimed (a claim to take over is in :attr:`QuizWork.busy`)."""
    if not slots:
        return set()
    p = quiz_posts.c
    stmt = select(p.workspace, p.id).where(p.slot.in_(sorted(slots)), p.state.in_(SETTLED))
    return store.read(lambda conn: {(r[0], r[1]) for r in conn.execute(stmt)})
