"""``/whoowns digest subscribe TEAM [HH:MM] [TZ] [DAYS]``, ``digest unsubscribe`` and ``digest
status``, in a channel. The schedule is parsed as the quiz's (same order and defaults, but one
day a week: Monday). Setting or stopping a digest is for workspace admins and the team's
members."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import App
from slack_sdk.errors import SlackApiError, SlackClientError

from bot.admins.check import log_change, workspace_refusal
from bot.deps import Deps
from bot.kb import normalize
from bot.kb.models import Knowledge
from bot.listeners.core import workspace_of
from bot.listeners.registry import Registry, SlashRequest
from bot.quiz.schedule import ScheduleError, make_schedule, next_slot, parse_days, parse_schedule
from bot.render.help_blocks import HelpEntry
from bot.render.mrkdwn import escape_mrkdwn, trim
from bot.render.primitives import notice_message
from bot.slack.delivery import Courier, join
from bot.store.digests import DigestStore, Subscription

logger = logging.getLogger(__name__)
DEFAULT_DAYS = parse_days("mon")
USAGE = "`/whoowns digest subscribe TEAM [HH:MM] [TIME_ZONE] [DAYS]` (default: 09:00, Mondays)"
HELP = (
    HelpEntry("/whoowns digest subscribe platform-db", "a team's weekly digest in this channel"),
    HelpEntry("/whoowns digest status", "this channel's weekly digest"),
)
NO_DIGEST = "This channel has no weekly digest. Start one: " + USAGE + "."


def find_team(knowledge: Knowledge, text: str) -> str | None:
    wanted = normalize(text).replace(" ", "")
    for t in knowledge.teams.values():
        if wanted and any(
            normalize(n).replace(" ", "") == wanted for n in (t.id, t.name, *t.aliases)
        ):
            return t.id
    return None


def _user_tz(client: Any, user_id: str) -> str | None:
    try:
        return str(client.users_info(user=user_id)["user"].get("tz") or "") or None
    except (SlackApiError, SlackClientError, OSError, KeyError, TypeError):
        return None


def _may(request: SlashRequest, team: str) -> bool:
    """Workspace admins, and the team's members."""
    if workspace_refusal(request, "quiz_change") is None:
        return True
    memberships = request.context.get("teams")
    if memberships is None:
        return False
    workspace = workspace_of(request.context, request.deps)
    knowledge = request.deps.knowledge
    mine = memberships.teams_of(request.user_id, request.client, knowledge, workspace=workspace)
    return team in tuple(mine)


def _refused(team_name: str) -> str:
    return (
        f"Only workspace admins and members of {team_name} can change this channel's digest "
        f"of {team_name}."
    )


def _subscribe(request: SlashRequest, store: DigestStore, tokens: list[str]) -> None:
    knowledge = request.deps.knowledge
    team = find_team(knowledge, tokens[0]) if tokens else None
    if team is None:
        said = f"`{escape_mrkdwn(trim(tokens[0], 60))}` is not a team I know. " if tokens else ""
        names = ", ".join(f"`{escape_mrkdwn(t)}`" for t in list(knowledge.teams)[:20]) or "none"
        request.reply(notice_message(f"{said}Use {USAGE} (teams: {names})."))
        return
    name = escape_mrkdwn(knowledge.teams[team].name)
    if not _may(request, team):
        request.reply(notice_message(_refused(name)))
        return
    rest = tokens[1:]
    needs_tz = not any("/" in t or t.upper() == "UTC" for t in rest)
    user_tz = _user_tz(request.client, request.user_id) if needs_tz else None
    try:
        schedule = parse_schedule(rest, user_tz or "UTC", DEFAULT_DAYS)
    except ScheduleError as exc:
        request.reply(notice_message(f"{exc} Use {USAGE}."))
        return
    now = request.deps.clock()
    store.subscribe(
        request.channel_id, team, schedule.time_text, schedule.tz, schedule.days_text,
        request.user_id, now,
    )  # fmt: skip
    log_change(request, f"digest of {team} subscribed: {schedule.describe()}")
    join(Courier(request.client), store.store, request.channel_id, now)
    nxt = next_slot(schedule, now, at_or_after=True).scheduled_utc
    text = (
        f"<@{request.user_id}> set up the weekly digest of {name} here: {schedule.describe()} "
        f"(next: {nxt:%a %d %b %H:%M} UTC). It lists what needs attention, maintenance in the "
        "next 14 days and what changed; nothing is posted when there is nothing to say."
    )
    request.reply(notice_message(text), in_channel=True)


def _current(request: SlashRequest, store: DigestStore) -> tuple[Subscription, str] | None:
    """This channel's digest and its team's name (escaped); None, said so, when there is none."""
    sub = store.subscription(request.channel_id)
    if sub is None:
        request.reply(notice_message(NO_DIGEST))
        return None
    team = request.deps.knowledge.teams.get(sub.team)
    return sub, escape_mrkdwn(team.name if team else sub.team)


def _unsubscribe(request: SlashRequest, store: DigestStore) -> None:
    current = _current(request, store)
    if current is None:
        return
    sub, name = current
    if not _may(request, sub.team):
        request.reply(notice_message(_refused(name)))
        return
    store.unsubscribe(request.channel_id)
    log_change(request, f"digest of {sub.team} unsubscribed")
    text = f"<@{request.user_id}> stopped the weekly digest of {name} in this channel."
    request.reply(notice_message(text), in_channel=True)


def _status(request: SlashRequest, store: DigestStore) -> None:
    current = _current(request, store)
    if current is None:
        return
    sub, name = current
    schedule = make_schedule(sub.at, sub.tz, sub.days)
    text = f"This channel gets the weekly digest of {name}: {schedule.describe()}."
    request.reply(notice_message(text))


def handle_digest(request: SlashRequest) -> None:
    if request.deps.store is None:
        request.reply(notice_message("The weekly digest needs the database."))
        return
    store = DigestStore(request.deps.store)
    word, _, rest = request.args.partition(" ")
    word = word.lower()
    if word in ("subscribe", "sub", "start"):
        _subscribe(request, store, rest.split())
    elif word in ("unsubscribe", "unsub", "stop"):
        _unsubscribe(request, store)
    elif word in ("status", "schedule"):
        _status(request, store)
    else:
        request.reply(notice_message(f"Use {USAGE}, `/whoowns digest unsubscribe` or `status`."))


def register(app: App, deps: Deps, registry: Registry) -> None:
    registry.add_subcommand("digest", handler=handle_digest, help=HELP)
