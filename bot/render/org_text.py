"""The organisation's answers as plain terminal text (``whoowns ask``). Pure: no I/O.

Teams by name (a terminal has no Slack handles); no Slack markup.
"""

from __future__ import annotations

from bot.answers import Holding, OrgAnswer, ResourceInfo, ResourceRow
from bot.answers.settings import SettingNote
from bot.kb.models import OWNER_LABELS

INDENT = "  "
DETAIL = "      "
YOUR_SIDE = "Your side"
MAX_LISTED = 200  # resources listed in one terminal answer; "and N more" past that


def team_side(answer: OrgAnswer) -> str:
    """How a team answer names the side the team holds: "Your side" only to a member."""
    if answer.member or answer.team is None:
        return YOUR_SIDE
    return f"{answer.team.name}'s side"


def _describe(info: ResourceInfo) -> str:
    categories = " / ".join(dict.fromkeys(c for c in info.category_names if c))
    where = ", ".join(p for p in (categories, info.environment or "") if p)
    return f"{info.id} is {info.service_name}" + (f" ({where})" if where else "")


def _owner(owner: str | None) -> str:
    return OWNER_LABELS.get(owner, "Not stated") if owner else "Not stated"


def _row(row: ResourceRow) -> list[str]:
    c = row.cell
    team = row.team.name if row.team else "no team set"
    first = f"{INDENT}{c.service_name} [{c.category_name}]  {_owner(c.owner)}"
    if c.owner == "aws" and not c.customer:
        return [f"{first} — nothing for your team"]
    lines = [first]
    if c.aws:
        lines.append(f"{DETAIL}AWS: {c.aws}")
    if c.customer:
        side = "You still configure" if c.owner == "aws" else "Your side"
        lines.append(f"{DETAIL}{side}: {c.customer} -> {team}")
    elif c.owner in ("customer", "shared"):
        lines.append(f"{DETAIL}Your side -> {team}")
    if row.settings:
        lines.append(f"{DETAIL}Set: {setting_text(row)}")
    return lines


# what the customer's side does about a setting that needs attention, by practice
FIX = {
    "backups-configured": "enabling it",
    "multi-az-in-production": "setting up failover",
    "encrypted-at-rest": "encrypting it",
    "not-publicly-accessible": "closing it",
    "iam-database-auth": "turning it on",
    "audit-logs-exported": "exporting them",
    "performance-monitoring": "turning it on",
}


def possessive(name: str) -> str:
    """ "Platform DB's", "Payments'"."""
    return f"{name}'" if name.endswith("s") else f"{name}'s"


def fix_words(note: SettingNote, row: ResourceRow) -> tuple[str, str] | None:
    """(what to do, the customer's part) for a setting needing attention: "enabling it",
    "Backup Configuration" (None: nothing needs attention, or no customer part is named)."""
    if note.attention is None or not row.cell.customer:
        return None
    fix = FIX.get(note.attention, "changing it")
    if note.attention == "backups-configured" and not note.text.endswith(("off", "not enabled")):
        fix = "keeping it longer"
    return fix, row.cell.customer.split(":", 1)[0].strip()


def setting_text(row: ResourceRow) -> str:
    """What is set, one line: "Maintenance window …. Pending: … — enabling it is Backup
    Configuration, Payments' side" ("" when nothing was imported)."""
    parts = []
    for note in row.settings:
        words = fix_words(note, row)
        side = f"{possessive(row.team.name)} side" if row.team else "no team set"
        parts.append(f"{note.text} — {words[0]} is {words[1]}, {side}" if words else note.text)
    return ". ".join(parts)


def _extras(info: ResourceInfo) -> list[str]:
    lines = [f"{INDENT}{li.title}: {li.url}" for li in info.links]
    # notes start where every other note of an answer starts; the resource is named
    return lines + ([f"Note ({info.id}): {info.note}"] if info.note else [])


def _holding(h: Holding, with_team: bool, side: str) -> list[str]:
    duties = ", ".join(d.name for d in h.duties) or "no duty with customer work"
    lines = [f"{INDENT}{_describe(h.resource)}", f"{DETAIL}{side} of: {duties}"]
    if with_team and h.teams:
        lines.append(f"{DETAIL}Team: {', '.join(t.name for t in h.teams)}")
    return lines


def _holdings(
    holdings: tuple[Holding, ...], empty: str, with_team: bool = False, side: str = YOUR_SIDE
) -> list[str]:
    if not holdings:
        return [f"{INDENT}{empty}"]
    lines = [line for h in holdings[:MAX_LISTED] for line in _holding(h, with_team, side)]
    if len(holdings) > MAX_LISTED:
        lines.append(f"{INDENT}… and {len(holdings) - MAX_LISTED} more")
    return lines


def render_org_lines(answer: OrgAnswer) -> list[str]:
    """The organisation part of the answer ([] when it has none)."""
    if answer.intent in ("who_owns", "overview"):
        lines: list[str] = []
        for info in answer.resources:
            rows = [r for r in answer.rows if r.resource == info.id]
            duty = rows[0].cell.duty_name if rows and answer.intent == "who_owns" else ""
            lines.append(f"{duty} — {_describe(info)}" if duty else _describe(info))
            if answer.intent == "who_owns":
                lines += [line for r in rows for line in _row(r)]
            else:
                for r in rows:
                    team = f" -> {r.team.name}" if r.team else ""
                    name = f"{r.cell.service_name}: " if len(info.services) > 1 else ""
                    lines.append(f"{INDENT}{name}{r.cell.duty_name}: {_owner(r.cell.owner)}{team}")
            lines += _extras(info)
        return lines
    if answer.intent == "classify":
        return [
            f"{r} is {c.service_name}: {c.category_name}"
            + ("" if c.matches is None else (" (yes)" if c.matches else " (no)"))
            for r, c in answer.resource_classes
        ]
    if answer.intent == "team" and answer.team is not None:
        return [
            f"{answer.team.name} ({answer.team.id}) holds:",
            *_holdings(answer.holdings, "no databases yet", side=team_side(answer)),
        ]
    if answer.intent == "my_resources":
        return _mine(answer)
    return []


def _mine(answer: OrgAnswer) -> list[str]:
    if not answer.known_user:
        return [
            "I don't know who is asking: give your Slack user id, e.g.",
            f"{INDENT}whoowns ask --user U0123ABCD my databases",
        ]
    if not answer.my_teams:
        names = ", ".join(t.name for t in answer.all_teams) or "none"
        return [
            f"You're not in any team I know. The teams: {names}.",
            "To be added, ask whoever keeps your organisation's whoowns files to list you under",
            "members: of your team, or join the team's Slack user group.",
        ]
    teams = ", ".join(t.name for t in answer.my_teams)
    return [
        f"Your databases (teams: {teams}):",
        *_holdings(answer.holdings, "your teams hold no databases yet", len(answer.my_teams) > 1),
    ]
