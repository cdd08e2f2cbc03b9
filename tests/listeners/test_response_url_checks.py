"""A signed request whose ``response_url`` is not Slack's (malformed, another host, plain
http): one log line, no traceback, and the reply goes through the Web API instead."""

from __future__ import annotations

import logging

import pytest

from bot.listeners.response_urls import allowed
from tests.support.slack_requests import block_actions, button_action

NOT_SLACKS = [
    "not a url",
    "http://hooks.slack.com/commands/T0/1/x",  # Slack's host, but not https
    "https://hooks.slack.com.evil.example/commands/T0/1/x",
    "https://evil.example/hooks.slack.com",
    "https://[::1/broken",
    "javascript:alert(1)",
]


@pytest.mark.parametrize("url", NOT_SLACKS)
def test_a_share_with_a_response_url_that_is_not_slacks_replies_through_the_web_api(
    bot, caplog, url
):
    caplog.set_level(logging.INFO)
    request = block_actions(
        [button_action("share_answer", value="patching aurora")],
        message={"ts": "1700000000.000100", "text": "x", "blocks": []},
        response_url=url,
    )
    assert bot.send(request).status == 200
    warnings = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert [r.exc_info for r in warnings] == [None], [r.getMessage() for r in warnings]
    assert "ignored a response_url that is not Slack's" in warnings[0].getMessage()
    assert bot.slack.calls_to("response_url") == []
    [shared] = bot.slack.calls_to("chat.postMessage")  # the answer, in the channel
    assert "Patching" in shared.args["text"]
    [receipt] = bot.slack.calls_to("chat.postEphemeral")  # the receipt, to the clicker
    assert receipt.args["user"] == "U0ALICE"


def test_a_command_with_a_response_url_elsewhere_gets_its_later_reply_privately(bot, caplog):
    from tests.support.slack_requests import slash_command

    caplog.set_level(logging.INFO)
    request = slash_command("review", response_url="https://evil.example/r")  # acks, then replies
    assert bot.send(request).status == 200
    assert not [r for r in caplog.records if r.exc_info]
    assert bot.slack.calls_to("response_url") == []
    [reply] = bot.slack.calls_to("chat.postEphemeral")
    assert reply.args["user"] == "U0ALICE" and reply.args["text"]


@pytest.mark.parametrize(
    "url",
    [
        "https://hooks.slack.com/commands/T0/1/x",
        "https://hooks.slack-gov.com/actions/T0/1/x",
        "https://slack.com/x",
    ],
)
def test_slacks_own_hosts_are_accepted(url):
    assert allowed(url, "https://slack.com/api/")


def test_the_configured_api_origin_is_accepted_and_only_it():
    api = "http://127.0.0.1:8123/api/"
    assert allowed("http://127.0.0.1:8123/response_url/x", api)
    assert not allowed("http://127.0.0.1:8124/response_url/x", api)
    assert not allowed("https://127.0.0.1:8123/response_url/x", api)
    assert not allowed(None, api) and not allowed(42, api)
    assert not allowed("http://127.0.0.1:81234/response_url/x", api)  # starts like it, longer
    assert not allowed("http://127.0.0.1:8123@evil.example/x", api)
    assert allowed("HTTP://127.0.0.1:8123/response_url/x", api)  # the same origin, parsed


@pytest.mark.parametrize("url", NOT_SLACKS)
def test_nothing_elsewhere_passes_as_slacks_or_the_apis(url):
    assert not allowed(url, "http://127.0.0.1:8123/api/")
    assert not allowed(url, "https://slack.com/api/")
