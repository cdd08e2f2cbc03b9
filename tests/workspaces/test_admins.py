"""``WHOOWNS_ADMINS=T0AAA:U0BOB``: Bob may change settings in T0AAA, and in T0BBB he is
nobody special (two workspaces installed through OAuth on one database)."""

from __future__ import annotations

import json

import pytest

from tests.support import slack_requests as sr
from tests.support.oauth import OAuthBot

A, B = "T0AAA", "T0BBB"
BOB, CHANNEL = "U0BOB", "C0SAME"


@pytest.fixture
def bot(knowledge, matcher, slack, db_url):
    slack.oauth.workspaces[A] = "Alpha"
    slack.oauth.workspaces[B] = "Beta"
    made = OAuthBot.start(knowledge, matcher, slack, db_url, WHOOWNS_ADMINS=f"{A}:{BOB}")
    made.install(slack, A)
    made.install(slack, B)
    yield made
    made.close()


def command(bot, slack, team: str, text: str) -> str:
    key = f"{team}-{text}"
    request = sr.slash_command(
        text, team_id=team, channel_id=CHANNEL, user_id=BOB, response_url=slack.response_url(key)
    )
    page = bot.event(request)
    assert page.status == 200, page.text
    said = [page.text] if page.text else []
    said += [json.dumps(c.args) for c in slack.calls_to("response_url") if c.key == key]
    return "\n".join(said)


def test_bob_is_an_admin_in_his_workspace_only(bot, slack):
    listing_a = command(bot, slack, A, "admins")
    assert f"<@{BOB}>" in listing_a and "You may change every setting here." in listing_a
    listing_b = command(bot, slack, B, "admins")
    assert f"<@{BOB}>" not in listing_b and "You may not change settings here." in listing_b


def test_bob_chooses_the_onboarding_channel_in_his_workspace_and_is_refused_in_the_other(
    bot, slack
):
    assert ":lock:" not in command(bot, slack, A, "onboarding here")
    refused = command(bot, slack, B, "onboarding here")
    assert ":lock: Only workspace admins and owners can choose the onboarding channel." in refused
