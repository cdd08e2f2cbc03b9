"""The quiz in Slack: ``/whoowns quiz …``, ``/whoowns leaderboard``, answer buttons, App Home.

    /whoowns quiz subscribe [HH:MM] [TZ] [weekdays|daily|mon,wed,fri] [reveal:next|end-of-day]
    /whoowns quiz reveal next|end-of-day
    /whoowns quiz unsubscribe | status | now
    /whoowns leaderboard

Answers: a click records the clicker's FIRST answer (the database decides) and sends them
private feedback through the interaction's ``response_url`` (ephemeral, never in the
channel); the question's "N answered" count is then updated in place with ``chat.update``.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError

from bot.deps import Deps
from bot.listeners.errors import reported
from bot.listeners.registry import Registry, SlashRequest
from bot.quiz import render
from bot.quiz.schedule import (
    REVEAL_FORM,
    USAGE,
    ScheduleError,
    describe_reveal,
    make_schedule,
    next_slot,
    parse_reveal,
    parse_subscription,
)
from bot.quiz.service import SERVICE, QuizService
from bot.render.blocks import HelpEntry
from bot.render.mrkdwn import escape_mrkdwn
from bot.store import StoreUnavailable

logger = logging.getLogger(__name__)

HELP = (
    HelpEntry(
        "/whoowns quiz subscribe 09:00 Europe/Berlin weekdays",
        "a daily question in this channel (defaults: 09:00, your Slack time zone, weekdays)",
    ),
    HelpEntry("/whoowns quiz now", "one question in this channel now, outside the schedule"),
    HelpEntry("/whoowns quiz status", "this channel's quiz schedule; `quiz unsubscribe` stops it"),
    HelpEntry("/whoowns leaderboard", "this channel's quiz scores: this week and all time"),
)

QUIZ_USAGE = (
    "*Quiz commands*\n"
    f"• `/whoowns quiz subscribe {USAGE}` — e.g. `/whoowns quiz subscribe 09:00 Europe/Berlin "
    "weekdays` (defaults: 09:00, your Slack time zone, weekdays)\n"
    "• `/whoowns quiz reveal end-of-day` — reveal each answer at midnight instead of when the "
    "next question is posted (`/whoowns quiz reveal next`: back to that)\n"
    "• `/whoowns quiz status` — the schedule and the next question\n"
    "• `/whoowns quiz now` — one question now\n"
    "• `/whoowns quiz unsubscribe` — stop the daily question (scores are kept)\n"
    "• `/whoowns quiz resume` — after a pause (I was removed from the channel)\n"
    "• `/whoowns leaderboard` — scores this week and all time"
)
NOT_RECORDED = (
    ":warning: I couldn't record your answer just now (my database is not answering). "
    "Please click your answer again in a minute."
)
INVITE_HINT = "Invite me to the channel (`/invite @whoowns`), then `/whoowns quiz resume`."


def _user_tz(client: WebClient, user_id: str) -> str | None:
    try:
        return str(client.users_info(user=user_id)["user"].get("tz") or "") or None
    except (SlackApiError, SlackClientError, OSError, KeyError, TypeError):
        logger.warning("users.info failed for %s; the time zone defaults to UTC", user_id)
        return None


def _subscribe(quiz: QuizService, request: SlashRequest, tokens: list[str]) -> None:
    # ack at once: the asker's time zone may need a users.info call
    request.ack()
    with reported(dict(request.body), request.bolt_context()):
        needs_tz = not any("/" in t or t.upper() == "UTC" for t in tokens)
        user_tz = _user_tz(request.client, request.user_id) if needs_tz else None
        try:
            schedule, reveal = parse_subscription(tokens, default_tz=user_tz or "UTC")
        except ScheduleError as exc:
            text = (
                f":warning: {escape_mrkdwn(str(exc))}\nNothing was changed. "
                "Example: `/whoowns quiz subscribe 09:00 Europe/Berlin weekdays`"
            )
            request.respond(response_type="ephemeral", **render.notice(text).kwargs())
            return
        now = request.deps.clock()
        engine = quiz.engine(request.client)
        sub = engine.quiz.subscribe(
            request.channel_id,
            schedule.time_text,
            schedule.tz,
            schedule.days_text,
            request.user_id,
            now,
            reveal=reveal,  # None: keep the channel's setting (next for a new one)
        )
        nxt = render.when(next_slot(schedule, now).scheduled_utc, schedule.tz)
        tz_note = " (your Slack time zone)" if needs_tz and user_tz else ""
        tz_note = " (UTC: I could not read your time zone)" if needs_tz and not user_tz else tz_note
        text = (
            f":calendar: <@{request.user_id}> subscribed this channel to the daily quiz: "
            f"*{schedule.describe()}*{tz_note}. Next question: *{nxt}*. "
            f"Answers are private, {describe_reveal(sub.reveal, sub.tz)}; "
            "`/whoowns leaderboard` shows the scores."
        )
        request.respond(response_type="in_channel", **render.notice(text).kwargs())


def _unsubscribe(quiz: QuizService, request: SlashRequest) -> None:
    if quiz.engine(request.client).quiz.unsubscribe(request.channel_id):
        text = (
            f":wave: <@{request.user_id}> stopped the daily quiz in this channel. "
            "Scores are kept; `/whoowns quiz subscribe` starts it again."
        )
        request.reply(render.notice(text), in_channel=True)
    else:
        request.reply(render.notice("This channel has no daily quiz. " + _subscribe_hint()))


def _resume(quiz: QuizService, request: SlashRequest) -> None:
    store = quiz.engine(request.client).quiz
    if not store.resume(request.channel_id):
        request.reply(render.notice("This channel has no daily quiz. " + _subscribe_hint()))
        return
    text = f":arrow_forward: <@{request.user_id}> resumed the daily quiz in this channel."
    request.reply(render.notice(text), in_channel=True)


def _reveal(quiz: QuizService, request: SlashRequest, tokens: list[str]) -> None:
    """``/whoowns quiz reveal next|end-of-day``: when this channel's answers are revealed."""
    try:
        if len(tokens) != 1:
            raise ScheduleError(f"Say when to reveal the answers: use {REVEAL_FORM}.")
        value = tokens[0]
        if value.lower().startswith(("reveal:", "reveal=")):
            value = value[len("reveal:") :]
        reveal = parse_reveal(value)
    except ScheduleError as exc:
        text = (
            f":warning: {escape_mrkdwn(str(exc))}\nNothing was changed. "
            "Example: `/whoowns quiz reveal end-of-day`"
        )
        request.reply(render.notice(text))
        return
    sub = quiz.engine(request.client).quiz.set_reveal(request.channel_id, reveal)
    if sub is None:
        request.reply(render.notice("This channel has no daily quiz. " + _subscribe_hint()))
        return
    text = (
        f":calendar: <@{request.user_id}> changed the daily quiz here: "
        f"{describe_reveal(sub.reveal, sub.tz)}."
    )
    request.reply(render.notice(text), in_channel=True)


def _subscribe_hint() -> str:
    return "Start one with `/whoowns quiz subscribe 09:00 Europe/Berlin weekdays`."


def _status(quiz: QuizService, request: SlashRequest) -> None:
    store = quiz.engine(request.client).quiz
    sub = store.subscription(request.channel_id)
    if sub is None:
        request.reply(render.notice("This channel has no daily quiz. " + _subscribe_hint()))
        return
    schedule = make_schedule(sub.at, sub.tz, sub.days)
    lines = [
        f":calendar: Daily quiz here: *{schedule.describe()}*; "
        f"{describe_reveal(sub.reveal, sub.tz)}."
    ]
    if sub.paused:
        lines.append(
            f":warning: Paused: posting failed with `{escape_mrkdwn(sub.paused_reason or '')}`. "
            + INVITE_HINT
        )
    else:
        nxt = next_slot(schedule, request.deps.clock())
        lines.append(f"Next question: *{render.when(nxt.scheduled_utc, sub.tz)}*.")
    latest = store.latest_post(request.channel_id)
    if latest is not None:
        state = "open" if latest.state == "posted" else "closed"
        lines.append(f"Questions so far: {len(store.posts(request.channel_id))} (latest {state}).")
    request.reply(render.notice("\n".join(lines)))


def _now(quiz: QuizService, request: SlashRequest) -> None:
    request.ack()
    with reported(dict(request.body), request.bolt_context()):
        engine = quiz.engine(request.client)
        sub = engine.quiz.subscription(request.channel_id)
        tz = sub.tz if sub else (_user_tz(request.client, request.user_id) or "UTC")
        outcome = engine.post_now(request.channel_id, request.deps.clock(), tz=tz)
        if outcome.status == "posted":
            return  # the question itself is the answer
        if outcome.status == "paused":
            text = f":warning: I can't post in this channel (`{outcome.error}`). {INVITE_HINT}"
        else:
            text = (
                ":warning: Slack did not take the question just now; please try again in a minute."
            )
        request.respond(response_type="ephemeral", **render.notice(text).kwargs())


def handle_quiz(request: SlashRequest) -> None:
    quiz: QuizService = request.context[SERVICE]
    word, _, rest = request.args.partition(" ")
    word = word.lower()
    if word in ("subscribe", "sub", "start"):
        _subscribe(quiz, request, rest.split())
    elif word in ("unsubscribe", "unsub", "stop"):
        _unsubscribe(quiz, request)
    elif word in ("reveal", "reveals"):
        _reveal(quiz, request, rest.split())
    elif word in ("resume", "unpause"):
        _resume(quiz, request)
    elif word in ("status", "schedule"):
        _status(quiz, request)
    elif word in ("now", "question", "ask"):
        _now(quiz, request)
    elif word in ("leaderboard", "scores"):
        handle_leaderboard(request)
    else:
        request.reply(render.notice(QUIZ_USAGE))


def handle_leaderboard(request: SlashRequest) -> None:
    quiz: QuizService = request.context[SERVICE]
    board = quiz.engine(request.client).leaderboard(request.channel_id, request.deps.clock())
    request.reply(render.leaderboard_message(board, request.channel_id))


def handle_answer(
    ack: Ack,
    body: dict[str, Any],
    action: dict[str, Any],
    respond: Respond,
    client: WebClient,
    context: BoltContext,
) -> None:
    ack()
    with reported(body, context):
        quiz: QuizService = context[SERVICE]
        post_id, key = render.parse_answer_value(str(action.get("value", "")))
        user_id = str(body["user"]["id"])
        engine = quiz.engine(client)
        try:
            result = engine.answer(post_id, user_id, key, context["deps"].clock())
        except StoreUnavailable as error:
            logger.warning("could not record an answer of %s: %s", user_id, error)
            message = render.notice(NOT_RECORDED)
            respond(response_type="ephemeral", replace_original=False, **message.kwargs())
            return
        if result.status in ("recorded", "repeat") and result.question and result.chosen:
            message = render.feedback_message(
                result.question, result.chosen, first=result.first, streak=result.streak
            )
        elif result.status == "closed" and result.question:
            message = render.closed_feedback(result.question, result.chosen)
        else:
            message = render.notice("This question is no longer available.")
        respond(response_type="ephemeral", replace_original=False, **message.kwargs())
        if result.status == "recorded" and result.post is not None:
            try:
                engine.refresh_count(result.post)
            except (SlackClientError, StoreUnavailable, OSError):
                # the answer is recorded and the clicker has their feedback: only the count lags
                logger.warning("could not update the answer count of quiz post %s", result.post.id)


def home_section(context: BoltContext, user_id: str) -> list[dict[str, Any]]:
    """The user's quiz stats on App Home."""
    quiz: QuizService = context[SERVICE]
    return render.home_stats_blocks(quiz.engine(None).user_stats(user_id))


def register(app: App, deps: Deps, registry: Registry) -> None:
    registry.add_subcommand("quiz", handler=handle_quiz, help=HELP)
    registry.add_subcommand("leaderboard", "scores", handler=handle_leaderboard)
    app.action(re.compile(rf"^{render.ANSWER_ACTION}_\d+$"))(handle_answer)
