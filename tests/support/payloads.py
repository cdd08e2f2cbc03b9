"""The one Block Kit validator: checks that a payload the bot sends is one Slack accepts (per
slack_sdk's models), for messages (a dict as sent, or a render module's message object with
``.text`` and ``.blocks``), lists of blocks and views."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View

from bot.render.tables import attachment_blocks, check_tables

MAX_MESSAGE_BLOCKS = 50
MAX_VIEW_BLOCKS = 100


def as_payload(message: Any) -> Mapping[str, Any]:
    """A payload dict, or a message object (``.text``, ``.blocks``) as the dict it sends."""
    if isinstance(message, Mapping):
        return message
    kwargs = getattr(message, "kwargs", None)  # a Message: with its table's attachment
    return kwargs() if callable(kwargs) else {"text": message.text, "blocks": message.blocks}


def blocks_of(payload: Any) -> list[dict[str, Any]]:
    blocks = as_payload(payload).get("blocks") or []
    return json.loads(blocks) if isinstance(blocks, str) else list(blocks)


def assert_valid_blocks(
    blocks: list[dict[str, Any]], *, limit: int = MAX_MESSAGE_BLOCKS, at_least: int = 0
) -> list[dict[str, Any]]:
    """``at_least`` to ``limit`` blocks, each parses and validates. Returns the blocks."""
    assert at_least <= len(blocks) <= limit, f"{len(blocks)} blocks"
    for raw in blocks:
        block = Block.parse(raw)
        assert block is not None, f"unknown block {raw!r}"
        block.validate_json()
    return blocks


def assert_valid_message(message: Any, *, at_least: int = 0) -> list[dict[str, Any]]:
    """Text fallback, at most 50 blocks (``at_least`` of them), each block parses and
    validates. Returns the blocks."""
    payload = as_payload(message)
    assert str(payload.get("text") or "").strip(), f"no text fallback in {payload!r}"
    check_tables(payload)  # at most one table, in the attachments, within Slack's limits
    assert_valid_blocks(attachment_blocks(payload))
    return assert_valid_blocks(blocks_of(payload), at_least=at_least)


def assert_valid_view(view: Mapping[str, Any] | str) -> dict[str, Any]:
    data = json.loads(view) if isinstance(view, str) else dict(view)
    assert data.get("type") in ("home", "modal")
    assert_valid_blocks(data["blocks"], limit=MAX_VIEW_BLOCKS, at_least=1)
    View(**data).validate_json()
    return data


def all_text(payload: Mapping[str, Any]) -> str:
    """Every string a person may see in the payload (text, blocks, fields, button labels).

    Button ``value``s are left out: Slack never shows them, it only sends them back."""
    out: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, str):
            out.append(node)
        elif isinstance(node, Mapping):
            for key, value in node.items():
                if key != "value":
                    walk(value)
        elif isinstance(node, list | tuple):
            for value in node:
                walk(value)

    walk(
        {
            "text": payload.get("text"),
            "blocks": blocks_of(payload),
            "attachments": payload.get("attachments") or [],
        }
    )
    return "\n".join(out)
