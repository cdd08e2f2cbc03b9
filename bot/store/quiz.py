"""Quiz tables and data access: subscriptions, posts (one per channel and scheduled day),
answers (one per post and user). The only quiz module that talks SQL.

Exactly once lives here, in unique keys:

* ``quiz_posts`` has ``UNIQUE (channel, slot)``. A scheduled post's ``slot`` is its local
  date (``2024-03-04``), so a channel gets at most one scheduled question per local day,
  whatever instances or ticks run; ``quiz now`` extras use ``now-000001`` … slots (older
  ones ``now-<random>``) and never collide with it.
* A tick *claims* a slot before posting and records the message ``ts`` after
  (:mod:`bot.store.claims`: claim token and time, ``claimed`` → ``posted``, a stale claim
  taken over by a compare-and-set on the old token), so exactly one tick finishes the job.
* ``quiz_answers`` has ``PRIMARY KEY (post_id, user_id)``: the first answer wins; double
  clicks, retried payloads and other instances insert nothing.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
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
from bot.store.quiz_records import (
    Answer,
    Post,
    Subscription,
    answer_of,
    post_id_for,
    post_of,
    sub_of,
)
from bot.store.quiz_tables import quiz_answers, quiz_posts, quiz_subscriptions
from bot.store.scope import mine

if TYPE_CHECKING:
    from bot.store.engine import Store

CLOSED = "closed"
SCHEDULED, EXTRA = "scheduled", "extra"
POST_KEY = ("id",)  # a post's claim key in ``QuizStore.claims``: [post.id]
__all__ = ["Answer", "Post", "QuizStore", "Subscription", "post_id_for", "post_of"]


class QuizStore(QuizCloses):
    """Quiz data on a :class:`bot.store.Store` (SQLite or PostgreSQL, same code)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        # the posts' claims, keyed by the post id: posted/release/failed after a claim
        self.claims = Claims(store, quiz_posts, POST_KEY)

    # -- the workspace's rows (bot.store.scope) -------------------------------------------------

    def _sub_is(self, channel: str) -> Any:
        return and_(mine(quiz_subscriptions, self.store), quiz_subscriptions.c.channel == channel)

    def _post_is(self, post_id: str) -> Any:
        return and_(mine(quiz_posts, self.store), quiz_posts.c.id == post_id)

    def _posts_in(self, channel: str) -> list[Any]:
        return [mine(quiz_posts, self.store), quiz_posts.c.channel == channel]

    def _answer_is(self, post_id: str, user: str) -> list[Any]:
        a = quiz_answers.c
        return [mine(quiz_answers, self.store), a.post_id == post_id, a.user_id == user]

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
            .values(workspace=self.store.workspace, channel=channel, starts_at=now, **values)
            .on_conflict_do_update(
                index_elements=[quiz_subscriptions.c.workspace, quiz_subscriptions.c.channel],
                # a change keeps who subscribed (bot.admins: they may change it again)
                set_={**changed, "starts_at": starts, "paused_reason": None, "paused_at": None},
            )
            .returning(*quiz_subscriptions.c)
        )
        return sub_of(self.store.write(lambda conn: conn.execute(stmt).one()))

    def unsubscribe(self, channel: str) -> bool:
        stmt = (
            delete(quiz_subscriptions)
            .where(self._sub_is(channel))
            .returning(quiz_subscriptions.c.channel)
        )
        return self.store.write(lambda conn: conn.execute(stmt).first() is not None)

    def subscription(self, channel: str) -> Subscription | None:
        stmt = select(quiz_subscriptions).where(self._sub_is(channel))
        row = self.store.read(lambda conn: conn.execute(stmt).first())
        return sub_of(row) if row is not None else None

    def subscriptions(self, *, include_paused: bool = True) -> list[Subscription]:
        stmt = (
            select(quiz_subscriptions)
            .where(mine(quiz_subscriptions, self.store))
            .order_by(quiz_subscriptions.c.channel)
        )
        if not include_paused:
            stmt = stmt.where(quiz_subscriptions.c.paused_reason.is_(None))
        return self.store.read(lambda conn: [sub_of(r) for r in conn.execute(stmt)])

    def set_reveal(self, channel: str, reveal: str) -> Subscription | None:
        """Set when the channel's answers are revealed; None if it is not subscribed."""
        stmt = (
            update(quiz_subscriptions)
            .where(self._sub_is(channel))
            .values(reveal=reveal)
            .returning(*quiz_subscriptions.c)
        )
        row = self.store.write(lambda conn: conn.execute(stmt).first())
        return sub_of(row) if row is not None else None

    def set_topics(self, channel: str, topics: str) -> Subscription | None:
        """Set what the channel's questions are about; None if it is not subscribed."""
        stmt = (
            update(quiz_subscriptions)
            .where(self._sub_is(channel))
            .values(topics=topics)
            .returning(*quiz_subscriptions.c)
        )
        row = self.store.write(lambda conn: conn.execute(stmt).first())
        return sub_of(row) if row is not None else None

    def pause(self, channel: str, reason: str, now: datetime) -> None:
        stmt = (
            update(quiz_subscriptions)
            .where(self._sub_is(channel))
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
            .where(self._sub_is(channel))
            .values(paused_reason=None, paused_at=None, starts_at=now)
            .returning(quiz_subscriptions.c.channel)
        )
        return self.store.write(lambda conn: conn.execute(stmt).first() is not None)

    def mark_closed(self, post_id: str, now: datetime) -> bool:
        """Claim the close of an open question (``posted`` → ``closed``); of several callers
        at once exactly one gets True. Done BEFORE the message is updated in Slack."""
        stmt = (
            update(quiz_posts)
            .where(self._post_is(post_id), quiz_posts.c.state == POSTED)
            .values(state=CLOSED, closed_at=now)
            .returning(quiz_posts.c.id)
        )
        return self.store.write(lambda conn: conn.execute(stmt).first() is not None)

    def reopen(self, post_id: str) -> None:
        """Undo :meth:`mark_closed` when Slack could not update the message (transient)."""
        stmt = (
            update(quiz_posts)
            .where(self._post_is(post_id), quiz_posts.c.state == CLOSED)
            .values(state=POSTED, closed_at=None)
        )
        self.store.write(lambda conn: conn.execute(stmt))

    def post(self, post_id: str) -> Post | None:
        stmt = select(quiz_posts).where(self._post_is(post_id))
        row = self.store.read(lambda conn: conn.execute(stmt).first())
        return post_of(row) if row is not None else None

    def posts_with_ids(self, ids: Iterable[str]) -> list[Post]:
        stmt = select(quiz_posts).where(
            mine(quiz_posts, self.store), quiz_posts.c.id.in_(list(ids))
        )
        return self.store.read(lambda conn: [post_of(r) for r in conn.execute(stmt)])

    def post_for(self, channel: str, slot: str) -> Post | None:
        return self.post(post_id_for(channel, slot))

    def open_posts(self, channel: str, *, except_id: str | None = None) -> list[Post]:
        """Posted, not yet closed questions of the channel (oldest first)."""
        stmt = (
            select(quiz_posts)
            .where(*self._posts_in(channel), quiz_posts.c.state == POSTED)
            .order_by(quiz_posts.c.posted_at, quiz_posts.c.id)
        )
        if except_id is not None:
            stmt = stmt.where(quiz_posts.c.id != except_id)
        return self.store.read(lambda conn: [post_of(r) for r in conn.execute(stmt)])

    def open_posts_revealed(self, reveal: str) -> list[Post]:
        """Open questions of the channels whose ``reveal`` setting is ``reveal`` (paused ones
        too: their questions still close), oldest first."""
        subs = quiz_subscriptions
        stmt = (
            select(quiz_posts)
            .join(
                subs,
                and_(
                    subs.c.workspace == quiz_posts.c.workspace,
                    subs.c.channel == quiz_posts.c.channel,
                ),
            )
            .where(mine(quiz_posts, self.store), quiz_posts.c.state == POSTED)
            .where(subs.c.reveal == reveal)
            .order_by(quiz_posts.c.posted_at, quiz_posts.c.id)
        )
        return self.store.read(lambda conn: [post_of(r) for r in conn.execute(stmt)])

    def pending_claims(self, channels: Iterable[str] | None = None) -> list[Post]:
        """Posts still in state ``claimed`` (for take-over checks)."""
        stmt = select(quiz_posts).where(mine(quiz_posts, self.store), quiz_posts.c.state == CLAIMED)
        if channels is not None:
            stmt = stmt.where(quiz_posts.c.channel.in_(list(channels)))
        return self.store.read(lambda conn: [post_of(r) for r in conn.execute(stmt)])

    def posts(self, channel: str, *, states: Iterable[str] = (POSTED, CLOSED)) -> list[Post]:
        stmt = (
            select(quiz_posts)
            .where(*self._posts_in(channel), quiz_posts.c.state.in_(list(states)))
            .order_by(quiz_posts.c.local_date, quiz_posts.c.posted_at, quiz_posts.c.id)
        )
        return self.store.read(lambda conn: [post_of(r) for r in conn.execute(stmt)])

    def latest_post(self, channel: str) -> Post | None:
        stmt = (
            select(quiz_posts)
            .where(*self._posts_in(channel), quiz_posts.c.state.in_([POSTED, CLOSED]))
            .order_by(quiz_posts.c.posted_at.desc(), quiz_posts.c.id.desc())
            .limit(1)
        )
        row = self.store.read(lambda conn: conn.execute(stmt).first())
        return post_of(row) if row is not None else None

    def asked_counts(self, channel: str) -> dict[str, int]:
        """question id -> how often it was asked in the channel (failed posts don't count)."""
        stmt = (
            select(quiz_posts.c.question_id, func.count())
            .where(*self._posts_in(channel), quiz_posts.c.state != FAILED)
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
                workspace=self.store.workspace,
                post_id=post.id,
                user_id=user,
                channel=post.channel,
                option=option,
                correct=correct,
                answered_at=now,
            )
            .on_conflict_do_nothing(index_elements=["workspace", "post_id", "user_id"])
            .returning(*quiz_answers.c)
        )
        query = select(quiz_answers).where(*self._answer_is(post.id, user))

        def run(conn: Connection) -> tuple[bool, Answer]:
            inserted = conn.execute(stmt).first()
            if inserted is not None:
                return True, answer_of(inserted)
            return False, answer_of(conn.execute(query).one())

        return self.store.write(run)

    def answer_of(self, post_id: str, user: str) -> Answer | None:
        stmt = select(quiz_answers).where(*self._answer_is(post_id, user))
        row = self.store.read(lambda conn: conn.execute(stmt).first())
        return answer_of(row) if row is not None else None

    def answer_counts(self, post_id: str) -> dict[str, int]:
        """option key -> number of (first) answers."""
        stmt = (
            select(quiz_answers.c.option, func.count())
            .where(mine(quiz_answers, self.store), quiz_answers.c.post_id == post_id)
            .group_by(quiz_answers.c.option)
        )
        return self.store.read(lambda conn: {k: int(n) for k, n in conn.execute(stmt)})

    def answers(self, *, channel: str | None = None, user: str | None = None) -> list[Answer]:
        conditions = [mine(quiz_answers, self.store)]
        if channel is not None:
            conditions.append(quiz_answers.c.channel == channel)
        if user is not None:
            conditions.append(quiz_answers.c.user_id == user)
        stmt = select(quiz_answers).where(*conditions)
        return self.store.read(lambda conn: [answer_of(r) for r in conn.execute(stmt)])

    def channels_of(self, user: str) -> list[str]:
        stmt = (
            select(quiz_answers.c.channel)
            .where(mine(quiz_answers, self.store), quiz_answers.c.user_id == user)
            .group_by(quiz_answers.c.channel)
            .order_by(quiz_answers.c.channel)
        )
        return self.store.read(lambda conn: [c for (c,) in conn.execute(stmt)])
