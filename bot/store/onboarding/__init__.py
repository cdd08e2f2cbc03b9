"""Onboarding tables and data access. The only onboarding package that talks SQL.

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
* ``stopped_users`` — people the bot stopped writing to, with Slack's reason, until they use
  the bot again (:mod:`.stopped`).

Everything runs unchanged on SQLite and PostgreSQL (SQLAlchemy Core; ``ON CONFLICT DO
NOTHING`` and ``RETURNING`` on both).

Modules by concern: :mod:`.tables`, :mod:`.records` (the values handed out), :mod:`.users`
(users and settings), :mod:`.lessons`, :mod:`.reviews`, :mod:`.cards`.
:class:`OnboardingStore` puts them together on one :class:`bot.store.Store`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.store.claims import FAILED, POSTED, Claims
from bot.store.onboarding.cards import Cards
from bot.store.onboarding.lessons import LESSON_KEY, Lessons
from bot.store.onboarding.records import (
    CardState,
    LessonAnswer,
    LessonSend,
    Reviewed,
    ReviewItem,
    ReviewSend,
    Scheduler,
    User,
    send_id_for,
)
from bot.store.onboarding.reviews import DAILY, NOW, Reviews
from bot.store.onboarding.stopped import Stopped, StoppedUser
from bot.store.onboarding.tables import onboarding_lessons, onboarding_review_sends
from bot.store.onboarding.users import CHANNEL_KEY, Users

if TYPE_CHECKING:
    from bot.store.engine import Store

__all__ = [
    "CHANNEL_KEY",
    "DAILY",
    "FAILED",
    "LESSON_KEY",
    "NOW",
    "POSTED",
    "CardState",
    "LessonAnswer",
    "LessonSend",
    "OnboardingStore",
    "ReviewItem",
    "ReviewSend",
    "Reviewed",
    "Scheduler",
    "StoppedUser",
    "User",
    "send_id_for",
]


class OnboardingStore(Users, Lessons, Reviews, Cards, Stopped):
    """Onboarding data on a :class:`bot.store.Store` (SQLite or PostgreSQL, same code)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.lesson_claims = Claims(store, onboarding_lessons, LESSON_KEY)
        self.review_claims = Claims(store, onboarding_review_sends, ["id"])
