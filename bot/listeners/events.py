"""Events: mentions (answered in a thread), direct messages, App Home."""

from __future__ import annotations

import logging
import re
from typing import Any

from slack_bolt import App, BoltContext
from slack_sdk import WebClient

from bot.deps import Deps
from bot.listeners.core import reply_for, strip_mention
from bot.listeners.registry import Registry
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


def handle_message(event: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    """A direct message -> the answer in the DM. Edits, joins, deletions and bots: ignored."""
    if event.get("channel_type") != "im" or event.get("subtype") or _from_a_bot(event, context):
        return
    text = strip_mention(str(event.get("text", "")), context.bot_user_id)
    message = reply_for(context, text, shareable=False)
    kwargs = message.kwargs()
    if event.get("thread_ts"):
        kwargs["thread_ts"] = event["thread_ts"]
    client.chat_postMessage(channel=event["channel"], **kwargs)


def publish_home(client: WebClient, context: BoltContext, user_id: str) -> None:
    """The Home tab for ``user_id``: the core view with every feature's section."""
    registry: Registry = context["registry"]
    view = build_home_view(
        context["deps"].knowledge,
        extra_sections=registry.home_extras(context, user_id),
        help_entries=registry.help(),
    )
    client.views_publish(user_id=user_id, view=view)


def handle_home_opened(event: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    if event.get("tab", "home") != "home":
        return  # the Messages tab fires this event too
    publish_home(client, context, str(event["user"]))


def ignore_event(event: dict[str, Any], logger: logging.Logger) -> None:
    """Events we are subscribed to but nobody handles (yet): acknowledged, nothing else."""
    logger.debug("ignored event %s", event.get("type"))


def register(app: App, deps: Deps, registry: Registry) -> None:
    app.event("app_mention")(handle_mention)
    app.event("message")(handle_message)
    app.event("app_home_opened")(handle_home_opened)


def register_fallback(app: App) -> None:
    """Registered last: Bolt runs the first matching listener, so features come before this."""
    app.event(re.compile(r".*"))(ignore_event)
