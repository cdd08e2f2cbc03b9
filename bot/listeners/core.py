"""The one path from typed text to a reply, shared by every listener: parse → answer → render."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from slack_bolt import BoltContext

from bot.answers import Answer, build_answer, in_workspace
from bot.answers.practices import rules_for
from bot.deps import Deps
from bot.listeners.answer_cache import LastUsed
from bot.listeners.registry import Registry
from bot.render.blocks import answer_message
from bot.render.help_blocks import help_message
from bot.render.primitives import Message, shape_of

HELP_WORDS = frozenset({"help", "?", "-h", "--help"})
PERSONAL_INTENTS = ("my_resources", "team")  # answers that depend on who asks: never kept


def workspace_of(context: BoltContext | None, deps: Deps) -> str | None:
    """The request's workspace (Slack's team id), else the store's (single-token mode: the
    bot token's); None when neither is known."""
    team = context.team_id if context is not None else None
    return team or (deps.store.workspace if deps.store is not None else None) or None


def ask(
    deps: Deps,
    text: str,
    context: BoltContext | None = None,
    kept: LastUsed[tuple[Any, Answer]] | None = None,
) -> Answer:
    """The answer to ``text``, as shown in the request's workspace (a team's Slack handle of
    another workspace: by name); "my databases" looks the asker's teams up there
    (``context``: the request's, with its user, client and the ``teams`` service).
    ``kept``: answers given before (the same text, knowledge and workspace give the same
    answer; another phrasing of the same question, the same answer with its own text), the
    personal ones excepted."""
    knowledge, matcher = deps.live.pair  # one reload-safe read
    workspace = workspace_of(context, deps)
    key = (text, id(knowledge), workspace)
    found = kept.get(key) if kept is not None else None
    if found is not None and found[0] is knowledge:
        return found[1]
    query = matcher.parse(text)
    rules = rules_for(deps.settings)  # WHOOWNS_PRODUCTION_ENVIRONMENTS: the flagged settings
    if query.intent in PERSONAL_INTENTS:
        mine = None
        if context is not None and context.user_id:
            memberships = context.get("teams")
            if memberships is not None:
                mine = memberships.teams_of(
                    context.user_id, context.client, knowledge, workspace=workspace
                )
        return in_workspace(build_answer(query, knowledge, my_teams=mine, rules=rules), workspace)
    # another phrasing of a question answered lately ("Patching Aurora?"): the same answer,
    # with this question (an answer reads everything of its query but the text)
    meaning = (replace(query, text=""), id(knowledge), workspace)
    same = kept.get(meaning) if kept is not None else None
    if same is not None and same[0] is knowledge:
        answer = replace(same[1], query=query)
    else:
        answer = in_workspace(build_answer(query, knowledge, rules=rules), workspace)
        if kept is not None:
            kept.put(meaning, (knowledge, answer))
    if kept is not None:
        kept.put(key, (knowledge, answer))
    return answer


def wants_help(text: str) -> bool:
    words = text.split()
    return not words or words[0].lower() in HELP_WORDS


def reply_for(context: BoltContext, text: str, *, shareable: bool) -> Message:
    """Help for an empty text or "help"; otherwise the answer card (with the features' buttons
    when ``shareable``)."""
    registry: Registry = context["registry"]
    answer = None if wants_help(text) else ask(context["deps"], text, context, registry.answers)
    if answer is not None:
        registry.observe(context, answer)
    if answer is None or answer.intent == "help":  # "what can you do?" is help too
        return help_message(registry.help())
    buttons = registry.buttons_for(context, answer) if shareable else []
    # the card: the answer (kept above, or new) with these buttons, rendered once
    key = (id(answer), shareable, tuple(shape_of(b) for b in buttons))
    found = registry.cards.get(key)
    if found is not None and found[0] is answer:
        return found[1]
    message = answer_message(answer, shareable=shareable, extra_buttons=buttons)
    if answer.intent not in PERSONAL_INTENTS:
        registry.cards.put(key, (answer, message))
    return message


def strip_mention(text: str, bot_user_id: str | None) -> str:
    """The text of a mention without the bot's own ``<@U…>`` (with or without ``|name``)."""
    if bot_user_id:
        text = re.sub(rf"<@{re.escape(bot_user_id)}(\|[^>]*)?>", " ", text)
    return " ".join(text.split())
