"""The real Bolt app against LocalSlack, driven by signed Slack-shaped requests."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from slack_bolt import App, BoltRequest, BoltResponse
from slack_sdk import WebClient

from bot.app import InlineExecutor, create_app
from bot.clock import system_clock
from bot.config import Settings
from bot.deps import Deps
from bot.localslack import LocalSlack
from tests.support.slack_requests import BOT_TOKEN, SIGNING_SECRET, Request


@pytest.fixture(scope="module")
def slack() -> Iterator[LocalSlack]:
    with LocalSlack() as server:
        yield server


@pytest.fixture
def local_slack(slack: LocalSlack) -> LocalSlack:
    slack.clear()
    return slack


@dataclass
class Bot:
    """The app as Slack sees it: send a signed request, get Bolt's HTTP response."""

    app: App
    slack: LocalSlack
    deps: Deps

    def send(self, request: Request) -> BoltResponse:
        body, headers = request
        return self.app.dispatch(BoltRequest(body=body, headers=headers))

    def ack_json(self, request: Request) -> dict:
        response = self.send(request)
        assert response.status == 200, response.body
        return json.loads(response.body)


def make_deps(knowledge, matcher, slack: LocalSlack, store=None) -> Deps:
    client = WebClient(token=BOT_TOKEN, base_url=slack.base_url, timeout=5)
    return Deps(
        knowledge=knowledge, matcher=matcher, store=store, client=client, clock=system_clock
    )


def settings_for(slack: LocalSlack) -> Settings:
    return Settings(
        bot_token=BOT_TOKEN, signing_secret=SIGNING_SECRET, slack_api_url=slack.base_url
    )


@pytest.fixture
def event_store(tmp_path):
    from bot.store import open_store

    store = open_store(f"sqlite:///{tmp_path / 'whoowns.db'}")
    yield store
    store.close()


def make_bot(deps: Deps, slack: LocalSlack, *, inline: bool = True) -> Bot:
    executor = InlineExecutor() if inline else None
    app = create_app(settings_for(slack), deps, listener_executor=executor)
    slack.clear()  # forget auth.test
    return Bot(app, slack, deps)


@pytest.fixture
def bot(knowledge, matcher, local_slack, event_store) -> Bot:
    """Listeners run inline (deterministic order); the production pool is tested separately."""
    return make_bot(make_deps(knowledge, matcher, local_slack, event_store), local_slack)
