"""Checks that a payload the bot sends is one Slack accepts (per slack_sdk's models)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View

MAX_MESSAGE_BLOCKS = 50
MAX_VIEW_BLOCKS = 100


def blocks_of(payload: Mapping[str, Any]) -> list[dict[str, Any]]:
    blocks = payload.get("blocks") or []
    return json.loads(blocks) if isinstance(blocks, str) else list(blocks)


def assert_valid_message(payload: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Text fallback, ≤ 50 blocks, each block parses and validates. Returns the blocks."""
    assert str(payload.get("text") or "").strip(), f"no text fallback in {payload!r}"
    blocks = blocks_of(payload)
    assert len(blocks) <= MAX_MESSAGE_BLOCKS, f"{len(blocks)} blocks"
    for raw in blocks:
        block = Block.parse(raw)
        assert block is not None, f"unknown block {raw!r}"
        block.validate_json()
    return blocks


def assert_valid_view(view: Mapping[str, Any] | str) -> dict[str, Any]:
    data = json.loads(view) if isinstance(view, str) else dict(view)
    assert data.get("type") in ("home", "modal")
    assert 0 < len(data["blocks"]) <= MAX_VIEW_BLOCKS
    for raw in data["blocks"]:
        block = Block.parse(raw)
        assert block is not None
        block.validate_json()
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

    walk({"text": payload.get("text"), "blocks": blocks_of(payload)})
    return "\n".join(out)
