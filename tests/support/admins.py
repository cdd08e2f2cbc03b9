"""Who may change settings: the real app against LocalSlack, with people in every role."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from slack_bolt import App, BoltRequest
from slack_sdk import WebClient

from bot.app import InlineExecutor, create_app
from bot.config import Settings
from bot.deps import Deps
from bot.localslack import LocalSlack
from tests.support.slack_requests import BOT_TOKEN, SIGNING_SECRET, slash_command

CHANNEL = "C0DBTEAM"
BOB = "U0BOB"  # subscribes the channel
CAROL = "U0CAROL"  # a member, nothing more
DAVE = "U0DAVE"  # a workspace admin (users.info is_admin)
OWEN = "U0OWEN"  # the workspace owner (users.info is_owner)
ERIN = "U0ERIN"  # named in WHOOWNS_ADMINS
MONDAY_0700 = datetime(2024, 1, 15, 7, 0, tzinfo=timezone.utc)


class Clock:
    def __init__(self) -> None:
        self.now = MONDAY_0700

    def __call__(self) -> datetime:
        return self.now


@dataclass
class Team:
    app: App
    slack: LocalSlack
    deps: Deps
    clock: Clock
    _n: int = 0

    def say(self, user: str, text: str, channel: str = CHANNEL) -> str:
        """``/whoowns TEXT`` from ``user``: the text of what they see first (the ack, else the
        first response_url message)."""
        self._n += 1
        key = f"cmd{self._n}"
        body, headers = slash_command(
            text, user_id=user, channel_id=channel, response_url=self.slack.response_url(key)
        )
        response = self.app.dispatch(BoltRequest(body=body, headers=headers))
        assert response.status == 200, response.body
        ack = json.loads(response.body) if response.body else {}
        if ack.get("text"):
            return str(ack["text"])
        sent = [c for c in self.slack.calls_to("response_url") if c.key == key]
        return str(sent[0].args.get("text", "")) if sent else ""

    def users_info_calls(self) -> int:
        return len(self.slack.calls_to("users.info"))


def make_team(knowledge: Any, matcher: Any, slack: LocalSlack, store: Any) -> Team:
    slack.users.update(
        {
            DAVE: {"is_admin": True, "tz": "Europe/Berlin"},
            OWEN: {"is_owner": True, "tz": "Europe/Berlin"},
            BOB: {"tz": "Europe/Berlin"},
            CAROL: {"tz": "Europe/Berlin"},
        }
    )
    settings = Settings(
        bot_token=BOT_TOKEN,
        signing_secret=SIGNING_SECRET,
        slack_api_url=slack.base_url,
        admins=(ERIN,),
    )
    clock = Clock()
    client = WebClient(token=BOT_TOKEN, base_url=slack.base_url, timeout=5)
    deps = Deps(knowledge, matcher, store, client, clock, settings)
    app = create_app(settings, deps, listener_executor=InlineExecutor())
    slack.clear()
    return Team(app, slack, deps, clock)
