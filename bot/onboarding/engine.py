"""Onboarding at work: welcome DMs, lessons, answers, review DMs, completion, the minute tick.

    engine = OnboardingEngine(knowledge, store, client, default_channel="C0NEW")
    engine.invite("U123", by=None, now=now)      # welcome DM with Start, once per user ever
    engine.start("U123", now)                    # Start: lesson 1 at once
    engine.next_lesson("U123", now, after=None)  # "Next lesson": the next one at once
    engine.answer_lesson("U123", "managed", 0, "false", now)
    report = engine.tick(now)                    # lessons and review DMs that are due

Delivery rules (``tick``), in each user's time zone (from ``users.info``; UTC if unknown) at
their chosen time (default 10:00; ``/whoowns onboarding time HH:MM``):

* **Lessons**: one per working day (Mon–Fri) once the user pressed Start, unless a lesson
  already went out that local day (Start, or *Next lesson*, which sends the next one at once).
* **Reviews**: one DM per user per local day with up to :data:`REVIEW_BATCH` cards due by the
  end of that day, most overdue first. Cards a lesson introduces are due the day after it.

Exactly once: a lesson DM is claimed per (user, lesson), a daily review DM per (user, local
date), both in the database before posting (see :mod:`bot.store.onboarding`); a claim left by
a process that died before posting is taken over after :data:`LEASE`. Transient Slack failures
release the claim (the next tick retries); a user Slack cannot reach (``account_inactive``,
``user_not_found`` …) fails that DM for good.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from slack_sdk.errors import SlackApiError, SlackClientError

from bot.kb.models import Knowledge
from bot.onboarding import progress as progress_mod
from bot.onboarding import render, srs, timing
from bot.onboarding.cards import OWNER, Deck
from bot.onboarding.lessons import Lesson, lesson_cards, lesson_content, track
from bot.onboarding.progress import CardView, Progress
from bot.onboarding.render import AskedQuestion
from bot.quiz.bank import Question
from bot.store.onboarding import (
    CHANNEL_KEY,
    DAILY,
    NOW,
    POSTED,
    LessonSend,
    OnboardingStore,
    ReviewSend,
    User,
    send_id_for,
)

logger = logging.getLogger(__name__)

LEASE = timedelta(minutes=2)
REVIEW_BATCH = 5
NEW_CARD_DELAY = timedelta(days=1)  # a lesson's cards come up for review the next day
DEFAULT_SEND_AT = "10:00"
PERMANENT_DM_ERRORS = frozenset(
    {
        "user_not_found",
        "account_inactive",
        "cannot_dm_bot",
        "user_disabled",
        "channel_not_found",
        "not_in_channel",
        "is_archived",
        "restricted_action",
        "team_access_not_granted",
    }
)


@dataclass(frozen=True)
class Outcome:
    """What happened to one DM (or why nothing was sent)."""

    user: str
    what: str  # welcome | lesson:<id> | review:<slot> | ...
    status: str  # sent | resumed | already | busy | retry | failed | nothing | stopped | ...
    error: str | None = None
    detail: str | None = None  # e.g. the next review time, for the reply


@dataclass(frozen=True)
class Feedback:
    status: str  # recorded | repeat | gone
    question: Question | None = None
    chosen: str = ""
    correct: bool = False
    first: bool = False
    next_due: datetime | None = None
    tz: str = "UTC"
    lesson_done: bool = False
    completed: bool = False
    follow_up: tuple[Any, ...] = ()  # Block Kit blocks: what to answer next


@dataclass
class TickReport:
    outcomes: list[Outcome] = field(default_factory=list)

    def _with(self, *statuses: str) -> list[Outcome]:
        return [o for o in self.outcomes if o.status in statuses]

    def summary(self) -> str:
        lessons = [o for o in self._with("sent", "resumed") if o.what.startswith("lesson:")]
        reviews = [o for o in self._with("sent", "resumed") if o.what.startswith("review:")]
        parts = [
            f"onboarding tick: {len(lessons)} lesson DM{'s' if len(lessons) != 1 else ''}, "
            f"{len(reviews)} review DM{'s' if len(reviews) != 1 else ''} sent"
        ]
        resumed = self._with("resumed")
        if resumed:
            parts.append(f"{len(resumed)} finished after an interrupted tick")
        retry = self._with("retry")
        if retry:
            parts.append(f"{len(retry)} will be retried")
        failed = self._with("failed")
        if failed:
            parts.append("failed: " + ", ".join(f"{o.user} ({o.error})" for o in failed))
        return "; ".join(parts)


class OnboardingEngine:
    """The onboarding flows on a store and a Slack Web API client."""

    def __init__(
        self,
        knowledge: Knowledge,
        store: Any,
        client: Any,
        *,
        default_channel: str | None = None,
        deck: Deck | None = None,
    ) -> None:
        self.knowledge = knowledge
        self.ob = OnboardingStore(store)
        self.client = client
        self.default_channel = default_channel
        self.deck = deck or Deck(knowledge)
        self.lessons: tuple[Lesson, ...] = track(knowledge)
        self.scheduler = srs.make_scheduler()

    # -- settings ----------------------------------------------------------------------------

    def channel(self) -> str | None:
        """The onboarding channel: set with ``/whoowns onboarding here``, else the env's."""
        return self.ob.setting(CHANNEL_KEY) or self.default_channel

    def set_channel(self, channel: str, by: str | None, now: datetime) -> None:
        self.ob.set_setting(CHANNEL_KEY, channel, by, now)

    def set_time(self, user: str, at: str, tz: str | None, now: datetime) -> User:
        self.user_row(user, now)
        self.ob.set_preferences(user, send_at=at, tz=tz)
        row = self.ob.user(user)
        assert row is not None
        return row

    # -- users -------------------------------------------------------------------------------

    def slack_user(self, user: str) -> dict[str, Any] | None:
        """The user's ``users.info`` profile; None when Slack cannot say."""
        try:
            info = self.client.users_info(user=user)["user"]
        except (SlackApiError, SlackClientError, OSError, KeyError, TypeError):
            logger.warning("users.info failed for %s; their time zone defaults to UTC", user)
            return None
        return info if isinstance(info, dict) else None

    def user_tz(self, user: str, info: dict[str, Any] | None = None) -> str:
        """The user's Slack time zone (``users.info``); UTC when unknown or unreachable."""
        info = info if info is not None else self.slack_user(user)
        tz = str((info or {}).get("tz") or "")
        return tz if timing.is_zone(tz) else timing.DEFAULT_TZ

    def user_row(self, user: str, now: datetime, info: dict[str, Any] | None = None) -> User:
        existing = self.ob.user(user)
        if existing is not None:
            return existing
        tz = self.user_tz(user, info)
        return self.ob.ensure_user(user, now, tz=tz, send_at=DEFAULT_SEND_AT)

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
        message = render.welcome_message(self.knowledge, len(self.lessons), by=by)
        try:
            self._dm(user, message.kwargs())
        except (SlackApiError, SlackClientError, OSError) as exc:
            self.ob.release_invite(user)
            logger.warning("welcome DM to %s failed: %s", user, _error(exc))
            return Outcome(user, "welcome", "failed", _error(exc))
        return Outcome(user, "welcome", "sent")

    def start(self, user: str, now: datetime) -> Outcome:
        """Start (or resume) the track; the first lesson comes at once."""
        if not self.lessons:
            return Outcome(user, "start", "no-lessons")
        before = self.user_row(user, now)
        self.ob.start(user, now)
        if self._sent_ids(user):
            nxt = self._next_unsent(user)
            status = "restarted" if before.stopped_at is not None else "already"
            return Outcome(user, "start", status, detail=nxt.title if nxt else None)
        return self._deliver(self.ob.user(user), self.lessons[0], now)  # type: ignore[arg-type]

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
        ids = [lesson.id for lesson in self.lessons]
        if after in ids and after in sent:
            index = ids.index(after) + 1
            if index >= len(ids):
                return Outcome(user, "lesson", "all-sent")
            if ids[index] in sent:
                return Outcome(user, f"lesson:{ids[index]}", "already")
            target = self.lessons[index]
        else:
            nxt = self._next_unsent(user)
            if nxt is None:
                return Outcome(user, "lesson", "all-sent")
            target = nxt
        return self._deliver(self.ob.user(user), target, now)  # type: ignore[arg-type]

    def stop(self, user: str, now: datetime) -> bool:
        return self.ob.stop(user, now)

    # -- lessons -----------------------------------------------------------------------------

    def _sent_ids(self, user: str) -> set[str]:
        return {s.lesson_id for s in self.ob.lessons(user)}

    def _next_unsent(self, user: str) -> Lesson | None:
        sent = self._sent_ids(user)
        return next((lesson for lesson in self.lessons if lesson.id not in sent), None)

    def lesson(self, lesson_id: str) -> Lesson | None:
        return next((lesson for lesson in self.lessons if lesson.id == lesson_id), None)

    def asked(self, question: Question, seed: str) -> AskedQuestion:
        return AskedQuestion(question, question.options_for(seed))

    def lesson_message(self, user: str, lesson: Lesson) -> render.Message:
        questions = [
            self.asked(q, f"{user}/{lesson.id}")
            for q in (self.deck.question(t) for t in lesson.questions)
            if q is not None
        ]
        return render.lesson_message(
            lesson,
            len(self.lessons),
            lesson_content(lesson, self.knowledge),
            questions,
            has_next=lesson.number < len(self.lessons),
        )

    def _deliver(self, row: User, lesson: Lesson, now: datetime) -> Outcome:
        token = uuid.uuid4().hex
        day = timing.local_date(now, row.tz)
        if not self.ob.claim_lesson(row.user_id, lesson.id, lesson.number, day, token, now):
            return Outcome(row.user_id, f"lesson:{lesson.id}", "already")
        return self._post_lesson(row.user_id, lesson, token, now, resumed=False)

    def _post_lesson(
        self, user: str, lesson: Lesson, token: str, now: datetime, *, resumed: bool
    ) -> Outcome:
        what = f"lesson:{lesson.id}"
        try:
            channel, ts = self._dm(user, self.lesson_message(user, lesson).kwargs())
        except (SlackApiError, SlackClientError, OSError) as exc:
            error = _error(exc)
            if error in PERMANENT_DM_ERRORS:
                self.ob.lesson_failed(user, lesson.id, token, error)
                logger.warning("lesson DM to %s failed for good: %s", user, error)
                return Outcome(user, what, "failed", error)
            self.ob.lesson_release(user, lesson.id, token, error)
            logger.warning("lesson DM to %s failed, will retry: %s", user, error)
            return Outcome(user, what, "retry", error)
        if not self.ob.lesson_posted(user, lesson.id, token, channel, ts, now):
            logger.warning("lesson %s for %s was taken over while posting", lesson.id, user)
        new = [
            (cid, srs.new_row_values(cid, now + NEW_CARD_DELAY))
            for cid in self.deck.known(lesson_cards(lesson, self.knowledge))
        ]
        self.ob.add_cards(user, new, now, "lesson")
        return Outcome(user, what, "resumed" if resumed else "sent")

    def answer_lesson(
        self, user: str, lesson_id: str, index: int, option: str, now: datetime
    ) -> Feedback:
        lesson = self.lesson(lesson_id)
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
        completed = (done or _mastered(result.card)) and self._maybe_complete(user, now)
        return Feedback(
            "recorded",
            question,
            option,
            correct,
            first=True,
            next_due=result.card.due if result.card else None,
            tz=row.tz,
            lesson_done=done,
            completed=completed,
            follow_up=follow_up,
        )

    def _lesson_follow_up(
        self, user: str, lesson: Lesson, index: int, answered: set[tuple[str, str]]
    ) -> tuple[Any, ...]:
        """The lesson's next open question (after ``index``, wrapping), else Next lesson."""
        count = len(lesson.questions)
        for step in range(1, count + 1):
            j = (index + step) % count
            if (lesson.id, lesson.questions[j]) in answered:
                continue
            question = self.deck.question(lesson.questions[j])
            if question is not None:
                asked = self.asked(question, f"{user}/{lesson.id}")
                return tuple(render.lesson_question_blocks(lesson.id, j, asked))
        if lesson.number < len(self.lessons):
            return tuple(
                render.next_step_blocks(
                    "Next lesson",
                    render.NEXT_LESSON_ACTION,
                    lesson.id,
                    "Lesson done. The next one comes on the next working day, or now.",
                )
            )
        return tuple(
            render.next_step_blocks(
                "Review now",
                render.REVIEW_NOW_ACTION,
                "lesson",
                "That was the last lesson. Reviews keep it fresh: they come by DM.",
            )
        )

    # -- reviews -----------------------------------------------------------------------------

    def _schedule(self, card_id: str, now: datetime) -> Callable[[Any, int], dict[str, Any]]:
        def run(current: Any, rating: int) -> dict[str, Any]:
            return srs.row_values(
                current.fsrs if current is not None else None, card_id, rating, now, self.scheduler
            )

        return run

    def review_now(self, user: str, now: datetime) -> Outcome:
        """A review DM at once with the cards due today (outside the daily one)."""
        row = self.user_row(user, now)
        horizon = timing.start_of_next_day(now, row.tz)
        due = self.ob.due_cards(user, horizon, REVIEW_BATCH)
        if not due:
            p = self.progress(user, now)
            when = render.when(p.next_review, row.tz) if p.next_review else None
            status = "nothing" if p.cards_in_deck else "empty"
            return Outcome(user, "review", status, detail=when)
        slot = f"now-{uuid.uuid4().hex[:12]}"
        return self._claim_and_post_review(row, slot, NOW, [c.card_id for c in due], now)

    def _claim_and_post_review(
        self, row: User, slot: str, kind: str, cards: list[str], now: datetime
    ) -> Outcome:
        token = uuid.uuid4().hex
        day = timing.local_date(now, row.tz)
        claimed = self.ob.claim_review(
            user=row.user_id,
            slot=slot,
            kind=kind,
            local_date=day,
            cards=cards,
            token=token,
            now=now,
        )
        if not claimed:
            return Outcome(row.user_id, f"review:{slot}", "already")
        send = self.ob.review_send(send_id_for(row.user_id, slot))
        assert send is not None
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
        try:
            channel, ts = self._dm(send.user_id, self.review_message(send, now).kwargs())
        except (SlackApiError, SlackClientError, OSError) as exc:
            error = _error(exc)
            if error in PERMANENT_DM_ERRORS:
                self.ob.review_failed(send.id, token, error)
                return Outcome(send.user_id, what, "failed", error)
            self.ob.review_release(send.id, token, error)
            return Outcome(send.user_id, what, "retry", error)
        self.ob.review_posted(send.id, token, channel, ts, now)
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

        def rating_for(item: Any, asked_at: datetime | None) -> int:
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
        completed = _mastered(result.card) and self._maybe_complete(user, now)
        return Feedback(
            "recorded",
            question,
            option,
            correct,
            first=True,
            next_due=result.card.due if result.card else None,
            tz=row.tz,
            completed=completed,
            follow_up=follow_up,
        )

    def _review_follow_up(self, send: ReviewSend) -> tuple[Any, ...]:
        """The review's next open card, else a Review now button."""
        for item in self.ob.review_items(send.id):
            question = self.deck.question(item.card_id)
            spec = self.deck.cards.get(item.card_id)
            if item.answered_at is None and question is not None and spec is not None:
                asked = self.asked(question, send.id)
                hintable = spec.kind == OWNER
                return tuple(
                    render.review_card_blocks(send.id, item.position, item.card_id, asked, hintable)
                )
        return tuple(
            render.next_step_blocks(
                "Review now",
                render.REVIEW_NOW_ACTION,
                "review",
                "All cards of this review answered. More today? Review now.",
            )
        )

    def hint(self, user: str, send_id: str, card_id: str) -> str:
        send = self.ob.review_send(send_id)
        spec = self.deck.cards.get(card_id)
        if send is None or send.user_id != user or spec is None or spec.service is None:
            return "No hint for this one."
        svc = self.knowledge.services.get(spec.service)
        cat = self.knowledge.categories.get(svc.category) if svc else None
        if svc is None or cat is None:
            return "No hint for this one."
        if not self.ob.mark_hinted(send_id, card_id):
            return "You already answered this one."
        return (
            f":bulb: Hint: *{render.escape_mrkdwn(svc.name)}* is "
            f"*{render.escape_mrkdwn(cat.name)}*. (A right answer after a hint counts as Hard.)"
        )

    # -- "Quiz me on this" -------------------------------------------------------------------

    def quiz_me(self, user: str, card_ids: tuple[str, ...], now: datetime) -> render.Message:
        known = self.deck.known(card_ids)
        if not known:
            return render.added_cards_message([], 0, None)
        row = self.user_row(user, now)
        added = self.ob.add_cards(
            user, [(cid, srs.new_row_values(cid, now)) for cid in known], now, "quiz-me"
        )
        labels = [self.deck.cards[c].label for c in added]
        p = self.progress(user, now)
        nxt = render.when(p.next_review, row.tz) if p.next_review else None
        return render.added_cards_message(labels, len(known) - len(added), nxt)

    # -- progress and completion -------------------------------------------------------------

    def progress(self, user: str, now: datetime) -> Progress:
        row = self.ob.user(user)
        tz = row.tz if row else timing.DEFAULT_TZ
        send_at = row.send_at if row else DEFAULT_SEND_AT
        sent = [s.lesson_id for s in self.ob.lessons(user) if s.state == POSTED]
        answers = self.ob.lesson_answers(user)
        answered = [(a.lesson_id, a.question) for a in answers]
        cards = [
            CardView(c.card_id, c.due, c.state, c.stability, c.reps) for c in self.ob.cards(user)
        ]
        today = timing.local_date(now, tz).isoformat()
        sent_today = self.ob.review_send(send_id_for(user, today)) is not None
        return progress_mod.compute(
            user=user,
            lessons=self.lessons,
            deck=self.deck,
            invited=bool(row and row.invited_at),
            started=bool(row and row.started_at),
            stopped=bool(row and row.stopped_at),
            completed_at=row.completed_at if row else None,
            sent_lessons=sent,
            answered=answered,
            cards=cards,
            reviewed_at=[*self.ob.review_days(user), *(a.answered_at for a in answers)],
            now=now,
            tz=tz,
            send_at=send_at,
            sent_today=sent_today,
        )

    def _maybe_complete(self, user: str, now: datetime) -> bool:
        """Congratulate once, when the user has just completed onboarding."""
        p = self.progress(user, now)
        if not p.completed or p.completed_at is not None:
            return False
        if not self.ob.claim_completion(user, now):
            return False
        try:
            self._dm(user, render.completion_message(p).kwargs())
        except (SlackApiError, SlackClientError, OSError) as exc:
            logger.warning("congratulation DM to %s failed: %s", user, _error(exc))
        channel = self.channel()
        if channel:
            try:
                self.client.chat_postMessage(
                    channel=channel, **render.completion_note(user, p).kwargs()
                )
            except (SlackApiError, SlackClientError, OSError) as exc:
                logger.warning("completion note in %s failed: %s", channel, _error(exc))
        return True

    # -- the minute tick ---------------------------------------------------------------------

    def tick(self, now: datetime) -> TickReport:
        report = TickReport()
        report.outcomes += self._resume(now)
        report.outcomes += self._due_lessons(now)
        report.outcomes += self._due_reviews(now)
        return report

    def _resume(self, now: datetime) -> list[Outcome]:
        out = []
        for pending in self.ob.pending_lesson_claims():
            out.extend(self._resume_lesson(pending, now))
        for send in self.ob.pending_review_claims():
            token = uuid.uuid4().hex
            if self.ob.take_over_review(send, token, now, LEASE):
                out.append(self._post_review(send, token, now, resumed=True))
        return out

    def _resume_lesson(self, pending: LessonSend, now: datetime) -> list[Outcome]:
        lesson = self.lesson(pending.lesson_id)
        token = uuid.uuid4().hex
        if lesson is None or not self.ob.take_over_lesson(pending, token, now, LEASE):
            return []
        return [self._post_lesson(pending.user_id, lesson, token, now, resumed=True)]

    def _due_lessons(self, now: datetime) -> list[Outcome]:
        out = []
        for row in self.ob.users():
            if row.started_at is None or row.stopped_at is not None:
                continue
            today = timing.local_date(now, row.tz)
            at = timing.parse_time(row.send_at) or timing.DEFAULT_TIME
            if not timing.is_working_day(today) or not timing.send_time_reached(now, at, row.tz):
                continue
            sent = self.ob.lessons(row.user_id)
            if any(s.local_date == today for s in sent):
                continue
            done = {s.lesson_id for s in sent}
            nxt = next((lesson for lesson in self.lessons if lesson.id not in done), None)
            if nxt is not None:
                out.append(self._deliver(row, nxt, now))
        return out

    def _due_reviews(self, now: datetime) -> list[Outcome]:
        out = []
        # a card due before the end of any user's local day (at most ~26 h ahead, with DST)
        for user in self.ob.users_with_due_cards(now + timedelta(hours=27)):
            row = self.ob.user(user)
            if row is None or row.stopped_at is not None:
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

    # -- Slack -------------------------------------------------------------------------------

    def _dm(self, user: str, kwargs: dict[str, Any]) -> tuple[str, str]:
        """Post to the user's DM with the bot; returns (DM channel id, message ts)."""
        response = self.client.chat_postMessage(channel=user, **kwargs)
        return str(response.get("channel") or user), str(response.get("ts") or "")


def _mastered(card: Any) -> bool:
    return card is not None and srs.is_mastered(card.state, card.stability)


def _error(exc: BaseException) -> str:
    if isinstance(exc, SlackApiError):
        return str(exc.response.get("error") or f"HTTP {exc.response.status_code}")
    return type(exc).__name__
