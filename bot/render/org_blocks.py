"""The organisation's answers as Block Kit: resources with the team column, a team's holdings,
"my databases", the "Your databases" Home section. Pure, like :mod:`bot.render.course_blocks`.

Teams: in the asker's private answer (``mention=True``) a team is shown by its Slack handle
from the knowledge (``<!subteam^S…>``, ``<#C…>``, ``<@U…>``); in an answer shared in the channel
(``mention=False``) by its name only, so a Share pings nobody. Every text from the
organisation's files (notes, link titles, names) is escaped like user text.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from slack_sdk.models.blocks import ActionsBlock, Block

from bot.answers import Holding, OrgAnswer, ResourceInfo, ResourceRow, TeamRef
from bot.kb.models import slack_id_in
from bot.render.mrkdwn import badge, escape_mrkdwn, trim
from bot.render.org_text import YOUR_SIDE, fix_words, possessive, team_side
from bot.render.primitives import button, context, header, section
from bot.render.tables import Table, fit

MAX_ORG_SECTIONS = 30  # resource / holding sections in one answer; "and N more" past that
HOME_RESOURCES = 5  # resources listed in the Home section
MY_DATABASES = "/whoowns my databases"
PRACTICES_ACTION = "practices_open"  # Home's button to the practices view (bot.practices)


def team_label(team: TeamRef | None, *, mention: bool) -> str:
    """The team as mrkdwn: its handle (``mention``) from the knowledge, else its name."""
    if team is None:
        return "_no team set_"
    handle = slack_id_in(team.slack, None) if mention and team.slack else None
    if handle:  # a plain id (bot.answers.in_workspace: those of the asker's workspace)
        kind = handle[:1]
        if kind == "S":
            return f"<!subteam^{handle}>"
        if kind in ("C", "G"):
            return f"<#{handle}>"
        return f"<@{handle}>"
    return f"*{escape_mrkdwn(team.name)}*"


def link(url: str, title: str) -> str:
    """A Slack link to a URL of the knowledge (checked http(s)), its title escaped."""
    safe = url.replace("&", "&amp;").replace("<", "%3C").replace(">", "%3E").replace("|", "%7C")
    return f"<{safe}|{escape_mrkdwn(trim(title, 80))}>"


def describe(info: ResourceInfo) -> str:
    """ "*orders-db* is Amazon Aurora Provisioned (Managed, prod)"."""
    categories = " / ".join(dict.fromkeys(c for c in info.category_names if c))
    where = ", ".join(p for p in (categories, escape_mrkdwn(info.environment or "")) if p)
    name = escape_mrkdwn(info.service_name)
    return f"*{escape_mrkdwn(info.id)}* is {name}" + (f" ({where})" if where else "")


def _extras(info: ResourceInfo) -> list[Block]:
    parts = [link(li.url, li.title) for li in info.links]
    if info.note:
        parts.append(f":memo: {escape_mrkdwn(trim(info.note, 500))}")
    return [context(*parts[:10])] if parts else []


def _row_text(row: ResourceRow, *, mention: bool) -> str:
    c = row.cell
    team = team_label(row.team, mention=mention)
    first = f"*{escape_mrkdwn(c.service_name or '')}*: {badge(c.owner)}"
    if c.owner == "aws" and not c.customer:
        return f"{first} — nothing for your team"
    lines = [first]
    if c.aws:
        lines.append(f"• AWS: {escape_mrkdwn(c.aws)}")
    if c.customer:
        side = "you still configure" if c.owner == "aws" else "your side"
        lines.append(f"• {side.capitalize()}: {escape_mrkdwn(c.customer)} → {team}")
    elif c.owner in ("customer", "shared"):
        lines.append(f"• Your side → {team}")
    if row.settings:
        lines.append(f"• Set: {_settings(row, mention=mention)}")
    return "\n".join(lines)


def _settings(row: ResourceRow, *, mention: bool) -> str:
    """What is set, escaped; a setting needing attention names the part and the team."""
    parts = []
    for note in row.settings:
        text = escape_mrkdwn(note.text)
        words = fix_words(note, row)
        if words:
            label = team_label(row.team, mention=mention)
            side = label  # "_no team set_"
            if row.team is not None:
                name = f"*{escape_mrkdwn(possessive(row.team.name))}*"
                side = f"{label}'s side" if label.startswith("<") else f"{name} side"
            fix, part = words
            text += f" — {escape_mrkdwn(fix)} is {escape_mrkdwn(part)}, {side}"
        parts.append(text)
    return ". ".join(parts)


def _more(shown: int, total: int, what: str) -> list[Block]:
    if total <= shown:
        return []
    return [context(f"… and {total - shown} more {what}: ask about one of them by name.")]


def team_table(answer: OrgAnswer) -> Table | None:
    """A team's databases × the duties it holds there (None: not a team answer, or empty);
    past Slack's row limit, the last row names the command that lists them all."""
    if answer.intent != "team" or answer.team is None or not answer.holdings:
        return None
    duties = {d.id: d.name for h in answer.holdings for d in h.duties}
    rows = tuple(
        (
            h.resource.id,
            h.resource.service_name,
            *("yes" if d in {x.id for x in h.duties} else "" for d in duties),
        )
        for h in answer.holdings
    )
    table = Table(header=("Database", "Service", *duties.values()), rows=rows)
    return fit(table, more=f"whoowns inventory list --team {answer.team.id}")


def org_blocks(answer: OrgAnswer, *, mention: bool, tabled: bool = False) -> list[Block]:
    """The card body for an organisation answer (None-free; [] when there is nothing).
    ``tabled``: a team's databases are in :func:`team_table`, shown under these blocks."""
    if answer.intent == "who_owns":
        return _who_owns(answer, mention=mention)
    if answer.intent == "overview":
        return _overview(answer, mention=mention)
    if answer.intent == "classify":
        return _classify(answer)
    if answer.intent == "team" and answer.team is not None:
        title = f"{trim(answer.team.name, 100)}: the databases it holds"
        blocks: list[Block] = [header(title)]
        blocks.append(section(f"Team {team_label(answer.team, mention=mention)}"))
        if tabled and answer.holdings:
            count = len(answer.holdings)
            side = escape_mrkdwn(team_side(answer))
            text = f"{count} database{'s' * (count != 1)}. {side} of: the duties marked yes below."
            return [*blocks, section(text)]
        return blocks + _holdings(
            answer.holdings, mention=mention, empty="No databases yet.", side=team_side(answer)
        )
    if answer.intent == "my_resources":
        return _mine(answer, mention=mention)
    return []


def _who_owns(answer: OrgAnswer, *, mention: bool) -> list[Block]:
    duty = answer.rows[0].cell.duty_name if answer.rows else "this duty"
    blocks: list[Block] = [header(trim(f"Who owns {duty}?", 150))]
    infos = answer.resources[:MAX_ORG_SECTIONS]
    for info in infos:
        rows = [r for r in answer.rows if r.resource == info.id]
        text = "\n".join([describe(info), *(_row_text(r, mention=mention) for r in rows)])
        blocks.append(section(trim(text, 3000)))
        blocks += _extras(info)
    blocks += _more(len(infos), len(answer.resources), "databases")
    return blocks


def _overview(answer: OrgAnswer, *, mention: bool) -> list[Block]:
    names = ", ".join(i.id for i in answer.resources[:3])
    blocks: list[Block] = [header(trim(f"{names}: who owns what", 150))]
    for info in answer.resources[:MAX_ORG_SECTIONS]:
        blocks.append(section(describe(info)))
        for service in info.services:
            rows = [
                r for r in answer.rows if r.resource == info.id and r.cell.service == service.id
            ]
            lines = [f"*{escape_mrkdwn(service.name)}*"] if len(info.services) > 1 else []
            for r in rows:
                team = f" → {team_label(r.team, mention=mention)}" if r.team else ""
                lines.append(f"{escape_mrkdwn(r.cell.duty_name)} — {badge(r.cell.owner)}{team}")
            blocks.append(section(trim("\n".join(lines), 3000)))
        blocks += _extras(info)
    blocks += _more(MAX_ORG_SECTIONS, len(answer.resources), "databases")
    blocks.append(context("Ask `/whoowns DUTY RESOURCE` for what each side does."))
    return blocks


def _classify(answer: OrgAnswer) -> list[Block]:
    lines = []
    for resource, c in answer.resource_classes:
        verdict = ""
        if c.matches is not None:
            verdict = " — yes" if c.matches else " — no"
        lines.append(
            f"*{escape_mrkdwn(resource)}* is {escape_mrkdwn(c.service_name)}: "
            f"*{escape_mrkdwn(c.category_name)}*{verdict}"
        )
    return [section(trim("\n".join(lines), 3000))] if lines else []


def holding_text(
    h: Holding, *, mention: bool, with_team: bool = False, side: str = YOUR_SIDE
) -> str:
    duties = ", ".join(escape_mrkdwn(d.name) for d in h.duties) or "_no duty with customer work_"
    text = f"{describe(h.resource)}\n{escape_mrkdwn(side)} of: {duties}"
    if with_team and h.teams:
        text += "\nTeam: " + ", ".join(team_label(t, mention=mention) for t in h.teams)
    return trim(text, 3000)


def _holdings(
    holdings: Sequence[Holding],
    *,
    mention: bool,
    empty: str,
    with_team: bool = False,
    side: str = YOUR_SIDE,
) -> list[Block]:
    if not holdings:
        return [section(empty)]
    shown = holdings[:MAX_ORG_SECTIONS]
    blocks: list[Block] = [
        section(holding_text(h, mention=mention, with_team=with_team, side=side)) for h in shown
    ]
    return blocks + _more(len(shown), len(holdings), "databases")


def _mine(answer: OrgAnswer, *, mention: bool) -> list[Block]:
    if not answer.known_user:
        return [section("I can't tell who is asking, so I don't know your teams.")]
    if not answer.my_teams:
        names = ", ".join(f"*{escape_mrkdwn(t.name)}*" for t in answer.all_teams[:20]) or "none"
        return [
            section(f"You're not in any team I know. The teams: {names}."),
            context(
                "To be added, ask whoever keeps your organisation's whoowns files to list you "
                "under `members:` of your team, or join the team's Slack user group."
            ),
        ]
    teams = ", ".join(team_label(t, mention=mention) for t in answer.my_teams)
    blocks: list[Block] = [header("Your databases"), section(f"Your teams: {teams}")]
    return blocks + _holdings(
        answer.holdings,
        mention=mention,
        empty="Your teams hold no databases yet.",
        with_team=len(answer.my_teams) > 1,
    )


def home_blocks(
    holdings: Sequence[Holding], attention: Mapping[str, int] | None = None
) -> list[Block]:
    """Home's "Your databases": a few of them, a pointer to the full list (always short).
    ``attention``: resource id -> practices needing attention there, with a button to the
    practices view (None: no practices to show)."""
    if not holdings:
        return []
    blocks: list[Block] = [header("Your databases")]
    for h in holdings[:HOME_RESOURCES]:
        text = holding_text(h, mention=True)
        count = (attention or {}).get(h.resource.id, 0)
        if count:
            text += f"\n:warning: {count} practice{'s' * (count != 1)} need attention"
        blocks.append(section(trim(text, 3000)))
    more = len(holdings) - HOME_RESOURCES
    tail = f"… and {more} more. " if more > 0 else ""
    blocks.append(context(f"{tail}All of them: `{MY_DATABASES}`"))
    if attention is not None:
        blocks.append(ActionsBlock(elements=[button("Practices", PRACTICES_ACTION, "mine")]))
    return blocks


def org_fallback(answer: OrgAnswer) -> str | None:
    """The one-line ``text`` of an organisation answer (escaped; names only, no handles)."""
    if answer.intent in ("who_owns", "overview") and answer.rows:
        parts = []
        for r in answer.rows[:8]:
            team = f" → {r.team.name}" if r.team else ""
            parts.append(f"{r.resource}, {r.cell.duty_name}: {r.cell.owner or 'not stated'}{team}")
        return escape_mrkdwn("; ".join(parts) + ("…" if len(answer.rows) > 8 else ""))
    if answer.intent == "team" and answer.team is not None:
        names = ", ".join(h.resource.id for h in answer.holdings[:10]) or "no databases"
        return escape_mrkdwn(f"{answer.team.name} holds: {names}")
    if answer.intent == "my_resources":
        names = ", ".join(h.resource.id for h in answer.holdings[:10])
        return escape_mrkdwn(f"Your databases: {names}" if names else "Your databases: none")
    return None
