"""``whoowns workspaces list``: one row per known workspace, as printed and as JSON, and one
per Enterprise Grid organisation installed org-wide, with the workspaces it granted."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bot.store import Store


def workspace_rows(store: Store) -> tuple[list[dict[str, Any]], int]:
    """The workspaces (oldest install first) and how many rows belong to none yet."""
    from bot.store.grants import OrgStore
    from bot.store.workspaces import WorkspaceStore, activity, count_unassigned

    seen = activity(store)
    orgs = OrgStore(store)
    served = {g.team_id for e in orgs.all() for g in orgs.grants(e.enterprise_id)}
    rows = []
    for w in WorkspaceStore(store).all():
        subscriptions, last = seen.get(w.team_id, (0, None))
        rows.append(
            {
                "workspace": w.team_id,
                "enterprise": w.enterprise_id,
                "org_wide": w.team_id in served,  # served by its organisation's install
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


def org_rows(store: Store) -> list[dict[str, Any]]:
    """The organisations installed org-wide (oldest first) and the workspaces each granted."""
    from bot.store.grants import OrgStore

    orgs = OrgStore(store)
    return [
        {
            "enterprise": e.enterprise_id,
            "name": e.name,
            "installed_at": e.installed_at.isoformat(),
            "status": e.status,
            "paused_reason": e.paused_reason,
            "granted": [g.team_id for g in orgs.grants(e.enterprise_id) if g.granted],
            "revoked": [g.team_id for g in orgs.grants(e.enterprise_id) if not g.granted],
        }
        for e in orgs.all()
    ]
