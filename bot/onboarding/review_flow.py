"""Onboarding reviews: the daily review DM (cards due, most overdue first), *Review now*,
answers and hints."""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.onboarding import render, srs, timing
from bot.onboarding.cards import OWNER
from bot.onboarding.flow import REVIEW_BATCH, Flow, mastered
from bot.onboarding.results import Feedback, FollowUp, Hint, NextQuestion, Outcome, Status
from bot.slack.delivery import LEASE, PERSON, Delivery, new_token
from bot.store.onboarding import DAILY, NOW, ReviewItem, ReviewSend, User, send_id_for


class ReviewFlow(Flow):
    """Reviews (a part of :class:`bot.onboarding.engine.OnboardingEngine`)."""

    def review_now(self, user: str, now: datetime) -> Outcome:
        """A review DM at once with the cards due today (outside the daily one)."""
        row = self.user_row(user, now)
        horizon = timing.start_of_next_day(now, row.tz)
        due = self.ob.due_cards(user, horizon, REVIEW_BATCH)
        if not due:
            p = self.progress(user, now)
            when = render.when(p.next_review, row.tz) if p.next_review else None
            status: Status = "nothing" if p.cards_in_deck else "empty"
            return Outcome(user, "review", status, detail=when)
        slot = f"now-{new_token()[:12]}"
        return self._claim_and_post_review(row, slot, NOW, [c.card_id for c in due], now)

    def _claim_and_post_review(
        self, row: User, slot: str, kind: str, cards: list[str], now: datetime
    ) -> Outcome:
        token = new_token()
        day = timing.local_date(now, row.tz)
        send = self.ob.claim_review(
            user=row.user_id,
            slot=slot,
            kind=kind,
            local_date=day,
            cards=cards,
            token=token,
            now=self.courier.current(now),
        )
        if send is None:
            return Outcome(row.user_id, f"review:{slot}", "already")
        return self._post_review(send, token, now, resumed=False)

    def review_message(self, send: ReviewSend, now: datetime) -> render.Message:
        items = []
        for card_id in send.cards:
            question = self.deck.question(card_id)
            spec = self.deck.cards.get(card_id)
            if question is None or spec is None:
                continue
            items.append((card_id, self.asked(question, send.id), spec.kind == OWNER))
        row = self.ob.user(send.user_id)
        horizon = timing.start_of_next_day(now, row.tz if row else timing.DEFAULT_TZ)
        due_total = len(self.ob.due_cards(send.user_id, horizon, 1000))
        return render.review_message(send.id, items, due_total=max(due_total, len(items)))

    def _post_review(
        self, send: ReviewSend, token: str, now: datetime, *, resumed: bool
    ) -> Outcome:
        what = f"review:{send.slot}"
        claim = Delivery(
            "review", self.ob.review_claims, [send.id], token, send.user_id, PERSON, resumed
        )
        result = self.courier.deliver(claim, self.review_message(send, now).kwargs(), now)
        if result.status == "stopped":
            self.unreachable(send.user_id, result.error or "unreachable", now)
            return Outcome(send.user_id, what, "unreachable", result.error)
        if result.status in ("failed", "retry"):
            return Outcome(send.user_id, what, result.status, result.error)
        return Outcome(send.user_id, what, "resumed" if resumed else "sent")

    def answer_review(
        self, user: str, send_id: str, card_id: str, option: str, now: datetime
    ) -> Feedback:
        send = self.ob.review_send(send_id)
        question = self.deck.question(card_id)
        if send is None or send.user_id != user or question is None or card_id not in send.cards:
            return Feedback("gone")
        row = self.user_row(user, now)
        correct = option == question.answer

        def rating_for(item: ReviewItem, asked_at: datetime | None) -> int:
            elapsed = now - asked_at if asked_at is not None else None
            return int(srs.rating_for(correct, elapsed, hinted=item.hinted))

        result = self.ob.record_review_answer(
            send,
            card_id,
            option,
            correct,
            now,
            schedule=self._schedule(card_id, now),
            rating_for=rating_for,
        )
        follow_up = self._review_follow_up(send)
        if not result.first:
            return Feedback(
                "repeat" if result.previous_option else "gone",
                question,
                result.previous_option or option,
                bool(result.previous_correct),
                tz=row.tz,
                follow_up=follow_up,
            )
        completed = mastered(result.card) and self._maybe_complete(user, now)
        return Feedback(
            "recorded",
            question,
            option,
            correct,
            first=True,
            next_due=self._back_for_review(user, result.card, now),
            tz=row.tz,
            completed=completed,
            follow_up=follow_up,
        )

    def _review_follow_up(self, send: ReviewSend) -> FollowUp:
        """The review's next open card, else a Review now button."""
        for item in self.ob.review_items(send.id):
            question = self.deck.question(item.card_id)
            spec = self.deck.cards.get(item.card_id)
            if item.answered_at is None and question is not None and spec is not None:
                asked = self.asked(question, send.id)
                return FollowUp(
                    NextQuestion(
                        asked,
                        send_id=send.id,
                        index=item.position,
                        card_id=item.card_id,
                        hintable=spec.kind == OWNER,
                    )
                )
        return FollowUp(button="review-again")

    def hint(self, user: str, send_id: str, card_id: str) -> Hint:
        """The hint for a review card: its service's category (the wording is in replies)."""
        send = self.ob.review_send(send_id)
        spec = self.deck.cards.get(card_id)
        if send is None or send.user_id != user or spec is None or spec.service is None:
            return Hint("none")
        svc = self.knowledge.services.get(spec.service)
        cat = self.knowledge.categories.get(svc.category) if svc else None
        if svc is None or cat is None:
            return Hint("none")
        if not self.ob.mark_hinted(send_id, card_id):
            return Hint("answered")
        return Hint("shown", service=svc.name, category=cat.name)

    def _due_reviews(self, now: datetime) -> list[Outcome]:
        out: list[Outcome] = []
        # a card due before the end of any user's local day (at most ~26 h ahead, with DST)
        stopped = self.stopped_ids()
        for user in self.ob.users_with_due_cards(now + timedelta(hours=27)):
            row = self.ob.user(user)
            if row is None or row.stopped_at is not None or user in stopped:
                continue
            at = timing.parse_time(row.send_at) or timing.DEFAULT_TIME
            if not timing.send_time_reached(now, at, row.tz):
                continue
            slot = timing.local_date(now, row.tz).isoformat()
            if self.ob.review_send(send_id_for(user, slot)) is not None:
                continue
            horizon = timing.start_of_next_day(now, row.tz)
            due = self.ob.due_cards(user, horizon, REVIEW_BATCH)
            if due:
                out.append(
                    self._claim_and_post_review(row, slot, DAILY, [c.card_id for c in due], now)
                )
        return out

    def _resume_reviews(self, now: datetime) -> list[Outcome]:
        """Finish the review DMs whose claim a process left behind (after :data:`LEASE`)."""
        out = []
        stopped = self.stopped_ids()
        for send in self.ob.pending_review_claims():
            if send.user_id in stopped:
                continue
            token = new_token()
            at = self.courier.current(now)
            if self.ob.review_claims.take_over([send.id], send.claim_token, token, at, LEASE):
                out.append(self._post_review(send, token, now, resumed=True))
        return out
