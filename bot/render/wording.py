"""Phrases the Slack card and the terminal text share (wording lives in render, not answers)."""

from __future__ import annotations

from collections.abc import Sequence

from bot.answers import OwnerCell

STILL_CONFIGURE = "owns this; you still configure"
NOT_STATED = "the course material does not state who owns this"


def still_configured(cell: OwnerCell) -> str:
    """What the customer still configures in a duty AWS owns (DynamoDB backups: "Backup
    Configuration: Retention policies and backup schedules"), or "" when nothing: "AWS owns
    this" followed by "You do: …" would read as a contradiction, so it is said in one line."""
    return cell.customer if cell.owner == "aws" and cell.customer else ""


def not_covered(names: Sequence[str]) -> str:
    """'I don't cover X: it is not a service in my knowledge.' (``names`` already quoted)."""
    if len(names) == 1:
        return f"I don't cover {names[0]}: it is not a service in my knowledge."
    return f"I don't cover {' / '.join(names)}: they are not services in my knowledge."


def covered_line(names: Sequence[str]) -> str:
    return "Services I cover: " + ", ".join(names) + "."


# One friendly line for small talk ("thanks!", "hello", "ok"), by kind: never the whole help.
SMALLTALK = {
    "greeting": "Hi! Ask me who owns a duty, e.g. “patching aurora”, or “help” for more.",
    "thanks": "You're welcome! Ask me any time.",
    "ack": "Ask me another whenever you like, e.g. “who backs up dynamodb?”.",
}


def smalltalk_line(kind: str | None) -> str:
    return SMALLTALK.get(kind or "", SMALLTALK["ack"])
