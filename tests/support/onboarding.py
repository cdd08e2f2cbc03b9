"""Reading what onboarding sent: the DMs to a person, the buttons of a message, a time."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.localslack import LocalSlack
from tests.support.payloads import assert_valid_message

_VALID: set[tuple[str, float]] = set()  # calls whose payload was already validated


def dms(slack: LocalSlack, user: str) -> list[dict[str, Any]]:
    """Every message posted to ``user``'s DM, as sent (blocks decoded and validated)."""
    out = []
    for call in slack.calls_to("chat.postMessage", ok=True):
        if call.args.get("channel") == user:
            payload = {"text": call.args.get("text", ""), "blocks": call.json_arg("blocks") or []}
            key = (str((call.response or {}).get("ts")), call.at)
            if key not in _VALID:
                assert_valid_message(payload)
                _VALID.add(key)
            out.append(payload)
    return out


def buttons(payload: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        element
        for block in payload.get("blocks", [])
        if block.get("type") == "actions"
        for element in block["elements"]
    ]


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)
