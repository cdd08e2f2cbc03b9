"""Workflow Builder steps through the real Bolt app: signed ``function_executed`` events against
LocalSlack, with the example organisation's knowledge (tests/support/org_folder.py)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timezone
from typing import Any

import pytest

from bot.localslack import LocalSlack
from tests.support.bolt import Bot, Clock, make_bot, make_deps, settings_for
from tests.support.org_folder import example_org, knowledge_of, matcher_of

MONDAY = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)


@pytest.fixture(scope="module")
def org_knowledge(tmp_path_factory) -> Any:
    return knowledge_of(example_org(tmp_path_factory.mktemp("steps-org")))


@pytest.fixture(scope="module")
def org_matcher(org_knowledge) -> Any:
    return matcher_of(org_knowledge)


@pytest.fixture(scope="module")
def slack_server() -> Iterator[LocalSlack]:
    with LocalSlack() as server:
        yield server


@pytest.fixture
def slack(slack_server: LocalSlack) -> LocalSlack:
    slack_server.clear()
    slack_server.users.clear()
    slack_server.workspace.messages.clear()
    for user in list(slack_server.unreachable.errors):
        slack_server.unreachable.clear(user)
    return slack_server


def bot_on(knowledge: Any, matcher: Any, slack: LocalSlack, store: Any, **kwargs: Any) -> Bot:
    deps = make_deps(
        knowledge, matcher, slack, store, clock=Clock(MONDAY), settings=settings_for(slack)
    )
    return make_bot(deps, slack, **kwargs)


@pytest.fixture
def sqlite_store(tmp_path) -> Iterator[Any]:
    from bot.store import open_store

    store = open_store(f"sqlite:///{tmp_path / 'whoowns.db'}")
    yield store
    store.close()
