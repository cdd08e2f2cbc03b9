"""Knowledge gaps as Block Kit (an admin's Home section) and as terminal lines (the CLI)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bot.gaps.service import Gap
from bot.render.blocks import context, header, section, to_dicts
from bot.render.mrkdwn import escape_mrkdwn

KIND_LABELS = {
    "unknown_term": "unknown term",
    "no_intent": "not understood",
    "low_confidence": "unsure",
}
HOME_EMPTY = "No questions went unanswered lately."
HOME_FOOTER = (
    "Questions I could not answer fully, most asked first (shown to admins only). "
    "`whoowns gaps` lists more; `whoowns gaps dismiss TEXT` drops one."
)


def _line(gap: Gap) -> str:
    label = KIND_LABELS.get(gap.kind, gap.kind)
    return f"• *{escape_mrkdwn(gap.text)}* — {gap.count}× · {label} · last {gap.last_seen:%d %b}"


def home_blocks(gaps: Sequence[Gap]) -> list[dict[str, Any]]:
    body = "\n".join(_line(g) for g in gaps) if gaps else HOME_EMPTY
    blocks = [header(":memo: Knowledge gaps"), section(body), context(HOME_FOOTER)]
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
    return lines
