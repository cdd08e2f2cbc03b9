"""Global middleware: what every listener needs in its context, and Events API deduplication."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from slack_bolt import BoltContext, BoltResponse

from bot.deps import Deps
from bot.listeners.registry import Registry

logger = logging.getLogger(__name__)


def provide(deps: Deps, registry: Registry) -> Callable[..., Any]:
    """Puts ``deps`` and ``registry`` into every request's context (listeners stay plain)."""

    def provide_deps(context: BoltContext, next: Callable[[], None]) -> None:
        context["deps"] = deps
        context["registry"] = registry
        next()

    return provide_deps


def deduplicate_events(deps: Deps) -> Callable[..., Any]:
    """Handle each Events API ``event_id`` once, whichever copy (first try or retry) arrives first.

    The claim is a unique row in the store. A second copy of a claimed event is acknowledged
    and dropped. If the store is down the event is handled anyway: an answer twice is better
    than none.
    """

    def deduplicate(body: dict[str, Any], next: Callable[[], None]) -> BoltResponse | None:
        event_id = body.get("event_id") if body.get("type") == "event_callback" else None
        if not event_id or deps.store is None:
            next()
            return None
        try:
            first = deps.store.claim_event(str(event_id), deps.clock())
        except Exception:
            logger.warning(
                "could not record event %s (store unavailable); handling it anyway",
                event_id,
                exc_info=True,
            )
            first = True
        if not first:
            logger.info("event %s already handled: acknowledged and dropped", event_id)
            return BoltResponse(status=200, body="")
        next()
        return None

    return deduplicate
