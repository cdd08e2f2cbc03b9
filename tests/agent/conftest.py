"""The real Bolt app against LocalSlack with the example organisation: Alice and Bob are in
Platform DB (it holds orders-db), Nora is in no team."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timezone

import pytest

from bot.localslack import LocalSlack
from tests.support.bolt import Bot, Clock, make_bot, make_deps
from tests.support.org_folder import example_org, knowledge_of, matcher_of

NOW = datetime(2026, 12, 7, 9, 0, tzinfo=timezone.utc)


@pytest.fixture
def local_slack() -> Iterator[LocalSlack]:
    """One per test: the failures a test programs end with it."""
    with LocalSlack() as server:
        yield server


@pytest.fixture(scope="module")
def org_knowledge(tmp_path_factory):
    return knowledge_of(example_org(tmp_path_factory.mktemp("org")))


@pytest.fixture(scope="module")
def org_matcher(org_knowledge):
    return matcher_of(org_knowledge)


@pytest.fixture
def store(tmp_path):
    from bot.store import open_store

    opened = open_store(f"sqlite:///{tmp_path / 'whoowns.db'}")
    yield opened
    opened.close()


@pytest.fixture
def bot(org_knowledge, org_matcher, local_slack, store) -> Bot:
    deps = make_deps(org_knowledge, org_matcher, local_slack, store, clock=Clock(NOW))
    return make_bot(deps, local_slack)
