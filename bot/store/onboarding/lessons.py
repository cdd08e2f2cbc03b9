"""Lesson DMs (claimed per user and lesson, :mod:`bot.store.claims`) and lesson answers."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.engine import Connection

from bot.store.claims import CLAIMED, Claims
from bot.store.onboarding.cards import review_card
from bot.store.onboarding.records import LessonAnswer, LessonSend, Reviewed, Scheduler, row_of
from bot.store.onboarding.tables import onboarding_lesson_answers, onboarding_lessons
from bot.store.scope import mine

if TYPE_CHECKING:
    from bot.store.engine import Store

LESSON_KEY = ("user_id", "lesson_id")  # a lesson DM's claim key in ``lesson_claims``


class Lessons:
    """Lesson DMs and answers (a part of :class:`bot.store.onboarding.OnboardingStore`).

    ``lesson_claims`` claims a DM before it is posted: ``claim(token, now, user_id=…,
    lesson_id=…, number=…, local_date=…)``, then ``posted``/``release``/``failed``/
    ``take_over`` on the key ``(user_id, lesson_id)``."""

    store: Store
    lesson_claims: Claims

    def lessons(self, user: str) -> list[LessonSend]:
        t = onboarding_lessons.c
        stmt = (
            select(onboarding_lessons)
            .where(mine(onboarding_lessons, self.store), t.user_id == user)
            .order_by(t.number)
        )
        return self.store.read(lambda conn: [row_of(LessonSend, r) for r in conn.execute(stmt)])

    def pending_lesson_claims(self) -> list[LessonSend]:
        stmt = select(onboarding_lessons).where(
            mine(onboarding_lessons, self.store), onboarding_lessons.c.state == CLAIMED
        )
        return self.store.read(lambda conn: [row_of(LessonSend, r) for r in conn.execute(stmt)])

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
                workspace=self.store.workspace,
                user_id=user,
                lesson_id=lesson_id,
                question=question,
                option=option,
                correct=correct,
                answered_at=now,
            )
            .on_conflict_do_nothing(
                index_elements=["workspace", "user_id", "lesson_id", "question"]
            )
            .returning(a.question)
        )

        def run(conn: Connection) -> Reviewed:
            if conn.execute(claim).first() is None:
                first = conn.execute(_answer_query(self.store, user, lesson_id, question)).one()
                return Reviewed(False, None, first.option, first.correct)
            if card_id is None:
                return Reviewed(True, None)
            card = review_card(
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
        stmt = select(onboarding_lesson_answers).where(
            mine(onboarding_lesson_answers, self.store), a.user_id == user
        )
        return self.store.read(lambda conn: [row_of(LessonAnswer, r) for r in conn.execute(stmt)])


def _answer_query(store: Store, user: str, lesson_id: str, question: str) -> Any:
    """The first answer to one lesson question, in the store's workspace."""
    a = onboarding_lesson_answers.c
    return select(a.option, a.correct).where(
        mine(onboarding_lesson_answers, store),
        a.user_id == user,
        a.lesson_id == lesson_id,
        a.question == question,
    )
