"""The OAuth-mode fixtures the oauth and workspaces suites share: LocalSlack with its OAuth
stand-in (two workspaces to install) and a bot in OAuth mode on ``db_url`` (both databases)."""

from __future__ import annotations

import pytest

from bot.localslack import LocalSlack
from tests.support.oauth import CLIENT_ID, CLIENT_SECRET, REDIRECT_URI, OAuthBot


@pytest.fixture
def slack():
    with LocalSlack() as s:
        s.oauth.client_id, s.oauth.client_secret = CLIENT_ID, CLIENT_SECRET
        s.oauth.redirect_uri = REDIRECT_URI
        s.oauth.workspaces["T0SECOND"] = "Second & <Co>"
        yield s


@pytest.fixture
def bot(knowledge, matcher, slack, db_url):
    made = OAuthBot.start(knowledge, matcher, slack, db_url)
    yield made
    made.close()
