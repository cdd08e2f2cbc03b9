"""What the onboarding engine returns: data; :mod:`bot.onboarding.render` puts it into words
and Block Kit."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from bot.bank import Option, Question

# What became of one DM (or why nothing was sent):
# sent; resumed (sent after a claim left by a process that died); already (sent before, or
# being sent); retry (a transient Slack error: released, the next tick retries); failed (a
# permanent one: see Outcome.error); restarted (Start after a stop); stopped (the user stopped
# onboarding); nothing (no card is due today); empty (no card in the deck yet); all-sent (every
# lesson went out); no-lessons (the knowledge has none); not-a-person (a bot or a deactivated
# account); unreachable (Slack cannot reach the person: DMs to them stop until they come back).
Status = Literal[
    "sent",
    "resumed",
    "already",
    "retry",
    "failed",
    "restarted",
    "stopped",
    "nothing",
    "empty",
    "all-sent",
    "no-lessons",
    "not-a-person",
    "unreachable",
]
# An answer: recorded (the first); repeat (the first one stands); gone (the question, lesson or
# review DM is not this user's or no longer exists).
FeedbackStatus = Literal["recorded", "repeat", "gone"]


@dataclass(frozen=True)
class AskedQuestion:
    """A question as shown in one message: its options in this message's order."""

    question: Question
    options: tuple[Option, ...]


@dataclass(frozen=True)
class NextQuestion:
    """The next open question of a lesson (``card_id`` None) or of a review DM."""

    asked: AskedQuestion
    lesson_id: str = ""  # a lesson's question: the lesson and the question's index
    send_id: str = ""  # a review card: the review DM, the card's position and id
    index: int = 0
    card_id: str | None = None
    hintable: bool = False


# Nothing left to answer here: the button to press next (Next lesson, or Review now after the
# last lesson, or after a review whose cards are all answered).
NextButton = Literal["next-lesson", "review-after-last-lesson", "review-again"]


@dataclass(frozen=True)
class FollowUp:
    """What to answer next, under an answer's feedback: a question, else a button."""

    question: NextQuestion | None = None
    button: NextButton | None = None
    value: str = ""  # the button's value (the lesson id for Next lesson)


@dataclass(frozen=True)
class Outcome:
    """What happened to one DM (or why nothing was sent)."""

    user: str
    what: str  # welcome | start | lesson | lesson:<id> | review | review:<slot>
    status: Status
    error: str | None = None
    detail: str | None = None  # e.g. the next review time, for the reply


@dataclass(frozen=True)
class Feedback:
    """What an answer did (the wording is :func:`bot.onboarding.render.feedback_message`'s)."""

    status: FeedbackStatus
    question: Question | None = None
    chosen: str = ""
    correct: bool = False
    first: bool = False
    next_due: datetime | None = None
    tz: str = "UTC"
    lesson_done: bool = False
    completed: bool = False
    follow_up: FollowUp | None = None  # what to answer next


@dataclass
class TickReport:
    outcomes: list[Outcome] = field(default_factory=list)

    def _with(self, *statuses: Status) -> list[Outcome]:
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
        stopped = self._with("unreachable")
        if stopped:
            parts.append("stopped: " + ", ".join(f"{o.user} ({o.error})" for o in stopped))
        return "; ".join(parts)


HintStatus = Literal["none", "answered", "shown"]


@dataclass(frozen=True)
class Hint:
    """A review card's hint: ``shown`` names the service and its category; ``none``: the card
    has no hint (or is not the asker's); ``answered``: the card was answered already."""

    status: HintStatus
    service: str = ""
    category: str = ""
