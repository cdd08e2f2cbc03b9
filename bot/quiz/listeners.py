"""The quiz in Slack: ``/whoowns quiz …``, ``/whoowns leaderboard``, answer buttons, App Home.

    /whoowns quiz subscribe [HH:MM] [TZ] [weekdays|daily|mon,wed,fri] [reveal:next|end-of-day]
    /whoowns quiz reveal next|end-of-day
    /whoowns quiz topics course|ours|mixed
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

from bot.admins.check import log_change, quiz_refusal
from bot.bank import is_org
from bot.deps import Deps
from bot.listeners.errors import reported
from bot.listeners.registry import Registry, SlashRequest
from bot.quiz import render, replies, upcoming
from bot.quiz.schedule import (
    REVEAL_FORM,
    ScheduleError,
    make_schedule,
    parse_reveal,
    parse_subscription,
)
from bot.quiz.season_listeners import handle_season
from bot.quiz.season_ops import home_lines, leaderboard_seasons
from bot.quiz.service import SERVICE, QuizService
from bot.slack.delivery import join
from bot.store import StoreUnavailable
from bot.store.access import AccessStore

logger = logging.getLogger(__name__)


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
            text = replies.bad_subscription(str(exc))
            request.respond(response_type="ephemeral", **render.notice(text).kwargs())
            return
        now = request.deps.clock()
        engine = quiz.engine(request.client)
        current = engine.quiz.subscription(request.channel_id)
        refusal = quiz_refusal(request, current.created_by) if current else None
        if refusal is not None:  # anyone may start a quiz; changing one is for fewer people
            request.respond(response_type="ephemeral", **refusal.kwargs())
            return
        sub = engine.quiz.subscribe(
            request.channel_id,
            schedule.time_text,
            schedule.tz,
            schedule.days_text,
            request.user_id,
            now,
            reveal=reveal,  # None: keep the channel's setting (next for a new one)
        )
        log_change(request, f"quiz subscribed: {schedule.describe()}, reveal {sub.reveal}")
        join(engine.courier, engine.quiz.store, request.channel_id, now)
        nxt = upcoming.when_text(engine.quiz, sub, now)
        note = replies.tz_note(needs_tz, user_tz)
        text = replies.subscribed(request.user_id, schedule, note, nxt, sub.reveal, sub.tz)
        request.respond(response_type="in_channel", **render.notice(text).kwargs())


def _unsubscribe(quiz: QuizService, request: SlashRequest) -> None:
    store = quiz.engine(request.client).quiz
    sub = store.subscription(request.channel_id)
    refusal = quiz_refusal(request, sub.created_by) if sub else None
    if refusal is not None:
        request.reply(refusal)
    elif sub is not None and store.unsubscribe(request.channel_id):
        log_change(request, "quiz unsubscribed")
        request.reply(render.notice(replies.unsubscribed(request.user_id)), in_channel=True)
    else:
        request.reply(render.notice(replies.NO_QUIZ))


def _resume(quiz: QuizService, request: SlashRequest) -> None:
    store = quiz.engine(request.client).quiz
    if not store.resume(request.channel_id, request.deps.clock()):
        request.reply(render.notice(replies.NO_QUIZ))
        return
    request.reply(render.notice(replies.resumed(request.user_id)), in_channel=True)


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
        request.reply(render.notice(replies.bad_reveal(str(exc))))
        return
    store = quiz.engine(request.client).quiz
    current = store.subscription(request.channel_id)
    refusal = quiz_refusal(request, current.created_by) if current else None
    if refusal is not None:
        request.reply(refusal)
        return
    sub = store.set_reveal(request.channel_id, reveal) if current else None
    if sub is None:
        request.reply(render.notice(replies.NO_QUIZ))
        return
    log_change(request, f"quiz reveal {sub.reveal}")
    text = replies.reveal_changed(request.user_id, sub.reveal, sub.tz)
    request.reply(render.notice(text), in_channel=True)


def _topics(quiz: QuizService, request: SlashRequest, tokens: list[str]) -> None:
    """``/whoowns quiz topics course|ours|mixed``: what this channel's questions are about
    (a settings change: admins, owners, WHOOWNS_ADMINS and whoever subscribed the channel)."""
    from bot.quiz.topics import TopicsError, parse_topics

    try:
        if len(tokens) != 1:
            raise TopicsError("give one setting")
        topics = parse_topics(tokens[0])
    except TopicsError as exc:
        request.reply(render.notice(replies.bad_topics(str(exc))))
        return
    engine = quiz.engine(request.client)
    current = engine.quiz.subscription(request.channel_id)
    refusal = quiz_refusal(request, current.created_by) if current else None
    if refusal is not None:
        request.reply(refusal)
        return
    sub = engine.quiz.set_topics(request.channel_id, topics) if current else None
    if sub is None:
        request.reply(render.notice(replies.NO_QUIZ))
        return
    log_change(request, f"quiz topics {sub.topics}")
    empty = topics != "course" and not any(is_org(q) for q in engine.bank)
    text = replies.topics_changed(request.user_id, sub.topics, no_inventory=empty)
    request.reply(render.notice(text), in_channel=True)


def _status(quiz: QuizService, request: SlashRequest) -> None:
    store = quiz.engine(request.client).quiz
    sub = store.subscription(request.channel_id)
    if sub is None:
        request.reply(render.notice(replies.NO_QUIZ))
        return
    schedule = make_schedule(sub.at, sub.tz, sub.days)
    lines = [replies.status_line(schedule, sub.reveal, sub.tz), replies.topics_line(sub.topics)]
    if sub.paused:
        lines.append(replies.paused(sub.paused_reason))
    else:
        now = request.deps.clock()
        lines.append(replies.next_question(upcoming.when_text(store, sub, now)))
    lines.append(upcoming.guarantee(AccessStore(store.store).of([sub.channel]).get(sub.channel)))
    latest = store.latest_post(request.channel_id)
    if latest is not None:
        count = len(store.posts(request.channel_id))
        lines.append(replies.questions_so_far(count, latest.state == "posted"))
    request.reply(render.notice("\n".join(lines)))


def _now(quiz: QuizService, request: SlashRequest) -> None:
    request.ack()
    with reported(dict(request.body), request.bolt_context()):
        engine = quiz.engine(request.client)
        sub = engine.quiz.subscription(request.channel_id)
        refusal = quiz_refusal(request, sub.created_by if sub else None, "quiz_now")
        if refusal is not None:
            request.respond(response_type="ephemeral", **refusal.kwargs())
            return
        log_change(request, "quiz now")
        tz = sub.tz if sub else (_user_tz(request.client, request.user_id) or "UTC")
        outcome = engine.post_now(request.channel_id, request.deps.clock(), tz=tz)
        text = replies.quiz_now(outcome.status, outcome.error)
        if text is not None:  # None: the question is in the channel, it is the answer
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
    elif word in ("topics", "topic"):
        _topics(quiz, request, rest.split())
    elif word in ("resume", "unpause"):
        _resume(quiz, request)
    elif word in ("status", "schedule"):
        _status(quiz, request)
    elif word in ("now", "question", "ask"):
        _now(quiz, request)
    elif word in ("leaderboard", "scores"):
        handle_leaderboard(request)
    elif word in ("season", "seasons", "challenge"):
        store = quiz.engine(request.client).quiz
        sub = store.subscription(request.channel_id)
        # like the quiz's other settings; a challenge reaches other channels: admins only
        owner = sub.created_by if sub and word != "challenge" else None
        handle_season(store.store, request, word, rest, lambda: quiz_refusal(request, owner))
    else:
        request.reply(render.notice(replies.QUIZ_USAGE))


def handle_leaderboard(request: SlashRequest) -> None:
    quiz: QuizService = request.context[SERVICE]
    engine = quiz.engine(request.client)
    board = engine.leaderboard(request.channel_id, request.deps.clock())
    seasons = leaderboard_seasons(engine.quiz.store, request.channel_id)
    request.reply(render.leaderboard_message(board, request.channel_id, seasons))


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
            message = render.notice(replies.NOT_RECORDED)
            respond(response_type="ephemeral", replace_original=False, **message.kwargs())
            return
        if result.status in ("recorded", "repeat") and result.question and result.chosen:
            message = render.feedback_message(
                result.question,
                result.chosen,
                first=result.first,
                streak=result.streak,
                note=replies.STREAK_UNREAD if result.streak_unread else None,
            )
        elif result.status == "closed" and result.question:
            message = render.closed_feedback(result.question, result.chosen)
        else:
            message = render.notice(replies.GONE)
        respond(response_type="ephemeral", replace_original=False, **message.kwargs())
        if result.status == "recorded" and result.post is not None:
            try:
                engine.refresh_count(result.post)
            except (SlackClientError, StoreUnavailable, OSError):
                # the answer is recorded and the clicker has their feedback: only the count lags
                logger.warning("could not update the answer count of quiz post %s", result.post.id)


def home_section(context: BoltContext, user_id: str) -> list[dict[str, Any]]:
    """The user's quiz stats on App Home, then the seasons open in the channels they play in."""
    quiz: QuizService = context[SERVICE]
    engine = quiz.engine(None)
    stats = engine.user_stats(user_id)
    seasons = home_lines(engine.quiz.store, user_id, [channel for channel, _ in stats])
    return render.home_stats_blocks(stats) + render.home_seasons_blocks(seasons)


def register(app: App, deps: Deps, registry: Registry) -> None:
    registry.add_subcommand("quiz", handler=handle_quiz, help=replies.HELP)
    registry.add_subcommand("leaderboard", "scores", handler=handle_leaderboard)
    app.action(re.compile(rf"^{render.ANSWER_ACTION}_\d+$"))(handle_answer)
