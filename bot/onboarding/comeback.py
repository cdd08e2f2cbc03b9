"""A person the bot stopped writing to (Slack could not reach them) who uses the bot again —
a DM, a command, a click — gets DMs again: the stop is cleared, and the lesson that could not
go out is the next one they get."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from slack_bolt import BoltContext

from bot.store import StoreUnavailable
from bot.store.onboarding import OnboardingStore

logger = logging.getLogger(__name__)


def came_back(context: BoltContext, body: dict[str, Any], next: Callable[[], None]) -> None:
    """Bolt middleware: clear the stop of the person behind this request, if any."""
    user = context.user_id
    deps = context.get("deps")
    store = getattr(deps, "store", None)
    is_bot = bool((body.get("event") or {}).get("bot_id"))
    if user and store is not None and not is_bot:
        try:
            if OnboardingStore(store).came_back(user):
                logger.info("%s used the bot again: their DMs resume", user)
        except StoreUnavailable:
            pass  # the request goes on; the next interaction clears it
    next()
