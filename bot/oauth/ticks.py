"""The minute jobs in OAuth mode: each feature's tick with an installed workspace's token.

    jobs = workspace_tick_jobs(TickContext(deps, services), installs, features, client_for)

Each feature's ``tick(now, context)`` runs once per active workspace, with a context whose
``deps.client`` carries that workspace's bot token. Paused workspaces (uninstalled, tokens
revoked) are skipped. The quiz and onboarding data is not kept per workspace yet (issue 12
§2), so until it is (:data:`PER_WORKSPACE_DATA`) the ticks run only while exactly one
workspace is active: with two or more they are held, with one warning line, rather than post
one workspace's schedules with another's token.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from bot.features import Feature, TickContext, TickJob, resolve

logger = logging.getLogger(__name__)

# §2 sets this once every table and tick takes the workspace: then every active workspace runs
PER_WORKSPACE_DATA = False

Job = Callable[[datetime], object]


class WorkspaceTick:
    """One feature's tick, run for each active workspace with that workspace's client."""

    def __init__(
        self,
        name: str,
        tick: TickJob,
        context: TickContext,
        installs: Any,  # bot.oauth.installs.OAuthInstalls
        client_for: Callable[[str], Any],  # token -> WebClient
    ) -> None:
        self.name = name
        self.__qualname__ = f"WorkspaceTick({name})"  # for the ticker's log
        self._tick = tick
        self._context = context
        self._installs = installs
        self._client_for = client_for
        self._contexts: dict[str, tuple[str, TickContext]] = {}  # team -> (token, context)
        self._held: int | None = None  # active workspaces when the ticks were last held

    def __call__(self, now: datetime) -> None:
        active = self._installs.workspaces.active()
        if not PER_WORKSPACE_DATA and len(active) > 1:
            if self._held != len(active):
                logger.warning(
                    "%s: held, %d workspaces are active and the data is not yet kept per "
                    "workspace; only one may be active for now",
                    self.name,
                    len(active),
                )
            self._held = len(active)
            return
        self._held = None
        for workspace in active:
            token = self._installs.tokens.bot_token(workspace.team_id)
            if token is None:
                logger.debug("%s: no bot token for %s", self.name, workspace.team_id)
                continue
            self._tick(now, self._context_for(workspace.team_id, token))

    def _context_for(self, team_id: str, token: str) -> TickContext:
        known = self._contexts.get(team_id)
        if known is not None and known[0] == token:
            return known[1]
        deps = dataclasses.replace(self._context.deps, client=self._client_for(token))
        context = dataclasses.replace(self._context, deps=deps)
        self._contexts[team_id] = (token, context)
        return context


def workspace_tick_jobs(
    context: TickContext,
    installs: Any,
    features: Sequence[Feature],
    client_for: Callable[[str], Any],
) -> list[Job]:
    """The store's housekeeping, then each feature's :class:`WorkspaceTick`."""
    jobs: list[Job] = []
    if context.deps.store is not None:
        jobs.append(context.deps.store.tick)
    for feature in features:
        if feature.tick:
            tick = resolve(feature.tick)
            jobs.append(WorkspaceTick(feature.name, tick, context, installs, client_for))
    return jobs
