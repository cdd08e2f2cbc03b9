"""Button clicks: Share in channel, "did you mean" re-asks, App Home examples."""

from __future__ import annotations

import hashlib
import logging
import re
from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient

from bot.deps import Deps
from bot.listeners.core import ask, reply_for
from bot.listeners.errors import reported
from bot.render.blocks import SHARE_ACTION, answer_message, shared_message, shared_receipt
from bot.render.course_blocks import REASK_ACTION
from bot.render.home import HOME_ASK_ACTION

logger = logging.getLogger(__name__)


def share_key(body: dict[str, Any], action: dict[str, Any]) -> str:
    """What makes two Share clicks the same share: the clicked card and its question.

    A double click, Slack re-sending the payload, or two instances receiving one each all carry
    the same card (``container.channel_id`` + ``container.message_ts``, which an ephemeral
    slash-command reply has too). Without a card timestamp the click itself (``action_ts``) is
    the key, which still catches a re-sent payload."""
    container = body.get("container") or {}
    channel = container.get("channel_id") or (body.get("channel") or {}).get("id") or "-"
    card = container.get("message_ts") or f"action-{action.get('action_ts', '')}"
    user = (body.get("user") or {}).get("id", "-")
    value = hashlib.sha256(str(action.get("value", "")).encode()).hexdigest()[:16]
    return f"share:{channel}:{card}:{user}:{value}"[:128]


def _first_share(deps: Deps, key: str) -> bool:
    """Claims ``key`` in the store; with no store, or the store down, it shares (once > never)."""
    if deps.store is None:
        return True
    try:
        return deps.store.claim_event(key, deps.clock())
    except Exception:
        logger.warning(
            "could not record share %s (store unavailable); sharing anyway", key, exc_info=True
        )
        return True


def handle_share(
    ack: Ack, body: dict[str, Any], action: dict[str, Any], respond: Respond, context: BoltContext
) -> None:
    """Post the answer in the channel under the asker's name; the private card says so.

    Claimed in the database first: a second click on the same card posts nothing (the first
    click has already replaced the card with the receipt)."""
    ack()
    with reported(body, context):
        deps: Deps = context["deps"]
        if not _first_share(deps, share_key(body, action)):
            logger.info("share already done for this card: second click ignored")
            return
        user_id = str(body["user"]["id"])  # from Slack's payload, never from typed text
        message = shared_message(ask(deps, str(action.get("value", "")), context), user_id=user_id)
        respond(response_type="in_channel", replace_original=False, **message.kwargs())
        respond(replace_original=True, **shared_receipt().kwargs())


def handle_reask(
    ack: Ack, body: dict[str, Any], action: dict[str, Any], respond: Respond, context: BoltContext
) -> None:
    """A "did you mean" button: the suggested question's answer replaces the card."""
    ack()
    with reported(body, context):
        deps: Deps = context["deps"]
        ephemeral = bool((body.get("container") or {}).get("is_ephemeral", True))
        answer = ask(deps, str(action.get("value", "")), context)
        buttons = context["registry"].buttons_for(context, answer) if ephemeral else []
        message = answer_message(answer, shareable=ephemeral, extra_buttons=buttons)
        respond(replace_original=True, **message.kwargs())


def handle_home_ask(
    ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient, context: BoltContext
) -> None:
    """An example button on App Home: the answer arrives in the app's Messages tab."""
    ack()
    with reported(body, context):
        user_id = str(body["user"]["id"])
        text = str(action.get("value", ""))
        message = reply_for(context, text, shareable=False)
        client.chat_postMessage(channel=user_id, **message.kwargs())


def register(app: App, deps: Deps) -> None:
    app.action(SHARE_ACTION)(handle_share)
    app.action(re.compile(rf"^{REASK_ACTION}_\d+$"))(handle_reask)
    app.action(re.compile(rf"^{HOME_ASK_ACTION}_\d+$"))(handle_home_ask)
