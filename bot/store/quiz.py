"""Quiz tables and data access: subscriptions, posts (one per channel and scheduled day),
answers (one per post and user). The only quiz module that talks SQL.

Exactly once lives here, in unique keys:

* ``quiz_posts`` has ``UNIQUE (channel, slot)``. A scheduled post's ``slot`` is its local
  date (``2024-03-04``), so a channel gets at most one scheduled question per local day,
  whatever instances or ticks run; ``quiz now`` extras use ``now-<random>`` slots and never
  collide with it.
* A tick *claims* a slot before posting and records the message ``ts`` after
  (:mod:`bot.store.claims`: claim token and time, ``claimed`` → ``posted``, a stale claim
  taken over by a compare-and-set on the old token), so exactly one tick finishes the job.
* ``quiz_answers`` has ``PRIMARY KEY (post_id, user_id)``: the first answer wins; double
  clicks, retried payloads and other instances insert nothing.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    ForeignKey,
    Index,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    UniqueConstraint,
    and_,
    case,
    delete,
    func,
    select,
    update,
)
from sqlalchemy.engine import Connection

from bot.store.claims import CLAIMED, FAILED, POSTED, Claims
from bot.store.quiz_closes import QuizCloses
from bot.store.schema import UtcDateTime, metadata

if TYPE_CHECKING:
    from bot.store.engine import Store

CLOSED = "closed"
SCHEDULED, EXTRA = "scheduled", "extra"
POST_KEY = ("id",)  # a post's claim key in ``QuizStore.claims``: [post.id]

quiz_subscriptions = Table(
    "quiz_subscriptions",
    metadata,
    Column("channel", String(32), primary_key=True),
    Column("at", String(5), nullable=False),  # HH:MM local wall time
    Column("tz", String(64), nullable=False),  # IANA key
    Column("days", String(32), nullable=False),  # weekdays | daily | mon,wed,fri
    Column("created_by", String(32), nullable=True),
    Column("created_at", UtcDateTime(), nullable=False),
    Column("paused_reason", String(64), nullable=True),  # channel_not_found, not_in_channel ...
    Column("paused_at", UtcDateTime(), nullable=True),
    # when a question closes and its answer is revealed: next | end-of-day (migration 0004)
    Column("reveal", String(16), nullable=False, server_default="next"),
    # course | ours | mixed: what the questions are about (migration 0006_quiz_topics)
    Column("topics", String(16), nullable=False, server_default="course"),
    # the first slot of the schedule is the first one at or after this (migration 0008_exactly_once)
    Column("starts_at", UtcDateTime(), nullable=True),
)

quiz_posts = Table(
    "quiz_posts",
    metadata,
    Column("id", String(128), primary_key=True),  # "<channel>/<slot>"
    Column("channel", String(32), nullable=False),
    Column("slot", String(40), nullable=False),  # local date, or now-<hex> for extras
    Column("kind", String(16), nullable=False),  # scheduled | extra
    Column("local_date", Date(), nullable=False),  # in the channel's time zone
    Column("tz", String(64), nullable=False),
    Column("question_id", String(64), nullable=False),
    Column("question", Text(), nullable=False),  # JSON snapshot of the question as posted
    Column("scheduled_at", UtcDateTime(), nullable=True),
    Column("state", String(16), nullable=False),  # claimed | posted | closed | failed
    Column("claim_token", String(64), nullable=True),
    Column("claimed_at", UtcDateTime(), nullable=True),  # NULL: released, take it now
    Column("message_ts", String(32), nullable=True),
    Column("posted_at", UtcDateTime(), nullable=True),
    Column("closed_at", UtcDateTime(), nullable=True),
    Column("error", String(200), nullable=True),
    Column(
        "unsure_since", UtcDateTime(), nullable=True
    ),  # see bot.store.claims (0008_exactly_once)
    Column("close_done_at", UtcDateTime(), nullable=True),  # chat.update of the close applied
    UniqueConstraint("channel", "slot", name="uq_quiz_posts_channel_slot"),
    Index("ix_quiz_posts_channel_state", "channel", "state"),
)

quiz_answers = Table(
    "quiz_answers",
    metadata,
    Column("post_id", String(128), ForeignKey("quiz_posts.id"), nullable=False),
    Column("user_id", String(32), nullable=False),
    Column("channel", String(32), nullable=False),
    Column("option", String(64), nullable=False),  # the option key
    Column("correct", Boolean(), nullable=False),
    Column("answered_at", UtcDateTime(), nullable=False),
    PrimaryKeyConstraint("post_id", "user_id", name="pk_quiz_answers"),
    Index("ix_quiz_answers_channel", "channel"),
    Index("ix_quiz_answers_user_id", "user_id"),
)


@dataclass(frozen=True)
class Subscription:
    channel: str
    at: str
    tz: str
    days: str
    created_by: str | None
    created_at: datetime
    paused_reason: str | None = None
    paused_at: datetime | None = None
    reveal: str = "next"  # next | end-of-day
    topics: str = "course"  # course | ours (the organisation's databases) | mixed (alternate)
    starts_at: datetime | None = None  # no slot before this is posted

    @property
    def paused(self) -> bool:
        return self.paused_reason is not None


@dataclass(frozen=True)
class Post:
    id: str
    channel: str
    slot: str
    kind: str
    local_date: date
    tz: str
    question_id: str
    question: dict[str, Any]
    scheduled_at: datetime | None
    state: str
    claim_token: str | None
    claimed_at: datetime | None
    message_ts: str | None
    posted_at: datetime | None
    closed_at: datetime | None
    error: str | None
    unsure_since: datetime | None = None
    close_done_at: datetime | None = None


@dataclass(frozen=True)
class Answer:
    post_id: str
    user_id: str
    channel: str
    option: str
    correct: bool
    answered_at: datetime


def post_id_for(channel: str, slot: str) -> str:
    return f"{channel}/{slot}"


def _sub(row: Any) -> Subscription:
    return Subscription(**row._mapping)


def _post(row: Any) -> Post:
    data = dict(row._mapping)
    data["question"] = json.loads(data["question"])
    return Post(**data)


post_of = _post  # public: bot.store.quiz_closes reads posts too


def _answer(row: Any) -> Answer:
    return Answer(**row._mapping)


class QuizStore(QuizCloses):
    """Quiz data on a :class:`bot.store.Store` (SQLite or PostgreSQL, same code)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        # the posts' claims, keyed by the post id: posted/release/failed after a claim
        self.claims = Claims(store, quiz_posts, POST_KEY)

    # -- subscriptions -----------------------------------------------------------------------

    def subscribe(
        self,
        channel: str,
        at: str,
        tz: str,
        days: str,
        by: str | None,
        now: datetime,
        *,
        reveal: str | None = None,
        topics: str | None = None,
    ) -> Subscription:
        """Create or replace the channel's schedule (and un-pause it). ``reveal`` and
        ``topics`` None keep the channel's setting (``next``/``course`` for a new one)."""
        values: dict[str, Any] = {"at": at, "tz": tz, "days": days, "created_by": by}
        values["created_at"] = now
        if reveal is not None:
            values["reveal"] = reveal
        if topics is not None:
            values["topics"] = topics
        changed = {k: v for k, v in values.items() if k != "created_by"}
        c = quiz_subscriptions.c
        # the same schedule, running: it keeps its start; a new or changed one (or a paused
        # one subscribed again) starts with the first slot at or after now
        same = and_(c.at == at, c.tz == tz, c.days == days, c.paused_reason.is_(None))
        starts = case((same, func.coalesce(c.starts_at, now)), else_=now)
        stmt = (
            self.store.insert(quiz_subscriptions)
            .values(channel=channel, starts_at=now, **values)
            .on_conflict_do_update(
                index_elements=[quiz_subscriptions.c.channel],
                # a change keeps who subscribed (bot.admins: they may change it again)
                set_={**changed, "starts_at": starts, "paused_reason": None, "paused_at": None},
            )
            .returning(*quiz_subscriptions.c)
        )
        return _sub(self.store.write(lambda conn: conn.execute(stmt).one()))

    def unsubscribe(self, channel: str) -> bool:
        stmt = (
            delete(quiz_subscriptions)
            .where(quiz_subscriptions.c.channel == channel)
            .returning(quiz_subscriptions.c.channel)
        )
        return self.store.write(lambda conn: conn.execute(stmt).first() is not None)

    def subscription(self, channel: str) -> Subscription | None:
        stmt = select(quiz_subscriptions).where(quiz_subscriptions.c.channel == channel)
        row = self.store.read(lambda conn: conn.execute(stmt).first())
        return _sub(row) if row is not None else None

    def subscriptions(self, *, include_paused: bool = True) -> list[Subscription]:
        stmt = select(quiz_subscriptions).order_by(quiz_subscriptions.c.channel)
        if not include_paused:
            stmt = stmt.where(quiz_subscriptions.c.paused_reason.is_(None))
        return self.store.read(lambda conn: [_sub(r) for r in conn.execute(stmt)])

    def set_reveal(self, channel: str, reveal: str) -> Subscription | None:
        """Set when the channel's answers are revealed; None if it is not subscribed."""
        stmt = (
            update(quiz_subscriptions)
            .where(quiz_subscriptions.c.channel == channel)
            .values(reveal=reveal)
            .returning(*quiz_subscriptions.c)
        )
        row = self.store.write(lambda conn: conn.execute(stmt).first())
        return _sub(row) if row is not None else None

    def set_topics(self, channel: str, topics: str) -> Subscription | None:
        """Set what the channel's questions are about; None if it is not subscribed."""
        stmt = (
            update(quiz_subscriptions)
            .where(quiz_subscriptions.c.channel == channel)
            .values(topics=topics)
            .returning(*quiz_subscriptions.c)
        )
        row = self.store.write(lambda conn: conn.execute(stmt).first())
        return _sub(row) if row is not None else None

    def pause(self, channel: str, reason: str, now: datetime) -> None:
        stmt = (
            update(quiz_subscriptions)
            .where(quiz_subscriptions.c.channel == channel)
            .values(paused_reason=reason[:64], paused_at=now)
        )
        self.store.write(lambda conn: conn.execute(stmt))

    # -- posts: claim, post, close -----------------------------------------------------------

    def claim(
        self,
        *,
        channel: str,
        slot: str,
        kind: str,
        local_date: date,
        tz: str,
        question: dict[str, Any],
        scheduled_at: datetime | None,
        token: str,
        now: datetime,
    ) -> bool:
        """Claim the (channel, slot) before posting; False when it is already claimed."""
        return self.claims.claim(
            token,
            now,
            id=post_id_for(channel, slot),
            channel=channel,
            slot=slot,
            kind=kind,
            local_date=local_date,
            tz=tz,
            question_id=str(question["id"]),
            question=json.dumps(question, sort_keys=True),
            scheduled_at=scheduled_at,
        )

    def take_over(self, post: Post, token: str, now: datetime, lease: timedelta) -> bool:
        """Take a claim whose holder is gone (released, or older than ``lease``), or retry a
        post that failed (the channel was paused, then subscribed again).

        Compare-and-set on the old token: of several ticks trying at once, one wins."""
        return self.claims.take_over(
            [post.id], post.claim_token, token, now, lease, failed_too=True
        )

    def resume(self, channel: str, now: datetime) -> bool:
        """Un-pause a channel (after the bot was invited back): it starts again with the next
        slot at or after ``now``; False if not subscribed."""
        stmt = (
            update(quiz_subscriptions)
            .where(quiz_subscriptions.c.channel == channel)
            .values(paused_reason=None, paused_at=None, starts_at=now)
            .returning(quiz_subscriptions.c.channel)
        )
        return self.store.write(lambda conn: conn.execute(stmt).first() is not None)

    def mark_closed(self, post_id: str, now: datetime) -> bool:
        """Claim the close of an open question (``posted`` → ``closed``); of several callers
        at once exactly one gets True. Done BEFORE the message is updated in Slack."""
        stmt = (
            update(quiz_posts)
            .where(quiz_posts.c.id == post_id, quiz_posts.c.state == POSTED)
            .values(state=CLOSED, closed_at=now)
            .returning(quiz_posts.c.id)
        )
        return self.store.write(lambda conn: conn.execute(stmt).first() is not None)

    def reopen(self, post_id: str) -> None:
        """Undo :meth:`mark_closed` when Slack could not update the message (transient)."""
        stmt = (
            update(quiz_posts)
            .where(quiz_posts.c.id == post_id, quiz_posts.c.state == CLOSED)
            .values(state=POSTED, closed_at=None)
        )
        self.store.write(lambda conn: conn.execute(stmt))

    def post(self, post_id: str) -> Post | None:
        stmt = select(quiz_posts).where(quiz_posts.c.id == post_id)
        row = self.store.read(lambda conn: conn.execute(stmt).first())
        return _post(row) if row is not None else None

    def post_for(self, channel: str, slot: str) -> Post | None:
        return self.post(post_id_for(channel, slot))

    def open_posts(self, channel: str, *, except_id: str | None = None) -> list[Post]:
        """Posted, not yet closed questions of the channel (oldest first)."""
        stmt = (
            select(quiz_posts)
            .where(quiz_posts.c.channel == channel, quiz_posts.c.state == POSTED)
            .order_by(quiz_posts.c.posted_at, quiz_posts.c.id)
        )
        if except_id is not None:
            stmt = stmt.where(quiz_posts.c.id != except_id)
        return self.store.read(lambda conn: [_post(r) for r in conn.execute(stmt)])

    def open_posts_revealed(self, reveal: str) -> list[Post]:
        """Open questions of the channels whose ``reveal`` setting is ``reveal`` (paused ones
        too: their questions still close), oldest first."""
        subs = quiz_subscriptions
        stmt = (
            select(quiz_posts)
            .join(subs, subs.c.channel == quiz_posts.c.channel)
            .where(quiz_posts.c.state == POSTED, subs.c.reveal == reveal)
            .order_by(quiz_posts.c.posted_at, quiz_posts.c.id)
        )
        return self.store.read(lambda conn: [_post(r) for r in conn.execute(stmt)])

    def pending_claims(self, channels: Iterable[str] | None = None) -> list[Post]:
        """Posts still in state ``claimed`` (for take-over checks)."""
        stmt = select(quiz_posts).where(quiz_posts.c.state == CLAIMED)
        if channels is not None:
            stmt = stmt.where(quiz_posts.c.channel.in_(list(channels)))
        return self.store.read(lambda conn: [_post(r) for r in conn.execute(stmt)])

    def posts(self, channel: str, *, states: Iterable[str] = (POSTED, CLOSED)) -> list[Post]:
        stmt = (
            select(quiz_posts)
            .where(quiz_posts.c.channel == channel, quiz_posts.c.state.in_(list(states)))
            .order_by(quiz_posts.c.local_date, quiz_posts.c.posted_at, quiz_posts.c.id)
        )
        return self.store.read(lambda conn: [_post(r) for r in conn.execute(stmt)])

    def latest_post(self, channel: str) -> Post | None:
        stmt = (
            select(quiz_posts)
            .where(quiz_posts.c.channel == channel, quiz_posts.c.state.in_([POSTED, CLOSED]))
            .order_by(quiz_posts.c.posted_at.desc(), quiz_posts.c.id.desc())
            .limit(1)
        )
        row = self.store.read(lambda conn: conn.execute(stmt).first())
        return _post(row) if row is not None else None

    def asked_counts(self, channel: str) -> dict[str, int]:
        """question id -> how often it was asked in the channel (failed posts don't count)."""
        stmt = (
            select(quiz_posts.c.question_id, func.count())
            .where(quiz_posts.c.channel == channel, quiz_posts.c.state != FAILED)
            .group_by(quiz_posts.c.question_id)
        )
        return self.store.read(lambda conn: {qid: int(n) for qid, n in conn.execute(stmt)})

    # -- answers -----------------------------------------------------------------------------

    def record_answer(
        self, post: Post, user: str, option: str, correct: bool, now: datetime
    ) -> tuple[bool, Answer]:
        """(True, answer) for the user's first answer; (False, the first answer) otherwise."""
        stmt = (
            self.store.insert(quiz_answers)
            .values(
                post_id=post.id,
                user_id=user,
                channel=post.channel,
                option=option,
                correct=correct,
                answered_at=now,
            )
            .on_conflict_do_nothing(index_elements=["post_id", "user_id"])
            .returning(*quiz_answers.c)
        )
        query = select(quiz_answers).where(
            quiz_answers.c.post_id == post.id, quiz_answers.c.user_id == user
        )

        def run(conn: Connection) -> tuple[bool, Answer]:
            inserted = conn.execute(stmt).first()
            if inserted is not None:
                return True, _answer(inserted)
            return False, _answer(conn.execute(query).one())

        return self.store.write(run)

    def answer_of(self, post_id: str, user: str) -> Answer | None:
        stmt = select(quiz_answers).where(
            quiz_answers.c.post_id == post_id, quiz_answers.c.user_id == user
        )
        row = self.store.read(lambda conn: conn.execute(stmt).first())
        return _answer(row) if row is not None else None

    def answer_counts(self, post_id: str) -> dict[str, int]:
        """option key -> number of (first) answers."""
        stmt = (
            select(quiz_answers.c.option, func.count())
            .where(quiz_answers.c.post_id == post_id)
            .group_by(quiz_answers.c.option)
        )
        return self.store.read(lambda conn: {k: int(n) for k, n in conn.execute(stmt)})

    def answers(self, *, channel: str | None = None, user: str | None = None) -> list[Answer]:
        conditions = []
        if channel is not None:
            conditions.append(quiz_answers.c.channel == channel)
        if user is not None:
            conditions.append(quiz_answers.c.user_id == user)
        stmt = select(quiz_answers).where(and_(True, *conditions))
        return self.store.read(lambda conn: [_answer(r) for r in conn.execute(stmt)])

    def channels_of(self, user: str) -> list[str]:
        stmt = (
            select(quiz_answers.c.channel)
            .where(quiz_answers.c.user_id == user)
            .group_by(quiz_answers.c.channel)
            .order_by(quiz_answers.c.channel)
        )
        return self.store.read(lambda conn: [c for (c,) in conn.execute(stmt)])
