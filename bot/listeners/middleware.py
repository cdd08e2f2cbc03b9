"""Global middleware: what every listener needs in its context, and Events API deduplication.

Each is a :class:`Plain` middleware: Bolt calls it with the request and ``next`` as they are.
A plain function middleware would get its keyword arguments built by Bolt on every request
(the request's payload read eight ways, every context utility made), about as costly as the
middleware's own work.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Mapping
from concurrent.futures import TimeoutError as FutureTimeout
from typing import TYPE_CHECKING, Any

from slack_bolt import BoltContext, BoltRequest, BoltResponse

from bot.deps import Deps
from bot.listeners.plain import Plain
from bot.listeners.registry import Registry
from bot.store import StoreUnavailable

if TYPE_CHECKING:
    from bot.store import Store
    from bot.workspaces.scopes import WorkspaceScopes

logger = logging.getLogger(__name__)

# The dedup claim runs before Slack gets its 200 (3 s budget). A store slower than this, or
# down behind a connect timeout, must not hold the ack: the event is handled without it.
CLAIM_DEADLINE_S = 1.0
MAX_WAITING_CLAIMS = 4  # claims still waiting for a hung store; beyond this, don't queue more


def provide(
    deps: Deps,
    registry: Registry,
    services: Mapping[str, Any] | None = None,
    scopes: WorkspaceScopes | None = None,
) -> Plain:
    """Puts ``deps``, ``registry`` and every feature service (under its key, e.g.
    ``context["quiz"]``) into every request's context, so listeners stay plain functions.

    With ``scopes`` (several workspaces), ``deps`` and the services are those of the request's
    workspace (``context.team_id``): its store sees only that workspace's rows."""
    reserved = {"deps", "registry"} & set(services or {})
    if reserved:
        raise ValueError(f"service keys {sorted(reserved)} are taken by the core")

    def provide_deps(request: BoltRequest, next: Callable[[], None]) -> None:
        context = request.context
        mine, theirs = deps, services or {}
        if scopes is not None and context.team_id:
            mine, theirs = scopes.deps_for(context.team_id), scopes.services_for(context.team_id)
        context["deps"] = mine
        context["registry"] = registry
        for key, service in theirs.items():
            context[key] = service
        next()

    return Plain(provide_deps)


def deduplicate_events(deps: Deps, *, deadline: float = CLAIM_DEADLINE_S) -> Plain:
    """Handle each Events API ``event_id`` once, whichever copy (first try or retry) arrives first.

    The claim is a unique row in the store (the request's workspace's). A second copy is
    acknowledged and dropped. A store down, or silent for ``deadline`` seconds: the event is
    handled anyway (an answer twice is better than none, or than a late ack)."""
    waiting = threading.BoundedSemaphore(MAX_WAITING_CLAIMS)

    def claim(store: Store, event_id: str) -> bool:
        """True: handle the event (its first copy, or the store could not tell in time)."""
        now = deps.clock()
        # on the one background worker: a claim stuck on a hung database never holds the ack
        # longer than the deadline, and while a few wait, the next events don't queue at all
        future = None
        if waiting.acquire(blocking=False):
            future = deps.background.call(lambda: store.claim_event(event_id, now))
            if future is None:  # the worker's queue is full
                waiting.release()
        if future is None:
            logger.warning("event %s handled without deduplication: store not answering", event_id)
            return True
        future.add_done_callback(lambda _: waiting.release())
        try:
            return future.result(timeout=deadline)
        except FutureTimeout:
            future.cancel()  # still queued: not worth claiming any more
            logger.warning(
                "could not record event %s within %.1f s (store slow or down); handling it anyway",
                event_id,
                deadline,
            )
        except StoreUnavailable as exc:  # expected while it is down: one line
            logger.warning("could not record event %s (%s); handling it anyway", event_id, exc)
        except Exception:
            logger.warning(
                "could not record event %s (store unavailable); handling it anyway",
                event_id,
                exc_info=True,
            )
        return True

    def deduplicate(request: BoltRequest, next: Callable[[], None]) -> BoltResponse | None:
        body, context = request.body, request.context
        event_id = body.get("event_id") if body.get("type") == "event_callback" else None
        store = _store_of(context, deps)
        if not event_id or store is None:
            next()
            return None
        if not claim(store, str(event_id)):
            logger.info("event %s already handled: acknowledged and dropped", event_id)
            return BoltResponse(status=200, body="")
        next()
        return None

    return Plain(deduplicate)


def _store_of(context: BoltContext, deps: Deps) -> Store | None:
    """The request's workspace's store (``context["deps"]``, put there by :func:`provide`):
    an event is claimed in its own workspace."""
    found: Deps = context.get("deps", deps)
    return found.store
