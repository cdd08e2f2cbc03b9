"""WHOOWNS_SIMULATED_WAITS (fault-injection benches): a background client honours Slack's
Retry-After and backoffs with the same values, without sleeping; unset, it really waits."""

from __future__ import annotations

import time

from bot.config import Settings
from bot.localslack import LocalSlack
from bot.slack.client import make_background_client, simulated_wait, waiter


def test_simulated_waits_retry_a_rate_limited_call_at_once(caplog):
    with LocalSlack() as slack:
        slack.fail("chat.postMessage", status=429, retry_after=3, times=1)
        slack.fail("chat.postMessage", status=500, times=1)
        settings = Settings.from_env(
            {"SLACK_API_URL": slack.base_url, "WHOOWNS_SIMULATED_WAITS": "1"}
        )
        client = make_background_client(settings)
        client.token = "xoxb-test"
        started = time.monotonic()
        with caplog.at_level("DEBUG", logger="bot.slack.client"):
            answer = client.chat_postMessage(channel="C0QUIZ", text="hello")
        took = time.monotonic() - started
    assert answer["ok"] and [m["text"] for m in slack.messages("C0QUIZ")] == ["hello"]
    assert [c.status for c in slack.calls_to("chat.postMessage")] == [429, 500, 200]
    waits = [r.args[0] for r in caplog.records if "simulated" in r.getMessage()]
    assert len(waits) == 2 and 3 <= waits[0] < 4  # Retry-After (+ slack_sdk's jitter), backoff
    assert took < 2


def test_waits_are_real_unless_simulated():
    assert waiter(Settings.from_env({})) is time.sleep
    assert waiter(Settings.from_env({"WHOOWNS_SIMULATED_WAITS": "1"})) is simulated_wait
