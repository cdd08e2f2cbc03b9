"""Uninstall, revocation and token rotation through the real Bolt app against LocalSlack."""

from __future__ import annotations

import json
import logging

from slack_sdk import WebClient
from slack_sdk.oauth.token_rotation import TokenRotator

from bot.oauth.installs import TOKEN_ROTATION_MINUTES
from tests.support import slack_requests as sr


def _uninstalled(team: str, event_id: str = "EvUninstall1") -> sr.Request:
    return sr.event_callback({"type": "app_uninstalled"}, team_id=team, event_id=event_id)


def _answered(bot, slack, team: str) -> bool:
    reply = bot.event(
        sr.slash_command("patching aurora", team_id=team, response_url=slack.response_url(team))
    )
    return reply.status == 200 and bool(reply.text) and "blocks" in json.loads(reply.text)


def test_uninstall_deletes_the_tokens_at_once_pauses_and_a_reinstall_resumes(bot, slack, caplog):
    bot.install(slack, "T0LOCAL")
    bot.install(slack, "T0SECOND")
    assert _answered(bot, slack, "T0SECOND")  # the installation lookup is now cached
    # (Slack revokes the tokens too; here they still work, so only the deletion, past the
    # cache, can stop the answers)
    with caplog.at_level(logging.INFO, logger="bot.oauth"):
        assert bot.event(_uninstalled("T0SECOND")).status == 200
    [line] = [r.getMessage() for r in caplog.records if "T0SECOND" in r.getMessage()]
    assert line.startswith("workspace T0SECOND uninstalled: tokens deleted; quiz posts and ")
    assert "paused" in line
    assert (
        bot.installs.installations.find_installation(enterprise_id=None, team_id="T0SECOND") is None
    )
    assert bot.installs.tokens.bot_token("T0SECOND") is None
    second = bot.installs.workspaces.get("T0SECOND")
    assert (second.status, second.paused_reason) == ("paused", "app_uninstalled")
    assert not bot.installs.workspaces.is_active("T0SECOND")
    assert [w.team_id for w in bot.installs.workspaces.active()] == ["T0LOCAL"]
    assert not _answered(bot, slack, "T0SECOND")  # at once, despite the cache
    assert _answered(bot, slack, "T0LOCAL")  # the other workspace goes on

    with caplog.at_level(logging.INFO, logger="bot.oauth"):
        bot.install(slack, "T0SECOND")
    assert any("quiz posts and onboarding DMs resume" in r.getMessage() for r in caplog.records)
    assert bot.installs.workspaces.is_active("T0SECOND")
    assert _answered(bot, slack, "T0SECOND")


def test_a_revoked_bot_token_pauses_the_workspace_user_tokens_do_not(bot, slack):
    bot.install(slack, "T0SECOND")
    users = sr.event_callback(
        {"type": "tokens_revoked", "tokens": {"oauth": ["U0ADMIN"], "bot": []}},
        team_id="T0SECOND",
        event_id="EvRevoke1",
    )
    bot.event(users)
    assert bot.installs.workspaces.is_active("T0SECOND")
    assert bot.installs.tokens.bot_token("T0SECOND") is not None
    bots = sr.event_callback(
        {"type": "tokens_revoked", "tokens": {"oauth": [], "bot": ["U0SECONDBOT"]}},
        team_id="T0SECOND",
        event_id="EvRevoke2",
    )
    bot.event(bots)
    assert bot.installs.workspaces.get("T0SECOND").paused_reason == "tokens_revoked"
    assert bot.installs.installations.find_bot(enterprise_id=None, team_id="T0SECOND") is None


def test_expiring_tokens_are_rotated_for_requests_and_for_ticks(bot, slack):
    slack.oauth.expires_in = 60  # within the rotation window: due at once
    bot.install(slack, "T0SECOND")
    [first] = slack.oauth.tokens_of("T0SECOND")
    assert first.startswith("xoxe.xoxb-")
    slack.clear()
    assert _answered(bot, slack, "T0SECOND")
    [refresh] = slack.calls_to("oauth.v2.access")
    assert refresh.args["grant_type"] == "refresh_token"
    stored = bot.installs.installations.find_installation(enterprise_id=None, team_id="T0SECOND")
    assert stored.bot_token != first and stored.bot_token in slack.oauth.tokens_of("T0SECOND")
    # the rotated token lasts 12 h: no second rotation, for requests or ticks
    assert stored.bot_token_expires_at > refresh.at + TOKEN_ROTATION_MINUTES * 60
    assert _answered(bot, slack, "T0SECOND")
    assert bot.installs.tokens.bot_token("T0SECOND") == stored.bot_token
    assert len(slack.calls_to("oauth.v2.access")) == 1

    # a tick finding a token due rotates it too, and saves it for the requests
    slack.oauth.rotated_expires_in = 60
    bot.installs.installations.save(_due(stored, slack))
    token = bot.installs.tokens.bot_token("T0SECOND")
    assert token not in (first, stored.bot_token) and len(slack.calls_to("oauth.v2.access")) == 3


def _due(installation, slack):
    """The stored installation with its token due (rotated once more, to expire soon)."""
    rotator = TokenRotator(
        client_id=slack.oauth.client_id,
        client_secret=slack.oauth.client_secret,
        client=WebClient(base_url=slack.base_url),
    )
    return rotator.perform_token_rotation(
        installation=installation, minutes_before_expiration=10**6
    )
