"""Knowledge gaps as Block Kit (an admin's Home section) and as terminal lines (the CLI).
Reported answers show their latest reasons (escaped: typed by readers) and, when they agreed,
who may be contacted."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bot.gaps.service import Gap
from bot.render.mrkdwn import echo, escape_mrkdwn
from bot.render.primitives import context, header, section, to_dicts

KIND_LABELS = {
    "unknown_term": "unknown term",
    "no_intent": "not understood",
    "low_confidence": "unsure",
    "reported": "reported",
}
HOME_EMPTY = "No questions went unanswered lately."
REPORTS_EMPTY = "No answer was reported as wrong or unclear lately."
REPORTS_FOOTER = (
    "Answers readers marked *Wrong or unclear?*, most reported first, with their latest "
    "reasons. `whoowns gaps dismiss TEXT` drops one once the knowledge is fixed."
)
HOME_FOOTER = (
    "Questions I could not answer fully, most asked first (shown to admins only). "
    "`whoowns gaps` lists more; `whoowns gaps dismiss TEXT` drops one."
)


def _line(gap: Gap) -> str:
    label = KIND_LABELS.get(gap.kind, gap.kind)
    return f"• *{escape_mrkdwn(gap.text)}* — {gap.count}× · {label} · last {gap.last_seen:%d %b}"


def _report_line(gap: Gap) -> str:
    line = f"• *{escape_mrkdwn(gap.text)}* — {gap.count}× · last {gap.last_seen:%d %b}"
    line += "".join(f"\n    “{echo(reason, 120)}”" for reason in gap.reasons)
    if gap.contacts:  # user ids from Slack's payloads, given with consent
        line += "\n    may be contacted: " + ", ".join(f"<@{c}>" for c in gap.contacts[:5])
    return line


def home_blocks(gaps: Sequence[Gap], reports: Sequence[Gap] = ()) -> list[dict[str, Any]]:
    body = "\n".join(_line(g) for g in gaps) if gaps else HOME_EMPTY
    told = "\n".join(_report_line(g) for g in reports) if reports else REPORTS_EMPTY
    blocks = [
        header(":memo: Knowledge gaps"),
        section(body),
        context(HOME_FOOTER),
        section(f"*Reported answers*\n{told}"),
        context(REPORTS_FOOTER),
    ]
    return list(to_dicts(blocks))


def terminal_lines(gaps: Sequence[Gap], window: str) -> list[str]:
    """``whoowns gaps`` without ``--json``."""
    if not gaps:
        return [f"No knowledge gaps {window}."]
    lines = [f"Knowledge gaps {window}, most asked first:"]
    width = max(len(str(g.count)) for g in gaps)
    for g in gaps:
        label = KIND_LABELS.get(g.kind, g.kind)
        lines.append(
            f"  {g.count:>{width}}×  {g.text}  ({label}; last {g.last_seen:%Y-%m-%d %H:%M} UTC)"
        )
        pad = " " * (width + 5)
        lines += [f"{pad}“{reason}”" for reason in g.reasons]
        if g.contacts:
            lines.append(f"{pad}may be contacted: {', '.join(g.contacts)}")
    return lines
