"""`whoowns socket` as a real process: Socket Mode through LocalSlack's WebSocket endpoint."""

from __future__ import annotations

from urllib.parse import parse_qsl

import pytest

from bot.localslack import LocalSlack
from tests.support import slack_requests as sr
from tests.support.processes import run_whoowns, spawn_whoowns, stop, whoowns_env

pytestmark = pytest.mark.slow

APP_TOKEN = "xapp-1-A0WHOOWNS-1-localapptokensecret"


@pytest.fixture
def slack():
    with LocalSlack() as s:
        yield s


def test_socket_mode_answers_a_slash_command_and_stops_on_sigterm(tmp_path, slack):
    env = whoowns_env(tmp_path, SLACK_API_URL=slack.base_url, SLACK_APP_TOKEN=APP_TOKEN)
    del env["SLACK_SIGNING_SECRET"]  # not needed in Socket Mode
    env["LOG_LEVEL"] = "DEBUG"
    proc = spawn_whoowns(tmp_path, "socket", env=env)
    try:
        slack.wait_for("socket_mode.connect", timeout=30)  # via SLACK_API_URL
        body, _ = sr.slash_command("patching aurora", secret=None)
        envelope_id = slack.socket_send("slash_commands", dict(parse_qsl(body)))
        acks = slack.wait_for("socket_mode.ack", timeout=10)
        [ack] = [a for a in acks if a.args.get("envelope_id") == envelope_id]
        assert ack.args["payload"]["response_type"] == "ephemeral"
        assert ack.args["payload"]["blocks"]
    finally:
        [stderr] = stop(proc, timeout=20)
    assert proc.returncode == 0, stderr
    assert APP_TOKEN not in stderr and sr.BOT_TOKEN not in stderr
    assert "Traceback" not in stderr


def test_socket_without_app_token_is_one_line_exit_2(tmp_path):
    result = run_whoowns("socket", env=whoowns_env(tmp_path))
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "whoowns: SLACK_APP_TOKEN is missing: set it to an app-level token (xapp-…) "
        "with connections:write"
    ]


def test_rejected_app_token_is_one_line_exit_1(tmp_path, slack):
    slack.fail("apps.connections.open", error="invalid_auth", times=None)
    env = whoowns_env(tmp_path, SLACK_API_URL=slack.base_url, SLACK_APP_TOKEN=APP_TOKEN)
    result = run_whoowns("socket", env=env)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert lines[-1] == (
        "whoowns: could not open a Socket Mode connection (invalid_auth); check SLACK_APP_TOKEN"
    )
    assert not [line for line in lines if " ERROR " in line or "Traceback" in line]
