"""The minute jobs in OAuth mode: the scheduler over every installed workspace.

    jobs = workspace_tick_jobs(TickContext(deps, services), installs, features, client_for)

The scheduler (:mod:`bot.scheduler`) runs the store's housekeeping, then each feature's tick
once per active workspace, with that workspace's context (its store view and services) and a
client carrying its bot token (rotated when due). Paused workspaces are skipped; a workspace
whose token Slack refuses during its tick is paused with that reason; the others go on.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from bot.features import Feature, TickContext
from bot.scheduler import InstalledWorkspaces, Scheduler
from bot.workspaces.scopes import WorkspaceScopes

Job = Callable[[datetime], object]


def workspace_tick_jobs(
    context: TickContext,
    installs: Any,  # bot.oauth.installs.OAuthInstalls: .workspaces, .tokens
    features: Sequence[Feature],
    client_for: Callable[[str], Any],  # token -> client
    scopes: WorkspaceScopes | None = None,
) -> list[Job]:
    """The scheduler over every installed workspace (on ``scopes``, built here from
    ``context.deps`` when not given)."""
    if scopes is None and context.deps.store is not None:
        scopes = WorkspaceScopes(context.deps, features)
    workspaces = InstalledWorkspaces(context, installs, client_for, scopes)
    return [Scheduler(context, features, workspaces)]
