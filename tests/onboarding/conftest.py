"""Onboarding fixtures: an engine on a real store (SQLite and PostgreSQL) and LocalSlack."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from slack_sdk import WebClient

from bot.localslack import LocalSlack
from bot.localslack.ids import BOT_TOKEN
from bot.onboarding.engine import OnboardingEngine


@pytest.fixture(scope="module")
def slack_server() -> Iterator[LocalSlack]:
    with LocalSlack() as server:
        yield server


@pytest.fixture
def slack(slack_server: LocalSlack) -> LocalSlack:
    slack_server.clear()
    slack_server.users.clear()
    slack_server.workspace.messages.clear()  # a delivery's lookup must not find another test's
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
