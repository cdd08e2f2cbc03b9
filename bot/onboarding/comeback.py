"""A person the bot stopped writing to (Slack could not reach them) who uses the bot again —
a DM, a command, a click — gets DMs again: the stop is cleared, and the lesson that could not
go out is the next one they get."""

from __future__ import annotations

import logging
from collections.abc import Callable

from slack_bolt import BoltRequest

from bot.deps import Deps
from bot.store import StoreUnavailable
from bot.store.onboarding import OnboardingStore

logger = logging.getLogger(__name__)


def came_back(request: BoltRequest, next: Callable[[], None]) -> None:
    """Global middleware (:class:`Plain`): clear the stop of the person behind this request,
    if any."""
    context = request.context
    user = context.user_id
    deps: Deps | None = context.get("deps")
    store = deps.store if deps is not None else None
    event = request.body.get("event")
    is_bot = isinstance(event, dict) and bool(event.get("bot_id"))
    if user and deps is not None and store is not None and not is_bot:
        onboarding = OnboardingStore(store)
        if onboarding.maybe_stopped(user):  # in memory: most requests cost nothing here
            deps.background.submit(lambda: _clear(onboarding, user))
    next()


def _clear(onboarding: OnboardingStore, user: str) -> None:
    """After the ack, on the background worker: the request never waits for this write."""
    try:
        if onboarding.came_back(user):
            logger.info("%s used the bot again: their DMs resume", user)
    except StoreUnavailable:
        pass  # the next interaction clears it
