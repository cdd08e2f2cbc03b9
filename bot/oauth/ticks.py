"""The minute jobs in OAuth mode: each feature's tick with an installed workspace's token.

    jobs = workspace_tick_jobs(deps, installs, {"bot.quiz.engine": make_tick, ...}, client_for)

Paused workspaces (uninstalled, tokens revoked) are skipped. The quiz and onboarding data is
not kept per workspace yet (issue 12 §2), so until it is (:data:`PER_WORKSPACE_DATA`) the
ticks run only while exactly one workspace is active: with two or more they are held, with
one warning line, rather than post one workspace's schedules with another's token.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

logger = logging.getLogger(__name__)

# §2 sets this once every table and tick takes the workspace: then every active workspace runs
PER_WORKSPACE_DATA = False

Job = Callable[[datetime], object]
MakeTick = Callable[[Any], Job]  # make_tick(deps) -> tick(now)


class WorkspaceTick:
    """One feature's tick, run for each active workspace with that workspace's client."""

    def __init__(
        self,
        name: str,
        make_tick: MakeTick,
        deps: Any,
        installs: Any,  # bot.oauth.installs.OAuthInstalls
        client_for: Callable[[str], Any],  # token -> WebClient
    ) -> None:
        self.name = name
        self.__qualname__ = f"WorkspaceTick({name})"
        self._make_tick = make_tick
        self._deps = deps
        self._installs = installs
        self._client_for = client_for
        self._ticks: dict[tuple[str, str], Job] = {}
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
            self._tick_for(workspace.team_id, token)(now)

    def _tick_for(self, team_id: str, token: str) -> Job:
        key = (team_id, token)
        tick = self._ticks.get(key)
        if tick is None:
            self._ticks = {k: v for k, v in self._ticks.items() if k[0] != team_id}
            deps = dataclasses.replace(self._deps, client=self._client_for(token))
            tick = self._ticks[key] = self._make_tick(deps)
        return tick


def workspace_tick_jobs(
    deps: Any,
    installs: Any,
    make_ticks: Mapping[str, MakeTick],
    client_for: Callable[[str], Any],
) -> list[Job]:
    """The store's housekeeping, then each feature's :class:`WorkspaceTick`."""
    jobs: list[Job] = []
    if deps.store is not None:
        jobs.append(deps.store.tick)
    for name, make_tick in make_ticks.items():
        jobs.append(WorkspaceTick(name, make_tick, deps, installs, client_for))
    return jobs
