"""Gaps fixtures: a LocalSlack and the app on the ``store`` fixture (both databases)."""

from __future__ import annotations

import pytest

from bot.localslack import LocalSlack
from tests.support.gaps import GapsBot, make_gaps_bot


@pytest.fixture
def slack():
    with LocalSlack() as server:
        yield server


@pytest.fixture
def bot(knowledge, matcher, slack, store) -> GapsBot:
    return make_gaps_bot(knowledge, matcher, slack, store)
