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
from tests.support.slack_requests import (
    BOT_TOKEN,
    SIGNING_SECRET,
    block_actions,
    button_action,
    event_callback,
    slash_command,
    view_submission,
)

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)
ADMIN = "U0KEEPER"  # keeps the knowledge: in WHOOWNS_ADMINS
CARD_TS = "1772442000.000100"  # the answer card a click comes from


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

    def dispatch(self, request: tuple[str, dict[str, str]]) -> None:
        body, headers = request
        response = self.app.dispatch(BoltRequest(body=body, headers=headers))
        assert response.status == 200, response.body

    def click_report(
        self, card: dict[str, Any], *, user: str = "U0ALICE", channel: str = "C0GENERAL"
    ) -> Any:
        """Click "Wrong or unclear?" on ``card`` (an ephemeral reply): the dialog it opened
        (None when none opened)."""
        [button] = [
            e
            for b in card["blocks"]
            if b["type"] == "actions"
            for e in b["elements"]
            if e["action_id"] == "report_answer"
        ]
        action = button_action("report_answer", value=button["value"], text=button["text"]["text"])
        container = {"type": "message", "message_ts": CARD_TS, "channel_id": channel}
        opened = len(self.slack.calls_to("views.open"))
        self.dispatch(
            block_actions(
                [action],
                user_id=user,
                channel_id=channel,
                container={**container, "is_ephemeral": True},
                trigger_id=f"{next(self._ids)}.trigger",
            )
        )
        calls = self.slack.calls_to("views.open")[opened:]
        if not calls:
            return None
        assert calls[0].args["trigger_id"].endswith(".trigger")
        return dict((calls[0].response or {})["view"])

    def submit(
        self,
        view: dict[str, Any],
        *,
        reason: str | None = None,
        contact: bool = False,
        user: str = "U0ALICE",
    ) -> None:
        """Send the dialog as Slack would, with the reason typed and the box ticked or not."""
        chosen = [{"value": "yes", "text": {"type": "plain_text", "text": "contact"}}]
        values = {
            "reason": {"reason_text": {"type": "plain_text_input", "value": reason}},
            "contact": {
                "contact_ok": {"type": "checkboxes", "selected_options": chosen if contact else []}
            },
        }
        self.dispatch(view_submission(view, values, user_id=user))

    def told(self, user: str = "U0ALICE") -> list[str]:
        """The one-line replies only ``user`` saw."""
        calls = self.slack.calls_to("chat.postEphemeral")
        return [str(c.args["text"]) for c in calls if c.args.get("user") == user]

    def reports(self) -> list[dict[str, Any]]:
        """Every report row of the store's workspace, oldest first."""
        from sqlalchemy import select

        from bot.store.reports import answer_reports as t

        stmt = select(t).where(t.c.workspace == self.deps.store.workspace)
        rows = self.deps.store.read(lambda conn: list(conn.execute(stmt.order_by(t.c.reported_at))))
        return [dict(r._mapping) for r in rows]

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
