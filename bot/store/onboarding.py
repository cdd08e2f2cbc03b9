"""Onboarding tables and data access. The only onboarding module that talks SQL.

Tables:

* ``onboarding_users`` — one row per user the bot teaches: time zone and chosen local time for
  DMs, when they were invited (welcome DM) and by whom, started, stopped, completed.
* ``onboarding_lessons`` — one row per (user, lesson) delivered; a lesson is *claimed* before
  its DM is posted (PRIMARY KEY (user_id, lesson_id)), so it is sent once.
* ``onboarding_lesson_answers`` — the first answer per (user, lesson, question).
* ``onboarding_cards`` — FSRS state per (user, card) as FSRS JSON, with ``due``, ``state`` and
  ``stability`` copied out for queries.
* ``onboarding_review_log`` — every review (rating, right or wrong, response time).
* ``onboarding_review_sends`` — review DMs, ``UNIQUE (user_id, slot)``: the daily DM's slot is
  the user's local date, so a user gets one daily review DM per local day whatever ticks,
  instances or restarts happen ("Review now" uses ``now-<random>`` slots). Claimed before
  posting, like lessons and the quiz's posts (:mod:`bot.store.claims`), so exactly one tick
  finishes the job.
* ``onboarding_review_items`` — the cards of one review DM; the first answer per item counts
  (``UPDATE … WHERE answered_at IS NULL RETURNING``).
* ``onboarding_settings`` — key/value settings (the onboarding channel).

Everything runs unchanged on SQLite and PostgreSQL (SQLAlchemy Core; ``ON CONFLICT DO
NOTHING`` and ``RETURNING`` on both).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from typing import Any

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    UniqueConstraint,
    and_,
    case,
    func,
    select,
    update,
)
from sqlalchemy.engine import Connection

from bot.store.claims import CLAIMED, Claims
from bot.store.claims import FAILED as FAILED  # FAILED, POSTED: re-exported for callers
from bot.store.claims import POSTED as POSTED
from bot.store.schema import UtcDateTime, metadata

DAILY, NOW = "daily", "now"
CHANNEL_KEY = "onboarding_channel"

onboarding_users = Table(
    "onboarding_users",
    metadata,
    Column("user_id", String(32), primary_key=True),
    Column("created_at", UtcDateTime(), nullable=False),
    Column("tz", String(64), nullable=False),  # IANA key from users.info ("UTC" if unknown)
    Column("send_at", String(5), nullable=False),  # HH:MM local time for lesson/review DMs
    Column("invited_at", UtcDateTime(), nullable=True),  # welcome DM claimed
    Column("invited_by", String(32), nullable=True),  # who started it (None: joined a channel)
    Column("started_at", UtcDateTime(), nullable=True),  # pressed Start
    Column("stopped_at", UtcDateTime(), nullable=True),
    Column("completed_at", UtcDateTime(), nullable=True),
)

onboarding_lessons = Table(
    "onboarding_lessons",
    metadata,
    Column("user_id", String(32), nullable=False),
    Column("lesson_id", String(64), nullable=False),
    Column("number", Integer(), nullable=False),
    Column("local_date", Date(), nullable=False),  # in the user's zone when claimed
    Column("state", String(16), nullable=False),  # claimed | posted | failed
    Column("claim_token", String(64), nullable=True),
    Column("claimed_at", UtcDateTime(), nullable=True),  # NULL: released, take it now
    Column("channel", String(32), nullable=True),
    Column("message_ts", String(32), nullable=True),
    Column("posted_at", UtcDateTime(), nullable=True),
    Column("error", String(200), nullable=True),
    PrimaryKeyConstraint("user_id", "lesson_id", name="pk_onboarding_lessons"),
)

onboarding_lesson_answers = Table(
    "onboarding_lesson_answers",
    metadata,
    Column("user_id", String(32), nullable=False),
    Column("lesson_id", String(64), nullable=False),
    Column("question", String(128), nullable=False),  # the question's topic
    Column("option", String(64), nullable=False),
    Column("correct", Boolean(), nullable=False),
    Column("answered_at", UtcDateTime(), nullable=False),
    PrimaryKeyConstraint("user_id", "lesson_id", "question", name="pk_onboarding_lesson_answers"),
)

onboarding_cards = Table(
    "onboarding_cards",
    metadata,
    Column("user_id", String(32), nullable=False),
    Column("card_id", String(128), nullable=False),
    Column("fsrs", Text(), nullable=False),  # fsrs.Card.to_json()
    Column("due", UtcDateTime(), nullable=False),
    Column("state", String(16), nullable=False),  # learning | review | relearning
    Column("stability", Float(), nullable=True),
    Column("reps", Integer(), nullable=False),
    Column("lapses", Integer(), nullable=False),
    Column("added_at", UtcDateTime(), nullable=False),
    Column("added_via", String(16), nullable=False),  # lesson | quiz-me
    Column("last_review", UtcDateTime(), nullable=True),
    PrimaryKeyConstraint("user_id", "card_id", name="pk_onboarding_cards"),
    Index("ix_onboarding_cards_due", "due"),
)

onboarding_review_log = Table(
    "onboarding_review_log",
    metadata,
    Column("id", Integer(), primary_key=True, autoincrement=True),
    Column("user_id", String(32), nullable=False),
    Column("card_id", String(128), nullable=False),
    Column("rating", Integer(), nullable=False),  # fsrs.Rating value: 1 Again .. 4 Easy
    Column("correct", Boolean(), nullable=False),
    Column("hinted", Boolean(), nullable=False),
    Column("response_ms", Integer(), nullable=True),
    Column("via", String(16), nullable=False),  # lesson | review
    Column("reviewed_at", UtcDateTime(), nullable=False),
    Index("ix_onboarding_review_log_user_id", "user_id", "reviewed_at"),
)

onboarding_review_sends = Table(
    "onboarding_review_sends",
    metadata,
    Column("id", String(128), primary_key=True),  # "<user>/<slot>"
    Column("user_id", String(32), nullable=False),
    Column("slot", String(40), nullable=False),  # local date (daily) or now-<hex>
    Column("kind", String(16), nullable=False),  # daily | now
    Column("local_date", Date(), nullable=False),
    Column("cards", Text(), nullable=False),  # JSON list of card ids, in order
    Column("state", String(16), nullable=False),  # claimed | posted | failed
    Column("claim_token", String(64), nullable=True),
    Column("claimed_at", UtcDateTime(), nullable=True),
    Column("channel", String(32), nullable=True),
    Column("message_ts", String(32), nullable=True),
    Column("posted_at", UtcDateTime(), nullable=True),
    Column("error", String(200), nullable=True),
    UniqueConstraint("user_id", "slot", name="uq_onboarding_review_sends_user_id"),
)

onboarding_review_items = Table(
    "onboarding_review_items",
    metadata,
    Column("send_id", String(128), ForeignKey("onboarding_review_sends.id"), nullable=False),
    Column("card_id", String(128), nullable=False),
    Column("position", Integer(), nullable=False),
    Column("hinted", Boolean(), nullable=False),
    Column("option", String(64), nullable=True),
    Column("correct", Boolean(), nullable=True),
    Column("answered_at", UtcDateTime(), nullable=True),
    PrimaryKeyConstraint("send_id", "card_id", name="pk_onboarding_review_items"),
)

onboarding_settings = Table(
    "onboarding_settings",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", String(200), nullable=False),
    Column("updated_by", String(32), nullable=True),
    Column("updated_at", UtcDateTime(), nullable=False),
)


# -- values ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class User:
    user_id: str
    created_at: datetime
    tz: str
    send_at: str
    invited_at: datetime | None
    invited_by: str | None
    started_at: datetime | None
    stopped_at: datetime | None
    completed_at: datetime | None

    @property
    def active(self) -> bool:
        return self.stopped_at is None


@dataclass(frozen=True)
class LessonSend:
    user_id: str
    lesson_id: str
    number: int
    local_date: date
    state: str
    claim_token: str | None
    claimed_at: datetime | None
    channel: str | None
    message_ts: str | None
    posted_at: datetime | None
    error: str | None


@dataclass(frozen=True)
class LessonAnswer:
    user_id: str
    lesson_id: str
    question: str
    option: str
    correct: bool
    answered_at: datetime


@dataclass(frozen=True)
class CardState:
    user_id: str
    card_id: str
    fsrs: str
    due: datetime
    state: str
    stability: float | None
    reps: int
    lapses: int
    added_at: datetime
    added_via: str
    last_review: datetime | None


@dataclass(frozen=True)
class ReviewSend:
    id: str
    user_id: str
    slot: str
    kind: str
    local_date: date
    cards: tuple[str, ...]
    state: str
    claim_token: str | None
    claimed_at: datetime | None
    channel: str | None
    message_ts: str | None
    posted_at: datetime | None
    error: str | None


@dataclass(frozen=True)
class ReviewItem:
    send_id: str
    card_id: str
    position: int
    hinted: bool
    option: str | None
    correct: bool | None
    answered_at: datetime | None


@dataclass(frozen=True)
class Reviewed:
    """What one review did to a card (returned by :meth:`OnboardingStore.record_review`)."""

    first: bool  # False: this item/question was already answered; nothing changed
    card: CardState | None  # the card after the review (None: not a card)
    previous_option: str | None = None  # the first answer, when ``first`` is False
    previous_correct: bool | None = None


# Review function: (card row or None, FSRS rating) -> the new FSRS values of the row:
# dict(fsrs=..., due=..., state=..., stability=...).
Scheduler = Callable[[CardState | None, int], dict[str, Any]]


def send_id_for(user: str, slot: str) -> str:
    return f"{user}/{slot}"


def _row(cls: type, row: Any) -> Any:
    return cls(**row._mapping)


def _send(row: Any) -> ReviewSend:
    data = dict(row._mapping)
    data["cards"] = tuple(json.loads(data["cards"]))
    return ReviewSend(**data)


class OnboardingStore:
    """Onboarding data on a :class:`bot.store.Store` (SQLite or PostgreSQL, same code)."""

    def __init__(self, store: Any) -> None:
        self.store = store
        self._lessons = Claims(store, onboarding_lessons, ["user_id", "lesson_id"])
        self._sends = Claims(store, onboarding_review_sends, ["id"])

    # -- users -------------------------------------------------------------------------------

    def ensure_user(self, user: str, now: datetime, *, tz: str, send_at: str) -> User:
        """The user's row, created with ``tz`` and ``send_at`` if it does not exist yet."""
        stmt = (
            self.store.insert(onboarding_users)
            .values(user_id=user, created_at=now, tz=tz, send_at=send_at)
            .on_conflict_do_nothing(index_elements=["user_id"])
        )

        def run(conn: Connection) -> User:
            conn.execute(stmt)
            return _row(User, conn.execute(_user_query(user)).one())

        return self.store.write(run)

    def user(self, user: str) -> User | None:
        row = self.store.read(lambda conn: conn.execute(_user_query(user)).first())
        return _row(User, row) if row is not None else None

    def users(self) -> list[User]:
        stmt = select(onboarding_users).order_by(onboarding_users.c.user_id)
        return self.store.read(lambda conn: [_row(User, r) for r in conn.execute(stmt)])

    def claim_invite(self, user: str, by: str | None, now: datetime) -> bool:
        """Mark the user invited (welcome DM); True only the first time, ever."""
        return self._stamp_once(user, "invited_at", now, invited_by=by)

    def release_invite(self, user: str) -> None:
        """The welcome DM could not be sent: let a later join or command try again."""
        stmt = (
            update(onboarding_users)
            .where(onboarding_users.c.user_id == user, onboarding_users.c.started_at.is_(None))
            .values(invited_at=None, invited_by=None)
        )
        self.store.write(lambda conn: conn.execute(stmt))

    def start(self, user: str, now: datetime) -> bool:
        """Record Start (and resume after a stop); True when it was not started before."""
        col = onboarding_users.c

        def run(conn: Connection) -> bool:
            first = conn.execute(
                update(onboarding_users)
                .where(col.user_id == user, col.started_at.is_(None))
                .values(started_at=now)
                .returning(col.user_id)
            ).first()
            conn.execute(
                update(onboarding_users).where(col.user_id == user).values(stopped_at=None)
            )
            conn.execute(
                update(onboarding_users)
                .where(col.user_id == user, col.invited_at.is_(None))
                .values(invited_at=now)
            )
            return first is not None

        return self.store.write(run)

    def stop(self, user: str, now: datetime) -> bool:
        """Stop lessons and review DMs; False when there was nothing to stop."""
        return self._stamp_once(user, "stopped_at", now)

    def set_preferences(
        self, user: str, *, tz: str | None = None, send_at: str | None = None
    ) -> None:
        values = {k: v for k, v in (("tz", tz), ("send_at", send_at)) if v is not None}
        if values:
            stmt = (
                update(onboarding_users).where(onboarding_users.c.user_id == user).values(**values)
            )
            self.store.write(lambda conn: conn.execute(stmt))

    def claim_completion(self, user: str, now: datetime) -> bool:
        """Mark the user's onboarding complete; True only the first time."""
        return self._stamp_once(user, "completed_at", now)

    def _stamp_once(self, user: str, column: str, now: datetime, **also: Any) -> bool:
        """Set the user's ``column`` (and ``also``) to ``now`` if it is still NULL; True if
        this call set it."""
        col = onboarding_users.c
        stmt = (
            update(onboarding_users)
            .where(col.user_id == user, col[column].is_(None))
            .values({column: now, **also})
            .returning(col.user_id)
        )
        return self.store.write(lambda conn: conn.execute(stmt).first() is not None)

    # -- lessons -----------------------------------------------------------------------------

    def claim_lesson(
        self, user: str, lesson_id: str, number: int, local_date: date, token: str, now: datetime
    ) -> bool:
        """Claim a lesson's DM before posting it; False when it is already claimed."""
        return self._lessons.claim(
            ["user_id", "lesson_id"],
            token,
            now,
            user_id=user,
            lesson_id=lesson_id,
            number=number,
            local_date=local_date,
        )

    def take_over_lesson(
        self, send: LessonSend, token: str, now: datetime, lease: timedelta
    ) -> bool:
        key = [send.user_id, send.lesson_id]
        return self._lessons.take_over(key, send.claim_token, token, now, lease)

    def lesson_posted(
        self, user: str, lesson_id: str, token: str, channel: str, ts: str, now: datetime
    ) -> bool:
        key = [user, lesson_id]
        return self._lessons.posted(key, token, now, channel=channel, message_ts=ts)

    def lesson_release(self, user: str, lesson_id: str, token: str, error: str) -> None:
        self._lessons.release([user, lesson_id], token, error)

    def lesson_failed(self, user: str, lesson_id: str, token: str, error: str) -> None:
        self._lessons.failed([user, lesson_id], token, error)

    def lessons(self, user: str) -> list[LessonSend]:
        t = onboarding_lessons.c
        stmt = select(onboarding_lessons).where(t.user_id == user).order_by(t.number)
        return self.store.read(lambda conn: [_row(LessonSend, r) for r in conn.execute(stmt)])

    def record_lesson_answer(
        self,
        user: str,
        lesson_id: str,
        question: str,
        option: str,
        correct: bool,
        now: datetime,
        *,
        card_id: str | None,
        schedule: Scheduler,
        rating: int,
    ) -> Reviewed:
        """The first answer to a lesson question; it also reviews the question's card."""
        a = onboarding_lesson_answers.c
        claim = (
            self.store.insert(onboarding_lesson_answers)
            .values(
                user_id=user,
                lesson_id=lesson_id,
                question=question,
                option=option,
                correct=correct,
                answered_at=now,
            )
            .on_conflict_do_nothing(index_elements=["user_id", "lesson_id", "question"])
            .returning(a.question)
        )

        def run(conn: Connection) -> Reviewed:
            if conn.execute(claim).first() is None:
                first = conn.execute(
                    select(a.option, a.correct).where(
                        a.user_id == user, a.lesson_id == lesson_id, a.question == question
                    )
                ).one()
                return Reviewed(False, None, first.option, first.correct)
            card = None
            if card_id is not None:
                card = _review_card(
                    conn,
                    self.store,
                    user,
                    card_id,
                    now,
                    schedule,
                    rating,
                    correct,
                    hinted=False,
                    response_ms=None,
                    via="lesson",
                )
            return Reviewed(True, card)

        return self.store.write(run)

    def lesson_answers(self, user: str) -> list[LessonAnswer]:
        a = onboarding_lesson_answers.c
        stmt = select(onboarding_lesson_answers).where(a.user_id == user)
        return self.store.read(lambda conn: [_row(LessonAnswer, r) for r in conn.execute(stmt)])

    # -- cards -------------------------------------------------------------------------------

    def add_cards(
        self, user: str, cards: Iterable[tuple[str, dict[str, Any]]], now: datetime, via: str
    ) -> list[str]:
        """Add cards the user does not have yet; returns the ids added.

        Each card is ``(card_id, values)`` with the FSRS columns ``fsrs``, ``due``, ``state``,
        ``stability`` (see :func:`bot.onboarding.srs.new_row_values`)."""
        rows = list(cards)

        def run(conn: Connection) -> list[str]:
            added = []
            for card_id, values in rows:
                stmt = (
                    self.store.insert(onboarding_cards)
                    .values(
                        user_id=user,
                        card_id=card_id,
                        reps=0,
                        lapses=0,
                        added_at=now,
                        added_via=via,
                        **values,
                    )
                    .on_conflict_do_nothing(index_elements=["user_id", "card_id"])
                    .returning(onboarding_cards.c.card_id)
                )
                if conn.execute(stmt).first() is not None:
                    added.append(card_id)
            return added

        return self.store.write(run)

    def cards(self, user: str) -> list[CardState]:
        c = onboarding_cards.c
        stmt = select(onboarding_cards).where(c.user_id == user)
        return self.store.read(lambda conn: [_row(CardState, r) for r in conn.execute(stmt)])

    def card(self, user: str, card_id: str) -> CardState | None:
        c = onboarding_cards.c
        stmt = select(onboarding_cards).where(c.user_id == user, c.card_id == card_id)
        row = self.store.read(lambda conn: conn.execute(stmt).first())
        return _row(CardState, row) if row is not None else None

    def due_cards(self, user: str, before: datetime, limit: int) -> list[CardState]:
        """The user's cards due before ``before``: cards already reviewed (the ones missed
        come back when due) before new ones, then most overdue first."""
        c = onboarding_cards.c
        stmt = (
            select(onboarding_cards)
            .where(c.user_id == user, c.due < before)
            .order_by(case((c.reps > 0, 0), else_=1), c.due, c.card_id)
            .limit(limit)
        )
        return self.store.read(lambda conn: [_row(CardState, r) for r in conn.execute(stmt)])

    def users_with_due_cards(self, before: datetime) -> list[str]:
        """Users (not stopped) having a card due before ``before``."""
        c, u = onboarding_cards.c, onboarding_users.c
        stmt = (
            select(c.user_id)
            .join(onboarding_users, u.user_id == c.user_id)
            .where(c.due < before, u.stopped_at.is_(None))
            .group_by(c.user_id)
            .order_by(c.user_id)
        )
        return self.store.read(lambda conn: [r[0] for r in conn.execute(stmt)])

    def review_log(self, user: str) -> list[dict[str, Any]]:
        r = onboarding_review_log.c
        stmt = select(onboarding_review_log).where(r.user_id == user).order_by(r.reviewed_at, r.id)
        return self.store.read(lambda conn: [dict(x._mapping) for x in conn.execute(stmt)])

    def review_days(self, user: str) -> list[datetime]:
        """When the user reviewed anything (for streaks), oldest first."""
        r = onboarding_review_log.c
        stmt = select(r.reviewed_at).where(r.user_id == user).order_by(r.reviewed_at)
        return self.store.read(lambda conn: [x[0] for x in conn.execute(stmt)])

    # -- review DMs --------------------------------------------------------------------------

    def claim_review(
        self,
        *,
        user: str,
        slot: str,
        kind: str,
        local_date: date,
        cards: Sequence[str],
        token: str,
        now: datetime,
    ) -> bool:
        """Claim (user, slot) with its cards before posting; False when already claimed."""
        send_id = send_id_for(user, slot)
        claim = self._sends.insert(
            ["user_id", "slot"],
            token,
            now,
            id=send_id,
            user_id=user,
            slot=slot,
            kind=kind,
            local_date=local_date,
            cards=json.dumps(list(cards)),
        )

        def run(conn: Connection) -> bool:
            if conn.execute(claim).first() is None:
                return False
            for position, card_id in enumerate(cards):
                conn.execute(
                    onboarding_review_items.insert().values(
                        send_id=send_id, card_id=card_id, position=position, hinted=False
                    )
                )
            return True

        return self.store.write(run)

    def review_send(self, send_id: str) -> ReviewSend | None:
        stmt = select(onboarding_review_sends).where(onboarding_review_sends.c.id == send_id)
        row = self.store.read(lambda conn: conn.execute(stmt).first())
        return _send(row) if row is not None else None

    def pending_review_claims(self) -> list[ReviewSend]:
        stmt = select(onboarding_review_sends).where(onboarding_review_sends.c.state == CLAIMED)
        return self.store.read(lambda conn: [_send(r) for r in conn.execute(stmt)])

    def pending_lesson_claims(self) -> list[LessonSend]:
        stmt = select(onboarding_lessons).where(onboarding_lessons.c.state == CLAIMED)
        return self.store.read(lambda conn: [_row(LessonSend, r) for r in conn.execute(stmt)])

    def take_over_review(
        self, send: ReviewSend, token: str, now: datetime, lease: timedelta
    ) -> bool:
        return self._sends.take_over([send.id], send.claim_token, token, now, lease)

    def review_posted(self, send_id: str, token: str, channel: str, ts: str, now: datetime) -> bool:
        return self._sends.posted([send_id], token, now, channel=channel, message_ts=ts)

    def review_release(self, send_id: str, token: str, error: str) -> None:
        self._sends.release([send_id], token, error)

    def review_failed(self, send_id: str, token: str, error: str) -> None:
        self._sends.failed([send_id], token, error)

    def review_items(self, send_id: str) -> list[ReviewItem]:
        i = onboarding_review_items.c
        stmt = select(onboarding_review_items).where(i.send_id == send_id).order_by(i.position)
        return self.store.read(lambda conn: [_row(ReviewItem, r) for r in conn.execute(stmt)])

    def mark_hinted(self, send_id: str, card_id: str) -> bool:
        """Record that a hint was shown (only before the item is answered)."""
        i = onboarding_review_items.c
        stmt = (
            update(onboarding_review_items)
            .where(i.send_id == send_id, i.card_id == card_id, i.answered_at.is_(None))
            .values(hinted=True)
            .returning(i.card_id)
        )
        return self.store.write(lambda conn: conn.execute(stmt).first() is not None)

    def record_review_answer(
        self,
        send: ReviewSend,
        card_id: str,
        option: str,
        correct: bool,
        now: datetime,
        *,
        schedule: Scheduler,
        rating_for: Callable[[ReviewItem, datetime | None], int],
    ) -> Reviewed:
        """The first answer to one card of a review DM: claim the item, review the card.

        ``rating_for(item, asked_at)`` picks the FSRS rating once the item is claimed: it
        needs the hint flag and when the question reached the user (the DM's post time, or the
        DM's previous answer if later)."""
        i = onboarding_review_items.c
        claim = (
            update(onboarding_review_items)
            .where(i.send_id == send.id, i.card_id == card_id, i.answered_at.is_(None))
            .values(option=option, correct=correct, answered_at=now)
            .returning(*onboarding_review_items.c)
        )

        def run(conn: Connection) -> Reviewed:
            row = conn.execute(claim).first()
            if row is None:
                first = conn.execute(
                    select(i.option, i.correct).where(i.send_id == send.id, i.card_id == card_id)
                ).first()
                if first is None:
                    return Reviewed(False, None)
                return Reviewed(False, None, first.option, first.correct)
            item = _row(ReviewItem, row)
            previous = conn.execute(
                select(func.max(i.answered_at)).where(
                    i.send_id == send.id, i.card_id != card_id, i.answered_at.is_not(None)
                )
            ).scalar()
            moments = [_aware(m) for m in (send.posted_at, _aware(previous)) if m is not None]
            asked_at = max(moments) if moments else None
            rating = rating_for(item, asked_at)
            response_ms = None
            if asked_at is not None:
                response_ms = max(int((now - asked_at).total_seconds() * 1000), 0)
            card = _review_card(
                conn,
                self.store,
                send.user_id,
                card_id,
                now,
                schedule,
                rating,
                correct,
                hinted=item.hinted,
                response_ms=response_ms,
                via="review",
            )
            return Reviewed(True, card)

        return self.store.write(run)

    # -- settings ----------------------------------------------------------------------------

    def set_setting(self, key: str, value: str, by: str | None, now: datetime) -> None:
        values = {"value": value, "updated_by": by, "updated_at": now}
        stmt = (
            self.store.insert(onboarding_settings)
            .values(key=key, **values)
            .on_conflict_do_update(index_elements=[onboarding_settings.c.key], set_=values)
        )
        self.store.write(lambda conn: conn.execute(stmt))

    def setting(self, key: str) -> str | None:
        stmt = select(onboarding_settings.c.value).where(onboarding_settings.c.key == key)
        return self.store.read(lambda conn: conn.execute(stmt).scalar())


# -- helpers ---------------------------------------------------------------------------------


def _aware(moment: Any) -> Any:
    """An aware UTC datetime from an aggregate (SQLite may hand back text or naive values)."""
    if moment is None:
        return None
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=timezone.utc)


def _user_query(user: str) -> Any:
    return select(onboarding_users).where(onboarding_users.c.user_id == user)


def _review_card(
    conn: Connection,
    store: Any,
    user: str,
    card_id: str,
    now: datetime,
    schedule: Scheduler,
    rating: int,
    correct: bool,
    *,
    hinted: bool,
    response_ms: int | None,
    via: str,
) -> CardState:
    """Review one card inside the caller's transaction (row locked on PostgreSQL)."""
    c = onboarding_cards.c
    query = (
        select(onboarding_cards).where(c.user_id == user, c.card_id == card_id).with_for_update()
    )
    row = conn.execute(query).first()
    current = _row(CardState, row) if row is not None else None
    new = schedule(current, rating)
    if current is None:
        conn.execute(
            store.insert(onboarding_cards)
            .values(
                user_id=user,
                card_id=card_id,
                added_at=now,
                added_via=via,
                reps=1,
                lapses=0 if correct else 1,
                last_review=now,
                **new,
            )
            .on_conflict_do_nothing(index_elements=["user_id", "card_id"])
        )
    else:
        conn.execute(
            update(onboarding_cards)
            .where(c.user_id == user, c.card_id == card_id)
            .values(
                reps=c.reps + 1,
                lapses=c.lapses + (0 if correct else 1),
                last_review=now,
                **new,
            )
        )
    conn.execute(
        onboarding_review_log.insert().values(
            user_id=user,
            card_id=card_id,
            rating=rating,
            correct=correct,
            hinted=hinted,
            response_ms=response_ms,
            via=via,
            reviewed_at=now,
        )
    )
    got = conn.execute(
        select(onboarding_cards).where(and_(c.user_id == user, c.card_id == card_id))
    ).one()
    return _row(CardState, got)
