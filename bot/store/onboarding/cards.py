"""Onboarding cards: the FSRS state per (user, card), and the review that moves it on."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import and_, case, select, update
from sqlalchemy.engine import Connection

from bot.store.onboarding.records import CardState, Scheduler, row_of
from bot.store.onboarding.tables import onboarding_cards, onboarding_review_log, onboarding_users
from bot.store.scope import mine

if TYPE_CHECKING:
    from bot.store.engine import Store


class Cards:
    """The user's deck (a part of :class:`bot.store.onboarding.OnboardingStore`)."""

    store: Store

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
                        workspace=self.store.workspace,
                        user_id=user,
                        card_id=card_id,
                        reps=0,
                        lapses=0,
                        added_at=now,
                        added_via=via,
                        **values,
                    )
                    .on_conflict_do_nothing(index_elements=["workspace", "user_id", "card_id"])
                    .returning(onboarding_cards.c.card_id)
                )
                if conn.execute(stmt).first() is not None:
                    added.append(card_id)
            return added

        return self.store.write(run)

    def cards(self, user: str) -> list[CardState]:
        c = onboarding_cards.c
        stmt = select(onboarding_cards).where(mine(onboarding_cards, self.store), c.user_id == user)
        return self.store.read(lambda conn: [row_of(CardState, r) for r in conn.execute(stmt)])

    def card(self, user: str, card_id: str) -> CardState | None:
        stmt = select(onboarding_cards).where(*_card_is(self.store, user, card_id))
        row = self.store.read(lambda conn: conn.execute(stmt).first())
        return row_of(CardState, row) if row is not None else None

    def due_cards(self, user: str, before: datetime, limit: int) -> list[CardState]:
        """The user's cards due before ``before``: cards already reviewed (the ones missed
        come back when due) before new ones, then most overdue first."""
        c = onboarding_cards.c
        stmt = (
            select(onboarding_cards)
            .where(mine(onboarding_cards, self.store), c.user_id == user, c.due < before)
            .order_by(case((c.reps > 0, 0), else_=1), c.due, c.card_id)
            .limit(limit)
        )
        return self.store.read(lambda conn: [row_of(CardState, r) for r in conn.execute(stmt)])

    def users_with_due_cards(self, before: datetime) -> list[str]:
        """Users (not stopped) having a card due before ``before``."""
        c, u = onboarding_cards.c, onboarding_users.c
        stmt = (
            select(c.user_id)
            .join(onboarding_users, and_(u.workspace == c.workspace, u.user_id == c.user_id))
            .where(mine(onboarding_cards, self.store), c.due < before, u.stopped_at.is_(None))
            .group_by(c.user_id)
            .order_by(c.user_id)
        )
        return self.store.read(lambda conn: [r[0] for r in conn.execute(stmt)])

    def review_days(self, user: str) -> list[datetime]:
        """When the user reviewed anything (for streaks), oldest first."""
        r = onboarding_review_log.c
        stmt = (
            select(r.reviewed_at)
            .where(mine(onboarding_review_log, self.store), r.user_id == user)
            .order_by(r.reviewed_at)
        )
        return self.store.read(lambda conn: [x[0] for x in conn.execute(stmt)])


def _card_is(store: Store, user: str, card_id: str) -> list[Any]:
    c = onboarding_cards.c
    return [mine(onboarding_cards, store), c.user_id == user, c.card_id == card_id]


def review_card(
    conn: Connection,
    store: Store,
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
    """Review one card inside the caller's transaction (row locked on PostgreSQL), log the
    review, and return the card as it is now."""
    query = select(onboarding_cards).where(*_card_is(store, user, card_id)).with_for_update()
    row = conn.execute(query).first()
    current = row_of(CardState, row) if row is not None else None
    new = schedule(current, rating)
    stmt = _card_write(store, current is None, user, card_id, now, new, correct, via)
    got = conn.execute(stmt.returning(*onboarding_cards.c)).first()
    conn.execute(
        onboarding_review_log.insert().values(
            workspace=store.workspace,
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
    if got is None:  # a concurrent first review inserted the card meanwhile: it stands
        got = conn.execute(query).one()
    return row_of(CardState, got)


def _card_write(
    store: Store,
    new_card: bool,
    user: str,
    card_id: str,
    now: datetime,
    values: dict[str, Any],
    correct: bool,
    via: str,
) -> Any:
    """The statement that records one review of a card: INSERT for a card the user did not
    have (a lesson question answered before its card was added), else UPDATE."""
    c = onboarding_cards.c
    if new_card:
        return (
            store.insert(onboarding_cards)
            .values(
                workspace=store.workspace,
                user_id=user,
                card_id=card_id,
                added_at=now,
                added_via=via,
                reps=1,
                lapses=0 if correct else 1,
                last_review=now,
                **values,
            )
            .on_conflict_do_nothing(index_elements=["workspace", "user_id", "card_id"])
        )
    return (
        update(onboarding_cards)
        .where(*_card_is(store, user, card_id))
        .values(
            reps=c.reps + 1,
            lapses=c.lapses + (0 if correct else 1),
            last_review=now,
            **values,
        )
    )
