"""Admins' App Home: the people onboarding cannot reach (Slack refused their DMs for good)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from bot.render.mrkdwn import escape_mrkdwn
from bot.render.primitives import context, header, section, to_dicts
from bot.store.onboarding import StoppedUser

HOME_LIMIT = 5  # people listed; the rest counted
_USER_ID = re.compile(r"[UW][A-Z0-9]{2,20}")


def stopped_home_blocks(people: Sequence[StoppedUser]) -> list[dict[str, Any]]:
    """Nothing when everyone can be reached; else who, why and since when, the oldest first."""
    if not people:
        return []
    listed = sorted(people, key=lambda p: (p.stopped_at, p.user_id))[:HOME_LIMIT]
    lines = [
        f"• {_who(p.user_id)}: {escape_mrkdwn(p.reason)} since {p.stopped_at.day} {p.stopped_at:%b}"
        for p in listed
    ]
    if len(people) > len(listed):
        lines.append(f"…and {len(people) - len(listed)} more")
    return list(
        to_dicts(
            [
                header("Onboarding cannot reach"),
                section("\n".join(lines)),
                context(
                    "No lesson or review DM goes to them until they use the bot again. "
                    "`whoowns progress --user U…` shows one person's state."
                ),
            ]
        )
    )


def _who(user_id: str) -> str:
    return f"<@{user_id}>" if _USER_ID.fullmatch(user_id) else escape_mrkdwn(user_id)
