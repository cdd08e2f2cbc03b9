"""``whoowns workspaces list``: one row per known workspace, as printed and as JSON."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bot.store import Store


def workspace_rows(store: Store) -> tuple[list[dict[str, Any]], int]:
    """The workspaces (oldest install first) and how many rows belong to none yet."""
    from bot.store.workspaces import WorkspaceStore, activity, count_unassigned

    seen = activity(store)
    rows = []
    for w in WorkspaceStore(store).all():
        subscriptions, last = seen.get(w.team_id, (0, None))
        rows.append(
            {
                "workspace": w.team_id,
                "name": w.name,
                "installed_at": w.installed_at.isoformat(),
                "bot_user": w.bot_user_id,
                "subscriptions": subscriptions,
                "last_activity": last.isoformat() if last is not None else None,
                "status": w.status,
                "paused_reason": w.paused_reason,
            }
        )
    return rows, count_unassigned(store)
