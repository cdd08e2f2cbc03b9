"""Home's "Your databases": for a member of a team holding resources, a few of them with the
duties the team holds, and a pointer to ``/whoowns my databases``. Nothing for anyone else."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from slack_bolt import BoltContext

from bot.answers_org import holdings_of
from bot.deps import Deps
from bot.render.org_blocks import home_blocks


def home_section(context: BoltContext, user_id: str) -> Sequence[Mapping[str, Any]]:
    deps: Deps = context["deps"]
    knowledge = deps.knowledge
    memberships = context.get("teams")
    if not knowledge.resources or memberships is None:
        return []
    teams = memberships.teams_of(user_id, context.client, knowledge)
    return [b.to_dict() for b in home_blocks(holdings_of(knowledge, teams))] if teams else []
