"""One global error handler: an apology for the user, the traceback for the log."""

from __future__ import annotations

import json
import logging

import pytest

from tests.support.bolt import make_bot, make_deps
from tests.support.slack_requests import (
    app_mention,
    block_actions,
    button_action,
    event_callback,
    slash_command,
)

SECRET_DETAIL = "internal detail 0xDEADBEEF"


class ExplodingMatcher:
    def parse(self, text):
        raise RuntimeError(SECRET_DETAIL)


@pytest.fixture
def broken(knowledge, local_slack):
    return make_bot(make_deps(knowledge, ExplodingMatcher(), local_slack), local_slack)


def test_a_failing_command_gets_an_apology_not_the_exception(broken, caplog):
    with caplog.at_level(logging.ERROR):
        response = broken.send(slash_command("patching aurora"))
    assert response.status == 200
    payload = json.loads(response.body)
    assert payload["response_type"] == "ephemeral"
    assert "Sorry" in payload["text"] and "/whoowns help" in payload["text"]
    assert SECRET_DETAIL not in response.body and "RuntimeError" not in response.body
    logged = "\n".join(r.getMessage() + (caplog.text if r.exc_info else "") for r in caplog.records)
    assert "Traceback" in caplog.text and SECRET_DETAIL in caplog.text
    assert "command /whoowns" in logged


def test_a_failing_mention_gets_an_apology_in_its_thread(broken, caplog):
    with caplog.at_level(logging.ERROR):
        broken.send(event_callback(app_mention("<@U0BOT> patching rds", ts="1700.0005")))
    [call] = broken.slack.calls_to("chat.postMessage")
    assert call.args["thread_ts"] == "1700.0005"
    assert "Sorry" in call.args["text"]
    assert SECRET_DETAIL not in json.dumps(call.args)
    assert "Traceback" in caplog.text


def test_a_failing_button_gets_an_apology_by_response_url(broken):
    request = block_actions(
        [button_action("share_answer", value="patching rds")],
        response_url=broken.slack.response_url("oops"),
    )
    assert broken.send(request).status == 200
    [call] = broken.slack.calls_to("response_url")
    assert call.args["response_type"] == "ephemeral"
    assert "Sorry" in call.args["text"]
    assert SECRET_DETAIL not in json.dumps(call.args)


def test_a_subcommand_failing_after_its_ack_keeps_the_ack_and_apologises(
    knowledge, matcher, local_slack, caplog
):
    from slack_bolt import App

    from bot.listeners.wiring import register_all
    from bot.render.primitives import notice_message
    from tests.support.bolt import Bot
    from tests.support.slack_requests import SIGNING_SECRET

    deps = make_deps(knowledge, matcher, local_slack)
    app = App(signing_secret=SIGNING_SECRET, client=deps.client)
    registry = register_all(app, deps)

    def slow(request):
        request.reply(notice_message("Working on it…"))
        raise RuntimeError(SECRET_DETAIL)

    registry.add_subcommand("slow", handler=slow)
    bot = Bot(app, local_slack, deps)
    local_slack.clear()
    with caplog.at_level(logging.ERROR):
        payload = bot.ack_json(slash_command("slow", response_url=local_slack.response_url("s")))
    assert payload["text"] == "Working on it…"
    [call] = local_slack.wait_for("response_url")
    assert "Sorry" in call.args["text"] and SECRET_DETAIL not in json.dumps(call.args)
    assert SECRET_DETAIL in caplog.text
