"""Phrases the Slack card and the terminal text share (wording lives in render, not answers)."""

from __future__ import annotations

from bot.answers import OwnerCell

STILL_CONFIGURE = "owns this; you still configure"


def still_configured(cell: OwnerCell) -> str:
    """What the customer still configures in a duty AWS owns (DynamoDB backups: "Backup
    Configuration: Retention policies and backup schedules"), or "" when nothing: "AWS owns
    this" followed by "You do: …" would read as a contradiction, so it is said in one line."""
    return cell.customer if cell.owner == "aws" and cell.customer else ""
