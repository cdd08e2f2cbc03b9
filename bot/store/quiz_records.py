"""The quiz's records as read from its tables (:mod:`bot.store.quiz`): subscriptions, posts and
answers, without the workspace column (a store is always one workspace's)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from bot.store.scope import fields


@dataclass(frozen=True)
class Subscription:
    channel: str
    at: str
    tz: str
    days: str
    created_by: str | None
    created_at: datetime
    paused_reason: str | None = None
    paused_at: datetime | None = None
    reveal: str = "next"  # next | end-of-day
    topics: str = "course"  # course | ours (the organisation's databases) | mixed (alternate)
    starts_at: datetime | None = None  # no slot before this is posted

    @property
    def paused(self) -> bool:
        return self.paused_reason is not None


@dataclass(frozen=True)
class Post:
    id: str
    channel: str
    slot: str
    kind: str
    local_date: date
    tz: str
    question_id: str
    question: dict[str, Any]
    scheduled_at: datetime | None
    state: str
    claim_token: str | None
    claimed_at: datetime | None
    message_ts: str | None
    posted_at: datetime | None
    closed_at: datetime | None
    error: str | None
    unsure_since: datetime | None = None
    close_done_at: datetime | None = None


@dataclass(frozen=True)
class Answer:
    post_id: str
    user_id: str
    channel: str
    option: str
    correct: bool
    answered_at: datetime


def post_id_for(channel: str, slot: str) -> str:
    return f"{channel}/{slot}"


def sub_of(row: Any) -> Subscription:
    return Subscription(**fields(row))


def post_of(row: Any) -> Post:
    data = fields(row)
    data["question"] = json.loads(data["question"])
    return Post(**data)


def answer_of(row: Any) -> Answer:
    return Answer(**fields(row))
