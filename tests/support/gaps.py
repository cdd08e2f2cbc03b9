"""Knowledge gaps through the real Bolt app against LocalSlack, with the gaps service at hand
(to wait for its background writes)."""

from __future__ import annotations

import itertools
import json
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from slack_bolt import App, BoltRequest
from slack_sdk import WebClient

from bot.app import InlineExecutor, create_app
from bot.config import Settings
from bot.deps import Deps
from bot.features import build_services, installed
from bot.localslack import LocalSlack
from tests.support.slack_requests import BOT_TOKEN, SIGNING_SECRET, event_callback, slash_command

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)
ADMIN = "U0KEEPER"  # keeps the knowledge: in WHOOWNS_ADMINS


class Clock:
    def __init__(self, now: datetime = T0) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@dataclass
class GapsBot:
    app: App
    slack: LocalSlack
    deps: Deps
    services: dict[str, Any]
    clock: Clock
    _ids: Any = field(default_factory=lambda: itertools.count(1))

    def command(self, text: str, *, user: str = "U0ALICE") -> dict[str, Any]:
        body, headers = slash_command(text, user_id=user)
        response = self.app.dispatch(BoltRequest(body=body, headers=headers))
        assert response.status == 200, response.body
        return json.loads(response.body) if response.body else {}

    def event(self, event: dict[str, Any]) -> None:
        body, headers = event_callback(event, event_id=f"EvGaps{next(self._ids)}")
        response = self.app.dispatch(BoltRequest(body=body, headers=headers))
        assert response.status == 200

    def recorded(self) -> list[tuple[str, str, int]]:
        """What the store holds now (after the background writes landed)."""
        from bot.store.gaps import GapStore

        assert self.services["gaps"].flush(5)
        rows = GapStore(self.deps.store).top(
            since=datetime.min.replace(tzinfo=timezone.utc), limit=100
        )
        return [(r.text, r.kind, r.count) for r in rows]


def make_gaps_bot(knowledge, matcher, slack, store, **settings: Any) -> GapsBot:
    clock = Clock()
    conf = Settings(
        bot_token=BOT_TOKEN,
        signing_secret=SIGNING_SECRET,
        slack_api_url=slack.base_url,
        admins=(ADMIN,),
        **settings,
    )
    client = WebClient(token=BOT_TOKEN, base_url=slack.base_url, timeout=5)
    deps = Deps(knowledge, matcher, store, client, clock, conf)
    features = installed()
    services = build_services(deps, features)
    app = create_app(
        conf, deps, listener_executor=InlineExecutor(), features=features, services=services
    )
    slack.clear()
    return GapsBot(app, slack, deps, services, clock)
