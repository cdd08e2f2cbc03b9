"""Workflow Builder steps through the real Bolt app: signed ``function_executed`` events against
LocalSlack, with the example organisation's knowledge (tests/support/org_folder.py)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from bot.localslack import LocalSlack
from tests.support.org_folder import example_org, knowledge_of, matcher_of


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


@pytest.fixture
def sqlite_store(tmp_path) -> Iterator[Any]:
    from bot.store import open_store

    store = open_store(f"sqlite:///{tmp_path / 'whoowns.db'}")
    yield store
    store.close()
