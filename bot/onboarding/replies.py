"""What the onboarding listeners say: help lines, usage, and the reply to each outcome.

Wording only (mrkdwn text and :class:`~bot.render.primitives.Message` values); the listeners in
:mod:`bot.onboarding.listeners` pick the reply, the engine decides the outcome.
"""

from __future__ import annotations

from bot.onboarding import render
from bot.onboarding.engine import PERMANENT_DM_ERRORS, Feedback, Outcome
from bot.onboarding.results import Hint
from bot.render.help_blocks import HelpEntry
from bot.render.mrkdwn import escape_mrkdwn
from bot.render.primitives import Message

HELP = (
    HelpEntry(
        "/whoowns onboard @user",
        "start the onboarding track for a new engineer (`/whoowns onboard`: for yourself)",
    ),
    HelpEntry("/whoowns progress @user", "someone's onboarding progress (or your own)"),
    HelpEntry("/whoowns onboarding here", "this channel's newcomers get the onboarding welcome DM"),
    HelpEntry("/whoowns review", "a review DM now with your cards due today"),
    HelpEntry(
        "/whoowns onboarding time 09:30 Europe/Berlin", "when your lesson and review DMs come"
    ),
    HelpEntry("/whoowns onboarding stop", "stop your lessons and review DMs"),
)

ONBOARDING_USAGE = (
    "*Onboarding commands*\n"
    "• `/whoowns onboard @user` — welcome DM with a Start button (`/whoowns onboard`: you)\n"
    "• `/whoowns onboarding here` — newcomers joining this channel get the welcome DM\n"
    "• `/whoowns onboarding time 09:30 Europe/Berlin` — when your lessons and reviews come\n"
    "• `/whoowns onboarding stop` — no more lessons or review DMs\n"
    "• `/whoowns progress [@user]` — lessons, cards learned / due / mastered\n"
    "• `/whoowns review` — a review DM now"
)
NO_STORE = (
    "Onboarding needs the database, and this instance runs without one "
    "(check `DATABASE_URL`, then restart)."
)
NAME_FOR_ONBOARD = (
    "Name the person with an @-mention: `/whoowns onboard @alice` "
    "(or `/whoowns onboard` for yourself)."
)
NAME_FOR_PROGRESS = (
    "Name the person with an @-mention: `/whoowns progress @alice` "
    "(or `/whoowns progress` for your own)."
)
HERE_ELSEWHERE = "Run `/whoowns onboarding here` in the onboarding channel."
TIME_USAGE = (
    "Give a time as HH:MM (24-hour) and, if you like, an IANA time zone: "
    "`/whoowns onboarding time 09:30 Europe/Berlin`."
)


def _quoted(text: str, limit: int = 40) -> str:
    """User text in a reply: escaped, in code, cut to ``limit`` characters."""
    shown = text if len(text) <= limit else text[: limit - 1] + "…"
    return f"`{escape_mrkdwn(shown)}`"


def bad_time(text: str) -> str:
    return f"{_quoted(text)} is not a time of day. {TIME_USAGE}"


def bad_zone(text: str, close: str | None) -> str:
    hint = f" Did you mean {close}?" if close else ""
    return f"{_quoted(text)} is not a time zone I know.{hint} {TIME_USAGE}"


def extra_words(text: str) -> str:
    return f"I don't know what {_quoted(text)} means here. {TIME_USAGE}"


STOPPED = "Stopped: no more lessons or review DMs. Press *Resume* on my App Home to go on."
NOT_RUNNING = "You have no onboarding running."
WELCOME_BACK = (
    "Welcome back: lessons and review DMs are on again. `/whoowns onboarding stop` stops them."
)
NO_HINT = "No hint for this one."
ALREADY_ANSWERED = "You already answered this one."


def hint(found: Hint) -> str:
    """What a click on Hint says."""
    if found.status == "answered":
        return ALREADY_ANSWERED
    if found.status != "shown":
        return NO_HINT
    return (
        f":bulb: Hint: *{escape_mrkdwn(found.service)}* is "
        f"*{escape_mrkdwn(found.category)}*. (A right answer after a hint counts as Hard.)"
    )


GONE = "This question is no longer available."


def too_many(limit: int) -> str:
    return f"(Only the first {limit} people: run it again for more.)"


def channel_set(channel_id: str) -> str:
    return (
        f":white_check_mark: <#{escape_mrkdwn(channel_id)}> is the onboarding "
        "channel: whoever joins it gets the onboarding welcome DM (once), and "
        "completions are announced here. Make sure I'm a member (`/invite @whoowns`)."
    )


def time_set(send_at: str, tz: str) -> str:
    return f":alarm_clock: Your lessons and reviews now come at *{send_at}* ({escape_mrkdwn(tz)})."


def invite_reply(outcome: Outcome, target: str, asker: str) -> str:
    """What ``/whoowns onboard`` says about one person named."""
    who = "you" if target == asker else f"<@{escape_mrkdwn(target)}>"
    who_ = "You" if target == asker else who  # a sentence's start (a mention keeps its case)
    replies = {
        "sent": f":envelope_with_arrow: Sent {who} the onboarding welcome DM with a Start button.",
        "already": f"Onboarding already started for {who}: `/whoowns progress "
        f"{'' if target == asker else '<@' + escape_mrkdwn(target) + '>'}` shows how far.",
        "stopped": f"{who_} stopped onboarding; *Resume* on my App Home goes on.",
        "failed": f"I couldn't send {who} a DM ({escape_mrkdwn(outcome.error or 'error')}). "
        + (
            "Slack refuses DMs to that account: is it an active person's?"
            if outcome.error in PERMANENT_DM_ERRORS
            else "Try again in a moment."
        ),
        "not-a-person": f"{who_} is a bot or a deactivated account: onboarding is for people.",
        "no-lessons": "The knowledge has no lessons (knowledge/lessons.yaml), so there is no "
        "track to start.",
    }
    return replies.get(outcome.status, replies["already"])


def review_reply(outcome: Outcome) -> str:
    if outcome.status in ("sent", "resumed"):
        return ":repeat: Your review is in our DM."
    if outcome.status == "nothing":
        later = f" Next review: {outcome.detail}." if outcome.detail else ""
        return f"Nothing is due for review right now.{later}"
    if outcome.status == "empty":
        return (
            "Your review deck is empty: `/whoowns onboard` starts the track, or press *Quiz me "
            "on this* under any answer."
        )
    return f"I couldn't send the review DM ({escape_mrkdwn(outcome.error or 'busy')}); try again."


def already_started(next_title: str | None) -> str:
    nxt = f" Next: _{escape_mrkdwn(next_title)}_ — press *Next lesson*." if next_title else ""
    return f"You've already started.{nxt}"


def lesson_problem(outcome: Outcome) -> str:
    if outcome.status == "all-sent":
        return "You've had every lesson. Reviews keep what you learned fresh: *Review now*."
    if outcome.status == "no-lessons":
        return "There are no lessons in the knowledge yet."
    if outcome.status == "already":
        return "That lesson is already in our DM."
    return "I couldn't send the lesson just now; it will come with the next try."


def feedback(result: Feedback | None) -> Message:
    """The private answer to a lesson or review question (``result``: the engine's
    ``Feedback``, or None for a button whose question is gone)."""
    if result is None or result.question is None:
        return render.notice(GONE)
    return render.feedback_message(
        result.question,
        result.chosen,
        first=result.first,
        correct=result.correct,
        next_due=result.next_due,
        tz=result.tz,
        follow_up=result.follow_up,
    )
