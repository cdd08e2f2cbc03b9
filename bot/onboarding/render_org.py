"""The words of the lesson "Your team's databases" (:mod:`bot.onboarding.org_lesson`): its
title and what it shows, as lesson sections (Block Kit comes from :mod:`.render`, which escapes
every line: resource ids, notes and team names are the organisation's text). Pure: no I/O."""

from __future__ import annotations

from collections.abc import Sequence

from bot.answers import Holding
from bot.onboarding.lessons import Section

ORG_LESSON_TITLE = "Your team's databases"
MAX_SHOWN = 10  # resources shown in the lesson; the rest: "and N more" (Slack's 50 blocks)


def org_lesson_sections(found: Sequence[Holding]) -> list[Section]:
    intro = (
        "These are your company's databases where your team holds the customer side. "
        "For each: what it is, and the duties that are your team's. AWS does its part as the "
        "course showed; whoowns answers `/whoowns my databases` any time."
    )
    out = [Section("", (intro,), "text")]
    for h in found[:MAX_SHOWN]:
        r = h.resource
        categories = ", ".join(dict.fromkeys(c for c in r.category_names if c))
        about = ", ".join(x for x in (r.service_name, categories, r.environment) if x)
        duties = ", ".join(d.name for d in h.duties) or "none of the table's duties"
        lines = [f"Your team does: {duties}"]
        if r.note:
            lines.append(r.note)
        out.append(Section(f"{r.id} ({about})", tuple(lines)))
    if len(found) > MAX_SHOWN:
        more = f"… and {len(found) - MAX_SHOWN} more: `/whoowns my databases` lists them all."
        out.append(Section("", (more,), "text"))
    return out
