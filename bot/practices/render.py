"""Practices as Block Kit: the private ``/whoowns practices`` view (and Home's modal).

Attention items first, each with the team, what is set (AWS's setting as evidence) and the
course's words; ``unknown`` items are counted, listed only when asked (``all``), and so are
the ``ok`` ones; ``not_applicable`` is counted. Within Slack's limits for any fleet: at most
:data:`MAX_ITEMS` item sections, then "… and N more" naming the CLI and ``all``.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Sequence
from typing import NamedTuple

from slack_sdk.models.blocks import Block

from bot.answers.practices import Finding
from bot.kb.models import slack_id_in
from bot.render.mrkdwn import escape_mrkdwn, trim
from bot.render.org_blocks import team_label
from bot.render.primitives import Message, context, header, section, to_dicts

MAX_ITEMS = 40  # item sections in one message (Slack: 50 blocks), then "… and N more"
MODAL_ITEMS = 80  # in Home's modal (Slack: 100 blocks)
ICONS = {"attention": ":warning:", "unknown": ":grey_question:", "ok": ":white_check_mark:"}
CONFIRM = "/whoowns practices confirm"


class View(NamedTuple):
    """What was asked: a title ("orders-db", "Platform DB", "your teams' databases"), the
    command that lists everything, and the findings."""

    title: str
    target: str  # what follows `/whoowns practices` to ask again ("orders-db", "mine")
    cli: str  # the terminal command listing every item ("whoowns practices --team sre")
    findings: Sequence[Finding]
    everything: bool = False  # `all`: unknown and ok items listed too


def counts(findings: Sequence[Finding]) -> dict[str, int]:
    out = {"attention": 0, "unknown": 0, "ok": 0, "not_applicable": 0}
    for f in findings:
        out[f.status] += 1
    return out


def summary(findings: Sequence[Finding]) -> str:
    c = counts(findings)
    return (
        f"{c['attention']} need attention · {c['ok']} ok · {c['unknown']} unknown · "
        f"{c['not_applicable']} not applicable"
    )


def _team(finding: Finding, workspace: str | None) -> str:
    team = finding.team
    if team is None:
        return "_no team set_"
    if team.slack:
        team = dataclasses.replace(team, slack=slack_id_in(team.slack, workspace))
    return team_label(team, mention=True)


def _evidence(finding: Finding) -> str:
    if not finding.evidence:
        return ""
    shown = ", ".join(f"{k}: {json.dumps(v, default=str)}" for k, v in finding.evidence.items())
    return f" (`{escape_mrkdwn(trim(shown, 300))}`)"


def _confirmed(finding: Finding) -> str:
    c = finding.confirmed
    if c is None:
        return ""
    return f"ok (confirmed by <@{c.by}> on {c.at:%d %b %Y}, until {c.expires:%d %b %Y})"


def item_text(finding: Finding, workspace: str | None) -> str:
    """One practice on one resource, as mrkdwn (everything from files escaped)."""
    p = finding.practice
    icon = ICONS.get(finding.status, "")
    head = f"{icon} *{escape_mrkdwn(finding.resource)}* · {escape_mrkdwn(p.name)}"
    said = _confirmed(finding) or escape_mrkdwn(finding.said) + _evidence(finding)
    words = "; ".join(f"“{escape_mrkdwn(w)}”" for w in p.course)
    lines = [
        head,
        said,
        f"Customer side: {_team(finding, workspace)} · {words} _({escape_mrkdwn(p.source)})_",
    ]
    if finding.status == "unknown" and finding.evidence is None:
        lines.append(f"Once checked: `{CONFIRM} {p.id} {escape_mrkdwn(finding.resource)}`")
    return trim("\n".join(lines), 3000)


def _listed(view: View) -> list[Finding]:
    shown = ("attention", "unknown", "ok") if view.everything else ("attention",)
    return [f for f in view.findings if f.status in shown]


def view_blocks(view: View, workspace: str | None, *, limit: int = MAX_ITEMS) -> list[Block]:
    listed = _listed(view)
    blocks: list[Block] = [
        header(trim(f"Practices: {view.title}", 150)),
        section(f"*{summary(view.findings)}*"),
    ]
    if not view.findings:
        blocks.append(section("No databases here yet."))
    elif not listed:
        blocks.append(section(":white_check_mark: Nothing needs attention."))
    blocks += [section(item_text(f, workspace)) for f in listed[:limit]]
    more = len(listed) - limit
    target = escape_mrkdwn(view.target)
    if more > 0:
        blocks.append(
            context(
                f"… and {more} more. All of them: `{escape_mrkdwn(view.cli)}` in the terminal"
                + ("" if view.everything else f", or `/whoowns practices {target} all`")
            )
        )
    elif not view.everything and counts(view.findings)["unknown"]:
        blocks.append(
            context(
                "Unknown: not imported, or not visible in AWS's API. "
                f"To list them: `/whoowns practices {target} all`"
            )
        )
    return blocks


def view_message(view: View, workspace: str | None) -> Message:
    c = counts(view.findings)
    text = f"Practices, {view.title}: {c['attention']} need attention"
    return Message(text=escape_mrkdwn(text), blocks=to_dicts(view_blocks(view, workspace)))
