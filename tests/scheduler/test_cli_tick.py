"""`whoowns tick` / `quiz tick` in OAuth mode: each workspace's token, rotated through the
configured Slack API; a workspace whose token cannot be rotated is named with the reason."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from bot.cli import main
from tests.support import slack_requests as sr
from tests.support.oauth import oauth_env


def _subscribed(bot, slack, db_url, monkeypatch, *teams: str) -> None:
    for team in teams:
        bot.install(slack, team)
        request = sr.slash_command("quiz subscribe 09:00 UTC daily", team_id=team)
        assert bot.event(request).status == 200
    for name, value in oauth_env(slack, db_url).items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("SLACK_BOT_TOKEN", raising=False)


def _tomorrow_nine() -> str:
    day = datetime.now(timezone.utc) + timedelta(days=1)
    return day.replace(hour=9, minute=0, second=0, microsecond=0).isoformat()


def test_tokens_are_rotated_through_the_configured_slack_api(
    bot, slack, db_url, monkeypatch, capsys
):
    slack.oauth.expires_in = slack.oauth.rotated_expires_in = 3600  # always within 2 h
    _subscribed(bot, slack, db_url, monkeypatch, "T0SECOND")
    slack.clear()
    assert main(["quiz", "tick", "--now", _tomorrow_nine()]) == 0
    out = capsys.readouterr().out
    refresh = [
        c for c in slack.calls_to("oauth.v2.access") if c.args.get("grant_type") == "refresh_token"
    ]
    assert len(refresh) == 1  # asked of LocalSlack, not slack.com
    [post] = slack.calls_to("chat.postMessage", ok=True)
    assert post.args["_auth"]["workspace"] == "T0SECOND"
    assert "T0SECOND: quiz 1 due, 1 posted" in out


def test_a_workspace_whose_token_cannot_be_rotated_is_named_and_the_others_go_on(
    bot, slack, db_url, monkeypatch, capsys
):
    slack.oauth.expires_in = slack.oauth.rotated_expires_in = 3600
    _subscribed(bot, slack, db_url, monkeypatch, "T0LOCAL", "T0SECOND")
    slack.oauth.uninstall("T0LOCAL")  # its refresh token no longer works
    slack.clear()
    assert main(["tick", "--now", _tomorrow_nine()]) == 0
    out = capsys.readouterr().out.strip()
    posted = [c.args["_auth"]["workspace"] for c in slack.calls_to("chat.postMessage", ok=True)]
    assert posted == ["T0SECOND"]
    assert len(out.splitlines()) == 1
    assert "T0LOCAL skipped: token rotation failed (invalid_refresh_token)" in out


def test_an_idle_tick_asks_nothing_of_slack_in_any_workspace(
    bot, slack, db_url, monkeypatch, capsys
):
    slack.oauth.expires_in = slack.oauth.rotated_expires_in = 3600  # tokens due for rotation
    _subscribed(bot, slack, db_url, monkeypatch, "T0LOCAL", "T0SECOND")
    slack.clear()
    three_am = datetime.fromisoformat(_tomorrow_nine()) - timedelta(hours=6)
    assert main(["tick", "--now", three_am.isoformat()]) == 0
    capsys.readouterr()
    # nothing is due anywhere: no token is looked up or rotated, nothing is posted
    assert [c.method for c in slack.calls] == []
