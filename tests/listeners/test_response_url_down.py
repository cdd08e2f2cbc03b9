"""A response_url that cannot be reached (Slack's side down, a proxy in the way): one log line
per failure, not a traceback, and no second traceback for the apology sent the same way."""

from __future__ import annotations

import dataclasses
import logging

import pytest

from tests.support.bolt import make_bot
from tests.support.slack_requests import block_actions, button_action

UNREACHABLE = "http://127.0.0.1:9/response_url/closed"


@pytest.fixture
def bot(bot):
    """The Web API behind a proxy at 127.0.0.1:9 (SLACK_API_URL): its response_urls are
    accepted, and nothing answers there."""
    settings = dataclasses.replace(bot.deps.settings, slack_api_url="http://127.0.0.1:9/api/")
    deps = dataclasses.replace(bot.deps, settings=settings)
    return make_bot(deps, bot.slack)


def test_a_failed_response_url_post_logs_one_line_without_a_traceback(bot, caplog):
    caplog.set_level(logging.INFO)
    for card in range(3):  # three answer cards, each shared once
        request = block_actions(
            [button_action("share_answer", value="patching aurora")],
            message={"ts": f"1700000000.00010{card}", "text": "x", "blocks": []},
            response_url=UNREACHABLE,
        )
        caplog.clear()
        assert bot.send(request).status == 200
        lines = [r for r in caplog.records if r.levelno >= logging.WARNING]
        assert [r.exc_info for r in lines] == [None], [r.getMessage() for r in lines]
        assert "response_url" in lines[0].getMessage()
        assert "Connection refused" in lines[0].getMessage()
