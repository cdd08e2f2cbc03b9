"""Quiz fixtures: a LocalSlack, a WebClient pointing at it, an engine on the `store` fixture."""

from __future__ import annotations

import pytest
from slack_sdk import WebClient

from bot.localslack import LocalSlack
from bot.localslack.ids import BOT_TOKEN
from bot.slack.client import retry_handlers


@pytest.fixture
def slack():
    with LocalSlack() as server:
        yield server


@pytest.fixture
def client(slack):
    return WebClient(
        token=BOT_TOKEN,
        base_url=slack.base_url,
        timeout=10,
        retry_handlers=retry_handlers(rate_limit_retries=2),
    )


@pytest.fixture
def engine(knowledge, store, client):
    from bot.quiz.engine import QuizEngine

    return QuizEngine(knowledge, store, client)


@pytest.fixture
def sqlite_engine(knowledge, client, tmp_path):
    """For tests about Slack behaviour (rate limits, retries) that need no second database."""
    from bot.quiz.engine import QuizEngine
    from bot.store import open_store

    store = open_store(f"sqlite:///{tmp_path / 'quiz.db'}")
    yield QuizEngine(knowledge, store, client)
    store.close()
