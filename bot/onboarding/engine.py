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
``user_not_found`` …) fails that DM for good. The protocol is :mod:`bot.slack.delivery`'s.

The engine is put together from its flows: :mod:`.flow` (settings, users, progress,
completion), :mod:`.lesson_flow` and :mod:`.review_flow`; what it returns is data
(:mod:`.results`), worded by :mod:`.render`.
"""

from __future__ import annotations

import logging
from datetime import datetime

from bot.onboarding.flow import DEFAULT_SEND_AT, NEW_CARD_DELAY, REVIEW_BATCH
from bot.onboarding.lesson_flow import LessonFlow
from bot.onboarding.results import Feedback, FollowUp, Outcome, TickReport
from bot.onboarding.review_flow import ReviewFlow
from bot.slack import delivery

__all__ = [
    "DEFAULT_SEND_AT",
    "LEASE",
    "NEW_CARD_DELAY",
    "PERMANENT_DM_ERRORS",
    "REVIEW_BATCH",
    "Feedback",
    "FollowUp",
    "OnboardingEngine",
    "Outcome",
    "TickReport",
]

logger = logging.getLogger(__name__)

LEASE = delivery.LEASE
# The Slack errors that fail a DM for good (bot.slack.delivery.PERMANENT_ERRORS, as they apply to
# a person).
PERMANENT_DM_ERRORS = frozenset(
    e for e in delivery.PERMANENT_ERRORS if delivery.is_permanent(e, delivery.PERSON)
)


class OnboardingEngine(LessonFlow, ReviewFlow):
    """The onboarding flows on a store and a Slack Web API client."""

    def tick(self, now: datetime) -> TickReport:
        """Finish DMs a dead process left claimed, then send the lessons and reviews due."""
        report = TickReport()
        report.outcomes += self._resume_lessons(now)
        report.outcomes += self._resume_reviews(now)
        report.outcomes += self._due_lessons(now)
        report.outcomes += self._due_reviews(now)
        return report
