"""Practices as terminal text (``whoowns practices``): what needs attention in full, then a
line per other item, then the counts."""

from __future__ import annotations

import json
from collections.abc import Sequence

from bot.answers.practices import Finding

LABELS = {"attention": "ATTENTION", "unknown": "unknown", "ok": "ok", "not_applicable": "n/a"}


def _evidence(f: Finding) -> str:
    if not f.evidence:
        return ""
    return (
        " (" + ", ".join(f"{k}: {json.dumps(v, default=str)}" for k, v in f.evidence.items()) + ")"
    )


def _said(f: Finding) -> str:
    c = f.confirmed
    if c is not None:
        return f"confirmed by {c.by} on {c.at:%Y-%m-%d}, until {c.expires:%Y-%m-%d}"
    return f.said + _evidence(f)


def terminal_lines(findings: Sequence[Finding]) -> list[str]:
    if not findings:
        return ["No practices match."]
    lines: list[str] = []
    width = max(len(f.resource) for f in findings)
    pwidth = max(len(f.practice.id) for f in findings)
    for f in findings:
        team = f.team.name if f.team else "-"
        lines.append(
            f"{LABELS[f.status]:<9}  {f.resource:<{width}}  {f.practice.id:<{pwidth}}  "
            f"{team}: {_said(f)}"
        )
        if f.status == "attention":
            words = "; ".join(f'"{w}"' for w in f.practice.course)
            lines.append(f"{'':<9}  {'':<{width}}  {words} ({f.practice.source})")
    counts = {s: sum(1 for f in findings if f.status == s) for s in LABELS}
    lines.append("")
    lines.append(
        f"{counts['attention']} need attention, {counts['ok']} ok, {counts['unknown']} unknown "
        f"(not imported, or not visible in AWS's API), {counts['not_applicable']} not applicable"
    )
    return lines
