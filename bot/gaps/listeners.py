"""Knowledge gaps in Slack: every answered question is looked at (``record_gap``), and admins
find the most asked gaps on their App Home tab."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import App, BoltContext

from bot.answers import Answer
from bot.deps import Deps
from bot.gaps import render
from bot.gaps.service import SERVICE, GapsService
from bot.listeners.registry import Registry
from bot.store import StoreUnavailable

logger = logging.getLogger(__name__)

HOME_LIMIT = 5  # gaps on an admin's Home tab
HOME_FLUSH_S = 0.5  # a question asked just before opening Home is shown


def record_gap(context: BoltContext, answer: Answer) -> None:
    gaps: GapsService = context[SERVICE]
    gaps.record(answer)


def home_section(context: BoltContext, user_id: str) -> list[dict[str, Any]]:
    """The top gaps for the people who may change settings (see ``/whoowns admins``)."""
    deps: Deps = context["deps"]
    admins = context.get("admins")
    if deps.store is None or admins is None or not admins.is_admin(context.client, user_id):
        return []
    gaps: GapsService = context[SERVICE]
    gaps.flush(HOME_FLUSH_S)
    try:
        top = gaps.top(deps.clock(), limit=HOME_LIMIT)
    except StoreUnavailable as exc:
        logger.warning("knowledge gaps left off %s's Home: %s", user_id, exc)
        return []
    return render.home_blocks(top)


def register(app: App, deps: Deps, registry: Registry) -> None:
    registry.add_answer_observer(record_gap)
