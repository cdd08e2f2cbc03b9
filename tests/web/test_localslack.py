"""LocalSlack: the Web API stand-in the chat shell, tests and benches rely on."""

from __future__ import annotations

import json
import threading
import time
import urllib.request

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry import RateLimitErrorRetryHandler
from slack_sdk.signature import SignatureVerifier
from slack_sdk.webhook import WebhookClient

from bot.localslack import LocalSlack
from tests.support import slack_requests as sr


@pytest.fixture
def slack():
    with LocalSlack() as s:
        yield s


def client(slack, **kw):
    return WebClient(token=sr.BOT_TOKEN, base_url=slack.base_url, **kw)


def test_records_calls_without_the_token(slack):
    web = client(slack)
    assert web.auth_test()["user_id"] == "U0BOT"
    resp = web.chat_postMessage(channel="C1", text="hello", blocks=[{"type": "divider"}])
    assert resp["channel"] == "C1" and resp["message"]["text"] == "hello"
    [call] = slack.calls_to("chat.postMessage")
    assert call.args["text"] == "hello"
    assert call.json_arg("blocks") == [{"type": "divider"}]
    assert "Authorization" not in call.headers and "authorization" not in call.headers
    assert sr.BOT_TOKEN not in json.dumps([c.args for c in slack.calls])
    assert sr.BOT_TOKEN not in json.dumps([c.headers for c in slack.calls])


def test_ts_increases_and_dm_ids(slack):
    web = client(slack)
    stamps = [web.chat_postMessage(channel="C1", text=str(i))["ts"] for i in range(5)]
    assert stamps == sorted(stamps, key=float) and len(set(stamps)) == 5
    assert web.conversations_open(users="U0ALICE")["channel"]["id"] == "D0ALICE"
    assert web.chat_postMessage(channel="U0BOB", text="hi")["channel"] == "D0BOB"
    assert web.chat_postEphemeral(channel="C1", user="U1", text="x")["message_ts"]


def test_users_info_serves_configured_time_zone(slack):
    slack.users["U0BERLIN"] = {"tz": "Europe/Berlin", "name": "berta"}
    user = client(slack).users_info(user="U0BERLIN")["user"]
    assert (user["tz"], user["name"]) == ("Europe/Berlin", "berta")
    assert user["tz_offset"] in (3600, 7200)
    assert client(slack).users_info(user="U0OTHER")["user"]["tz"] == "UTC"


def test_views_publish_and_unknown_method(slack):
    web = client(slack)
    view = {"type": "home", "blocks": []}
    assert web.views_publish(user_id="U1", view=view)["view"]["type"] == "home"
    assert web.api_call("reactions.add", json={"name": "x"})["ok"] is True


def test_fail_429_then_retry_succeeds(slack):
    slack.fail("chat.postMessage", status=429, retry_after=0)
    web = client(slack, retry_handlers=[RateLimitErrorRetryHandler(max_retry_count=2)])
    assert web.chat_postMessage(channel="C1", text="x")["ok"]
    calls = slack.calls_to("chat.postMessage")
    assert [c.status for c in calls] == [429, 200]
    assert slack.calls_to("chat.postMessage", ok=True) == calls[1:]


def test_fail_error_for_one_channel_only(slack):
    slack.fail("chat.postMessage", error="channel_not_found", channel="C0GONE", times=None)
    web = client(slack)
    for _ in range(2):
        with pytest.raises(SlackApiError) as err:
            web.chat_postMessage(channel="C0GONE", text="x")
        assert err.value.response["error"] == "channel_not_found"
    assert web.chat_postMessage(channel="C0HERE", text="x")["ok"]


def test_fail_500_and_ratio(slack):
    slack.fail("chat.update", status=500)
    with pytest.raises(SlackApiError):
        client(slack).chat_update(channel="C1", ts="1.0", text="x")
    assert client(slack).chat_update(channel="C1", ts="1.0", text="x")["ok"]
    slack.fail("chat.delete", status=429, ratio=0.1, times=None)
    web = client(slack)
    failures = 0
    for _ in range(50):
        try:
            web.chat_delete(channel="C1", ts="1.0")
        except SlackApiError:
            failures += 1
    assert failures == 5


def test_response_url_records_posts(slack):
    url = slack.response_url("cmd-1")
    WebhookClient(url).send(text="ephemeral reply", response_type="ephemeral")
    [call] = slack.calls_to("response_url")
    assert call.key == "cmd-1" and call.args["text"] == "ephemeral reply"


def test_wait_for_blocks_until_calls_arrive_and_times_out(slack):
    web = client(slack)
    threading.Timer(0.2, lambda: web.chat_postMessage(channel="C1", text="late")).start()
    started = time.monotonic()
    [call] = slack.wait_for("chat.postMessage", timeout=5)
    assert call.args["text"] == "late" and time.monotonic() - started < 4
    with pytest.raises(TimeoutError, match=r"views\.publish"):
        slack.wait_for("views.publish", timeout=0.2)


def test_on_call_hook_sees_every_call():
    seen = []
    with LocalSlack(on_call=lambda c: seen.append(c.method)) as slack:
        client(slack).chat_postMessage(channel="C1", text="x")
        urllib.request.urlopen(slack.base_url + "users.info?user=U1").read()
    assert seen == ["chat.postMessage", "users.info"]


def test_signed_requests_verify_and_old_ones_do_not():
    verifier = SignatureVerifier(sr.SIGNING_SECRET)
    body, headers = sr.slash_command("patching aurora")
    assert verifier.is_valid_request(body, headers)
    body, headers = sr.slash_command("x", timestamp=time.time() - 360)
    assert not verifier.is_valid_request(body, headers)
    body, headers = sr.event_callback(sr.app_mention("hi"), secret="wrongsecret", retry_num=1)
    assert not verifier.is_valid_request(body, headers)
    assert headers["X-Slack-Retry-Num"] == "1"
    body, headers = sr.slash_command("x", secret=None)
    assert "X-Slack-Signature" not in headers


def test_socket_mode_envelopes_and_acks(slack):
    from slack_sdk.socket_mode import SocketModeClient
    from slack_sdk.socket_mode.response import SocketModeResponse

    client = SocketModeClient(app_token="xapp-1-A0-1-abc", web_client=client_for(slack))

    def handle(c, req):
        reply = {"text": "got " + req.payload["text"]}
        c.send_socket_mode_response(SocketModeResponse(envelope_id=req.envelope_id, payload=reply))

    client.socket_mode_request_listeners.append(handle)
    client.connect()
    try:
        envelope_id = slack.socket_send("slash_commands", {"text": "x" * 300})
        [ack] = slack.wait_for("socket_mode.ack")
        assert ack.args["envelope_id"] == envelope_id
        assert ack.args["payload"]["text"] == "got " + "x" * 300  # 16-bit frame length
    finally:
        client.close()
    methods = [c.method for c in slack.calls]
    assert methods[:2] == ["apps.connections.open", "socket_mode.connect"]


def client_for(slack):
    return WebClient(base_url=slack.base_url)


def test_posted_messages_are_kept_per_channel_with_their_metadata(slack):
    web = client(slack)
    meta = {"event_type": "quiz_posted", "event_payload": {"post": "p1"}}
    first = web.chat_postMessage(channel="C1", text="one", metadata=meta)
    web.chat_postMessage(channel="C2", text="elsewhere")
    second = web.chat_postMessage(channel="C1", text="two", blocks=[{"type": "divider"}])
    web.chat_update(channel="C1", ts=second["ts"], text="two, edited")
    web.chat_postMessage(channel="U0BOB", text="dm")
    kept = slack.messages("C1")
    assert [(m["ts"], m["text"]) for m in kept] == [
        (first["ts"], "one"),
        (second["ts"], "two, edited"),
    ]
    assert kept[0]["metadata"] == meta and "metadata" not in kept[1]
    assert kept[1]["blocks"] == [{"type": "divider"}]
    web.chat_delete(channel="C1", ts=first["ts"])
    assert [m["text"] for m in slack.messages("C1")] == ["two, edited"]
    assert [m["text"] for m in slack.messages("U0BOB")] == ["dm"]  # the DM with U0BOB
