"""``/whoowns practices [RESOURCE | TEAM | mine] [all]`` and ``/whoowns practices confirm
PRACTICE RESOURCE``, privately; Home's "Practices" button opens the same view in a modal.

Anything after ``practices`` that names no resource or team (nor ``mine``, ``all``,
``confirm …``) is answered as a question, as without this feature.
"""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk.models.views import View as SlackView

from bot.answers.practice_catalog import practices_of
from bot.deps import Deps
from bot.kb.models import Knowledge
from bot.listeners.core import reply_for, workspace_of
from bot.listeners.errors import reported
from bot.listeners.registry import Registry, SlashRequest
from bot.practices import render
from bot.practices.confirm import confirm_reply
from bot.practices.service import SERVICE, PracticesService
from bot.practices.targets import find
from bot.render.help_blocks import HelpEntry
from bot.render.mrkdwn import escape_mrkdwn
from bot.render.org_blocks import PRACTICES_ACTION
from bot.render.primitives import Message, notice_message

logger = logging.getLogger(__name__)
HOME_ACTION = PRACTICES_ACTION
HELP = (
    HelpEntry("/whoowns practices", "the course's best practices on your teams' databases"),
    HelpEntry("/whoowns practices orders-db all", "every practice on one database (or a team)"),
    HelpEntry(
        "/whoowns practices confirm backups-configured legacy-crm",
        "say a practice is in place where AWS's API cannot show it",
    ),
)
MINE = frozenset(("mine", "my", "my databases", "my teams"))


def my_teams(context: BoltContext, user: str, knowledge: Knowledge) -> tuple[str, ...]:
    memberships = context.get("teams")
    if memberships is None:
        return ()
    workspace = workspace_of(context, context["deps"])
    return tuple(memberships.teams_of(user, context.client, knowledge, workspace=workspace))


def team_view(service: PracticesService, knowledge: Knowledge, teams: tuple[str, ...]) -> list:
    """The findings whose customer side is one of ``teams``."""
    held = {r.id for t in teams for r in knowledge.resources_of(t)}
    ids = [r for r in knowledge.resources if r in held]
    return [f for f in service.findings(ids) if f.team is not None and f.team.id in teams]


def mine_view(
    context: BoltContext, user: str, everything: bool, *, knowledge: Knowledge
) -> render.View | Message:
    teams = my_teams(context, user, knowledge)
    if not teams:
        names = ", ".join(f"`{escape_mrkdwn(t)}`" for t in list(knowledge.teams)[:20]) or "none"
        return notice_message(
            "You're not in any team I know, so I can't tell which databases are yours. "
            f"Ask about one: `/whoowns practices TEAM` (teams: {names})."
        )
    service: PracticesService = context[SERVICE]
    findings = team_view(service, knowledge, teams)
    cli = "whoowns practices " + " ".join(f"--team {t}" for t in teams)
    return render.View("your teams' databases", "mine", cli, findings, everything)


def build_view(
    request: SlashRequest, target: tuple[str, str], everything: bool
) -> render.View | Message:
    knowledge = request.deps.knowledge
    service: PracticesService = request.context[SERVICE]
    kind, ident = target
    if kind == "mine":
        return mine_view(request.context, request.user_id, everything, knowledge=knowledge)
    if kind == "resource":
        findings = service.findings([ident])
        cli = f"whoowns practices --resource {ident}"
        return render.View(ident, ident, cli, findings, everything)
    findings = team_view(service, knowledge, (ident,))
    name = knowledge.teams[ident].name
    return render.View(name, ident, f"whoowns practices --team {ident}", findings, everything)


def handle_practices(request: SlashRequest) -> None:
    knowledge = request.deps.knowledge
    words = request.args.split()
    if words and words[0].lower() == "confirm":
        request.reply(confirm_reply(request, words[1:]))
        return
    everything = bool(words) and words[-1].lower() == "all"
    rest = " ".join(words[:-1] if everything else words)
    target: tuple[str, str] | None = ("mine", "") if rest.lower() in MINE or not rest else None
    target = target or find(knowledge, rest)
    if target is None or not practices_of(knowledge.extras):
        request.reply(reply_for(request.context, request.text, shareable=True))
        return
    view = build_view(request, target, everything)
    if isinstance(view, Message):
        request.reply(view)
        return
    request.reply(render.view_message(view, workspace_of(request.context, request.deps)))


def handle_home_button(ack: Ack, body: dict[str, Any], context: BoltContext) -> None:
    ack()
    with reported(body, context):
        user = str(body.get("user", {}).get("id", ""))
        knowledge = context["deps"].knowledge
        view = mine_view(context, user, False, knowledge=knowledge)
        if isinstance(view, Message):
            blocks = list(view.blocks)
        else:
            workspace = workspace_of(context, context["deps"])
            made = render.view_blocks(view, workspace, limit=render.MODAL_ITEMS)
            blocks = [b.to_dict() for b in made]
        modal = SlackView(
            type="modal",
            title={"type": "plain_text", "text": "Practices"},
            close={"type": "plain_text", "text": "Close"},
            blocks=blocks,
        )
        context.client.views_open(trigger_id=body.get("trigger_id"), view=modal.to_dict())


def register(app: App, deps: Deps, registry: Registry) -> None:
    registry.add_subcommand("practices", handler=handle_practices, help=HELP)
    app.action(HOME_ACTION)(handle_home_button)
