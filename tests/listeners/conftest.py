"""The real Bolt app against LocalSlack (tests/support/bolt.py), one LocalSlack per module."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bot.localslack import LocalSlack
from tests.support.bolt import Bot, make_bot, make_deps


@pytest.fixture(scope="module")
def slack() -> Iterator[LocalSlack]:
    with LocalSlack() as server:
        yield server


@pytest.fixture
def local_slack(slack: LocalSlack) -> LocalSlack:
    slack.clear()
    return slack


@pytest.fixture
def event_store(tmp_path):
    from bot.store import open_store

    store = open_store(f"sqlite:///{tmp_path / 'whoowns.db'}")
    yield store
    store.close()


@pytest.fixture
def bot(knowledge, matcher, local_slack, event_store) -> Bot:
    """Listeners run inline (deterministic order); the production pool is tested separately."""
    return make_bot(make_deps(knowledge, matcher, local_slack, event_store), local_slack)
