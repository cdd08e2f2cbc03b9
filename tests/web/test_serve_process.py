"""`whoowns serve` as a real process, as an admin would run it (gunicorn, LocalSlack, SQLite)."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request

import pytest

from bot.localslack import LocalSlack
from tests.support import slack_requests as sr
from tests.support.processes import (
    free_port,
    run_whoowns,
    spawn_whoowns,
    stop,
    wait_for_health,
    whoowns_env,
)

pytestmark = pytest.mark.slow


@pytest.fixture
def slack():
    with LocalSlack() as s:
        yield s


def test_serve_answers_signed_requests_rejects_forged_and_stops_on_sigterm(tmp_path, slack):
    port = free_port()
    env = whoowns_env(tmp_path, SLACK_API_URL=slack.base_url, LOG_LEVEL="DEBUG")
    proc = spawn_whoowns(tmp_path, "serve", "--port", str(port), env=env)
    base = f"http://127.0.0.1:{port}"
    events = f"{base}/slack/events"
    try:
        health = wait_for_health(f"{base}/health", proc)
        assert health["status"] == "ok" and health["database"] == "ok"
        assert health["knowledge"]["services"] > 0

        # a signed slash command: 200 with an answer card (ephemeral)
        status, _, body = sr.post(
            events, sr.slash_command("patching aurora", response_url=slack.response_url("c1"))
        )
        assert status == 200
        reply = json.loads(body)
        assert reply["response_type"] == "ephemeral" and reply["blocks"]

        calls_before = len(slack.calls)
        for forged in (
            sr.slash_command("patching aurora", secret="not-the-secret"),
            sr.slash_command("patching aurora", secret=None),
            sr.slash_command("patching aurora", timestamp=time.time() - 6 * 60),
        ):
            assert sr.post(events, forged)[0] == 401
        assert sr.post(events, sr.url_verification("abc"))[0] == 200

        # a mention is answered once, even when Slack retries the same event_id
        mention = sr.app_mention("<@U0BOT> who patches rds?", ts="1700000000.000100")
        assert sr.post(events, sr.event_callback(mention, event_id="EvA"))[0] == 200
        retry = sr.event_callback(mention, event_id="EvA", retry_num=1)
        assert sr.post(events, retry)[0] == 200
        other = sr.app_mention("<@U0BOT> who patches dynamodb?", ts="1700000000.000200")
        assert sr.post(events, sr.event_callback(other, event_id="EvB"))[0] == 200
        posts = slack.wait_for("chat.postMessage", count=2, timeout=10)
        threads = sorted(p.args.get("thread_ts") for p in posts)
        assert threads == ["1700000000.000100", "1700000000.000200"]
        assert all(c.method != "response_url" for c in slack.calls[calls_before:])

        # wrong routes
        with pytest.raises(urllib.error.HTTPError) as err:
            urllib.request.urlopen(f"{base}/nope", timeout=5)
        assert err.value.code == 404
        with pytest.raises(urllib.error.HTTPError) as err:
            urllib.request.urlopen(events, timeout=5)
        assert err.value.code == 405
    finally:
        [stderr] = stop(proc, timeout=15)
    assert proc.returncode == 0, stderr
    assert "DEBUG" in stderr  # the check below ran at DEBUG
    assert sr.BOT_TOKEN not in stderr and sr.SIGNING_SECRET not in stderr
    assert "Traceback" not in stderr


def test_missing_signing_secret_is_one_line_exit_2(tmp_path):
    env = whoowns_env(tmp_path)
    del env["SLACK_SIGNING_SECRET"]
    result = run_whoowns("serve", env=env)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "whoowns: SLACK_SIGNING_SECRET is missing: set it to the app's Signing Secret"
    ]


def test_unreachable_database_is_one_line_exit_1(tmp_path, slack):
    env = whoowns_env(
        tmp_path,
        SLACK_API_URL=slack.base_url,
        DATABASE_URL="postgresql://postgres:pw-never-shown@127.0.0.1:1/whoowns",
    )
    result = run_whoowns("serve", "--port", str(free_port()), env=env)
    assert result.returncode == 1
    lines = [line for line in result.stderr.splitlines() if " INFO " not in line]
    assert lines == [
        "whoowns: database at postgresql://postgres:***@127.0.0.1:1/whoowns is not reachable: "
        "connection refused"
    ]
    assert "pw-never-shown" not in result.stderr


def test_unreachable_slack_api_is_one_line_exit_1(tmp_path):
    env = whoowns_env(tmp_path, SLACK_API_URL=f"http://127.0.0.1:{free_port()}/api/")
    result = run_whoowns("serve", env=env)
    assert result.returncode == 1
    assert result.stderr.strip().startswith("whoowns: the Slack Web API at http://127.0.0.1:")
    assert len(result.stderr.strip().splitlines()) == 1


def test_broken_knowledge_lists_problems_exit_1(tmp_path, slack):
    folder = tmp_path / "kb"
    folder.mkdir()
    (folder / "services.yaml").write_text("services: [unclosed\n")
    env = whoowns_env(tmp_path, SLACK_API_URL=slack.base_url, WHOOWNS_KNOWLEDGE=str(folder))
    result = run_whoowns("serve", env=env)
    assert result.returncode == 1
    assert result.stderr.strip().endswith("whoowns: the knowledge did not load; not starting")
    assert "services.yaml" in result.stderr
    assert "Traceback" not in result.stderr


def test_rejected_bot_token_is_one_line_exit_1(tmp_path, slack):
    slack.fail("auth.test", error="invalid_auth", times=None)
    result = run_whoowns("serve", env=whoowns_env(tmp_path, SLACK_API_URL=slack.base_url))
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "whoowns: Slack refused SLACK_BOT_TOKEN (auth.test: invalid_auth); "
        "check the Bot User OAuth Token"
    ]
