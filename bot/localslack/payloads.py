"""Signed, Slack-shaped HTTP requests: for the chat shell, the tests and the benches.

Every builder returns ``(body, headers)``: the raw body (a str, exactly what is signed) and
the headers Slack would send: ``Content-Type``, ``X-Slack-Request-Timestamp`` and
``X-Slack-Signature`` (signed with ``slack_sdk.signature.SignatureVerifier``), plus
``X-Slack-Retry-Num`` / ``X-Slack-Retry-Reason`` for Events API retries.

    body, headers = slash_command("patching aurora", secret=SECRET)
    body, headers = slash_command("x", secret=SECRET, timestamp=time.time() - 360)  # too old
    body, headers = slash_command("x", secret="wrong-secret")                      # forged
    body, headers = slash_command("x", secret=None)                                # unsigned
    body, headers = event_callback(app_mention("<@U0BOT> who patches rds?"), secret=SECRET,
                                   event_id="Ev1", retry_num=1)

Send them through Bolt (``BoltRequest(body=body, headers=headers)``) or over HTTP
(:func:`post`). Unless told otherwise, requests come from the test identities in
:mod:`bot.localslack.ids` (alice in #general, signed with ``SIGNING_SECRET``); the chat shell
passes its own. Event builders (:func:`app_mention`, :func:`im_message`,
:func:`app_home_opened`, :func:`member_joined_channel`) return the inner event for
:func:`event_callback`; :func:`button_action` is one action for :func:`block_actions`;
:func:`view_submission` sends a dialog.
"""

from __future__ import annotations

import http.client
import json
import time
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode, urlsplit

from slack_sdk.signature import SignatureVerifier

from bot.localslack.ids import (
    APP_ID,
    BOT_USER_ID,
    CHANNEL_ID,
    CHANNEL_NAME,
    DM_CHANNEL_ID,
    SIGNING_SECRET,
    TEAM_DOMAIN,
    TEAM_ID,
    USER_ID,
    USER_NAME,
    VERIFICATION_TOKEN,
    dm_channel_for,
)

FORM = "application/x-www-form-urlencoded"
JSON = "application/json"

Request = tuple[str, dict[str, str]]


def sign(
    body: str,
    *,
    secret: str | None = SIGNING_SECRET,
    content_type: str = FORM,
    timestamp: float | None = None,
    retry_num: int | None = None,
    retry_reason: str | None = None,
) -> Request:
    """Headers for ``body``; ``secret=None`` leaves the request unsigned."""
    headers = {"Content-Type": content_type}
    if secret is not None:
        ts = str(int(time.time() if timestamp is None else timestamp))
        headers["X-Slack-Request-Timestamp"] = ts
        signature = SignatureVerifier(secret).generate_signature(timestamp=ts, body=body)
        headers["X-Slack-Signature"] = signature or ""
    if retry_num is not None:
        headers["X-Slack-Retry-Num"] = str(retry_num)
        headers["X-Slack-Retry-Reason"] = retry_reason or "http_timeout"
    return body, headers


def slash_command(
    text: str,
    *,
    secret: str | None = SIGNING_SECRET,
    command: str = "/whoowns",
    user_id: str = USER_ID,
    user_name: str = USER_NAME,
    channel_id: str = CHANNEL_ID,
    channel_name: str = CHANNEL_NAME,
    team_id: str = TEAM_ID,
    trigger_id: str = "1337.42.abcdef",
    response_url: str = "http://127.0.0.1:9/response_url/none",
    timestamp: float | None = None,
) -> Request:
    """A form-encoded slash command, as Slack POSTs it."""
    fields = {
        "token": VERIFICATION_TOKEN,
        "team_id": team_id,
        "team_domain": TEAM_DOMAIN,
        "channel_id": channel_id,
        "channel_name": channel_name,
        "user_id": user_id,
        "user_name": user_name,
        "command": command,
        "text": text,
        "api_app_id": APP_ID,
        "is_enterprise_install": "false",
        "response_url": response_url,
        "trigger_id": trigger_id,
    }
    return sign(urlencode(fields), secret=secret, content_type=FORM, timestamp=timestamp)


def block_actions(
    actions: list[dict[str, Any]],
    *,
    secret: str | None = SIGNING_SECRET,
    user_id: str = USER_ID,
    user_name: str = USER_NAME,
    channel_id: str | None = CHANNEL_ID,
    channel_name: str | None = None,
    message: Mapping[str, Any] | None = None,
    container: Mapping[str, Any] | None = None,
    view: Mapping[str, Any] | None = None,
    response_url: str | None = "http://127.0.0.1:9/response_url/none",
    trigger_id: str = "1337.42.abcdef",
    team_id: str = TEAM_ID,
    timestamp: float | None = None,
) -> Request:
    """An interactivity POST: ``payload=<json>`` with type ``block_actions``.

    ``actions`` are Slack's action objects, e.g.
    ``button_action("share_answer", value="patching aurora")``. Where the button was:
    ``message`` (in ``channel_id``, the container says so), ``view`` (App Home, a modal) or an
    explicit ``container`` (e.g. an ephemeral message, which has no ``message``).
    """
    payload: dict[str, Any] = {
        "type": "block_actions",
        "user": {"id": user_id, "username": user_name, "name": user_name, "team_id": team_id},
        "api_app_id": APP_ID,
        "token": VERIFICATION_TOKEN,
        "trigger_id": trigger_id,
        "team": {"id": team_id, "domain": TEAM_DOMAIN},
        "is_enterprise_install": False,
        "actions": actions,
        "state": {"values": {}},
    }
    if channel_id is not None:
        payload["channel"] = {"id": channel_id, "name": channel_name or channel_id.lower()}
    if message is not None:
        payload["message"] = dict(message)
    if view is not None:
        payload["view"] = dict(view)
    if container is not None:
        payload["container"] = dict(container)
    elif message is not None and channel_id is not None:
        payload["container"] = {
            "type": "message",
            "message_ts": message.get("ts", "1700000000.000100"),
            "channel_id": channel_id,
            "is_ephemeral": False,
        }
    elif view is not None:
        payload["container"] = {"type": "view", "view_id": view.get("id", "V0HOME")}
    if response_url is not None:
        payload["response_url"] = response_url
    body = urlencode({"payload": json.dumps(payload)})
    return sign(body, secret=secret, content_type=FORM, timestamp=timestamp)


def view_submission(
    view: Mapping[str, Any],
    values: Mapping[str, Any],
    *,
    secret: str | None = SIGNING_SECRET,
    user_id: str = USER_ID,
    user_name: str = USER_NAME,
    team_id: str = TEAM_ID,
    timestamp: float | None = None,
) -> Request:
    """An interactivity POST: the dialog ``view`` (as ``views.open`` returned it) sent with
    its inputs' ``values`` (``{block_id: {action_id: {"type": …, "value": …}}}``)."""
    payload: dict[str, Any] = {
        "type": "view_submission",
        "team": {"id": team_id, "domain": TEAM_DOMAIN},
        "user": {"id": user_id, "username": user_name, "name": user_name, "team_id": team_id},
        "api_app_id": APP_ID,
        "token": VERIFICATION_TOKEN,
        "trigger_id": f"{time.time():.6f}.view",
        "view": {**view, "state": {"values": dict(values)}},
        "response_urls": [],
        "is_enterprise_install": False,
    }
    body = urlencode({"payload": json.dumps(payload)})
    return sign(body, secret=secret, content_type=FORM, timestamp=timestamp)


def button_action(
    action_id: str, *, value: str = "", block_id: str = "actions", text: str = "Button"
) -> dict[str, Any]:
    """Slack's action object for a click on a button."""
    return {
        "type": "button",
        "action_id": action_id,
        "block_id": block_id,
        "value": value,
        "text": {"type": "plain_text", "text": text, "emoji": True},
        "action_ts": f"{time.time():.6f}",
    }


def event_callback(
    event: Mapping[str, Any],
    *,
    secret: str | None = SIGNING_SECRET,
    event_id: str = "Ev0LOCAL0001",
    event_time: int | None = None,
    team_id: str = TEAM_ID,
    retry_num: int | None = None,
    retry_reason: str | None = None,
    timestamp: float | None = None,
) -> Request:
    """A JSON Events API delivery wrapping ``event`` (see the event builders below)."""
    envelope = {
        "token": VERIFICATION_TOKEN,
        "team_id": team_id,
        "api_app_id": APP_ID,
        "event": dict(event),
        "type": "event_callback",
        "event_id": event_id,
        "event_time": int(time.time()) if event_time is None else event_time,
        "authorizations": [
            {
                "enterprise_id": None,
                "team_id": team_id,
                "user_id": BOT_USER_ID,
                "is_bot": True,
                "is_enterprise_install": False,
            }
        ],
        "is_ext_shared_channel": False,
        "event_context": f"4-local-{event_id}",
    }
    return sign(
        json.dumps(envelope),
        secret=secret,
        content_type=JSON,
        timestamp=timestamp,
        retry_num=retry_num,
        retry_reason=retry_reason,
    )


def url_verification(
    challenge: str = "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P",
    *,
    secret: str | None = SIGNING_SECRET,
    timestamp: float | None = None,
) -> Request:
    """The Events API's one-time URL check."""
    body = json.dumps(
        {"token": VERIFICATION_TOKEN, "challenge": challenge, "type": "url_verification"}
    )
    return sign(body, secret=secret, content_type=JSON, timestamp=timestamp)


# -- events ----------------------------------------------------------------------


def ts_now() -> str:
    """A Slack timestamp for now ("1700000000.000100")."""
    return f"{time.time():.6f}"


def app_mention(
    text: str,
    *,
    user: str = USER_ID,
    channel: str = CHANNEL_ID,
    ts: str | None = None,
    thread_ts: str | None = None,
) -> dict[str, Any]:
    """An ``app_mention`` event (``text`` holds the ``<@U0BOT>`` mention)."""
    ts = ts or ts_now()
    event = {
        "type": "app_mention",
        "user": user,
        "text": text,
        "ts": ts,
        "channel": channel,
        "event_ts": ts,
    }
    if thread_ts:
        event["thread_ts"] = thread_ts
    return event


def im_message(
    text: str,
    *,
    user: str | None = USER_ID,
    channel: str = DM_CHANNEL_ID,
    subtype: str | None = None,
    bot_id: str | None = None,
    ts: str | None = None,
) -> dict[str, Any]:
    """A ``message`` event in a DM; ``subtype``/``bot_id`` make edits, joins, bot posts."""
    ts = ts or ts_now()
    event: dict[str, Any] = {
        "type": "message",
        "text": text,
        "ts": ts,
        "channel": channel,
        "channel_type": "im",
        "event_ts": ts,
    }
    if user is not None:
        event["user"] = user
    if subtype is not None:
        event["subtype"] = subtype
    if bot_id is not None:
        event["bot_id"] = bot_id
    return event


def app_home_opened(user: str = USER_ID, *, tab: str = "home") -> dict[str, Any]:
    """The ``app_home_opened`` event Slack sends when ``user`` opens the bot's Home tab."""
    return {
        "type": "app_home_opened",
        "user": user,
        "channel": dm_channel_for(user),
        "tab": tab,
        "event_ts": ts_now(),
    }


def member_joined_channel(
    user: str = "U0NEWBIE", *, channel: str = "C0ONBOARD", inviter: str | None = None
) -> dict[str, Any]:
    """``user`` joined ``channel`` (added by ``inviter``, if given)."""
    event = {
        "type": "member_joined_channel",
        "user": user,
        "channel": channel,
        "channel_type": "C",
        "team": TEAM_ID,
        "event_ts": ts_now(),
    }
    if inviter:
        event["inviter"] = inviter
    return event


# -- sending ---------------------------------------------------------------------


def post(url: str, request: Request, *, timeout: float = 10) -> tuple[int, dict[str, str], str]:
    """POST a built request over HTTP; returns (status, headers, body text)."""
    body, headers = request
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port, timeout=timeout)
    try:
        conn.request("POST", parts.path or "/", body=body.encode(), headers=headers)
        resp = conn.getresponse()
        return resp.status, dict(resp.getheaders()), resp.read().decode("utf-8", "replace")
    finally:
        conn.close()
