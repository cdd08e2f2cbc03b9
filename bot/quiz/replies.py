"""What the quiz listeners say: help lines, usage, and the reply to each command.

Wording only (mrkdwn text); :mod:`bot.quiz.listeners` picks the reply, the engine and the
schedule parser decide what happened. User-typed text is escaped here.
"""

from __future__ import annotations

from bot.quiz.schedule import USAGE, Schedule, describe_reveal
from bot.render.help_blocks import HelpEntry
from bot.render.mrkdwn import escape_mrkdwn

HELP = (
    HelpEntry(
        "/whoowns quiz subscribe 09:00 Europe/Berlin weekdays",
        "a daily question in this channel (defaults: 09:00, your Slack time zone, weekdays)",
    ),
    HelpEntry("/whoowns quiz now", "one question in this channel now, outside the schedule"),
    HelpEntry("/whoowns quiz status", "this channel's quiz schedule; `quiz unsubscribe` stops it"),
    HelpEntry(
        "/whoowns quiz topics ours",
        "what the questions are about: `course` (AWS), `ours` (your databases) or `mixed`",
    ),
    HelpEntry(
        "/whoowns quiz reveal end-of-day",
        "reveal each answer at midnight (`next`: when the next question is posted)",
    ),
    HelpEntry("/whoowns quiz resume", "restart this channel's quiz after it was paused"),
    HelpEntry("/whoowns leaderboard", "this channel's quiz scores: this week and all time"),
)

QUIZ_USAGE = (
    "*Quiz commands*\n"
    f"• `/whoowns quiz subscribe {USAGE}` — e.g. `/whoowns quiz subscribe 09:00 Europe/Berlin "
    "weekdays` (defaults: 09:00, your Slack time zone, weekdays)\n"
    "• `/whoowns quiz topics ours` — ask about your organisation's databases (`course`: the AWS "
    "course, the default; `mixed`: in turn)\n"
    "• `/whoowns quiz reveal end-of-day` — reveal each answer at midnight instead of when the "
    "next question is posted (`/whoowns quiz reveal next`: back to that)\n"
    "• `/whoowns quiz status` — the schedule and the next question\n"
    "• `/whoowns quiz now` — one question now\n"
    "• `/whoowns quiz unsubscribe` — stop the daily question (scores are kept)\n"
    "• `/whoowns quiz resume` — after a pause (I was removed from the channel)\n"
    "• `/whoowns quiz season start NAME [until YYYY-MM-DD]` — a board that starts again "
    "(`quiz challenge start NAME #a #b`: across channels; `quiz season end|status`)\n"
    "• `/whoowns leaderboard` — scores this week, this and last season, and all time"
)
NOT_RECORDED = (
    ":warning: I couldn't record your answer just now (my database is not answering). "
    "Please click your answer again in a minute."
)
STREAK_UNREAD = ":warning: Recorded; your streak could not be read just now."
INVITE_HINT = "Invite me to the channel (`/invite @whoowns`), then `/whoowns quiz resume`."


NO_QUIZ = (
    "This channel has no daily quiz. "
    "Start one with `/whoowns quiz subscribe 09:00 Europe/Berlin weekdays`."
)
GONE = "This question is no longer available."
ALREADY_POSTING = (
    ":hourglass_flowing_sand: A question is already being posted in this channel; "
    "it will show up in a moment, so there is no need to ask again."
)


def bad_subscription(error: str) -> str:
    return (
        f":warning: {escape_mrkdwn(error)}\nNothing was changed. "
        "Example: `/whoowns quiz subscribe 09:00 Europe/Berlin weekdays`"
    )


def bad_reveal(error: str) -> str:
    return (
        f":warning: {escape_mrkdwn(error)}\nNothing was changed. "
        "Example: `/whoowns quiz reveal end-of-day`"
    )


def subscribed(
    user_id: str, schedule: Schedule, tz_note: str, next_at: str, reveal: str, tz: str
) -> str:
    return (
        f":calendar: <@{user_id}> subscribed this channel to the daily quiz: "
        f"*{schedule.describe()}*{tz_note}. Next question: *{next_at}*. "
        f"Answers are private, {describe_reveal(reveal, tz)}; "
        "`/whoowns leaderboard` shows the scores."
    )


def tz_note(needs_tz: bool, user_tz: str | None) -> str:
    """Where the subscription's time zone came from, when the user gave none."""
    if not needs_tz:
        return ""
    return " (your Slack time zone)" if user_tz else " (UTC: I could not read your time zone)"


def unsubscribed(user_id: str) -> str:
    return (
        f":wave: <@{user_id}> stopped the daily quiz in this channel. "
        "Scores are kept; `/whoowns quiz subscribe` starts it again."
    )


def resumed(user_id: str) -> str:
    return f":arrow_forward: <@{user_id}> resumed the daily quiz in this channel."


def reveal_changed(user_id: str, reveal: str, tz: str) -> str:
    return f":calendar: <@{user_id}> changed the daily quiz here: {describe_reveal(reveal, tz)}."


def bad_topics(error: str) -> str:
    from bot.quiz.topics import TOPICS_FORM

    return (
        f"Sorry, that is not a quiz topic setting ({error}). Use {TOPICS_FORM}. "
        "Example: `/whoowns quiz topics mixed`"
    )


def topics_changed(user_id: str, topics: str, *, no_inventory: bool = False) -> str:
    from bot.quiz.topics import describe_topics

    text = f":calendar: <@{user_id}> changed the daily quiz here: {describe_topics(topics)}."
    if no_inventory:
        text += (
            " (No databases are listed in the organisation's files yet: course questions "
            "until then.)"
        )
    return text


def topics_line(topics: str) -> str:
    from bot.quiz.topics import describe_topics

    return (
        f":books: Topics: *{topics}* ({describe_topics(topics)}); change with "
        "`/whoowns quiz topics course|ours|mixed`."
    )


def status_line(schedule: Schedule, reveal: str, tz: str) -> str:
    return f":calendar: Daily quiz here: *{schedule.describe()}*; {describe_reveal(reveal, tz)}."


def paused(reason: str | None) -> str:
    return f":warning: Paused: posting failed with `{escape_mrkdwn(reason or '')}`. " + INVITE_HINT


def next_question(when: str) -> str:
    return f"Next question: *{when}*."


def questions_so_far(count: int, open_: bool) -> str:
    return f"Questions so far: {count} (latest {'open' if open_ else 'closed'})."


def cannot_post(error: str | None) -> str:
    return f":warning: I can't post in this channel (`{error}`). {INVITE_HINT}"


def will_retry(error: str | None) -> str:
    return (
        f":warning: Slack did not confirm the question just now (`{escape_mrkdwn(error or '')}`). "
        "I'll try again at the next tick (within a minute), first checking that it did not "
        "arrive after all: no need to ask again."
    )


def quiz_now(status: str, error: str | None) -> str | None:
    """What ``/whoowns quiz now`` tells the asker, by the post's outcome; None when the
    question is in the channel (it is the answer)."""
    if status in ("posted", "resumed", "done"):
        return None
    if status == "busy":
        return ALREADY_POSTING
    if status == "paused":
        return cannot_post(error)
    return will_retry(error)
