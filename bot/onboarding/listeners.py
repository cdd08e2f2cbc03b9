"""Onboarding in Slack: the welcome on joining, the track's buttons, progress, App Home.

    /whoowns onboard [@user]           welcome DM with Start (for someone else, or yourself)
    /whoowns onboarding here           this channel is the onboarding channel
    /whoowns onboarding stop           stop your lessons and review DMs
    /whoowns onboarding time 09:30 [Europe/Berlin]   when your lesson and review DMs come
    /whoowns progress [@user]          lessons, cards learned / due / mastered, streak
    /whoowns review                    a review DM now with the cards due today

``member_joined_channel`` in the onboarding channel (``/whoowns onboarding here``, or
``WHOOWNS_ONBOARDING_CHANNEL``) sends the newcomer the welcome DM — once, however often they
join. Answers to lesson and review questions are graded at once and privately (the
interaction's ``response_url``); buttons on App Home (no ``response_url``) answer in the DM
and the Home tab is published again with the new progress.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from bot.deps import Deps
from bot.listeners.core import ask
from bot.listeners.errors import reported
from bot.listeners.registry import Registry, SlashRequest
from bot.onboarding import render
from bot.onboarding.cards import Deck
from bot.onboarding.engine import PERMANENT_DM_ERRORS, OnboardingEngine, Outcome
from bot.onboarding.timing import is_zone, parse_time
from bot.render.blocks import HelpEntry, Message
from bot.render.mrkdwn import escape_mrkdwn

logger = logging.getLogger(__name__)

HELP = (
    HelpEntry(
        "/whoowns onboard @user",
        "start the onboarding track for a new engineer (`/whoowns onboard`: for yourself)",
    ),
    HelpEntry("/whoowns progress @user", "someone's onboarding progress (or your own)"),
    HelpEntry("/whoowns onboarding here", "this channel's newcomers get the onboarding welcome DM"),
    HelpEntry("/whoowns review", "a review DM now with your cards due today"),
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
MENTION = re.compile(r"<@([UW][A-Z0-9]+)(?:\|[^>]*)?>")
MAX_ONBOARD_AT_ONCE = 10  # users.info + a DM each, after the ack


class _Onboarding:
    """One deck for the app; an engine per request on that request's client."""

    def __init__(self, deps: Deps) -> None:
        self.deps = deps
        self.deck = Deck(deps.knowledge)

    def engine(self, client: Any) -> OnboardingEngine:
        settings = getattr(self.deps, "settings", None)
        return OnboardingEngine(
            self.deps.knowledge,
            self.deps.store,
            client,
            default_channel=getattr(settings, "onboarding_channel", None),
            deck=self.deck,
        )


def _now(context: BoltContext | Deps) -> Any:
    deps = context if isinstance(context, Deps) else context["deps"]
    return deps.clock()


def _say(request: SlashRequest, message: Message) -> None:
    request.respond(response_type="ephemeral", replace_original=False, **message.kwargs())


# -- slash commands --------------------------------------------------------------------------


def handle_onboard(ob: _Onboarding, request: SlashRequest) -> None:
    """``/whoowns onboard [@user …]``: the welcome DM for each person named, or for yourself
    (users.info and a DM each: ack first)."""
    found = MENTION.findall(request.args)
    if request.args.strip() and not found:
        request.reply(
            render.notice(
                "Name the person with an @-mention: `/whoowns onboard @alice` "
                "(or `/whoowns onboard` for yourself)."
            )
        )
        return
    request.ack()
    with reported(dict(request.body), request.bolt_context()):
        # everyone mentioned, once each, in the order typed (a buddy onboarding a cohort)
        targets = list(dict.fromkeys(found))[:MAX_ONBOARD_AT_ONCE] or [request.user_id]
        engine = ob.engine(request.client)
        lines = []
        for target in targets:
            by = request.user_id if target != request.user_id else None
            outcome = engine.invite(target, by, _now(request.deps))
            lines.append(_invite_reply(outcome, target, request.user_id))
        if len(dict.fromkeys(found)) > MAX_ONBOARD_AT_ONCE:
            lines.append(f"(Only the first {MAX_ONBOARD_AT_ONCE} people: run it again for more.)")
        _say(request, render.notice("\n".join(lines)))


def _invite_reply(outcome: Outcome, target: str, asker: str) -> str:
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


def handle_onboarding(ob: _Onboarding, request: SlashRequest) -> None:
    words = request.args.split()
    word = words[0].lower() if words else ""
    now = _now(request.deps)
    engine = ob.engine(request.client)
    if word == "here":
        if not request.channel_id.startswith(("C", "G")):
            request.reply(
                render.notice("Run `/whoowns onboarding here` in the onboarding channel.")
            )
            return
        engine.set_channel(request.channel_id, request.user_id, now)
        request.reply(
            render.notice(
                f":white_check_mark: <#{escape_mrkdwn(request.channel_id)}> is the onboarding "
                "channel: whoever joins it gets the onboarding welcome DM (once), and "
                "completions are announced here. Make sure I'm a member (`/invite @whoowns`)."
            )
        )
    elif word == "stop":
        stopped = engine.stop(request.user_id, now)
        request.reply(
            render.notice(
                "Stopped: no more lessons or review DMs. Press *Resume* on my App Home to go on."
                if stopped
                else "You have no onboarding running."
            )
        )
    elif word == "time":
        _set_time(engine, request, words[1:], now)
    elif word in ("", "status", "progress"):
        request.reply(_progress_reply(engine, request.user_id, request.user_id, now))
    else:
        request.reply(render.notice(ONBOARDING_USAGE))


def _set_time(engine: OnboardingEngine, request: SlashRequest, args: list[str], now: Any) -> None:
    at = parse_time(args[0]) if args else None
    tz = args[1] if len(args) > 1 else None
    if at is None or (tz is not None and not is_zone(tz)):
        request.reply(
            render.notice(
                "Give a time as HH:MM (24-hour) and, if you like, an IANA time zone: "
                "`/whoowns onboarding time 09:30 Europe/Berlin`."
            )
        )
        return
    row = engine.set_time(request.user_id, f"{at:%H:%M}", tz, now)
    request.reply(
        render.notice(
            f":alarm_clock: Your lessons and reviews now come at *{row.send_at}* "
            f"({escape_mrkdwn(row.tz)})."
        )
    )


def _progress_reply(engine: OnboardingEngine, target: str, asker: str, now: Any) -> Message:
    progress = engine.progress(target, now)
    name = f"<@{escape_mrkdwn(target)}>"
    return render.progress_message(progress, own=target == asker, name=name)


def handle_progress(ob: _Onboarding, request: SlashRequest) -> None:
    found = MENTION.findall(request.args)
    if request.args.strip() and not found:  # "@bob" Slack could not resolve, "<!channel>" …
        request.reply(
            render.notice(
                "Name the person with an @-mention: `/whoowns progress @alice` "
                "(or `/whoowns progress` for your own)."
            )
        )
        return
    target = found[0] if found else request.user_id
    engine = ob.engine(request.client)
    request.reply(_progress_reply(engine, target, request.user_id, _now(request.deps)))


def handle_review(ob: _Onboarding, request: SlashRequest) -> None:
    request.ack()
    with reported(dict(request.body), request.bolt_context()):
        outcome = ob.engine(request.client).review_now(request.user_id, _now(request.deps))
        _say(request, render.notice(_review_reply(outcome)))


def _review_reply(outcome: Outcome) -> str:
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


# -- events ----------------------------------------------------------------------------------


def handle_member_joined(
    event: dict[str, Any], client: WebClient, context: BoltContext, ob: _Onboarding
) -> None:
    user = str(event.get("user") or "")
    if not user or user == context.bot_user_id:
        return
    engine = ob.engine(client)
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
        from bot.listeners.events import publish_home

        publish_home(client, context["deps"], context["registry"], str(body["user"]["id"]))


def handle_start(
    ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext, ob: _Onboarding
) -> None:
    ack()
    with reported(body, context):
        user = str(body["user"]["id"])
        outcome = ob.engine(client).start(user, _now(context))
        if outcome.status == "restarted":
            _tell(
                body,
                context,
                client,
                render.notice(
                    "Welcome back: lessons and review DMs are on again. "
                    "`/whoowns onboarding stop` stops them."
                ),
            )
        elif outcome.status == "already":
            nxt = (
                f" Next: _{escape_mrkdwn(outcome.detail)}_ — press *Next lesson*."
                if (outcome.detail)
                else ""
            )
            _tell(body, context, client, render.notice(f"You've already started.{nxt}"))
        elif outcome.status not in ("sent", "resumed"):
            _tell(body, context, client, render.notice(_lesson_problem(outcome)))
        _refresh_home(body, client, context)


def _lesson_problem(outcome: Outcome) -> str:
    if outcome.status == "all-sent":
        return "You've had every lesson. Reviews keep what you learned fresh: *Review now*."
    if outcome.status == "no-lessons":
        return "There are no lessons in the knowledge yet."
    if outcome.status == "already":
        return "That lesson is already in our DM."
    return "I couldn't send the lesson just now; it will come with the next try."


def handle_next_lesson(
    ack: Ack,
    body: dict[str, Any],
    action: dict[str, Any],
    client: WebClient,
    context: BoltContext,
    ob: _Onboarding,
) -> None:
    ack()
    with reported(body, context):
        user = str(body["user"]["id"])
        after = str(action.get("value") or "")
        engine = ob.engine(client)
        outcome = engine.next_lesson(
            user, _now(context), after=after if engine.lesson(after) else None
        )
        if outcome.status not in ("sent", "resumed"):
            _tell(body, context, client, render.notice(_lesson_problem(outcome)))
        _refresh_home(body, client, context)


def handle_review_now(
    ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext, ob: _Onboarding
) -> None:
    ack()
    with reported(body, context):
        outcome = ob.engine(client).review_now(str(body["user"]["id"]), _now(context))
        if outcome.status not in ("sent", "resumed"):
            _tell(body, context, client, render.notice(_review_reply(outcome)))
        _refresh_home(body, client, context)


def _answer_handler(parse: Callable[[str], Any], grade: Callable[..., Any], name: str) -> Any:
    """A handler for an answer button: ``parse`` its value, ``grade`` it (an engine method),
    tell the clicker privately."""

    def handler(
        ack: Ack,
        body: dict[str, Any],
        action: dict[str, Any],
        client: WebClient,
        context: BoltContext,
        ob: _Onboarding,
    ) -> None:
        ack()
        with reported(body, context):
            parsed = parse(str(action.get("value", "")))
            user = str(body["user"]["id"])
            engine = ob.engine(client)
            feedback = grade(engine, user, *parsed, _now(context)) if parsed else None
            _tell(body, context, client, _feedback_message(feedback))

    handler.__name__ = name
    return handler


handle_lesson_answer = _answer_handler(
    render.parse_lesson_answer, OnboardingEngine.answer_lesson, "handle_lesson_answer"
)
handle_review_answer = _answer_handler(
    render.parse_review_answer, OnboardingEngine.answer_review, "handle_review_answer"
)


def _feedback_message(feedback: Any) -> Message:
    if feedback is None or feedback.question is None:
        return render.notice("This question is no longer available.")
    return render.feedback_message(
        feedback.question,
        feedback.chosen,
        first=feedback.first,
        correct=feedback.correct,
        next_due=feedback.next_due,
        tz=feedback.tz,
        follow_up=feedback.follow_up,
    )


def handle_hint(
    ack: Ack,
    body: dict[str, Any],
    action: dict[str, Any],
    client: WebClient,
    context: BoltContext,
    ob: _Onboarding,
) -> None:
    ack()
    with reported(body, context):
        parsed = render.parse_hint(str(action.get("value", "")))
        user = str(body["user"]["id"])
        text = ob.engine(client).hint(user, *parsed) if parsed else "No hint for this one."
        _tell(body, context, client, render.notice(text))


def handle_quiz_me(
    ack: Ack,
    body: dict[str, Any],
    action: dict[str, Any],
    client: WebClient,
    context: BoltContext,
    ob: _Onboarding,
) -> None:
    """ "Quiz me on this" under an answer: that answer's facts join the asker's deck."""
    ack()
    with reported(body, context):
        deps: Deps = context["deps"]
        answer = ask(deps, str(action.get("value", "")))
        user = str(body["user"]["id"])
        message = ob.engine(client).quiz_me(user, ob.deck.for_answer(answer), _now(context))
        _tell(body, context, client, message)


# -- App Home, answer buttons, wiring -----------------------------------------------------------


def home_section(ob: _Onboarding) -> Any:
    def onboarding_progress(deps: Deps, user_id: str) -> list[dict[str, Any]]:
        return render.home_section_blocks(ob.engine(None).progress(user_id, deps.clock()))

    return onboarding_progress


def quiz_me_button(ob: _Onboarding) -> Any:
    def button_for(answer: Any) -> Any:
        if not ob.deck.for_answer(answer):
            return None
        return render.quiz_me_button(answer.query.text)

    return button_for


NO_STORE = (
    "Onboarding needs the database, and this instance runs without one "
    "(check `DATABASE_URL`, then restart)."
)


def register(app: App, deps: Deps, registry: Registry) -> None:
    if deps.store is None:  # e.g. `whoowns chat` whose database could not be opened
        registry.add_subcommand(
            "onboard",
            "onboarding",
            "progress",
            "review",
            "reviews",
            handler=lambda r: r.reply(render.notice(NO_STORE)),
            help=HELP,
        )
        return
    ob = _Onboarding(deps)
    registry.add_subcommand("onboard", handler=lambda r: handle_onboard(ob, r), help=HELP)
    registry.add_subcommand("onboarding", handler=lambda r: handle_onboarding(ob, r))
    registry.add_subcommand("progress", handler=lambda r: handle_progress(ob, r))
    registry.add_subcommand("review", "reviews", handler=lambda r: handle_review(ob, r))
    registry.add_home_section(home_section(ob))
    registry.add_answer_button(quiz_me_button(ob))

    def joined(event: dict[str, Any], client: WebClient, context: BoltContext) -> None:
        handle_member_joined(event, client, context, ob)

    app.event("member_joined_channel")(joined)

    def with_ob(handler: Any, *, action_arg: bool = True) -> Any:
        def listener(
            ack: Ack,
            body: dict[str, Any],
            action: dict[str, Any],
            client: WebClient,
            context: BoltContext,
        ) -> None:
            if action_arg:
                handler(ack, body, action, client, context, ob)
            else:
                handler(ack, body, client, context, ob)

        listener.__name__ = handler.__name__
        return listener

    app.action(render.START_ACTION)(with_ob(handle_start, action_arg=False))
    app.action(render.NEXT_LESSON_ACTION)(with_ob(handle_next_lesson))
    app.action(render.REVIEW_NOW_ACTION)(with_ob(handle_review_now, action_arg=False))
    app.action(render.QUIZ_ME_ACTION)(with_ob(handle_quiz_me))
    app.action(re.compile(rf"^{render.LESSON_ANSWER_ACTION}_\d+_\d+$"))(
        with_ob(handle_lesson_answer)
    )
    app.action(re.compile(rf"^{render.REVIEW_ANSWER_ACTION}_\d+_\d+$"))(
        with_ob(handle_review_answer)
    )
    app.action(re.compile(rf"^{render.HINT_ACTION}_\d+$"))(with_ob(handle_hint))
