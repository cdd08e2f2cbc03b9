"""Events: mentions (answered in a thread), direct messages, App Home, the Messages tab.

The app's DM is its Messages tab (Slack's agent view): opening it sets suggested prompts that
fit the person (:mod:`bot.agent`); a DM shows "is looking that up…" while its answer is
worked on (one ``assistant.threads.setStatus`` call, removed by Slack with the reply); the
prompts that are no question ("Quiz me", "My onboarding") run the /whoowns subcommand that
answers them, its replies posted in the DM.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from slack_bolt import App, BoltContext
from slack_sdk import WebClient

from bot.agent import MessagesTab, choose_prompts, command_for
from bot.deps import Deps
from bot.listeners.core import reply_for, strip_mention, workspace_of
from bot.listeners.registry import Registry, SlashRequest
from bot.render.home import build_home_view

logger = logging.getLogger(__name__)


def _from_a_bot(event: dict[str, Any], context: BoltContext) -> bool:
    return bool(
        event.get("bot_id")
        or event.get("subtype") == "bot_message"
        or (event.get("user") and event.get("user") == context.bot_user_id)
    )


def handle_mention(event: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    """``@whoowns who patches dynamodb?`` -> the answer in a thread under the mention."""
    if _from_a_bot(event, context) or event.get("subtype"):
        return
    text = strip_mention(str(event.get("text", "")), context.bot_user_id)
    message = reply_for(context, text, shareable=False)
    client.chat_postMessage(
        channel=event["channel"],
        thread_ts=event.get("thread_ts") or event["ts"],
        **message.kwargs(),
    )


def handle_message(
    event: dict[str, Any],
    client: WebClient,
    context: BoltContext,
    body: dict[str, Any] | None = None,
    tab: MessagesTab | None = None,
) -> None:
    """A direct message -> the answer in the DM. Edits, joins, deletions and bots: ignored.
    ``tab``: the status is shown while the answer is worked on."""
    if event.get("channel_type") != "im" or event.get("subtype") or _from_a_bot(event, context):
        return
    text = strip_mention(str(event.get("text", "")), context.bot_user_id)
    if tab is not None and event.get("ts"):
        thread = str(event.get("thread_ts") or event["ts"])
        tab.working(client, str(event["channel"]), thread, team=context.team_id)
    registry: Registry = context["registry"]
    word = command_for(text)
    handler = registry.subcommand(word) if word else None
    if word and handler is not None:
        handler(_dm_request(word, event, client, context, body or {}))
        return
    message = reply_for(context, text, shareable=False)
    kwargs = message.kwargs()
    if event.get("thread_ts"):
        kwargs["thread_ts"] = event["thread_ts"]
    client.chat_postMessage(channel=event["channel"], **kwargs)


class _InDm:
    """A subcommand's ``ack(body)`` and ``respond(**message)``, posted in the DM instead."""

    response_url = None  # errors.report_failure: no response_url, apologise in the DM

    def __init__(self, client: WebClient, event: dict[str, Any]) -> None:
        self._client = client
        self._event = event

    def __call__(self, body: Any = None, **kwargs: Any) -> None:
        message = {**(body if isinstance(body, dict) else {}), **kwargs}
        for key in ("response_type", "replace_original", "delete_original"):
            message.pop(key, None)
        if not message.get("text") and not message.get("blocks"):
            return  # a bare ack
        if self._event.get("thread_ts"):
            message["thread_ts"] = self._event["thread_ts"]
        self._client.chat_postMessage(channel=self._event["channel"], **message)


def _dm_request(
    word: str,
    event: dict[str, Any],
    client: WebClient,
    context: BoltContext,
    body: dict[str, Any],
) -> SlashRequest:
    """``/whoowns WORD`` as the DM's author would have typed it in the DM."""
    in_dm = _InDm(client, event)
    return SlashRequest(
        word=word,
        args="",
        text=word,
        user_id=str(event.get("user", "")),
        channel_id=str(event["channel"]),
        body=body,
        ack=in_dm,
        respond=in_dm,
        client=client,
        deps=context["deps"],
        registry=context["registry"],
        context=context,
    )


def publish_home(client: WebClient, context: BoltContext, user_id: str) -> None:
    """The Home tab for ``user_id``: the core view with every feature's section."""
    registry: Registry = context["registry"]
    view = build_home_view(
        context["deps"].knowledge,
        extra_sections=registry.home_extras(context, user_id),
        help_entries=registry.help(),
    )
    client.views_publish(user_id=user_id, view=view)


def handle_home_opened(
    event: dict[str, Any], client: WebClient, context: BoltContext, tab: MessagesTab | None = None
) -> None:
    """Home: the Home tab published. Messages (the app's DM): the suggested prompts set."""
    which = event.get("tab", "home")
    if which == "messages" and tab is not None:
        suggest_prompts(event, client, context, tab)
    elif which == "home":
        publish_home(client, context, str(event["user"]))


def suggest_prompts(
    event: dict[str, Any], client: WebClient, context: BoltContext, tab: MessagesTab
) -> None:
    """The prompts that fit the person opening the Messages tab, set in their DM."""
    user, channel = str(event.get("user") or ""), str(event.get("channel") or "")
    if not user or not channel:
        return
    deps: Deps = context["deps"]
    registry: Registry = context["registry"]
    knowledge = deps.knowledge
    memberships = context.get("teams")
    teams: tuple[str, ...] = ()
    if memberships is not None and knowledge.resources:
        teams = memberships.teams_of(user, client, knowledge, workspace=workspace_of(context, deps))
    # the onboarding commands answer "Quiz me" and "My onboarding" only with a database
    commands = {w for w in ("review", "progress") if registry.subcommand(w) is not None}
    prompts = choose_prompts(knowledge, teams, commands if deps.store is not None else ())
    tab.suggest(client, channel, prompts, team=context.team_id)


def ignore_event(event: dict[str, Any], logger: logging.Logger) -> None:
    """Events we are subscribed to but nobody handles (yet): acknowledged, nothing else."""
    logger.debug("ignored event %s", event.get("type"))


def register(app: App, deps: Deps, registry: Registry) -> None:
    tab = MessagesTab(deps.clock)  # one per app: Slack's refusals remembered

    def on_message(
        event: dict[str, Any], client: WebClient, context: BoltContext, body: dict[str, Any]
    ) -> None:
        handle_message(event, client, context, body, tab)

    def on_home_opened(event: dict[str, Any], client: WebClient, context: BoltContext) -> None:
        handle_home_opened(event, client, context, tab)

    app.event("app_mention")(handle_mention)
    app.event("message")(on_message)
    app.event("app_home_opened")(on_home_opened)


def register_fallback(app: App) -> None:
    """Registered last: Bolt runs the first matching listener, so features come before this."""
    app.event(re.compile(r".*"))(ignore_event)
