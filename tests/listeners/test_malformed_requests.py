"""Signed but malformed Slack requests through the real WSGI app: never a 500 or a traceback.
An Events API delivery gets an empty 200 (Slack retries anything else and may turn delivery
off), a command or an interaction 400, each with one log line; unsigned ones still get 401."""

from __future__ import annotations

import io
import logging

import pytest
from slack_bolt.request.internals import parse_body

from bot.app import create_app
from bot.web.wsgi import WebApp
from tests.support import slack_requests as sr
from tests.support.bolt import make_deps, settings_for
from tests.support.malformed import malformed_requests

EXPECTED_STATUS = {"event": 200, "command": 400, "interaction": 400}


def post(web: WebApp, request: sr.Request) -> tuple[int, bytes]:
    body, headers = request
    raw = body.encode()
    environ = {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": "/slack/events",
        "QUERY_STRING": "",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "wsgi.input": io.BytesIO(raw),
        "CONTENT_LENGTH": str(len(raw)),
        "CONTENT_TYPE": headers.get("Content-Type", ""),
    }
    for name, value in headers.items():
        environ["HTTP_" + name.upper().replace("-", "_")] = value
    seen: dict[str, int] = {}

    def start_response(status: str, _headers: list[tuple[str, str]]) -> None:
        seen["status"] = int(status.split()[0])

    out = b"".join(web(environ, start_response))
    return seen["status"], out


@pytest.fixture
def web(knowledge, matcher, local_slack, event_store) -> WebApp:
    deps = make_deps(knowledge, matcher, local_slack, event_store)
    app = create_app(settings_for(local_slack), deps)
    return WebApp(app, knowledge=knowledge, store=event_store, signing_secret=sr.SIGNING_SECRET)


def test_hundreds_of_signed_malformed_requests_get_200_or_400_and_one_log_line(web, caplog):
    caplog.set_level(logging.INFO)
    for kind, request in malformed_requests(300):
        caplog.clear()
        status, body = post(web, request)
        lines = [r for r in caplog.records if r.levelno >= logging.INFO]
        assert status == EXPECTED_STATUS[kind], (kind, status, request[0][:300])
        if kind == "event":
            assert body == b"", request[0][:300]
        assert len(lines) == 1, (kind, [r.getMessage() for r in lines], request[0][:300])
        assert lines[0].exc_info is None, lines[0].getMessage()
        assert "malformed" in lines[0].getMessage()


def parses(body: str) -> bool:
    """The body is JSON or a form whose payload is a JSON object (else 400 before anything)."""
    try:
        return isinstance(parse_body(body, None), dict)
    except ValueError:
        return False


def test_unsigned_malformed_requests_are_still_401(web):
    requests = [r for _kind, r in malformed_requests(60) if parses(r[0])]
    assert len(requests) > 40
    for body, headers in requests:
        unsigned = {k: v for k, v in headers.items() if not k.startswith("X-Slack")}
        assert post(web, (body, unsigned))[0] == 401
        forged = sr.sign(body, secret="0" * 32, content_type=headers["Content-Type"])
        assert post(web, forged)[0] == 401


@pytest.mark.parametrize("body", ["42", "[1, 2]", '{"type": "event_callback"', '"text"', "null"])
def test_a_signed_events_api_delivery_that_is_not_a_json_object_gets_an_empty_200(
    web, caplog, body
):
    """Slack retries a non-2xx delivery and may turn event delivery off: a body sent as JSON
    (only the Events API does) that is not a JSON object is dropped with one line."""
    caplog.set_level(logging.INFO)
    status, out = post(web, sr.sign(body, content_type="application/json"))
    assert (status, out) == (200, b"")
    lines = [r for r in caplog.records if r.levelno >= logging.INFO]
    assert len(lines) == 1 and "malformed" in lines[0].getMessage()
    assert lines[0].exc_info is None
    unsigned = {"Content-Type": "application/json"}
    assert post(web, (body, unsigned))[0] == 400  # unsigned: refused as before, not dropped


# -- per event type: the fields Bolt and the listeners of that event rely on -------------------


MISSING = object()


def _step_run(**changes) -> dict:
    from tests.support.steps import function_executed

    event = function_executed("who_owns", {"duty": "patching", "service": "rds"})
    event["function"] = dict(event["function"])
    for path, value in changes.items():
        *parents, key = path.split("__")
        target = event
        for parent in parents:
            target = target[parent]
        if value is MISSING:
            del target[key]
        else:
            target[key] = value
    return event


MALFORMED_EVENTS = {
    "function_executed without callback_id": _step_run(function__callback_id=MISSING),
    "function_executed with a blank callback_id": _step_run(function__callback_id=" "),
    "function_executed whose function is text": _step_run(function="who_owns"),
    "function_executed whose inputs are a list": _step_run(inputs=["patching", "rds"]),
    "function_executed without inputs": _step_run(inputs=MISSING),
    "function_executed without an execution id": _step_run(function_execution_id=MISSING),
    "function_executed with a numeric execution id": _step_run(function_execution_id=42),
    "function_executed without its token": _step_run(bot_access_token=MISSING),
    "function_executed with an empty token": _step_run(bot_access_token=""),
    "team_access_granted without team_ids": {"type": "team_access_granted"},
    "team_access_granted with text team_ids": {"type": "team_access_granted", "team_ids": "T1"},
    "team_access_revoked with a number among team_ids": {
        "type": "team_access_revoked",
        "team_ids": ["T0LOCAL", 7],
    },
    "app_home_opened without user": {"type": "app_home_opened", "tab": "home"},
    "app_home_opened with a user object": {"type": "app_home_opened", "user": {"id": "U0A"}},
    "app_home_opened with a numeric tab": {"type": "app_home_opened", "user": "U0A", "tab": 1},
    "app_home_opened with an empty tab": {"type": "app_home_opened", "user": "U0A", "tab": ""},
}


@pytest.mark.parametrize("name", MALFORMED_EVENTS)
def test_a_malformed_event_of_a_known_type_is_dropped_with_one_line(web, local_slack, caplog, name):
    caplog.set_level(logging.INFO)
    request = sr.event_callback(MALFORMED_EVENTS[name], event_id="Ev0MALFORMED")
    assert post(web, request) == (200, b"")
    lines = [r for r in caplog.records if r.levelno >= logging.INFO]
    assert len(lines) == 1 and "malformed" in lines[0].getMessage(), name
    assert lines[0].exc_info is None
    # nothing reached a listener: no step completed or failed, no Home published
    methods = {c.method for c in local_slack.calls}
    assert not methods & {"functions.completeSuccess", "functions.completeError", "views.publish"}


# event -> the call its listener makes (waited for: the app's pool runs it after the 200)
WELL_FORMED_EVENTS = {
    "a step run": (_step_run(), "functions.completeSuccess"),
    "team access granted": (
        {"type": "team_access_granted", "team_ids": ["T0LOCAL", "T0OTHER"]},
        None,
    ),
    "team access revoked, none left": ({"type": "team_access_revoked", "team_ids": []}, None),
    "Home opened": ({"type": "app_home_opened", "user": "U0ALICE", "tab": "home"}, "views.publish"),
    "Home opened, no tab": ({"type": "app_home_opened", "user": "U0ALICE"}, "views.publish"),
}


@pytest.mark.parametrize("name", WELL_FORMED_EVENTS)
def test_well_formed_events_of_those_types_pass_the_guard(web, local_slack, caplog, name):
    caplog.set_level(logging.INFO)
    event, call = WELL_FORMED_EVENTS[name]
    request = sr.event_callback(event, event_id=f"Ev0OK{len(name)}")
    assert post(web, request)[0] == 200
    if call is not None:
        local_slack.wait_for(call, timeout=5)
    assert "malformed" not in caplog.text
