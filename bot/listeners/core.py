"""The one path from typed text to a reply, shared by every listener: parse → answer → render."""

from __future__ import annotations

import re

from slack_bolt import BoltContext

from bot.answers import Answer, build_answer, in_workspace
from bot.deps import Deps
from bot.listeners.registry import Registry
from bot.render.blocks import answer_message
from bot.render.help_blocks import help_message
from bot.render.primitives import Message

HELP_WORDS = frozenset({"help", "?", "-h", "--help"})


def workspace_of(context: BoltContext | None, deps: Deps) -> str | None:
    """The request's workspace (Slack's team id), else the store's (single-token mode: the
    bot token's); None when neither is known."""
    team = context.team_id if context is not None else None
    return team or (deps.store.workspace if deps.store is not None else None) or None


def ask(deps: Deps, text: str, context: BoltContext | None = None) -> Answer:
    """The answer to ``text``, as shown in the request's workspace (a team's Slack handle of
    another workspace: by name); "my databases" looks the asker's teams up there
    (``context``: the request's, with its user, client and the ``teams`` service)."""
    knowledge, matcher = deps.live.pair  # one reload-safe read
    query = matcher.parse(text)
    workspace = workspace_of(context, deps)
    mine = None
    if query.intent in ("my_resources", "team") and context is not None and context.user_id:
        memberships = context.get("teams")
        if memberships is not None:
            mine = memberships.teams_of(
                context.user_id, context.client, knowledge, workspace=workspace
            )
    return in_workspace(build_answer(query, knowledge, my_teams=mine), workspace)


def wants_help(text: str) -> bool:
    words = text.split()
    return not words or words[0].lower() in HELP_WORDS


def reply_for(context: BoltContext, text: str, *, shareable: bool) -> Message:
    """Help for an empty text or "help"; otherwise the answer card (with the features' buttons
    when ``shareable``)."""
    registry: Registry = context["registry"]
    answer = None if wants_help(text) else ask(context["deps"], text, context)
    if answer is not None:
        registry.observe(context, answer)
    if answer is None or answer.intent == "help":  # "what can you do?" is help too
        return help_message(registry.help())
    buttons = registry.buttons_for(context, answer) if shareable else []
    return answer_message(answer, shareable=shareable, extra_buttons=buttons)


def strip_mention(text: str, bot_user_id: str | None) -> str:
    """The text of a mention without the bot's own ``<@U…>`` (with or without ``|name``)."""
    if bot_user_id:
        text = re.sub(rf"<@{re.escape(bot_user_id)}(\|[^>]*)?>", " ", text)
    return " ".join(text.split())
