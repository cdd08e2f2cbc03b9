"""Fixtures: LocalSlack with its OAuth stand-in and a bot in OAuth mode (tests/support)."""

from tests.support.oauth_fixtures import bot, slack

__all__ = ["bot", "slack"]
