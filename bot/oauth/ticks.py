"""The minute jobs in OAuth mode: each feature's tick with an installed workspace's token.

    jobs = workspace_tick_jobs(TickContext(deps, services), installs, features, client_for)

Each feature's ``tick(now, context)`` runs once per active workspace, with that
workspace's context (:class:`bot.workspaces.scopes.WorkspaceScopes`: its store view and
services) whose ``deps.client`` carries that workspace's bot token. Paused workspaces
(uninstalled, tokens revoked) are skipped. A workspace whose token Slack refuses during its
tick (``invalid_auth``, ``account_inactive``, ``token_revoked``) is paused with that reason
(:mod:`bot.workspaces.revoked`); the others go on.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from typing import Any

from slack_sdk import WebClient

from bot.features import Feature, TickContext, TickJob, resolve
from bot.workspaces.revoked import revoked_reason, watched
from bot.workspaces.scopes import WorkspaceScopes

logger = logging.getLogger(__name__)

WORKSPACES_AT_ONCE = 8  # workspaces ticking at the same time (each posts with its own pool)

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
        scopes: WorkspaceScopes | None = None,  # None: every workspace gets ``context``
    ) -> None:
        self.name = name
        self.__qualname__ = f"WorkspaceTick({name})"  # for the ticker's log
        self._tick = tick
        self._context = context
        self._installs = installs
        self._client_for = client_for
        self._scopes = scopes
        self._contexts: dict[str, tuple[str, TickContext]] = {}  # team -> (token, context)

    def __call__(self, now: datetime) -> None:
        """Every active workspace's tick, up to :data:`WORKSPACES_AT_ONCE` at a time (Slack's
        rate limits are per workspace: one workspace's 429 holds up no other)."""
        contexts: dict[str, TickContext] = {}
        for workspace in self._installs.workspaces.active():
            token = self._installs.tokens.bot_token(workspace.team_id)
            if token is None:
                logger.debug("%s: no bot token for %s", self.name, workspace.team_id)
                continue
            contexts[workspace.team_id] = self._context_for(workspace.team_id, token)
        if len(contexts) <= 1:
            for context in contexts.values():
                self._tick(now, context)
        else:
            with ThreadPoolExecutor(min(WORKSPACES_AT_ONCE, len(contexts))) as pool:
                futures = {t: pool.submit(self._tick, now, c) for t, c in contexts.items()}
            for team_id, future in futures.items():
                if future.exception() is not None:
                    logger.error(
                        "%s failed in workspace %s", self.name, team_id, exc_info=future.exception()
                    )
        for team_id, context in contexts.items():
            self._pause_if_revoked(team_id, context, now)

    def _pause_if_revoked(self, team_id: str, context: TickContext, now: datetime) -> None:
        reason = revoked_reason(context.deps.client)
        if reason is None:
            return
        self._contexts.pop(team_id, None)
        if self._installs.workspaces.pause(team_id, reason, now):
            logger.warning("workspace %s paused: Slack refused its token (%s)", team_id, reason)

    def _context_for(self, team_id: str, token: str) -> TickContext:
        known = self._contexts.get(team_id)
        if known is not None and known[0] == token:
            return known[1]
        base = self._context
        if self._scopes is not None:
            scoped = self._scopes.deps_for(team_id)
            base = TickContext(scoped, self._scopes.services_for(team_id))
        client = self._client_for(token)
        if isinstance(client, WebClient):
            client = watched(client)
        deps = dataclasses.replace(base.deps, client=client)
        context = dataclasses.replace(base, deps=deps)
        self._contexts[team_id] = (token, context)
        return context


def workspace_tick_jobs(
    context: TickContext,
    installs: Any,
    features: Sequence[Feature],
    client_for: Callable[[str], Any],
    scopes: WorkspaceScopes | None = None,
) -> list[Job]:
    """The store's housekeeping, then each feature's :class:`WorkspaceTick` (on ``scopes``,
    built here from ``context.deps`` when not given)."""
    if scopes is None and context.deps.store is not None:
        scopes = WorkspaceScopes(context.deps, features)
    jobs: list[Job] = []
    if context.deps.store is not None:
        jobs.append(context.deps.store.tick)
    for feature in features:
        if feature.tick:
            tick = resolve(feature.tick)
            jobs.append(WorkspaceTick(feature.name, tick, context, installs, client_for, scopes))
    return jobs
