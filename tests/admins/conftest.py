"""Admins fixtures: a LocalSlack and the app on the ``store`` fixture (both databases)."""

from __future__ import annotations

import pytest

from bot.localslack import LocalSlack
from tests.support.admins import Team, make_team


@pytest.fixture
def slack():
    with LocalSlack() as server:
        yield server


@pytest.fixture
def team(knowledge, matcher, slack, store) -> Team:
    return make_team(knowledge, matcher, slack, store)
