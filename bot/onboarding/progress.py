"""How far a user is: lessons, cards, streak, next review, completion. Pure: no I/O.

Definitions (the App Home, ``/whoowns progress`` and ``whoowns progress`` all show these):

* a lesson is *done* when all its questions are answered (right or wrong);
* a card is *learned* once reviewed (in a lesson or a review DM), *due* when its FSRS due time
  has passed, *mastered* when in the Review state with stability ≥ 21 days;
* the *streak* is the number of consecutive local days, ending today (or yesterday, if nothing
  yet today), on which the user answered at least one lesson or review question;
* onboarding is *complete* when every lesson is done and at least 90 % of the table cards
  (who owns each comparison-table duty for each service) are mastered — for a member of a team
  holding some of the organisation's databases, the table cards and that lesson's org cards
  (which team does the customer side of each duty the team holds) together.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from bot.onboarding import srs, timing
from bot.onboarding.cards import Deck
from bot.onboarding.lessons import Lesson

COMPLETION_SHARE = 0.9


@dataclass(frozen=True)
class Unreachable:
    """Slack cannot reach the person: no DM goes to them until they use the bot again."""

    reason: str  # Slack's error (user_not_found …)
    since: datetime


@dataclass(frozen=True)
class Progress:
    user: str
    invited: bool
    started: bool
    stopped: bool
    lessons_done: int
    lessons_sent: int
    lessons_total: int
    next_lesson: str | None  # title of the next lesson not yet sent
    cards_total: int  # every card the knowledge has
    cards_in_deck: int
    cards_learned: int
    cards_due: int
    cards_due_today: int  # due before the user's local midnight: what "Review now" would send
    cards_mastered: int
    table_cards_total: int
    table_cards_mastered: int
    table_cards_needed: int  # mastered table cards needed for completion
    streak: int
    next_review: datetime | None
    completed: bool
    completed_at: datetime | None
    tz: str
    send_at: str
    unreachable: Unreachable | None = None

    def to_json(self) -> dict[str, object]:
        return {
            "user": self.user,
            "invited": self.invited,
            "started": self.started,
            "paused": self.stopped,  # they pressed Stop
            "stopped": (
                {"reason": self.unreachable.reason, "since": self.unreachable.since.isoformat()}
                if self.unreachable
                else None
            ),
            "lessons_done": self.lessons_done,
            "lessons_sent": self.lessons_sent,
            "lessons_total": self.lessons_total,
            "next_lesson": self.next_lesson,
            "cards_total": self.cards_total,
            "cards_in_deck": self.cards_in_deck,
            "cards_learned": self.cards_learned,
            "cards_due": self.cards_due,
            "cards_mastered": self.cards_mastered,
            "table_cards_total": self.table_cards_total,
            "table_cards_mastered": self.table_cards_mastered,
            "table_cards_needed": self.table_cards_needed,
            "streak": self.streak,
            "next_review": self.next_review.isoformat() if self.next_review else None,
            "completed": self.completed,
            "completed_at": self.completed_at.isoformat() if self.completed_at else None,
            "tz": self.tz,
            "send_at": self.send_at,
        }


@dataclass(frozen=True)
class CardView:
    """What progress needs of one stored card."""

    card_id: str
    due: datetime
    state: str
    stability: float | None
    reps: int


def needed(table_total: int) -> int:
    return math.ceil(table_total * COMPLETION_SHARE)


def lessons_done(lessons: Sequence[Lesson], answered: Iterable[tuple[str, str]]) -> int:
    """Lessons whose every question is answered; ``answered``: (lesson id, question) pairs."""
    got = set(answered)
    return sum(1 for lesson in lessons if all((lesson.id, q) in got for q in lesson.questions))


def streak(moments: Iterable[datetime], today: date, tz: str) -> int:
    days = {timing.local_date(m, tz) for m in moments}
    day = today if today in days else today - timedelta(days=1)
    count = 0
    while day in days:
        count += 1
        day -= timedelta(days=1)
    return count


def next_review(
    cards: Sequence[CardView], now: datetime, tz: str, send_at: time, *, sent_today: bool
) -> datetime | None:
    """When the next review DM will come (None: no cards). Sent at ``send_at`` local time on
    the local day a card falls due; a late or missed time means "within a minute" (now)."""
    if not cards:
        return None
    return review_moment(min(c.due for c in cards), now, tz, send_at, sent_today=sent_today)


def review_moment(
    due: datetime, now: datetime, tz: str, send_at: time, *, sent_today: bool
) -> datetime:
    """When the review DM that brings back a card due at ``due`` comes: ``send_at`` local time
    on the local day it falls due (the next day when today's was sent), now if that is past."""
    today = timing.local_date(now, tz)
    day = timing.local_date(max(due, now), tz)
    if day == today and sent_today:
        day = today + timedelta(days=1)
    moment = timing.at_local(day, send_at, tz)
    return max(moment, now)


def compute(
    *,
    user: str,
    lessons: Sequence[Lesson],
    deck: Deck,
    required: Sequence[str] = (),  # cards counted with the table cards (the org lesson's)
    invited: bool,
    started: bool,
    stopped: bool,
    completed_at: datetime | None,
    sent_lessons: Iterable[str],
    answered: Iterable[tuple[str, str]],
    cards: Sequence[CardView],
    reviewed_at: Iterable[datetime],
    now: datetime,
    tz: str,
    send_at: str,
    sent_today: bool,
    unreachable: Unreachable | None = None,
) -> Progress:
    sent = set(sent_lessons)
    done = lessons_done(lessons, answered)
    in_deck = [c for c in cards if c.card_id in deck.cards]
    mastered = {c.card_id for c in in_deck if srs.is_mastered(c.state, c.stability)}
    table = set(deck.table_cards) | set(required)
    table_mastered = len(mastered & table)
    need = needed(len(table))
    upcoming = next((lesson.title for lesson in lessons if lesson.id not in sent), None)
    complete_now = bool(lessons) and done == len(lessons) and table_mastered >= need
    at = timing.parse_time(send_at) or timing.DEFAULT_TIME
    return Progress(
        user=user,
        invited=invited,
        started=started,
        stopped=stopped,
        lessons_done=done,
        lessons_sent=len(sent & {lesson.id for lesson in lessons}),
        lessons_total=len(lessons),
        next_lesson=upcoming,
        cards_total=len(deck.cards),
        cards_in_deck=len(in_deck),
        cards_learned=sum(1 for c in in_deck if c.reps > 0),
        cards_due=sum(1 for c in in_deck if c.due <= now),
        cards_due_today=sum(1 for c in in_deck if c.due < timing.start_of_next_day(now, tz)),
        cards_mastered=len(mastered),
        table_cards_total=len(table),
        table_cards_mastered=table_mastered,
        table_cards_needed=need,
        streak=streak(reviewed_at, timing.local_date(now, tz), tz),
        next_review=None if stopped else next_review(in_deck, now, tz, at, sent_today=sent_today),
        completed=completed_at is not None or complete_now,
        completed_at=completed_at,
        tz=tz,
        send_at=send_at,
        unreachable=unreachable,
    )
