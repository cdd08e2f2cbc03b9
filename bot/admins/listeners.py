"""``/whoowns admins``: who may change this channel's quiz and the onboarding channel."""

from __future__ import annotations

import logging

from slack_bolt import App

from bot.admins import replies
from bot.admins.service import SERVICE, AdminsService
from bot.deps import Deps
from bot.listeners.errors import reported
from bot.listeners.registry import Registry, SlashRequest
from bot.render.primitives import notice_message
from bot.store import StoreUnavailable

logger = logging.getLogger(__name__)


def _subscriber(deps: Deps, channel: str) -> tuple[bool | None, str | None]:
    """(has a quiz, who subscribed it); (None, None) when the database cannot say."""
    if deps.store is None:
        return None, None
    from bot.store.quiz import QuizStore

    try:
        sub = QuizStore(deps.store).subscription(channel)
    except StoreUnavailable as exc:
        logger.warning("/whoowns admins without the quiz subscriber of %s: %s", channel, exc)
        return None, None
    return (sub is not None), (sub.created_by if sub else None)


def handle_admins(request: SlashRequest) -> None:
    request.ack()  # users.info may be needed to say what the asker may do
    with reported(dict(request.body), request.bolt_context()):
        admins: AdminsService = request.context[SERVICE]
        has_quiz, subscriber = _subscriber(request.deps, request.channel_id)
        you = replies.you_line(
            admins.is_admin(request.client, request.user_id),
            subscriber is not None and subscriber == request.user_id,
        )
        text = replies.listing(admins.configured, subscriber, has_quiz, you)
        request.respond(response_type="ephemeral", **notice_message(text).kwargs())


def register(app: App, deps: Deps, registry: Registry) -> None:
    registry.add_subcommand("admins", "admin", handler=handle_admins, help=replies.HELP)
