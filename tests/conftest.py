"""Shared fixtures. Area-specific fixtures live in tests/<area>/conftest.py."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def knowledge():
    """The knowledge shipped with the project, loaded once."""
    from bot.kb import load_knowledge

    return load_knowledge()


@pytest.fixture(scope="session")
def matcher(knowledge):
    from bot.intent import IntentMatcher

    return IntentMatcher(knowledge)
