"""Onboarding in Slack: the welcome on joining, the track's buttons, progress, App Home.

    /whoowns onboard [@user]           welcome DM with Start (for someone else, or yourself)
    /whoowns onboarding here           this channel is the onboarding channel
    /whoowns onboarding stop           stop your lessons and review DMs
    /whoowns onboarding time 09:30 [Europe/Berlin]   when your lesson and review DMs come
    /whoowns progress [@user]          lessons, cards learned / due / mastered, streak (someone
                                       else's: workspace admins only)
    /whoowns review                    a review DM now with the cards due today

``member_joined_channel`` in the onboarding channel (``/whoowns onboarding here``, or
``WHOOWNS_ONBOARDING_CHANNEL``) sends the newcomer the welcome DM — once, however often they
join. Answers to lesson and review questions are graded at once and privately (the
interaction's ``response_url``); buttons on App Home (no ``response_url``) answer in the DM
and the Home tab is published again with the new progress.

Every listener is a plain function; the :class:`~bot.onboarding.service.OnboardingService`
comes from ``context["onboarding"]``, the wording from :mod:`bot.onboarding.replies`.
"""

from __future__ import annotations

import logging
import re
from datetime import datetime
from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from bot.admins.check import log_change, workspace_refusal
from bot.answers import Answer
from bot.deps import Deps
from bot.listeners.core import ask
from bot.listeners.errors import reported
from bot.listeners.events import publish_home
from bot.listeners.plain import Plain
from bot.listeners.registry import Registry, SlashRequest
from bot.onboarding import render, replies
from bot.onboarding.comeback import came_back
from bot.onboarding.engine import OnboardingEngine
from bot.onboarding.render_stopped import stopped_home_blocks
from bot.onboarding.service import SERVICE, TEAMS, OnboardingService
from bot.onboarding.timing import canonical_zone, close_zone, parse_time
from bot.render.mrkdwn import escape_mrkdwn
from bot.render.primitives import Message

logger = logging.getLogger(__name__)

MENTION = re.compile(r"<@([UW][A-Z0-9]+)(?:\|[^>]*)?>")
MAX_ONBOARD_AT_ONCE = 10  # users.info + a DM each, after the ack


def _engine(context: BoltContext | SlashRequest, client: Any, *users: str) -> OnboardingEngine:
    """An engine of the context's onboarding service on ``client`` (the request's), knowing
    the teams of the acting user and of ``users`` (for the lesson about their databases)."""
    ctx = context.context if isinstance(context, SlashRequest) else context
    service: OnboardingService = ctx[SERVICE]
    people = [u for u in (ctx.user_id, *users) if u]
    return service.engine(client, service.teams_of(people, ctx.get(TEAMS), ctx.client))


def _now(context: BoltContext) -> datetime:
    deps: Deps = context["deps"]
    return deps.clock()


def _say(request: SlashRequest, message: Message) -> None:
    request.respond(response_type="ephemeral", replace_original=False, **message.kwargs())


# -- slash commands --------------------------------------------------------------------------


def handle_onboard(request: SlashRequest) -> None:
    """``/whoowns onboard [@user …]``: the welcome DM for each person named, or for yourself
    (users.info and a DM each: ack first)."""
    found = MENTION.findall(request.args)
    if request.args.strip() and not found:
        request.reply(render.notice(replies.NAME_FOR_ONBOARD))
        return
    request.ack()
    with reported(dict(request.body), request.bolt_context()):
        # everyone mentioned, once each, in the order typed (a buddy onboarding a cohort)
        targets = list(dict.fromkeys(found))[:MAX_ONBOARD_AT_ONCE] or [request.user_id]
        engine = _engine(request, request.client, *targets)
        lines = []
        for target in targets:
            by = request.user_id if target != request.user_id else None
            outcome = engine.invite(target, by, request.deps.clock())
            lines.append(replies.invite_reply(outcome, target, request.user_id))
        if len(dict.fromkeys(found)) > MAX_ONBOARD_AT_ONCE:
            lines.append(replies.too_many(MAX_ONBOARD_AT_ONCE))
        _say(request, render.notice("\n".join(lines)))


def handle_onboarding(request: SlashRequest) -> None:
    words = request.args.split()
    word = words[0].lower() if words else ""
    now = request.deps.clock()
    engine = _engine(request, request.client)
    if word == "here":
        if not request.channel_id.startswith(("C", "G")):
            request.reply(render.notice(replies.HERE_ELSEWHERE))
            return
        refusal = workspace_refusal(request)
        if refusal is not None:
            request.reply(refusal)
            return
        engine.set_channel(request.channel_id, request.user_id, now)
        log_change(request, "onboarding channel set here")
        request.reply(render.notice(replies.channel_set(request.channel_id)))
    elif word == "stop":
        stopped = engine.stop(request.user_id, now)
        request.reply(render.notice(replies.STOPPED if stopped else replies.NOT_RUNNING))
    elif word == "time":
        _set_time(engine, request, words[1:], now)
    elif word in ("", "status", "progress"):
        request.reply(_progress_reply(engine, request.user_id, request.user_id, now))
    else:
        request.reply(render.notice(replies.ONBOARDING_USAGE))


def _set_time(
    engine: OnboardingEngine, request: SlashRequest, args: list[str], now: datetime
) -> None:
    at = parse_time(args[0]) if args else None
    tz = canonical_zone(args[1]) if len(args) > 1 else None
    if not args:
        problem = replies.TIME_USAGE
    elif at is None:
        problem = replies.bad_time(args[0])
    elif len(args) > 1 and tz is None:
        problem = replies.bad_zone(args[1], close_zone(args[1]))
    elif len(args) > 2:
        problem = replies.extra_words(" ".join(args[2:]))
    else:
        row = engine.set_time(request.user_id, f"{at:%H:%M}", tz, now)
        request.reply(render.notice(replies.time_set(row.send_at, row.tz)))
        return
    request.reply(render.notice(problem))


def _progress_reply(engine: OnboardingEngine, target: str, asker: str, now: datetime) -> Message:
    progress = engine.progress(target, now)
    name = f"<@{escape_mrkdwn(target)}>"
    return render.progress_message(progress, own=target == asker, name=name)


def handle_progress(request: SlashRequest) -> None:
    found = MENTION.findall(request.args)
    if request.args.strip() and not found:  # "@bob" Slack could not resolve, "<!channel>" …
        request.reply(render.notice(replies.NAME_FOR_PROGRESS))
        return
    target = found[0] if found else request.user_id
    if target != request.user_id:  # someone else's: workspace admins (the settings rule)
        refusal = workspace_refusal(request, "progress_other")
        if refusal is not None:
            request.reply(refusal)
            return
    engine = _engine(request, request.client, target)
    request.reply(_progress_reply(engine, target, request.user_id, request.deps.clock()))


def handle_review(request: SlashRequest) -> None:
    request.ack()
    with reported(dict(request.body), request.bolt_context()):
        outcome = _engine(request, request.client).review_now(request.user_id, request.deps.clock())
        _say(request, render.notice(replies.review_reply(outcome)))


def handle_without_store(request: SlashRequest) -> None:
    """Every onboarding command when this instance has no database."""
    request.reply(render.notice(replies.NO_STORE))


# -- events ----------------------------------------------------------------------------------


def handle_member_joined(event: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    user = str(event.get("user") or "")
    if not user or user == context.bot_user_id:
        return
    engine = _engine(context, client, user)
    channel = engine.channel()
    if channel is None or event.get("channel") != channel:
        return
    outcome = engine.invite(user, None, _now(context))
    logger.info("onboarding welcome for %s in %s: %s", user, channel, outcome.status)


# -- buttons ---------------------------------------------------------------------------------


def _from_home(body: dict[str, Any]) -> bool:
    return (body.get("container") or {}).get("type") == "view" or not body.get("response_url")


def _tell(body: dict[str, Any], context: BoltContext, client: WebClient, message: Message) -> None:
    """Privately to the clicker: the interaction's response_url, or (App Home) their DM."""
    if not _from_home(body) and context.respond is not None:
        context.respond(response_type="ephemeral", replace_original=False, **message.kwargs())
    else:
        client.chat_postMessage(channel=str(body["user"]["id"]), **message.kwargs())


def _refresh_home(body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    if _from_home(body):
        publish_home(client, context, str(body["user"]["id"]))


def handle_start(ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    ack()
    with reported(body, context):
        user = str(body["user"]["id"])
        outcome = _engine(context, client).start(user, _now(context))
        if outcome.status == "restarted":
            _tell(body, context, client, render.notice(replies.WELCOME_BACK))
        elif outcome.status == "already":
            text = replies.already_started(outcome.detail)
            _tell(body, context, client, render.notice(text))
        elif outcome.status not in ("sent", "resumed"):
            _tell(body, context, client, render.notice(replies.lesson_problem(outcome)))
        _refresh_home(body, client, context)


def handle_next_lesson(
    ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient, context: BoltContext
) -> None:
    ack()
    with reported(body, context):
        user = str(body["user"]["id"])
        after = str(action.get("value") or "")
        engine = _engine(context, client)
        outcome = engine.next_lesson(
            user, _now(context), after=after if engine.lesson(after, user) else None
        )
        if outcome.status not in ("sent", "resumed"):
            _tell(body, context, client, render.notice(replies.lesson_problem(outcome)))
        _refresh_home(body, client, context)


def handle_review_now(
    ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext
) -> None:
    ack()
    with reported(body, context):
        outcome = _engine(context, client).review_now(str(body["user"]["id"]), _now(context))
        if outcome.status not in ("sent", "resumed"):
            _tell(body, context, client, render.notice(replies.review_reply(outcome)))
        _refresh_home(body, client, context)


def handle_lesson_answer(
    ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient, context: BoltContext
) -> None:
    """A lesson question's answer button: graded at once, told privately."""
    ack()
    with reported(body, context):
        parsed = render.parse_lesson_answer(str(action.get("value", "")))
        user = str(body["user"]["id"])
        engine = _engine(context, client)
        feedback = engine.answer_lesson(user, *parsed, _now(context)) if parsed else None
        _tell(body, context, client, replies.feedback(feedback))


def handle_review_answer(
    ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient, context: BoltContext
) -> None:
    """A review question's answer button: graded (FSRS) at once, told privately."""
    ack()
    with reported(body, context):
        parsed = render.parse_review_answer(str(action.get("value", "")))
        user = str(body["user"]["id"])
        engine = _engine(context, client)
        feedback = engine.answer_review(user, *parsed, _now(context)) if parsed else None
        _tell(body, context, client, replies.feedback(feedback))


def handle_hint(
    ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient, context: BoltContext
) -> None:
    ack()
    with reported(body, context):
        parsed = render.parse_hint(str(action.get("value", "")))
        user = str(body["user"]["id"])
        found = _engine(context, client).hint(user, *parsed) if parsed else None
        text = replies.hint(found) if found else replies.NO_HINT
        _tell(body, context, client, render.notice(text))


def handle_quiz_me(
    ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient, context: BoltContext
) -> None:
    """ "Quiz me on this" under an answer: that answer's facts join the asker's deck."""
    ack()
    with reported(body, context):
        service: OnboardingService = context[SERVICE]
        answer = ask(context["deps"], str(action.get("value", "")))
        user = str(body["user"]["id"])
        cards = service.deck.for_answer(answer)
        message = service.engine(client).quiz_me(user, cards, _now(context))
        _tell(body, context, client, message)


# -- App Home, answer buttons, wiring -----------------------------------------------------------


def home_section(context: BoltContext, user_id: str) -> list[dict[str, Any]]:
    """The user's onboarding progress on App Home (nothing without a database)."""
    deps: Deps = context["deps"]
    if deps.store is None:
        return []
    engine = _engine(context, None, user_id)
    blocks = render.home_section_blocks(engine.progress(user_id, deps.clock()))
    admins = context.get("admins")
    if admins is not None and admins.is_admin(context.client, user_id):
        blocks += stopped_home_blocks(engine.ob.stopped_users())
    return blocks


def quiz_me_button(context: BoltContext, answer: Answer) -> Any:
    """ "Quiz me on this" under an answer card whose facts make cards (None otherwise)."""
    service: OnboardingService = context[SERVICE]
    if not service.deck.for_answer(answer):
        return None
    return render.quiz_me_button(answer.query.text)


def register(app: App, deps: Deps, registry: Registry) -> None:
    words = ("onboard", "onboarding", "progress", "review", "reviews")
    if deps.store is None:  # e.g. `whoowns chat` whose database could not be opened
        registry.add_subcommand(*words, handler=handle_without_store, help=replies.HELP)
        return
    app.use(Plain(came_back))  # a person Slack could not reach who uses the bot gets DMs again
    registry.add_subcommand("onboard", handler=handle_onboard, help=replies.HELP)
    registry.add_subcommand("onboarding", handler=handle_onboarding)
    registry.add_subcommand("progress", handler=handle_progress)
    registry.add_subcommand("review", "reviews", handler=handle_review)
    registry.add_answer_button(quiz_me_button)
    app.event("member_joined_channel")(handle_member_joined)
    app.action(render.START_ACTION)(handle_start)
    app.action(render.NEXT_LESSON_ACTION)(handle_next_lesson)
    app.action(render.REVIEW_NOW_ACTION)(handle_review_now)
    app.action(render.QUIZ_ME_ACTION)(handle_quiz_me)
    app.action(re.compile(rf"^{render.LESSON_ANSWER_ACTION}_\d+_\d+$"))(handle_lesson_answer)
    app.action(re.compile(rf"^{render.REVIEW_ANSWER_ACTION}_\d+_\d+$"))(handle_review_answer)
    app.action(re.compile(rf"^{render.HINT_ACTION}_\d+$"))(handle_hint)
