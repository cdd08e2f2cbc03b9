"""``/whoowns practices confirm PRACTICE RESOURCE``: a member of the team doing that customer
side, or an admin, says the practice is in place where AWS's API cannot show it. Recorded with
who and when; it holds for WHOOWNS_CONFIRM_DAYS. Never over what AWS's settings say."""

from __future__ import annotations

import logging

from bot.answers.practice_catalog import practices_of
from bot.listeners.core import workspace_of
from bot.listeners.registry import SlashRequest
from bot.practices.service import SERVICE, PracticesService
from bot.practices.targets import find
from bot.render.mrkdwn import echo, escape_mrkdwn
from bot.render.primitives import Message, notice_message

logger = logging.getLogger(__name__)
USAGE = "Say which practice on which database: `/whoowns practices confirm PRACTICE RESOURCE`"


def _may_confirm(request: SlashRequest, team: str | None) -> bool:
    admins = request.context.get("admins")
    if admins is not None and admins.is_admin(request.client, request.user_id):
        return True
    memberships = request.context.get("teams")
    if team is None or memberships is None:
        return False
    workspace = workspace_of(request.context, request.deps)
    mine = memberships.teams_of(
        request.user_id, request.client, request.deps.knowledge, workspace=workspace
    )
    return team in mine


def confirm_reply(request: SlashRequest, words: list[str]) -> Message:
    """The one-line answer to a confirmation (recorded when allowed)."""
    knowledge = request.deps.knowledge
    practices = practices_of(knowledge.extras)
    if len(words) < 2:
        return notice_message(f"{USAGE} (practices: {', '.join(practices)}).")
    practice = practices.get(words[0].lower())
    if practice is None:
        known = ", ".join(f"`{p}`" for p in practices)
        return notice_message(f"I don't know the practice `{echo(words[0])}`. Practices: {known}.")
    found = find(knowledge, " ".join(words[1:]))
    if found is None or found[0] != "resource":
        return notice_message(f"I don't know the database `{echo(' '.join(words[1:]))}`.")
    resource = found[1]
    service: PracticesService = request.context[SERVICE]
    [finding] = [
        f for f in service.findings([resource], confirmed=False) if f.practice.id == practice.id
    ]
    name = f"*{escape_mrkdwn(practice.name)}* on *{escape_mrkdwn(resource)}*"
    if finding.status == "not_applicable":
        return notice_message(f"{name} does not apply: {escape_mrkdwn(finding.said)}.")
    if finding.status != "unknown":
        return notice_message(
            f"{name} is read from AWS's settings ({escape_mrkdwn(finding.said)}), so it is not "
            "confirmed by hand: change the setting and import again."
        )
    team = finding.team
    if not _may_confirm(request, team.id if team else None):
        holder = f"*{escape_mrkdwn(team.name)}*" if team else "the team doing that side"
        return notice_message(f"Only a member of {holder} or an admin can confirm {name}.")
    expires = service.confirm(practice.id, resource, request.user_id)
    logger.info("%s confirmed %s on %s", request.user_id, practice.id, resource)
    return notice_message(
        f":white_check_mark: Confirmed: {name}, by <@{request.user_id}> on "
        f"{service.deps.clock():%d %b %Y}. It holds until {expires:%d %b %Y}; confirm again then."
    )
