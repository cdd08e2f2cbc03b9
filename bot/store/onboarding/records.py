"""The values the onboarding store hands out (frozen: read from the database, never edited)."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timezone
from typing import Any, TypeVar

from bot.store.scope import fields

R = TypeVar("R")


@dataclass(frozen=True)
class User:
    user_id: str
    created_at: datetime
    tz: str
    send_at: str
    invited_at: datetime | None
    invited_by: str | None
    started_at: datetime | None
    stopped_at: datetime | None
    completed_at: datetime | None

    @property
    def active(self) -> bool:
        return self.stopped_at is None


@dataclass(frozen=True)
class LessonSend:
    user_id: str
    lesson_id: str
    number: int
    local_date: date
    state: str
    claim_token: str | None
    claimed_at: datetime | None
    channel: str | None
    message_ts: str | None
    posted_at: datetime | None
    error: str | None
    unsure_since: datetime | None = None
    attempts: int = 0
    retry_at: datetime | None = None


@dataclass(frozen=True)
class LessonAnswer:
    user_id: str
    lesson_id: str
    question: str
    option: str
    correct: bool
    answered_at: datetime


@dataclass(frozen=True)
class CardState:
    user_id: str
    card_id: str
    fsrs: str
    due: datetime
    state: str
    stability: float | None
    reps: int
    lapses: int
    added_at: datetime
    added_via: str
    last_review: datetime | None


@dataclass(frozen=True)
class ReviewSend:
    id: str
    user_id: str
    slot: str
    kind: str
    local_date: date
    cards: tuple[str, ...]
    state: str
    claim_token: str | None
    claimed_at: datetime | None
    channel: str | None
    message_ts: str | None
    posted_at: datetime | None
    error: str | None
    unsure_since: datetime | None = None
    attempts: int = 0
    retry_at: datetime | None = None


@dataclass(frozen=True)
class ReviewItem:
    send_id: str
    card_id: str
    position: int
    hinted: bool
    option: str | None
    correct: bool | None
    answered_at: datetime | None


@dataclass(frozen=True)
class Reviewed:
    """What one review did to a card (returned by the ``record_*_answer`` methods)."""

    first: bool  # False: this item/question was already answered; nothing changed
    card: CardState | None  # the card after the review (None: not a card)
    previous_option: str | None = None  # the first answer, when ``first`` is False
    previous_correct: bool | None = None


# Review function: (card row or None, FSRS rating) -> the new FSRS values of the row:
# dict(fsrs=..., due=..., state=..., stability=...).
Scheduler = Callable[[CardState | None, int], dict[str, Any]]


def send_id_for(user: str, slot: str) -> str:
    return f"{user}/{slot}"


def row_of(cls: type[R], row: Any) -> R:
    """A value of ``cls`` from a result row whose columns are its fields."""
    return cls(**fields(row))


def send_of(row: Any) -> ReviewSend:
    data = fields(row)
    data["cards"] = tuple(json.loads(data["cards"]))
    return ReviewSend(**data)


def aware(moment: Any) -> datetime | None:
    """An aware UTC datetime from an aggregate (SQLite may hand back text or naive values)."""
    if moment is None:
        return None
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    assert isinstance(moment, datetime)
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=timezone.utc)
