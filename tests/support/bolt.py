"""The one Bolt harness: the real app (``create_app``) against LocalSlack, driven by signed
Slack-shaped requests, for every test that talks to the bot as Slack would.

    bot = make_bot(make_deps(knowledge, matcher, slack, store, clock=Clock(MONDAY)), slack)
    reply = bot.command("quiz now")                 # the ack's JSON (or {})
    bot.click(button, "U0BOB")                      # the private reply to that click (or {})
    bot.event(member_joined_channel("U0NEW", channel="C0ONBOARD"))
    bot.replies("cmd-onboard")                      # what reached those response_urls
    bot.clock.at += timedelta(days=1)               # when the deps have a settable Clock

Listeners run inline (``InlineExecutor``), so everything a request causes has happened when
the call returns; ``make_bot(..., inline=False)`` keeps Bolt's own thread pool.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from slack_bolt import App, BoltRequest, BoltResponse
from slack_sdk import WebClient

from bot.app import InlineExecutor, create_app
from bot.clock import system_clock
from bot.config import Settings
from bot.deps import Deps
from bot.localslack import LocalSlack, ids
from bot.localslack import payloads as sr
from tests.support.payloads import assert_valid_message

CLICKED_MESSAGE = {"type": "message", "ts": "1700000000.000100", "text": "x"}
HOME_VIEW = {"id": "V0HOME", "type": "home"}


class Clock:
    """A clock the test sets: ``clock.at = ...``; deps call it like ``system_clock``."""

    def __init__(self, at: datetime) -> None:
        self.at = at

    def __call__(self) -> datetime:
        return self.at


def web_client(slack: LocalSlack, *, timeout: int = 5, **kwargs: Any) -> WebClient:
    return WebClient(token=ids.BOT_TOKEN, base_url=slack.base_url, timeout=timeout, **kwargs)


def settings_for(slack: LocalSlack, **changes: Any) -> Settings:
    """The test app's settings: its token and signing secret, Slack at LocalSlack."""
    return Settings(
        bot_token=ids.BOT_TOKEN,
        signing_secret=ids.SIGNING_SECRET,
        slack_api_url=slack.base_url,
        **changes,
    )


def make_deps(
    knowledge: Any,
    matcher: Any,
    slack: LocalSlack,
    store: Any = None,
    *,
    clock: Callable[[], datetime] = system_clock,
    settings: Settings | None = None,
) -> Deps:
    return Deps(
        knowledge=knowledge,
        matcher=matcher,
        store=store,
        client=web_client(slack),
        clock=clock,
        settings=settings if settings is not None else settings_for(slack),
    )


def make_bot(
    deps: Deps,
    slack: LocalSlack,
    *,
    inline: bool = True,
    channel: str = ids.CHANNEL_ID,
    app: App | None = None,
) -> Bot:
    """The app built for ``deps`` (or ``app`` as given), LocalSlack's calls so far forgotten."""
    if app is None:
        executor = InlineExecutor() if inline else None
        settings = deps.settings if deps.settings is not None else settings_for(slack)
        app = create_app(settings, deps, listener_executor=executor)
    slack.clear()  # forget auth.test
    return Bot(app, slack, deps, channel=channel)


@dataclass
class Bot:
    """The app as Slack sees it. ``channel`` is where commands and clicks happen by default."""

    app: App
    slack: LocalSlack
    deps: Deps
    channel: str = ids.CHANNEL_ID
    _sent: int = field(default=0, repr=False)

    @property
    def clock(self) -> Any:
        return self.deps.clock

    # -- raw requests ------------------------------------------------------------------------
    def send(self, request: sr.Request) -> BoltResponse:
        """Bolt's HTTP response to a built request (any status)."""
        body, headers = request
        return self.app.dispatch(BoltRequest(body=body, headers=dict(headers.items())))

    def ok(self, request: sr.Request) -> BoltResponse:
        response = self.send(request)
        assert response.status == 200, response.body
        return response

    def ack_json(self, request: sr.Request) -> dict[str, Any]:
        response = self.ok(request)
        return json.loads(response.body) if response.body else {}

    # -- as a person would -------------------------------------------------------------------
    def command(
        self,
        text: str,
        user: str = ids.USER_ID,
        key: str | None = None,
        *,
        channel: str | None = None,
    ) -> dict[str, Any]:
        """``/whoowns TEXT``: the ack's JSON ({} for an empty ack). Later replies go to the
        response_url ``key`` (default ``cmd-TEXT``)."""
        url = self.slack.response_url(key or f"cmd-{text}")
        request = sr.slash_command(
            text, user_id=user, channel_id=channel or self.channel, response_url=url
        )
        return self.ack_json(request)

    def event(self, event: Mapping[str, Any], *, event_id: str | None = None) -> BoltResponse:
        """An Events API delivery of ``event`` (each with a new event_id unless given)."""
        self._sent += 1
        return self.ok(sr.event_callback(event, event_id=event_id or f"Ev0BOT{self._sent:06d}"))

    def click(
        self,
        element: Mapping[str, Any],
        user: str = ids.USER_ID,
        key: str | None = None,
        *,
        channel: str | None = None,
        home: bool = False,
        block_id: str = "actions",
    ) -> dict[str, Any]:
        """A click on the button ``element`` (from a message in ``channel``, or on the App Home
        tab with ``home=True``): the one private reply to the click's response_url, {} if none.
        """
        self._sent += 1
        action = sr.button_action(
            str(element["action_id"]), value=str(element.get("value", "")), block_id=block_id
        )
        if home:
            request = sr.block_actions(
                [action], user_id=user, channel_id=None, view=HOME_VIEW, response_url=None
            )
            self.ok(request)
            return {}
        key = key or f"click-{self._sent}-{element['action_id']}"
        request = sr.block_actions(
            [action],
            user_id=user,
            channel_id=channel or self.channel,
            message=CLICKED_MESSAGE,
            response_url=self.slack.response_url(key),
        )
        self.ok(request)
        replies = [c.args for c in self.slack.calls_to("response_url") if c.key == key]
        assert len(replies) <= 1, f"{len(replies)} replies to one click: {replies}"
        return replies[0] if replies else {}

    def replies(self, prefix: str = "click-") -> list[dict[str, Any]]:
        """What reached the response_urls whose key starts with ``prefix``, as sent: ``text``
        and decoded ``blocks`` (commands: ``cmd-TEXT``; clicks: ``click-N-ACTION``), each
        checked to be a message Slack accepts."""
        out = []
        for call in self.slack.calls_to("response_url"):
            if str(call.key or "").startswith(prefix):
                payload = {
                    "text": call.args.get("text", ""),
                    "blocks": call.json_arg("blocks") or [],
                }
                assert_valid_message(payload)
                out.append(payload)
        return out


def open_bot(
    knowledge: Any,
    matcher: Any,
    slack: LocalSlack,
    db_url: str,
    *,
    clock: Callable[[], datetime] = system_clock,
    channel: str = ids.CHANNEL_ID,
) -> Bot:
    """A bot with its own store on ``db_url``, as one server process would have: a second one
    on the same URL is a restart. Close it with ``bot.deps.store.close()``."""
    from bot.store import open_store

    store = open_store(db_url)
    settings = settings_for(slack)
    deps = make_deps(knowledge, matcher, slack, store, clock=clock, settings=settings)
    return make_bot(deps, slack, channel=channel)
