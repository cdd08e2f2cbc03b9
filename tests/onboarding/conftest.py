"""Onboarding fixtures: an engine on a real store (SQLite and PostgreSQL) and LocalSlack."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

import pytest
from slack_sdk import WebClient

from bot.localslack import LocalSlack
from bot.onboarding.engine import OnboardingEngine
from tests.support.payloads import assert_valid_message

BOT_TOKEN = "xoxb-onboarding-test"


@pytest.fixture(scope="module")
def slack_server() -> Iterator[LocalSlack]:
    with LocalSlack() as server:
        yield server


@pytest.fixture
def slack(slack_server: LocalSlack) -> LocalSlack:
    slack_server.clear()
    slack_server.users.clear()
    return slack_server


@pytest.fixture
def engine(knowledge, store, slack) -> OnboardingEngine:
    """On both databases (the ``store`` fixture)."""
    client = WebClient(token=BOT_TOKEN, base_url=slack.base_url, timeout=5)
    return OnboardingEngine(knowledge, store, client)


@pytest.fixture
def sqlite_engine(knowledge, slack, tmp_path) -> Iterator[OnboardingEngine]:
    """On SQLite only: for long simulations whose SQL the both-database suites already cover."""
    from bot.store import open_store

    store = open_store(f"sqlite:///{tmp_path / 'whoowns.db'}")
    client = WebClient(token=BOT_TOKEN, base_url=slack.base_url, timeout=5)
    yield OnboardingEngine(knowledge, store, client)
    store.close()


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
