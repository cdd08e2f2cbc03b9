"""`whoowns serve` in OAuth mode as a real process against LocalSlack: two workspaces
installed over HTTP, each answered with its own token; an uninstall; the start-up lines."""

from __future__ import annotations

import json
import urllib.error
import urllib.request

import pytest
from sqlalchemy import create_engine, text

from bot.localslack import LocalSlack
from tests.support import slack_requests as sr
from tests.support.oauth import CLIENT_ID, CLIENT_SECRET, OAuthBot, Page, serve_env
from tests.support.processes import (
    free_port,
    run_whoowns,
    spawn_whoowns,
    stop,
    wait_for_health,
)

pytestmark = pytest.mark.slow


@pytest.fixture
def slack():
    with LocalSlack() as s:
        s.oauth.client_id, s.oauth.client_secret = CLIENT_ID, CLIENT_SECRET
        s.oauth.workspaces["T0SECOND"] = "Second"
        yield s


def _get(url: str, cookie: str = "") -> Page:
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    try:
        with urllib.request.urlopen(request, timeout=10) as resp:
            return Page(resp.status, list(resp.headers.items()), resp.read().decode())
    except urllib.error.HTTPError as exc:
        return Page(exc.code, list(exc.headers.items()), exc.read().decode())


def _install(base: str, team: str) -> Page:
    page = _get(f"{base}/slack/install")
    cookie = "slack-app-oauth-state=" + page.cookies["slack-app-oauth-state"]
    redirect = OAuthBot.approve(page.link("add-to-slack"), team)
    assert redirect.startswith(f"{base}/slack/oauth_redirect?")
    return _get(redirect, cookie)


def test_two_workspaces_install_use_and_one_uninstalls(tmp_path, slack):
    port = free_port()
    env = serve_env(tmp_path, slack, port)
    proc = spawn_whoowns(tmp_path, "serve", "--port", str(port), env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for_health(f"{base}/health", proc)
        for team in ("T0LOCAL", "T0SECOND"):
            page = _install(base, team)
            assert page.status == 200 and "whoowns is installed" in page.text
        slack.clear()
        for team in ("T0LOCAL", "T0SECOND"):
            command = sr.slash_command(
                "patching aurora", team_id=team, response_url=slack.response_url(team)
            )
            status, _, body = sr.post(f"{base}/slack/events", command)
            assert status == 200 and json.loads(body)["blocks"]
        checks = slack.calls_to("auth.test")
        assert sorted(c.args["_auth"]["workspace"] for c in checks) == ["T0LOCAL", "T0SECOND"]

        slack.oauth.uninstall("T0SECOND")
        uninstall = sr.event_callback({"type": "app_uninstalled"}, team_id="T0SECOND")
        assert sr.post(f"{base}/slack/events", uninstall)[0] == 200
        forged = _get(f"{base}/slack/oauth_redirect?code=x&state=forged", "x=1")
        assert forged.status == 400 and "install" in forged.text
    finally:
        [stderr] = stop(proc, timeout=15)
    assert "installs in several workspaces (OAuth; 0 installed, 0 active" in stderr
    assert "GET /slack/install, GET /slack/oauth_redirect" in stderr
    assert "workspace T0SECOND uninstalled: tokens deleted" in stderr
    assert CLIENT_SECRET not in stderr
    assert not any(t in stderr for t in slack.oauth.tokens_of("T0LOCAL"))
    engine = create_engine(env["DATABASE_URL"])
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT team_id, status FROM workspaces ORDER BY team_id"))
        assert [tuple(r) for r in rows] == [("T0LOCAL", "active"), ("T0SECOND", "paused")]
        bots = conn.execute(text("SELECT team_id FROM slack_bots")).scalars().all()
        assert bots == ["T0LOCAL"]
    engine.dispose()


def test_a_bot_token_with_the_oauth_client_stops_start_up_with_one_line(tmp_path, slack):
    env = serve_env(tmp_path, slack, free_port())
    env["SLACK_BOT_TOKEN"] = sr.BOT_TOKEN
    result = run_whoowns("serve", env=env)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("whoowns: SLACK_BOT_TOKEN and SLACK_CLIENT_ID/SLACK_CLIENT_SECRET")


def test_socket_mode_refuses_the_oauth_client(tmp_path, slack):
    env = serve_env(tmp_path, slack, free_port())
    env["SLACK_APP_TOKEN"] = "xapp-1-A1-1-abc"
    result = run_whoowns("socket", env=env)
    assert result.returncode == 2
    assert result.stderr.strip().startswith("whoowns: SLACK_BOT_TOKEN is missing: this command")
