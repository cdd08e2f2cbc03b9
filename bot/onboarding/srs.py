"""Spaced repetition with FSRS (the ``fsrs`` package, py-fsrs 6.x). Pure: no I/O.

How the bot uses it:

* One FSRS card per fact (see :mod:`bot.onboarding.cards`). The FSRS ``card_id`` is an
  integer derived from the stable card id (:func:`fsrs_card_id`), so it never depends on
  when a card was created.
* Reviews arrive as one DM a day, so the scheduler has **no learning or relearning steps**
  (minutes-long steps make no sense for a daily DM): every review schedules whole days, and a
  wrong answer (``Again``) brings the card back the next day. Fuzzing is off so a schedule
  can be explained and tested.
* All datetimes are aware UTC (FSRS refuses anything else).

Ratings come from the answer (:func:`rating_for`):

=============================================  =========
answer                                         rating
=============================================  =========
wrong                                          Again
right after a hint                             Hard
right, slow: more than ``SLOW`` (60 s)         Hard
right, fast: within ``FAST`` (15 s)            Easy
right otherwise                                Good
=============================================  =========

The response time is measured from the moment the question reached the user (the DM's post
time, or the previous answer in the same DM, whichever is later) to the click. A response
time above ``AWAY`` (10 minutes) says the user was away, not that they hesitated, so it counts
as untimed (Good). Lesson questions are untimed too (reading the lesson takes the time).

A card is *mastered* when it is in the Review state with stability ≥ 21 days.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from fsrs import Card, Rating, Scheduler, State

FAST = timedelta(seconds=15)
SLOW = timedelta(seconds=60)
AWAY = timedelta(minutes=10)
MASTERED_STABILITY_DAYS = 21.0


def fsrs_card_id(card_id: str) -> int:
    """A stable positive integer for a card id (53 bits: safe in JSON everywhere)."""
    digest = hashlib.sha256(card_id.encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") & ((1 << 53) - 1) or 1


def utc(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        raise ValueError("naive datetime: pass an aware UTC datetime")
    return moment.astimezone(timezone.utc)


def make_scheduler() -> Scheduler:
    return Scheduler(learning_steps=(), relearning_steps=(), enable_fuzzing=False)


def rating_for(
    correct: bool, response_time: timedelta | None = None, *, hinted: bool = False
) -> Rating:
    """The FSRS rating for an answer (table in the module docstring)."""
    if not correct:
        return Rating.Again
    if hinted:
        return Rating.Hard
    if response_time is None or response_time < timedelta(0) or response_time > AWAY:
        return Rating.Good
    if response_time <= FAST:
        return Rating.Easy
    if response_time > SLOW:
        return Rating.Hard
    return Rating.Good


@dataclass(frozen=True)
class Review:
    """The result of one review: the new FSRS state as JSON and what it means."""

    card_json: str
    due: datetime
    state: str  # "learning" | "review" | "relearning"
    stability: float
    rating: Rating

    @property
    def mastered(self) -> bool:
        return self.state == "review" and self.stability >= MASTERED_STABILITY_DAYS


def new_card_json(card_id: str, now: datetime) -> str:
    """A fresh FSRS card, due at ``now``."""
    return Card(card_id=fsrs_card_id(card_id), due=utc(now)).to_json()


def review(
    card_json: str | None, card_id: str, rating: Rating, now: datetime, scheduler: Scheduler
) -> Review:
    """Review one card (``card_json`` None: a card never seen before)."""
    now = utc(now)
    card = Card.from_json(card_json) if card_json else Card(card_id=fsrs_card_id(card_id), due=now)
    card, _log = scheduler.review_card(card, rating, review_datetime=now)
    return Review(
        card_json=card.to_json(),
        due=utc(card.due),
        state=state_name(card.state),
        stability=float(card.stability or 0.0),
        rating=rating,
    )


def state_name(state: State) -> str:
    return {State.Learning: "learning", State.Review: "review", State.Relearning: "relearning"}[
        state
    ]


def is_mastered(state: str, stability: float | None) -> bool:
    return state == "review" and (stability or 0.0) >= MASTERED_STABILITY_DAYS


def new_row_values(card_id: str, due: datetime) -> dict[str, object]:
    """The store columns of a card never reviewed, due at ``due``."""
    return {
        "fsrs": new_card_json(card_id, due),
        "due": utc(due),
        "state": "learning",
        "stability": None,
    }


def row_values(
    card_json: str | None, card_id: str, rating: Rating | int, now: datetime, scheduler: Scheduler
) -> dict[str, object]:
    """The store columns of a card after one review (``fsrs``, ``due``, ``state``,
    ``stability``)."""
    result = review(card_json, card_id, Rating(int(rating)), now, scheduler)
    return {
        "fsrs": result.card_json,
        "due": result.due,
        "state": result.state,
        "stability": result.stability,
    }
