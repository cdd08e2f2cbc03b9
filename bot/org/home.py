"""Home's "Your databases": for a member of a team holding resources, a few of them with the
duties the team holds, and a pointer to ``/whoowns my databases``. Nothing for anyone else."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from slack_bolt import BoltContext

from bot.answers import holding_in_workspace, holdings_of
from bot.deps import Deps
from bot.listeners.core import workspace_of
from bot.render.org_blocks import HOME_RESOURCES, home_blocks


def home_section(context: BoltContext, user_id: str) -> Sequence[Mapping[str, Any]]:
    deps: Deps = context["deps"]
    knowledge = deps.knowledge
    memberships = context.get("teams")
    if not knowledge.resources or memberships is None:
        return []
    workspace = workspace_of(context, deps)
    teams = memberships.teams_of(user_id, context.client, knowledge, workspace=workspace)
    if not teams:
        return []
    holdings = [holding_in_workspace(h, workspace) for h in holdings_of(knowledge, teams)]
    practices = context.get("practices")  # bot.practices: attention counts, when installed
    shown = [h.resource.id for h in holdings[:HOME_RESOURCES]]
    attention = practices.attention_counts(shown) if practices is not None else None
    return [b.to_dict() for b in home_blocks(holdings, attention)]
