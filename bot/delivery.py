"""One delivery protocol for every message the bot posts exactly once: claim → post → record,
release or fail. Quiz questions, lesson DMs and review DMs all go through here.

    delivery = Delivery("lesson", store.lesson_claims, ("U1", "the-model"), token,
                        channel="U1", to=PERSON)
    result = Courier(client).deliver(delivery, message.kwargs(), now)
    result.status  # posted | lost | retry | failed

The steps, and where each lives:

1. **Claim** (the caller, in its store): a row is inserted, or a stale claim taken over,
   with a fresh :func:`new_token` (:class:`bot.store.claims.Claims`). Only the claimer posts.
2. **Post** (:meth:`Courier.post`, the ONE place a claimed message reaches Slack):
   ``chat.postMessage`` under the 429 policy (:func:`call`).
3. **Record** the message (``claimed`` → ``posted`` with its ts, and a DM's channel) while the
   token still holds the claim; ``lost`` when another tick took the claim over meanwhile.
4. On a Slack error, **fail** the row for good when the error is permanent for this kind of
   destination (:data:`PERMANENT_ERRORS`), else **release** the claim so the next tick
   retries. Every error is reported the same way (:func:`slack_error`).

Seams for exactly-once via Slack (issue 10), all in :meth:`Courier.post`, which has the
delivery's ``kind`` and claim ``key`` at hand: (a) message ``metadata`` naming the delivery
(``kind`` plus a hash of ``key``); (b) before posting again when an earlier attempt's outcome
is unknown (a taken-over lease, a timeout, a 5xx), look for the bot's own message carrying
that metadata and record it instead of posting twice; (c) renew the lease while a slow post
(429 waits) is under way. None of these is built yet.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, Literal

from slack_sdk.errors import SlackApiError, SlackClientError

if TYPE_CHECKING:
    from slack_sdk import WebClient

    from bot.store.claims import Claims

logger = logging.getLogger(__name__)

LEASE = timedelta(minutes=2)  # a claim older than this, not yet posted, is taken over
RATE_LIMIT_WAITS = 5  # 429s honoured here after the client's own retries, per call

# What a delivery is addressed to: a channel (quiz posts), or a person (DMs: the channel is
# their user id, Slack opens the DM).
Target = Literal["channel", "person"]
CHANNEL: Target = "channel"
PERSON: Target = "person"

# Every Slack error that retrying will not cure, and what it is about. An error about a
# channel is permanent for every delivery; one about a person only for DMs (posting to a
# channel, ``account_inactive`` means the bot's own token, which a retry may outlive).
PERMANENT_ERRORS: Mapping[str, Target] = {
    "channel_not_found": CHANNEL,
    "not_in_channel": CHANNEL,
    "is_archived": CHANNEL,
    "restricted_action": CHANNEL,
    "restricted_action_read_only_channel": CHANNEL,
    "restricted_action_thread_only_channel": CHANNEL,
    "team_access_not_granted": CHANNEL,
    "user_not_found": PERSON,
    "account_inactive": PERSON,
    "cannot_dm_bot": PERSON,
    "user_disabled": PERSON,
}
# chat.update: the message is gone or can no longer change; nothing left to update.
GONE_MESSAGE_ERRORS = frozenset({"message_not_found", "cant_update_message", "edit_window_closed"})

# Delivery outcomes: posted; lost (posted, but another tick took the claim over meanwhile,
# so the message may show twice); retry (released: the next tick tries again); failed (for
# good: the row is not tried again).
Status = Literal["posted", "lost", "retry", "failed"]


def new_token() -> str:
    """A claim token: who holds a claim (compare-and-set on it decides every race)."""
    return uuid.uuid4().hex


def slack_error(exc: BaseException) -> str:
    """How a failed call is reported, stored and logged: Slack's error code
    (``channel_not_found``), ``http_<status>`` when Slack sent none, else the exception's class
    name (``TimeoutError``)."""
    if isinstance(exc, SlackApiError):
        return str(exc.response.get("error") or f"http_{exc.response.status_code}")
    return type(exc).__name__


def is_permanent(error: str, to: Target) -> bool:
    """True when ``error`` will not go away for a delivery addressed to ``to``."""
    about = PERMANENT_ERRORS.get(error)
    return about == CHANNEL or (about == PERSON and to == PERSON)


def is_gone(error: str) -> bool:
    """True when a ``chat.update`` can never succeed: the message or its channel is gone."""
    return error in GONE_MESSAGE_ERRORS or is_permanent(error, CHANNEL)


def call(
    method: Callable[..., Any], *, sleep: Callable[[float], None] = time.sleep, **kwargs: Any
) -> Any:
    """The 429 policy: a Web API call whose 429s, left over after the client's own retry
    handler, wait ``Retry-After`` here, up to :data:`RATE_LIMIT_WAITS` times."""
    for attempt in range(RATE_LIMIT_WAITS + 1):
        try:
            return method(**kwargs)
        except SlackApiError as exc:
            if exc.response.status_code != 429 or attempt == RATE_LIMIT_WAITS:
                raise
            headers = exc.response.headers or {}
            wait = headers.get("Retry-After") or headers.get("retry-after") or 1
            sleep(float(wait))
    raise AssertionError("unreachable")  # pragma: no cover


@dataclass(frozen=True)
class Delivery:
    """One claimed message: what it is, the claim that makes it once, where it goes."""

    kind: str  # names the delivery: "quiz", "lesson", "review"
    claims: Claims  # the table that holds the claim
    key: Sequence[Any]  # the claimed row's key in ``claims`` (quiz: the post id)
    token: str  # this attempt's claim token
    channel: str  # a channel id, or a user id for a DM
    to: Target = CHANNEL


@dataclass(frozen=True)
class Delivered:
    """What became of one delivery."""

    status: Status
    channel: str = ""  # where the message is (a DM's D… channel), when posted
    ts: str = ""
    error: str | None = None  # see slack_error()


class Courier:
    """Posts claimed deliveries on a Web API client, under one policy."""

    def __init__(
        self, client: WebClient | None, *, sleep: Callable[[float], None] = time.sleep
    ) -> None:
        self.client = client  # None: no Slack (the CLI's read-only commands)
        self.sleep = sleep

    @property
    def slack(self) -> WebClient:
        """The Web API client; RuntimeError when this courier has none."""
        if self.client is None:
            raise RuntimeError("no Slack client: this engine can only read")
        return self.client

    def deliver(self, delivery: Delivery, message: Mapping[str, Any], now: datetime) -> Delivered:
        """Post ``message`` (``chat.postMessage`` arguments but the channel) for a claim this
        caller holds, then record it, release the claim, or fail the row."""
        d = delivery
        try:
            response = self.post(d, message)
        except (SlackApiError, SlackClientError, OSError) as exc:
            error = slack_error(exc)
            if is_permanent(error, d.to):
                d.claims.failed(d.key, d.token, error)
                return Delivered("failed", error=error)
            d.claims.release(d.key, d.token, error)
            return Delivered("retry", error=error)
        channel = str(response.get("channel") or d.channel)
        ts = str(response.get("ts") or "")
        recorded = {"message_ts": ts, **({"channel": channel} if d.to == PERSON else {})}
        if not d.claims.posted(d.key, d.token, now, **recorded):
            logger.warning("%s %s was taken over while posting; it may show twice", d.kind, d.key)
            return Delivered("lost", channel, ts)
        return Delivered("posted", channel, ts)

    def post(self, delivery: Delivery, message: Mapping[str, Any]) -> Any:
        """The one place a claimed delivery reaches Slack (see the module's seams)."""
        return call(
            self.slack.chat_postMessage, sleep=self.sleep, channel=delivery.channel, **message
        )

    def send(self, channel: str, message: Mapping[str, Any]) -> Any:
        """An unclaimed post (a welcome DM, a congratulation) under the same 429 policy."""
        return call(self.slack.chat_postMessage, sleep=self.sleep, channel=channel, **message)
