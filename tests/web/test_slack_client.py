"""The Web API client: base URL, retries, timeouts, no token in logs."""

from __future__ import annotations

import logging
import time

import pytest
from slack_sdk.errors import SlackApiError

from bot.config import Settings
from bot.localslack import LocalSlack
from bot.slack.client import BACKGROUND_TIMEOUT, make_background_client, make_web_client
from tests.support.slack_requests import BOT_TOKEN


@pytest.fixture
def slack():
    with LocalSlack() as s:
        yield s


@pytest.fixture
def settings(slack):
    return Settings(bot_token=BOT_TOKEN, slack_api_url=slack.base_url)


def test_calls_go_to_the_configured_base_url(slack, settings):
    assert make_web_client(settings).auth_test()["bot_id"] == "B0BOT"
    assert [c.method for c in slack.calls] == ["auth.test"]


def test_rate_limited_call_waits_retry_after_then_succeeds(slack, settings):
    slack.fail("chat.postMessage", status=429, retry_after=1)
    started = time.monotonic()
    resp = make_web_client(settings).chat_postMessage(channel="C1", text="hi")
    assert resp["ok"]
    assert time.monotonic() - started >= 1.0  # Retry-After honoured
    assert [c.status for c in slack.calls_to("chat.postMessage")] == [429, 200]


def test_server_error_is_retried(slack, settings):
    slack.fail("chat.postMessage", status=500)
    assert make_web_client(settings).chat_postMessage(channel="C1", text="hi")["ok"]
    assert [c.status for c in slack.calls_to("chat.postMessage")] == [500, 200]


def test_permanent_error_is_not_retried(slack, settings):
    slack.fail("chat.postMessage", error="channel_not_found", channel="C0GONE", times=None)
    with pytest.raises(SlackApiError):
        make_web_client(settings).chat_postMessage(channel="C0GONE", text="hi")
    assert len(slack.calls_to("chat.postMessage")) == 1


def test_request_and_background_timeouts(settings):
    assert make_web_client(settings).timeout <= 5
    assert make_background_client(settings).timeout == BACKGROUND_TIMEOUT


def test_token_never_logged_at_debug(slack, settings, caplog):
    caplog.set_level(logging.DEBUG)
    slack.fail("chat.postMessage", status=429, retry_after=0)
    client = make_web_client(settings)
    client.auth_test()
    client.chat_postMessage(channel="C1", text="hi")
    assert any("chat.postMessage" in r.getMessage() for r in caplog.records)  # DEBUG was on
    for record in caplog.records:
        assert BOT_TOKEN not in record.getMessage()
    assert BOT_TOKEN not in caplog.text
