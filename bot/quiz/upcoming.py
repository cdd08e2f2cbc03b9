"""What subscribe, status and list tell about a channel: the slot the next tick will actually
post (never a slot the tick would skip, never hiding one it posts at once), and
which delivery guarantee holds there."""

from __future__ import annotations

from datetime import datetime

from bot.quiz import render
from bot.quiz.schedule import Slot, make_schedule, upcoming_slot
from bot.store.access import AT_MOST_ONE_REPEAT, Access
from bot.store.quiz import QuizStore, Subscription


def upcoming(quiz: QuizStore, sub: Subscription, now: datetime) -> tuple[Slot, bool]:
    """(the slot the next tick posts, whether it is already due)."""
    schedule = make_schedule(sub.at, sub.tz, sub.days)

    def done(day: object) -> bool:
        return quiz.post_for(sub.channel, str(day)) is not None

    return upcoming_slot(schedule, now, sub.starts_at, done)


def when_text(quiz: QuizStore, sub: Subscription, now: datetime) -> str:
    """``Tue 2 Dec 09:00 Europe/Berlin``, or ``… (due: the next tick posts it)``."""
    slot, due = upcoming(quiz, sub, now)
    text = render.when(slot.scheduled_utc, sub.tz)
    return f"{text} (due: the next tick posts it)" if due else text


def guarantee(access: Access | None) -> str:
    """One sentence: how often a question can show in this channel."""
    if access is not None and access.guarantee == AT_MOST_ONE_REPEAT:
        return (
            f"Delivery: at most one repeat, only if the bot dies between Slack's answer and "
            f"saving it (it cannot read this channel's history: {access.reason})."
        )
    checked = "" if access is not None else " (history access not checked yet)"
    return f"Delivery: exactly once, even after a crash{checked}."
