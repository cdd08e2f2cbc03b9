"""What the quiz and onboarding listeners call before a change, and after it.

    refusal = quiz_refusal(request, sub.created_by, "quiz_change")
    if refusal is not None:
        request.reply(refusal)        # one line saying who can
        return
    ...                               # make the change
    log_change(request, "stopped the daily quiz")

Without the admins feature installed (no ``context["admins"]``) nothing is refused.
"""

from __future__ import annotations

import logging

from bot.admins import replies
from bot.admins.service import SERVICE, AdminsService
from bot.listeners.registry import SlashRequest
from bot.render.primitives import Message, notice_message

logger = logging.getLogger(__name__)


def _refusal(
    request: SlashRequest, action: replies.Action, subscriber: str | None
) -> Message | None:
    admins: AdminsService | None = request.context.get(SERVICE)
    if admins is None or admins.may_change(request.client, request.user_id, subscriber=subscriber):
        return None
    logger.info(
        "refused: %s may not %s (%s)",
        request.user_id,
        replies.WHAT[action],
        request.channel_id,
    )
    return notice_message(replies.refused(action, admins.configured, subscriber))


def quiz_refusal(
    request: SlashRequest, subscriber: str | None, action: replies.Action = "quiz_change"
) -> Message | None:
    """None when ``request``'s user may change this channel's quiz (``subscriber``: who
    subscribed it); otherwise the one-line answer saying who may."""
    return _refusal(request, action, subscriber)


def workspace_refusal(
    request: SlashRequest, action: replies.Action = "onboarding_channel"
) -> Message | None:
    """None when ``request``'s user may change a workspace-wide setting."""
    return _refusal(request, action, None)


def log_change(request: SlashRequest, what: str) -> None:
    """One log line per settings change, naming who made it."""
    logger.info("settings changed by %s in %s: %s", request.user_id, request.channel_id, what)
