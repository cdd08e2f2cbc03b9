"""What ``/whoowns practices`` names after its verb: one database (a resource) or one team of the
organisation, by id, name or alias (spaces, case and punctuation ignored)."""

from __future__ import annotations

from bot.kb import normalize
from bot.kb.models import Knowledge


def find(knowledge: Knowledge, text: str) -> tuple[str, str] | None:
    """("resource", id) or ("team", id) named by ``text`` (an id, name or alias), or None."""
    wanted = normalize(text).replace(" ", "")
    if not wanted:
        return None
    for r in knowledge.resources.values():
        if any(normalize(n).replace(" ", "") == wanted for n in (r.id, *r.aliases)):
            return ("resource", r.id)
    for t in knowledge.teams.values():
        if any(normalize(n).replace(" ", "") == wanted for n in (t.id, t.name, *t.aliases)):
            return ("team", t.id)
    return None
