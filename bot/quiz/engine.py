"""The quiz at work: the minute tick that posts due questions, ``quiz now``, answers.

    engine = QuizEngine(knowledge, store, client)
    report = engine.tick(now)          # -> TickReport; report.summary() is one line
    outcome = engine.post_now("C123", now, tz="Europe/Berlin")
    result = engine.answer(post_id, "U123", "aws", now)

``tick(now)`` finds every subscribed, unpaused channel whose question for its local day is
due (:func:`bot.quiz.schedule.due_slot`) and not yet posted, and posts it: claim the slot in
the database first (one winner across ticks, processes and instances), post with
``chat.postMessage``, record the message ``ts``. A claim left behind by a process that died
between claim and post is taken over after :data:`LEASE`.

Closing a question (``chat.update``: buttons removed, the answer and the distribution shown)
follows the channel's ``reveal`` setting: ``next`` (the default) closes the previous open
question when a new one is posted; ``end-of-day`` closes each question at the first tick at
or after midnight ending its local day (in the time zone it was posted for), and a new post
(scheduled or ``quiz now``) closes nothing. Either way a close is claimed in the database
first (``posted`` → ``closed``, one winner), so concurrent ticks and instances update the
message once; a transient Slack failure reopens it for the next try.

Fan-out uses a small thread pool (:data:`DEFAULT_CONCURRENCY`) so rate-limit waits overlap.
HTTP 429 is honoured (``Retry-After``) by the WebClient's retry handler and, beyond it, here;
the run goes on. A channel that fails for good (``channel_not_found``, ``not_in_channel``,
``is_archived`` …) is paused with the reason and reported; the others continue. Other
failures release the claim so the next tick (a minute later) retries.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta
from functools import partial
from typing import TYPE_CHECKING, Any

from slack_sdk.errors import SlackApiError, SlackClientError

from bot.answers.practices import DEFAULT_RULES, Rules
from bot.bank import Question, build_bank, digest, is_org, org_questions
from bot.quiz import render
from bot.quiz.results import AnswerResult, AnswerStatus, Outcome, PostStatus, TickReport
from bot.quiz.schedule import (
    REVEAL_END_OF_DAY,
    ScheduleError,
    Slot,
    due_slot,
    local_date,
    make_schedule,
)
from bot.quiz.standings import QuizStandings
from bot.slack import delivery
from bot.slack.delivery import Courier, Delivery, new_token, slack_error
from bot.store import StoreUnavailable
from bot.store.quiz import (
    CLAIMED,
    CLOSED,
    EXTRA,
    FAILED,
    POSTED,
    SCHEDULED,
    Post,
    QuizStore,
    Subscription,
    post_id_for,
)

if TYPE_CHECKING:
    from slack_sdk import WebClient

    from bot.kb.models import Knowledge
    from bot.store import Store

__all__ = [  # the results live in bot.quiz.results; importable from here too
    "AnswerResult",
    "AnswerStatus",
    "Outcome",
    "PostStatus",
    "QuizEngine",
    "TickReport",
]

logger = logging.getLogger(__name__)

LEASE = delivery.LEASE  # a claim older than this, not yet posted, is taken over
# Slack allows chat.postMessage about 1/s per channel and several hundred per minute per
# workspace; 8 parallel posts keep a large fan-out quick while 429s (honoured) pace it.
DEFAULT_CONCURRENCY = 8
Job = Callable[[], Outcome]


class QuizEngine(QuizStandings):
    def __init__(
        self,
        knowledge: Knowledge,
        store: Store,
        client: WebClient | None,  # None: read only (leaderboard, stats)
        *,
        lease: timedelta = LEASE,
        concurrency: int = DEFAULT_CONCURRENCY,
        sleep: Callable[[float], None] = time.sleep,
        bank: tuple[Question, ...] | None = None,
    ) -> None:
        self.knowledge = knowledge
        self.quiz = QuizStore(store)
        self.client = client
        self.lease = lease
        self.concurrency = max(1, concurrency)
        self.sleep = sleep
        self.courier = Courier(client, sleep=sleep)
        self.bank = bank if bank is not None else full_bank(knowledge)
        self.kind_of = {q.id: q.kind for q in self.bank}
        if not self.bank:
            raise ValueError("the question bank is empty")

    # -- choosing ----------------------------------------------------------------------------

    def choose(self, channel: str, seed: str) -> Question:
        """The next question for ``channel``: never asked before in this round (the bank is
        used up before anything repeats), kinds taking turns, deterministic for ``seed``."""
        asked = self.quiz.asked_counts(channel)
        bank = self._topic_bank(channel, asked)
        fewest = min(asked.get(q.id, 0) for q in bank)
        candidates = [q for q in bank if asked.get(q.id, 0) == fewest]
        kind_asked: dict[str, int] = {}
        for qid, n in asked.items():
            kind = self.kind_of.get(qid)
            if kind is not None:
                kind_asked[kind] = kind_asked.get(kind, 0) + n
        kinds = sorted(
            {q.kind for q in candidates},
            key=lambda k: (kind_asked.get(k, 0), digest(f"{seed}:{k}")),
        )
        pool = [q for q in candidates if q.kind == kinds[0]]
        return min(pool, key=lambda q: digest(f"{seed}:{q.id}"))

    def _topic_bank(self, channel: str, asked: dict[str, int]) -> tuple[Question, ...]:
        """The questions the channel's topics allow: ``course`` (the default), ``ours`` (the
        organisation's databases), ``mixed`` (the side asked less so far, course on a tie).
        Without an inventory every channel gets the course's questions."""
        sub = self.quiz.subscription(channel)
        topics = sub.topics if sub is not None else "course"
        ours = tuple(q for q in self.bank if is_org(q))
        course = tuple(q for q in self.bank if not is_org(q)) or self.bank
        if topics == "course" or not ours:
            return course
        if topics == "ours":
            return ours
        org_ids = {q.id for q in ours}
        asked_ours = sum(n for qid, n in asked.items() if qid in org_ids)
        asked_course = sum(asked.values()) - asked_ours
        return ours if asked_ours < asked_course else course

    # -- posting -----------------------------------------------------------------------------

    def tick(self, now: datetime) -> TickReport:
        """Close the questions whose day has ended (``reveal: end-of-day`` channels), then post
        every question due at ``now`` and not yet posted."""
        report = TickReport(now)
        try:
            self.finish_closes(now)
            report.closed_at_end_of_day = self.close_ended_days(now)
        except Exception as exc:  # the store is down: posting below reports it per channel
            logger.exception("quiz: closing questions at the end of their day failed")
            report.errors.append(f"closing at end of day failed ({type(exc).__name__})")
        jobs = self._scheduled_jobs(now, report)
        try:
            for post in self._claims_due(now, report):
                jobs.append((post.channel, partial(self._retry_extra, post, now)))
        except Exception as exc:  # the store is down: the scheduled posts above still go
            logger.exception("quiz: finding the `quiz now` questions to retry failed")
            report.errors.append(f"retrying `quiz now` questions failed ({type(exc).__name__})")
        if not jobs:
            return report
        with ThreadPoolExecutor(max_workers=min(self.concurrency, len(jobs))) as pool:
            futures = [pool.submit(job) for _, job in jobs]
            for (channel, _), future in zip(jobs, futures, strict=True):
                try:
                    report.outcomes.append(future.result())
                except Exception as exc:  # a store outage for one channel: report, go on
                    logger.exception("quiz: posting to %s failed", channel)
                    report.outcomes.append(Outcome(channel, "failed", error=type(exc).__name__))
        return report

    def _scheduled_jobs(self, now: datetime, report: TickReport) -> list[tuple[str, Job]]:
        """A job per channel whose question is due and not posted (their posts read at once)."""
        due: list[tuple[Subscription, Slot]] = []
        for sub in self.quiz.subscriptions(include_paused=False):
            try:
                schedule = make_schedule(sub.at, sub.tz, sub.days)
            except ScheduleError as exc:
                report.errors.append(f"{sub.channel}: bad stored schedule ({exc})")
                continue
            slot = due_slot(schedule, now, sub.starts_at)
            if slot is not None:
                due.append((sub, slot))
        ids = [post_id_for(sub.channel, slot.local_date.isoformat()) for sub, slot in due]
        known = {post.id: post for post in self.quiz.posts_with_ids(ids)} if ids else {}
        jobs: list[tuple[str, Job]] = []
        for (sub, slot), post_id in zip(due, ids, strict=True):
            post = known.get(post_id)
            if post is not None and post.state in (POSTED, CLOSED):
                report.outcomes.append(Outcome(sub.channel, "done", post.id))
            else:
                jobs.append((sub.channel, partial(self._scheduled, sub, slot, now, post)))
        return jobs

    def _scheduled(
        self, sub: Subscription, slot: Slot, now: datetime, post: Post | None = None
    ) -> Outcome:
        key = slot.local_date.isoformat()
        if post is None:
            question = self.choose(sub.channel, post_id_for(sub.channel, key))
            token = new_token()
            if self.quiz.claim(
                channel=sub.channel,
                slot=key,
                kind=SCHEDULED,
                local_date=slot.local_date,
                tz=sub.tz,
                question=question.to_json(),
                scheduled_at=slot.scheduled_utc,
                token=token,
                now=self.courier.current(now),  # the tick's start plus the time since
            ):
                return self._deliver(post_id_for(sub.channel, key), token, now, resumed=False)
            post = self.quiz.post_for(sub.channel, key)
            if post is None:  # pragma: no cover - claimed then deleted
                return Outcome(sub.channel, "failed", error="claim vanished")
        return self._resume(post, now)

    def _resume(self, post: Post, now: datetime) -> Outcome:
        if post.state == FAILED:  # the channel was paused that day and is active again
            token = new_token()
            if self.quiz.take_over(post, token, self.courier.current(now), self.lease):
                return self._deliver(post.id, token, now, resumed=False, taken_over=True)
            return Outcome(post.channel, "busy", post.id)
        if post.state != CLAIMED:
            return Outcome(post.channel, "done", post.id)
        token = new_token()
        if self.quiz.take_over(post, token, self.courier.current(now), self.lease):
            logger.warning(
                "quiz: finishing %s, claimed at %s but never posted", post.id, post.claimed_at
            )
            return self._deliver(post.id, token, now, resumed=True, taken_over=True)
        return Outcome(post.channel, "busy", post.id)

    def post_now(self, channel: str, now: datetime, *, tz: str | None = None) -> Outcome:
        """One extra question now (``/whoowns quiz now``), outside the schedule, through the
        same claim → post → record protocol as a scheduled one.

        An earlier ``quiz now`` of the channel still to retry is retried now instead (looking
        first when its outcome is unknown) rather than asking a second question; one being
        posted right now is ``busy``. Extras are numbered per channel (``now-000001`` …), so of
        two requests racing for the same next number one wins and the other is ``busy``. A
        ``failed`` (released) extra is retried by every :meth:`tick` of its local day."""
        pending = [p for p in self.quiz.pending_claims([channel]) if p.kind == EXTRA]
        if pending:
            post = pending[0]
            if post.claimed_at is not None and post.claimed_at >= now - self.lease:
                return Outcome(channel, "busy", post.id)
            return self._retry_extra(post, now)
        sub = self.quiz.subscription(channel)
        zone = tz or (sub.tz if sub else "UTC")
        every = self.quiz.posts(channel, states=(CLAIMED, POSTED, CLOSED, FAILED))
        slot = f"now-{sum(p.kind == EXTRA for p in every) + 1:06d}"
        question = self.choose(channel, post_id_for(channel, slot))
        token = new_token()
        if not self.quiz.claim(
            channel=channel,
            slot=slot,
            kind=EXTRA,
            local_date=local_date(now, zone),
            tz=zone,
            question=question.to_json(),
            scheduled_at=None,
            token=token,
            now=now,
        ):
            return Outcome(channel, "busy", post_id_for(channel, slot))
        return self._deliver(post_id_for(channel, slot), token, now, resumed=False)

    def _retry_extra(self, post: Post, now: datetime) -> Outcome:
        """Take a released (or stale) ``quiz now`` claim and deliver it: the Courier looks for
        it in Slack first when an earlier attempt's outcome is unknown."""
        token = new_token()
        if not self.quiz.take_over(post, token, now, self.lease):
            return Outcome(post.channel, "busy", post.id)
        return self._deliver(post.id, token, now, resumed=False, taken_over=True)

    def _claims_due(self, now: datetime, report: TickReport) -> list[Post]:
        """The ``quiz now`` questions to retry: released, or left by a process that died. Any
        question still claimed after its local day (the app was removed, say) is dropped
        (``failed``, ``expired``): a question for Monday makes no sense on Tuesday."""
        due: list[Post] = []
        for post in self.quiz.pending_claims():
            if post.claimed_at is not None and post.claimed_at >= now - self.lease:
                continue  # being posted right now
            if local_date(now, post.tz) <= post.local_date:
                if post.kind == EXTRA:
                    due.append(post)
                continue
            token = new_token()
            if self.quiz.take_over(post, token, now, self.lease):
                self.quiz.claims.failed([post.id], token, "expired")
                logger.warning("quiz: dropped %s: not posted on its day", post.id)
                what = (
                    "a `quiz now` question" if post.kind == EXTRA else f"the {post.slot} question"
                )
                report.errors.append(f"{post.channel}: {what} expired unposted")
        return due

    def _reveals_at_end_of_day(self, channel: str) -> bool:
        sub = self.quiz.subscription(channel)
        return sub is not None and sub.reveal == REVEAL_END_OF_DAY

    def _deliver(
        self, post_id: str, token: str, now: datetime, *, resumed: bool, taken_over: bool = False
    ) -> Outcome:
        post = self.quiz.post(post_id)
        assert post is not None
        question = Question.from_json(post.question)
        end_of_day = self._reveals_at_end_of_day(post.channel)
        message = render.question_message(
            post.id,
            question,
            question.options_for(post.id),
            answered=0,
            local_date=post.local_date,
            scheduled=post.kind == SCHEDULED,
            reveal_at_end_of_day=end_of_day,
        )
        claim = Delivery(
            "quiz", self.quiz.claims, [post.id], token, post.channel, taken_over=taken_over
        )
        result = self.courier.deliver(claim, message.kwargs(), now)
        error = result.error or ""
        if result.status == "failed":
            self.quiz.pause(post.channel, error, now)
            logger.warning("quiz: paused %s: %s", post.channel, error)
            return Outcome(post.channel, "paused", post.id, error)
        if result.status == "retry":
            logger.warning(
                "quiz: posting to %s failed (%s); next tick retries", post.channel, error
            )
            return Outcome(post.channel, "failed", post.id, error)
        if result.status == "lost":
            return Outcome(post.channel, "done", post.id, "claim lost while posting")
        ts = result.ts
        logger.info("quiz: posted %s (%s) ts=%s", post.id, question.id, ts)
        # reveal:end-of-day: earlier questions stay open until their own day ends
        closed = 0 if end_of_day else self.close_previous(post.channel, now, except_id=post.id)
        return Outcome(
            post.channel, "resumed" if resumed else "posted", post.id, None, closed, question
        )

    def close_previous(self, channel: str, now: datetime, *, except_id: str | None = None) -> int:
        """Close the channel's open questions (all but ``except_id``); returns how many."""
        return sum(
            self.close(post, now) for post in self.quiz.open_posts(channel, except_id=except_id)
        )

    def close_ended_days(self, now: datetime) -> int:
        """Close every open question of a ``reveal: end-of-day`` channel whose local day (in
        the time zone it was posted for) ended before ``now``; returns how many."""
        due = [
            post
            for post in self.quiz.open_posts_revealed(REVEAL_END_OF_DAY)
            if local_date(now, post.tz) > post.local_date
        ]
        if not due:
            return 0
        with ThreadPoolExecutor(max_workers=min(self.concurrency, len(due))) as pool:
            futures = [pool.submit(self.close, post, now) for post in due]
        closed = 0
        for post, future in zip(due, futures, strict=True):
            try:
                closed += future.result()
            except Exception:  # a store outage for one post: the next tick tries again
                logger.exception("quiz: closing %s failed", post.id)
        return closed

    def close(self, post: Post, now: datetime) -> bool:
        """Close one question: claim the close in the database (``posted`` → ``closed``; of
        several ticks one wins), then remove its buttons and show the answer and the
        distribution (``chat.update``). False when another tick closed it, or Slack failed
        for now (the close is undone, so a later tick or post tries again). A close claimed
        but never applied (the process died) is taken over after the lease
        (:meth:`finish_closes`)."""
        if not self.quiz.mark_closed(post.id, now):
            return False
        return self._apply_close(post, now)

    def finish_closes(self, now: datetime) -> int:
        """Apply the closes a dead process claimed but never applied; returns how many."""
        done = 0
        for post in self.quiz.unfinished_closes(now, self.lease):
            if self.quiz.take_close(post, now):
                logger.warning(
                    "quiz: finishing the close of %s, claimed at %s", post.id, post.closed_at
                )
                done += self._apply_close(post, now)
        return done

    def _apply_close(self, post: Post, now: datetime) -> bool:
        if not post.message_ts:
            self.quiz.close_done(post.id, now)
            return True
        question = Question.from_json(post.question)
        message = render.closed_message(
            question,
            question.options_for(post.id),
            self.quiz.answer_counts(post.id),
            local_date=post.local_date,
            scheduled=post.kind == SCHEDULED,
        )
        try:
            self._call(
                self.courier.slack.chat_update,
                channel=post.channel,
                ts=post.message_ts,
                **message.kwargs(),
            )
        except SlackApiError as exc:
            error = slack_error(exc)
            if not delivery.is_gone(error):
                logger.warning("quiz: could not close %s (%s); trying again later", post.id, error)
                self.quiz.reopen(post.id)
                return False
        except (SlackClientError, OSError) as exc:
            logger.warning("quiz: could not close %s (%s); trying again later", post.id, exc)
            self.quiz.reopen(post.id)
            return False
        self.quiz.close_done(post.id, now)  # gone from Slack too: nothing left to update
        return True

    def _call(self, method: Callable[..., Any], **kwargs: Any) -> Any:
        """A Web API call under the delivery's 429 policy (:func:`bot.slack.delivery.call`)."""
        return delivery.call(method, sleep=self.sleep, **kwargs)

    # -- answers -----------------------------------------------------------------------------

    def answer(self, post_id: str, user: str, option: str, now: datetime) -> AnswerResult:
        """Record ``user``'s first answer to ``post_id``; a repeat returns the first one."""
        post = self.quiz.post(post_id)
        if post is None:
            return AnswerResult("unknown")
        question = Question.from_json(post.question)
        if post.state == CLOSED:
            previous = self.quiz.answer_of(post.id, user)
            return AnswerResult("closed", post, question, previous.option if previous else None)
        if option not in {o.key for o in question.options}:
            return AnswerResult("bad_option", post, question)
        first, answer = self.quiz.record_answer(post, user, option, option == question.answer, now)
        status: AnswerStatus = "recorded" if first else "repeat"
        if post.kind != SCHEDULED:
            return AnswerResult(status, post, question, answer.option, first)
        try:  # the answer is committed: a failure from here on must not read as "not recorded"
            streak = self.user_streak(post.channel, user)
        except StoreUnavailable as exc:
            logger.warning("quiz: the streak of %s could not be read: %s", user, exc)
            return AnswerResult(status, post, question, answer.option, first, streak_unread=True)
        return AnswerResult(status, post, question, answer.option, first, streak)

    def refresh_count(self, post: Post) -> None:
        """Update the "N answered" count of an open question in place."""
        if not post.message_ts:
            return
        current = self.quiz.post(post.id)
        if current is None or current.state == CLOSED:
            return
        question = Question.from_json(post.question)
        total = sum(self.quiz.answer_counts(post.id).values())
        message = render.question_message(
            post.id,
            question,
            question.options_for(post.id),
            answered=total,
            local_date=post.local_date,
            scheduled=post.kind == SCHEDULED,
            reveal_at_end_of_day=self._reveals_at_end_of_day(post.channel),
        )
        self._call(
            self.courier.slack.chat_update,
            channel=post.channel,
            ts=post.message_ts,
            **message.kwargs(),
        )


def full_bank(knowledge: Knowledge, rules: Rules = DEFAULT_RULES) -> tuple[Question, ...]:
    """The course's questions, then the organisation's (by topics; ``rules``: as configured)."""
    return (*build_bank(knowledge), *org_questions(knowledge, rules))


def tick(now: datetime, deps: Any, **options: Any) -> TickReport:
    """One tick with the app's dependencies (knowledge, store, client)."""
    return QuizEngine(deps.knowledge, deps.store, deps.client, **options).tick(now)
