"""What onboarding's tick may find to do, across every workspace of the database, in a few
set-based reads: the scheduler asks before it ticks any workspace (an idle tick of many
workspaces reads a few hundred small rows and resolves no token, starts no thread).

These reads ignore the store's workspace on purpose: they name the workspaces to tick, and
each workspace's own tick then reads its own rows (:mod:`bot.store.scope`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import Select, Table, and_, func, select
from sqlalchemy.engine import Connection

from bot.store.claims import FAILED, stale
from bot.store.onboarding.tables import (
    onboarding_cards,
    onboarding_lessons,
    onboarding_review_sends,
    onboarding_users,
    stopped_users,
)

if TYPE_CHECKING:
    from bot.store.engine import Store


@dataclass(frozen=True)
class Learner:
    """A user DMs may go to (started or holding cards, not stopped), with what the due check
    needs: how many lessons went out (or are going out) and the latest one's local date, and
    when their earliest card is due."""

    workspace: str
    user_id: str
    tz: str
    send_at: str
    started: bool
    lessons: int
    last_lesson: date | None
    first_due: datetime | None


@dataclass
class OnboardingWork:
    learners: list[Learner] = field(default_factory=list)
    busy: set[str] = field(default_factory=set)  # workspaces with a DM claim to take over


def onboarding_work(store: Store, now: datetime, lease: timedelta) -> OnboardingWork:
    """Every learner not stopped (cards due before ``now`` + 27 h only), and the workspaces
    holding a lesson or review claim a tick may take over at ``now`` (for someone Slack can
    reach: the ticks leave a stopped person's claim for when they come back)."""
    u, s = onboarding_users.c, stopped_users.c
    lessons = (
        select(
            onboarding_lessons.c.workspace,
            onboarding_lessons.c.user_id,
            func.count().label("n"),
            func.max(onboarding_lessons.c.local_date).label("last"),
        )
        .where(onboarding_lessons.c.state != FAILED)
        .group_by(onboarding_lessons.c.workspace, onboarding_lessons.c.user_id)
        .subquery()
    )
    cards = (
        select(
            onboarding_cards.c.workspace,
            onboarding_cards.c.user_id,
            func.min(onboarding_cards.c.due).label("due"),
        )
        .where(onboarding_cards.c.due < now + timedelta(hours=27))
        .group_by(onboarding_cards.c.workspace, onboarding_cards.c.user_id)
        .subquery()
    )
    learners = (
        select(u.workspace, u.user_id, u.tz, u.send_at, u.started_at, lessons.c.n, lessons.c.last)
        .add_columns(cards.c.due)
        .outerjoin(
            lessons, and_(lessons.c.workspace == u.workspace, lessons.c.user_id == u.user_id)
        )
        .outerjoin(cards, and_(cards.c.workspace == u.workspace, cards.c.user_id == u.user_id))
        .outerjoin(stopped_users, and_(s.workspace == u.workspace, s.user_id == u.user_id))
        .where(u.stopped_at.is_(None), s.user_id.is_(None))
        .where((u.started_at.is_not(None)) | (cards.c.due.is_not(None)))
    )
    claims = [_to_take_over(t, now, lease) for t in (onboarding_lessons, onboarding_review_sends)]

    def run(conn: Connection) -> OnboardingWork:
        work = OnboardingWork()
        for r in conn.execute(learners):
            work.learners.append(
                Learner(r[0], r[1], r[2], r[3], r[4] is not None, r[5] or 0, r[6], r[7])
            )
        for stmt in claims:
            work.busy |= {r[0] for r in conn.execute(stmt)}
        return work

    return store.read(run)


def _to_take_over(table: Table, now: datetime, lease: timedelta) -> Select[Any]:
    """The workspaces holding a claim of ``table`` a tick may take over at ``now``; a claim for
    a person Slack cannot reach waits for them to come back (no tick sends it)."""
    s = stopped_users.c
    unreachable = select(s.user_id).where(
        s.workspace == table.c.workspace, s.user_id == table.c.user_id
    )
    return (
        select(table.c.workspace).where(stale(table, now, lease), ~unreachable.exists()).distinct()
    )


def daily_reviews_sent(store: Store, slots: set[str]) -> set[tuple[str, str, str]]:
    """(workspace, user, slot) of the daily review DMs of ``slots`` (local dates) that exist."""
    if not slots:
        return set()
    r = onboarding_review_sends.c
    stmt = select(r.workspace, r.user_id, r.slot).where(r.slot.in_(sorted(slots)))
    return store.read(lambda conn: {(x[0], x[1], x[2]) for x in conn.execute(stmt)})
