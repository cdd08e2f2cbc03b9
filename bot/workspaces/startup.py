"""Single-token mode (``SLACK_BOT_TOKEN``): one workspace, the bot token's.

At every start ``auth.test`` has just named it; :func:`adopt` records it in the workspaces
table and gives it the rows from before workspaces (migration ``0009_workspaces`` left them
unassigned), then the bot runs on the store seen from that workspace. The rows move without
the time limits of requests, in batches (a log line each); a start stopped part-way goes on
with the rest at the next start.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bot.store import Store

logger = logging.getLogger(__name__)


def adopt(store: Store, identity: Any, now: datetime) -> Store:
    """``store`` seen from the bot token's workspace (``identity``: auth.test's answer), with
    the unassigned rows given to it. Without a team id (a stand-in that sends none) the store
    stays unassigned."""
    from bot.store.limits import unlimited
    from bot.store.workspaces import (
        WorkspaceConflict,
        WorkspaceStore,
        adopt_unassigned,
        count_unassigned,
    )

    team = str(identity.get("team_id") or "") if identity else ""
    if not team:
        logger.warning("auth.test named no workspace: data stays unassigned")
        return store
    WorkspaceStore(store).started(
        team, name=identity.get("team"), bot_user_id=identity.get("user_id"), now=now
    )
    if count_unassigned(store):
        try:
            moved = adopt_unassigned(unlimited(store), team, progress=_progress(team))
        except WorkspaceConflict as exc:
            logger.warning("rows from before workspaces kept unassigned: %s", exc)
        else:
            logger.info(
                "gave %d rows from before workspaces to workspace %s", sum(moved.values()), team
            )
    return store.scoped(team)


def _progress(team: str) -> Callable[[str, int, int], None]:
    """One log line per batch of rows given to ``team``."""

    def show(table: str, done: int, total: int) -> None:
        logger.info("adopting into %s: %s %s/%s", team, table, f"{done:,}", f"{total:,}")

    return show
