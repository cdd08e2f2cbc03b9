"""Onboarding lessons: the welcome DM, Start, lesson DMs (one a working day, or at once with
*Next lesson*), and the answers to their questions."""

from __future__ import annotations

import logging
from datetime import datetime

from slack_sdk.errors import SlackApiError, SlackClientError

from bot.onboarding import render, srs, timing
from bot.onboarding.flow import NEW_CARD_DELAY, Flow, mastered
from bot.onboarding.lessons import Lesson
from bot.onboarding.results import Feedback, FollowUp, NextQuestion, Outcome, Status
from bot.slack.delivery import LEASE, PERSON, Delivery, new_token, slack_error
from bot.store.onboarding import FAILED, User

logger = logging.getLogger(__name__)


class LessonFlow(Flow):
    """Lessons (a part of :class:`bot.onboarding.engine.OnboardingEngine`)."""

    def invite(self, user: str, by: str | None, now: datetime) -> Outcome:
        """The welcome DM with Start — once per user, however often they join or are added;
        never to a bot (an app added to the channel) or a deactivated account."""
        if not self.lessons:
            return Outcome(user, "welcome", "no-lessons")
        info = self.slack_user(user) if self.ob.user(user) is None else None
        if info is not None and (info.get("is_bot") or info.get("deleted")):
            return Outcome(user, "welcome", "not-a-person")
        row = self.user_row(user, now, info)
        if row.started_at is not None:
            return Outcome(user, "welcome", "stopped" if row.stopped_at else "already")
        if not self.ob.claim_invite(user, by, now):
            return Outcome(user, "welcome", "already")
        message = render.welcome_message(self.knowledge, len(self.lessons_for(user)), by=by)
        try:
            self.courier.send(user, message.kwargs())
        except (SlackApiError, SlackClientError, OSError) as exc:
            self.ob.release_invite(user)
            logger.warning("welcome DM to %s failed: %s", user, slack_error(exc))
            return Outcome(user, "welcome", "failed", slack_error(exc))
        return Outcome(user, "welcome", "sent")

    def start(self, user: str, now: datetime) -> Outcome:
        """Start (or resume) the track; the first lesson comes at once."""
        if not self.lessons:
            return Outcome(user, "start", "no-lessons")
        before = self.user_row(user, now)
        self.ob.start(user, now)
        if self._sent_ids(user):
            nxt = self._next_unsent(user)
            status: Status = "restarted" if before.stopped_at is not None else "already"
            return Outcome(user, "start", status, detail=nxt.title if nxt else None)
        return self._deliver(self.user_row(user, now), self.lessons_for(user)[0], now)

    def next_lesson(self, user: str, now: datetime, *, after: str | None = None) -> Outcome:
        """The next lesson now. ``after``: the lesson whose button was pressed (a second click
        on the same button sends nothing more); a lesson this user was never sent (an old DM
        from before the database was reset, a forged value) counts as no ``after``, so no
        lesson is skipped."""
        if not self.lessons:
            return Outcome(user, "lesson", "no-lessons")
        self.user_row(user, now)
        self.ob.start(user, now)
        sent = self._sent_ids(user)
        lessons = self.lessons_for(user)
        ids = [lesson.id for lesson in lessons]
        if after in ids and after in sent:
            index = ids.index(after) + 1
            if index >= len(ids):
                return Outcome(user, "lesson", "all-sent")
            if ids[index] in sent:
                return Outcome(user, f"lesson:{ids[index]}", "already")
            target = lessons[index]
        else:
            nxt = self._next_unsent(user)
            if nxt is None:
                return Outcome(user, "lesson", "all-sent")
            target = nxt
        return self._deliver(self.user_row(user, now), target, now)

    def _next_unsent(self, user: str) -> Lesson | None:
        sent = self._sent_ids(user)
        return next((lesson for lesson in self.lessons_for(user) if lesson.id not in sent), None)

    def lesson(self, lesson_id: str, user: str | None = None) -> Lesson | None:
        """The lesson with this id of ``user``'s track (None: the course's); None: not there."""
        lessons = self.lessons_for(user) if user is not None else self.lessons
        return next((x for x in lessons if x.id == lesson_id), None)

    def lesson_message(self, user: str, lesson: Lesson) -> render.Message:
        questions = [
            self.asked(q, f"{user}/{lesson.id}")
            for q in (self.deck.question(t) for t in lesson.questions)
            if q is not None
        ]
        total = len(self.lessons_for(user))
        return render.lesson_message(
            lesson,
            total,
            self.lesson_sections(lesson),
            questions,
            has_next=lesson.number < total,
        )

    def _deliver(self, row: User, lesson: Lesson, now: datetime) -> Outcome:
        token = new_token()
        day = timing.local_date(now, row.tz)
        at = self.courier.current(now)
        claims = self.ob.lesson_claims
        key = [row.user_id, lesson.id]
        claimed = claims.claim(
            token,
            at,
            user_id=row.user_id,
            lesson_id=lesson.id,
            number=lesson.number,
            local_date=day,
        )
        failed = next((s for s in self.ob.lessons(row.user_id) if s.lesson_id == lesson.id), None)
        if not claimed and failed is not None and failed.state == FAILED:  # its DM failed: again
            claimed = claims.take_over(key, failed.claim_token, token, at, LEASE, failed_too=True)
        if not claimed:
            return Outcome(row.user_id, f"lesson:{lesson.id}", "already")
        return self._post_lesson(row.user_id, lesson, token, now, resumed=False)

    def _post_lesson(
        self, user: str, lesson: Lesson, token: str, now: datetime, *, resumed: bool
    ) -> Outcome:
        what = f"lesson:{lesson.id}"
        key = [user, lesson.id]
        claim = Delivery("lesson", self.ob.lesson_claims, key, token, user, PERSON, resumed)
        result = self.courier.deliver(claim, self.lesson_message(user, lesson).kwargs(), now)
        if result.status == "stopped":  # the lesson stays unsent: the next one when they are back
            self.unreachable(user, result.error or "unreachable", now)
            return Outcome(user, what, "unreachable", result.error)
        if result.status == "failed":
            logger.warning("lesson DM to %s failed for good: %s", user, result.error)
            return Outcome(user, what, "failed", result.error)
        if result.status == "retry":
            logger.warning("lesson DM to %s failed, will retry: %s", user, result.error)
            return Outcome(user, what, "retry", result.error)
        new = [
            (cid, srs.new_row_values(cid, now + NEW_CARD_DELAY)) for cid in self.cards_of(lesson)
        ]
        self.ob.add_cards(user, new, now, "lesson")
        return Outcome(user, what, "resumed" if resumed else "sent")

    def answer_lesson(
        self, user: str, lesson_id: str, index: int, option: str, now: datetime
    ) -> Feedback:
        lesson = self.lesson(lesson_id, user)
        if lesson is None or not 0 <= index < len(lesson.questions):
            return Feedback("gone")
        if lesson.id not in self._sent_ids(user):  # not this user's lesson: nothing to grade
            return Feedback("gone")
        topic = lesson.questions[index]
        question = self.deck.question(topic)
        if question is None:
            return Feedback("gone")
        correct = option == question.answer
        card_id = self.deck.card_for(topic)  # the card this question tests (kb check: one)
        row = self.user_row(user, now)
        result = self.ob.record_lesson_answer(
            user,
            lesson_id,
            topic,
            option,
            correct,
            now,
            card_id=card_id,
            schedule=self._schedule(card_id or topic, now),
            rating=int(srs.rating_for(correct, None)),
        )
        answered = {(a.lesson_id, a.question) for a in self.ob.lesson_answers(user)}
        done = all((lesson.id, q) in answered for q in lesson.questions)
        follow_up = self._lesson_follow_up(user, lesson, index, answered)
        if not result.first:
            return Feedback(
                "repeat",
                question,
                result.previous_option or option,
                bool(result.previous_correct),
                first=False,
                tz=row.tz,
                follow_up=follow_up,
            )
        # completion can only begin with the last lesson done or a card newly mastered
        completed = (done or mastered(result.card)) and self._maybe_complete(user, now)
        return Feedback(
            "recorded",
            question,
            option,
            correct,
            first=True,
            next_due=self._back_for_review(user, result.card, now),
            tz=row.tz,
            lesson_done=done,
            completed=completed,
            follow_up=follow_up,
        )

    def _lesson_follow_up(
        self, user: str, lesson: Lesson, index: int, answered: set[tuple[str, str]]
    ) -> FollowUp:
        """The lesson's next open question (after ``index``, wrapping), else Next lesson."""
        count = len(lesson.questions)
        for step in range(1, count + 1):
            j = (index + step) % count
            if (lesson.id, lesson.questions[j]) in answered:
                continue
            question = self.deck.question(lesson.questions[j])
            if question is not None:
                asked = self.asked(question, f"{user}/{lesson.id}")
                return FollowUp(NextQuestion(asked, lesson_id=lesson.id, index=j))
        if lesson.number < len(self.lessons_for(user)):
            return FollowUp(button="next-lesson", value=lesson.id)
        return FollowUp(button="review-after-last-lesson")

    def _resume_lessons(self, now: datetime) -> list[Outcome]:
        """Finish the lesson DMs whose claim a process left behind (after :data:`LEASE`)."""
        out = []
        stopped = self.stopped_ids()
        for pending in self.ob.pending_lesson_claims():
            if pending.user_id in stopped:
                continue
            lesson = self.lesson(pending.lesson_id, pending.user_id)
            token = new_token()
            key = [pending.user_id, pending.lesson_id]
            at = self.courier.current(now)
            if lesson is not None and self.ob.lesson_claims.take_over(
                key, pending.claim_token, token, at, LEASE
            ):
                out.append(self._post_lesson(pending.user_id, lesson, token, now, resumed=True))
        return out

    def _due_lessons(self, now: datetime) -> list[Outcome]:
        out: list[Outcome] = []
        stopped = self.stopped_ids()
        for row in self.ob.users():
            if row.started_at is None or row.stopped_at is not None or row.user_id in stopped:
                continue
            today = timing.local_date(now, row.tz)
            at = timing.parse_time(row.send_at) or timing.DEFAULT_TIME
            if not timing.is_working_day(today) or not timing.send_time_reached(now, at, row.tz):
                continue
            sent = [s for s in self.ob.lessons(row.user_id) if s.state != FAILED]
            if any(s.local_date == today for s in sent):
                continue
            done = {s.lesson_id for s in sent}
            nxt = next((x for x in self.lessons_for(row.user_id) if x.id not in done), None)
            if nxt is not None:
                out.append(self._deliver(row, nxt, now))
        return out
