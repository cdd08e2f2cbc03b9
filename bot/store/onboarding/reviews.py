"""Review DMs (claimed per user and slot, :mod:`bot.store.claims`), their cards and answers."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select, update
from sqlalchemy.engine import Connection

from bot.store.claims import CLAIMED, Claims
from bot.store.onboarding.cards import review_card
from bot.store.onboarding.records import (
    Reviewed,
    ReviewItem,
    ReviewSend,
    Scheduler,
    aware,
    row_of,
    send_id_for,
    send_of,
)
from bot.store.onboarding.tables import onboarding_review_items, onboarding_review_sends
from bot.store.scope import mine

if TYPE_CHECKING:
    from bot.store.engine import Store

DAILY, NOW = "daily", "now"  # ReviewSend.kind: the daily review DM, or "Review now"


class Reviews:
    """Review DMs (a part of :class:`bot.store.onboarding.OnboardingStore`).

    ``review_claims`` holds the claims, keyed by the send id (``<user>/<slot>``):
    :meth:`claim_review` makes one with its cards, then ``posted``/``release``/``failed``/
    ``take_over`` on ``[send.id]``."""

    store: Store
    review_claims: Claims

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
    ) -> ReviewSend | None:
        """Claim (user, slot) with its cards before posting; the claimed send, or None when
        it is already claimed."""
        send_id = send_id_for(user, slot)
        claim = self.review_claims.insert(
            token,
            now,
            id=send_id,
            user_id=user,
            slot=slot,
            kind=kind,
            local_date=local_date,
            cards=json.dumps(list(cards)),
        )

        def run(conn: Connection) -> ReviewSend | None:
            row = conn.execute(claim).first()
            if row is None:
                return None
            for position, card_id in enumerate(cards):
                conn.execute(
                    onboarding_review_items.insert().values(
                        workspace=self.store.workspace,
                        send_id=send_id,
                        card_id=card_id,
                        position=position,
                        hinted=False,
                    )
                )
            return send_of(row)

        return self.store.write(run)

    def review_send(self, send_id: str) -> ReviewSend | None:
        stmt = select(onboarding_review_sends).where(
            mine(onboarding_review_sends, self.store), onboarding_review_sends.c.id == send_id
        )
        row = self.store.read(lambda conn: conn.execute(stmt).first())
        return send_of(row) if row is not None else None

    def pending_review_claims(self) -> list[ReviewSend]:
        stmt = select(onboarding_review_sends).where(
            mine(onboarding_review_sends, self.store), onboarding_review_sends.c.state == CLAIMED
        )
        return self.store.read(lambda conn: [send_of(r) for r in conn.execute(stmt)])

    def review_items(self, send_id: str) -> list[ReviewItem]:
        i = onboarding_review_items.c
        stmt = (
            select(onboarding_review_items)
            .where(mine(onboarding_review_items, self.store), i.send_id == send_id)
            .order_by(i.position)
        )
        return self.store.read(lambda conn: [row_of(ReviewItem, r) for r in conn.execute(stmt)])

    def mark_hinted(self, send_id: str, card_id: str) -> bool:
        """Record that a hint was shown (only before the item is answered)."""
        i = onboarding_review_items.c
        stmt = (
            update(onboarding_review_items)
            .where(*_item_is(self.store, send_id, card_id), i.answered_at.is_(None))
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
            .where(*_item_is(self.store, send.id, card_id), i.answered_at.is_(None))
            .values(option=option, correct=correct, answered_at=now)
            .returning(*onboarding_review_items.c)
        )

        def run(conn: Connection) -> Reviewed:
            row = conn.execute(claim).first()
            if row is None:
                first = conn.execute(
                    select(i.option, i.correct).where(*_item_is(self.store, send.id, card_id))
                ).first()
                if first is None:
                    return Reviewed(False, None)
                return Reviewed(False, None, first.option, first.correct)
            item = row_of(ReviewItem, row)
            asked_at = _asked_at(conn, self.store, send, card_id)
            response_ms = None
            if asked_at is not None:
                response_ms = max(int((now - asked_at).total_seconds() * 1000), 0)
            card = review_card(
                conn,
                self.store,
                send.user_id,
                card_id,
                now,
                schedule,
                rating_for(item, asked_at),
                correct,
                hinted=item.hinted,
                response_ms=response_ms,
                via="review",
            )
            return Reviewed(True, card)

        return self.store.write(run)


def _item_is(store: Store, send_id: str, card_id: str) -> list[Any]:
    i = onboarding_review_items.c
    return [mine(onboarding_review_items, store), i.send_id == send_id, i.card_id == card_id]


def _asked_at(conn: Connection, store: Store, send: ReviewSend, card_id: str) -> datetime | None:
    """When ``card_id`` reached the user: the DM's post time, or the DM's previous answer if
    that came later."""
    i = onboarding_review_items.c
    previous = conn.execute(
        select(func.max(i.answered_at)).where(
            mine(onboarding_review_items, store),
            i.send_id == send.id,
            i.card_id != card_id,
            i.answered_at.is_not(None),
        )
    ).scalar()
    moments = [m for m in (aware(send.posted_at), aware(previous)) if m is not None]
    return max(moments) if moments else None
