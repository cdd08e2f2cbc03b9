"""Only requests signed by Slack, within 5 minutes, reach a listener."""

from __future__ import annotations

import json
import time

import pytest

from tests.support.slack_requests import (
    app_mention,
    block_actions,
    button_action,
    event_callback,
    slash_command,
    url_verification,
)

SIX_MINUTES_AGO = time.time() - 360

BUILDERS = {
    "slash command": lambda **kw: slash_command("patching aurora", **kw),
    "mention": lambda **kw: event_callback(app_mention("<@U0BOT> patching rds"), **kw),
    "button": lambda **kw: block_actions(
        [button_action("share_answer", value="patching aurora")], **kw
    ),
}


@pytest.mark.parametrize("kind", BUILDERS)
@pytest.mark.parametrize(
    "how",
    [
        {"secret": "a-forged-secret-1234"},
        {"secret": None},
        {"timestamp": SIX_MINUTES_AGO},
    ],
    ids=["forged", "unsigned", "six-minutes-old"],
)
def test_bad_requests_get_401_and_nothing_is_sent(bot, kind, how):
    response = bot.send(BUILDERS[kind](**how))
    assert response.status == 401
    assert "Patching" not in (response.body or "")
    assert bot.slack.calls == []


def test_a_signed_request_is_answered(bot):
    assert bot.send(slash_command("patching aurora")).status == 200


def test_url_verification_echoes_the_challenge(bot):
    response = bot.send(url_verification("abc123"))
    assert response.status == 200
    assert json.loads(response.body) == {"challenge": "abc123"}
