"""``/whoowns TEXT``: routed by its first word through the subcommand registry.

Answering is pure and takes about a millisecond, so the answer travels in the acknowledgement
itself (ephemeral): one round trip, well within Slack's 3 seconds.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, App, BoltContext, BoltRequest, Respond
from slack_sdk import WebClient

from bot.deps import Deps
from bot.listeners.core import HELP_WORDS, reply_for
from bot.listeners.errors import report_failure
from bot.listeners.executor import run_in_place
from bot.listeners.plain import Plain
from bot.listeners.registry import Registry, SlashRequest
from bot.render.help_blocks import help_message

COMMAND = "/whoowns"
logger = logging.getLogger(__name__)


def show_help(request: SlashRequest) -> None:
    request.reply(help_message(request.registry.help()))


def handle_whoowns(
    ack: Ack,
    command: dict[str, Any],
    respond: Respond,
    client: WebClient,
    context: BoltContext,
) -> None:
    deps: Deps = context["deps"]
    registry: Registry = context["registry"]
    text = str(command.get("text") or "").strip()
    word, _, rest = text.partition(" ")
    request = SlashRequest(
        word=word.lower(),
        args=rest.strip(),
        text=text,
        user_id=str(command.get("user_id", "")),
        channel_id=str(command.get("channel_id", "")),
        body=command,
        ack=ack,
        respond=respond,
        client=client,
        deps=deps,
        registry=registry,
        context=context,
    )
    handler = registry.subcommand(word) if word else show_help
    if handler is None:
        request.reply(reply_for(context, text, shareable=True))
        return
    try:
        handler(request)
    except Exception as error:
        if ack.response is None:
            raise  # not acknowledged: the global handler answers in the acknowledgement
        report_failure(error, command, context)


def answered_in_ack(request: BoltRequest, next: Callable[[], None]) -> None:
    """A question or help is answered in the ack, nothing after it: it runs in the request's
    thread (:mod:`bot.listeners.executor`); a subcommand may work after its ack, in the pool.
    (A listener middleware of ``/whoowns``: ``request.body`` is the command.)"""
    word = str(request.body.get("text") or "").strip().partition(" ")[0]
    registry: Registry = request.context["registry"]
    handler = registry.subcommand(word) if word else show_help
    if handler is None or handler is show_help:
        run_in_place()
    next()


def register(app: App, deps: Deps, registry: Registry) -> None:
    registry.add_subcommand(*sorted(HELP_WORDS), handler=show_help)
    app.command(COMMAND, middleware=[Plain(answered_in_ack)])(handle_whoowns)
