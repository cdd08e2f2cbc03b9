"""LocalSlack answers the Messages tab's two methods as Slack documents them."""

from __future__ import annotations

import pytest
from slack_sdk.errors import SlackApiError

from bot.localslack import LocalSlack
from tests.support.bolt import web_client

PROMPT = {"title": "Quiz me", "message": "Quiz me"}


@pytest.fixture(scope="module")
def client():
    with LocalSlack() as slack:
        yield web_client(slack)


def test_up_to_four_prompts_without_a_thread_are_set(client):
    response = client.assistant_threads_setSuggestedPrompts(
        channel_id="D0ALICE", prompts=[PROMPT] * 4, title="Try:"
    )
    assert response["ok"] is True


@pytest.mark.parametrize(
    "kwargs",
    [
        {"channel_id": "", "prompts": [PROMPT]},
        {"channel_id": "D0ALICE", "prompts": [PROMPT] * 5},
        {"channel_id": "D0ALICE", "prompts": []},
        {"channel_id": "D0ALICE", "prompts": [{"title": "Quiz me"}]},
        {"channel_id": "D0ALICE", "prompts": [{"title": " ", "message": "x"}]},
    ],
)
def test_malformed_prompts_are_refused(client, kwargs):
    with pytest.raises(SlackApiError) as raised:
        client.assistant_threads_setSuggestedPrompts(**kwargs)
    assert raised.value.response["error"] == "invalid_arguments"


def test_a_status_needs_the_channel_and_the_thread(client):
    ok = client.assistant_threads_setStatus(channel_id="D0A", thread_ts="1.2", status="is busy")
    assert ok["ok"] is True
    with pytest.raises(SlackApiError) as raised:
        client.api_call(
            "assistant.threads.setStatus", json={"channel_id": "D0A", "status": "is busy"}
        )
    assert raised.value.response["error"] == "invalid_arguments"
    with pytest.raises(SlackApiError):
        client.assistant_threads_setStatus(
            channel_id="D0A", thread_ts="1.2", status="x", loading_messages=["a"] * 11
        )
