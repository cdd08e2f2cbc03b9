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

Exactly once via Slack, all in the Courier:

* every claimed post carries Slack message ``metadata`` naming the delivery
  (:func:`metadata_for`: its kind and a hash of the claim key; nothing personal);
* whenever an earlier attempt's outcome is unknown (a claim taken over after its lease, a
  release after a timeout, a dropped connection or a 5xx: ``unsure_since`` in
  :mod:`bot.store.claims`), the next attempt first makes ONE ``conversations.history`` call
  (:meth:`Courier.look`: from that claim time minus :data:`LOOKUP_MARGIN`, at most
  :data:`LOOKUP_LIMIT` messages, with metadata, only the bot's own messages). Found: record
  that ts, post nothing. Not found: post. Rate-limited (429) or failing: wait for the next
  tick. ``missing_scope`` / ``not_in_channel``: post anyway (log one line; at most one
  repeat, only if the process died between Slack's answer and the write) and remember the
  weaker guarantee for the channel (:mod:`bot.store.access`). The healthy path never looks.
* claimed posts go through a client without automatic retries
  (:func:`bot.slack.client.without_retries`), so every retry goes through the lookup; each 429
  wait first renews the claim's lease, so a slow post is never taken over.
* :attr:`Courier.fault` (tests only, None in production) is called at each crash point:
  ``claimed``, ``answered`` (Slack answered, nothing recorded yet) and ``recorded``.
"""

from __future__ import annotations

import hashlib
import logging
import time
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, Literal

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError

from bot.slack.client import without_retries
from bot.store.access import AT_MOST_ONE_REPEAT, EXACTLY_ONCE, AccessStore

if TYPE_CHECKING:
    from bot.store import Store
    from bot.store.claims import Claims

logger = logging.getLogger(__name__)

LEASE = timedelta(minutes=2)  # a claim older than this, not yet posted, is taken over
RATE_LIMIT_WAITS = 5  # 429s honoured here after the client's own retries, per call
METADATA_EVENT = "whoowns_delivery"  # the event_type of every claimed post's metadata
LOOKUP_MARGIN = timedelta(minutes=5)  # look from the unsure claim's time minus this
LOOKUP_LIMIT = 15  # messages per conversations.history call (Slack's limit for some apps)
# the lookup cannot see the channel: post anyway, with the weaker guarantee
NO_LOOKUP_ERRORS = frozenset({"missing_scope", "not_in_channel"})

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
Status = Literal["posted", "lost", "retry", "failed", "stopped"]

# Slack refusing the bot's own token. ``account_inactive`` is judged apart (:func:`judge`): on
# a DM it may be about the person.
TOKEN_ERRORS = frozenset({"invalid_auth", "token_revoked", "not_authed", "token_expired"})
MAX_ATTEMPTS = 6  # transient failures of one DM before its person is stopped

# What a Slack error means for a delivery: retry later; failed for good (a channel); stopped
# (a person the bot cannot reach: no more DMs until they come back); revoked (the workspace's
# token is dead: the workspace pauses).
Verdict = Literal["retry", "failed", "stopped", "revoked"]


def judge(error: str, to: Target, token_alive: Callable[[], bool | None]) -> Verdict:
    """The one place a failed delivery is judged. ``account_inactive`` on a DM is checked
    with ``token_alive()`` (``auth.test``): alive, the person is deactivated (stopped); dead,
    the workspace's token is (revoked); unknown, retry."""
    if error in TOKEN_ERRORS:
        return "revoked"
    if error == "account_inactive" and to == PERSON:
        alive = token_alive()
        if alive is None:
            return "retry"
        return "stopped" if alive else "revoked"
    if is_permanent(error, to):
        return "stopped" if to == PERSON else "failed"
    return "retry"


class TokenRefused(Exception):
    """Slack refused the workspace's token during a DM: its tick stops, the workspace pauses."""

    def __init__(self, error: str) -> None:
        super().__init__(error)
        self.error = error


def new_token() -> str:
    """A claim token: who holds a claim (compare-and-set on it decides every race)."""
    return uuid.uuid4().hex


def http_status(exc: SlackApiError) -> int:
    """The HTTP status of a Slack error answer (200 for an ``ok: false`` body). The
    ``response`` of an error raised without a call (a client that remembers a refused token)
    is a plain dict: its status is 200, like the answer it stands for."""
    status = getattr(exc.response, "status_code", None)
    return int(status) if isinstance(status, int) else 200


def slack_error(exc: BaseException) -> str:
    """How a failed call is reported, stored and logged: Slack's error code
    (``channel_not_found``), ``http_<status>`` when Slack sent none, else the exception's class
    name (``TimeoutError``)."""
    if isinstance(exc, SlackApiError):
        response = exc.response if exc.response is not None else {}
        return str(response.get("error") or f"http_{http_status(exc)}")
    return type(exc).__name__


def is_permanent(error: str, to: Target) -> bool:
    """True when ``error`` will not go away for a delivery addressed to ``to``."""
    about = PERMANENT_ERRORS.get(error)
    return about == CHANNEL or (about == PERSON and to == PERSON)


def is_gone(error: str) -> bool:
    """True when a ``chat.update`` can never succeed: the message or its channel is gone."""
    return error in GONE_MESSAGE_ERRORS or is_permanent(error, CHANNEL)


def outcome_unknown(exc: BaseException) -> bool:
    """True when a failed post may still have reached Slack: a 5xx, a timeout, a dropped
    connection. Slack's own error answers (``ok: false``, 429) mean nothing was posted."""
    if isinstance(exc, SlackApiError):
        return http_status(exc) >= 500
    return True


def delivery_key(kind: str, key: Sequence[Any]) -> str:
    """The hash naming one claimed delivery in Slack (its kind and claim key)."""
    text = kind + ":" + "\x1f".join(str(part) for part in key)
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def metadata_for(kind: str, key: Sequence[Any]) -> dict[str, Any]:
    """The ``metadata`` of a claimed post: nothing personal, only the kind and a hash."""
    payload = {"kind": kind, "key": delivery_key(kind, key)}
    return {"event_type": METADATA_EVENT, "event_payload": payload}


class ClaimLost(Exception):
    """The claim was taken over while this process waited to post: post nothing."""


def call(
    method: Callable[..., Any],
    *,
    sleep: Callable[[float], None] = time.sleep,
    before_wait: Callable[[float], None] | None = None,
    before_attempt: Callable[[], None] | None = None,
    **kwargs: Any,
) -> Any:
    """The 429 policy: a Web API call whose 429s, left over after the client's own retry
    handler, wait ``Retry-After`` here, up to :data:`RATE_LIMIT_WAITS` times.
    ``before_wait(seconds)`` runs before each wait (a claimed post renews its lease),
    ``before_attempt()`` before each attempt (a claimed post checks it still holds its claim)."""
    for attempt in range(RATE_LIMIT_WAITS + 1):
        if before_attempt is not None:
            before_attempt()
        try:
            return method(**kwargs)
        except SlackApiError as exc:
            if http_status(exc) != 429 or attempt == RATE_LIMIT_WAITS:
                raise
            headers = getattr(exc.response, "headers", None) or {}
            wait = float(headers.get("Retry-After") or headers.get("retry-after") or 1)
            if before_wait is not None:
                before_wait(wait)
            sleep(wait)
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
    taken_over: bool = False  # a claim taken over: an earlier attempt's outcome may be unknown


@dataclass(frozen=True)
class Delivered:
    """What became of one delivery."""

    status: Status
    channel: str = ""  # where the message is (a DM's D… channel), when posted
    ts: str = ""
    error: str | None = None  # see slack_error()


Fault = Callable[[str, Delivery], None]  # tests: (crash point, delivery) -> None or raise


class Courier:
    """Posts claimed deliveries on a Web API client, under one policy."""

    def __init__(
        self,
        client: WebClient | None,
        *,
        sleep: Callable[[float], None] = time.sleep,
        fault: Fault | None = None,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.client = client  # None: no Slack (the CLI's read-only commands)
        self.sleep = sleep
        self.monotonic = monotonic
        self._began: tuple[datetime, float] | None = None  # (a tick's now, monotonic then)
        self.fault = fault  # tests only: called at "claimed", "answered", "recorded"
        # claimed posts: no automatic retries (a retry must look first, see the module)
        self.poster = without_retries(client) if isinstance(client, WebClient) else client
        self._bot_id: str | None = None

    @property
    def slack(self) -> WebClient:
        """The Web API client; RuntimeError when this courier has none."""
        if self.client is None:
            raise RuntimeError("no Slack client: this engine can only read")
        return self.client

    def current(self, now: datetime) -> datetime:
        """The instant to stamp claims and leases with during the tick that began at ``now``
        (the injected clock's): ``now`` plus the time elapsed since, on the monotonic clock.
        A fan-out running for minutes never claims with a time already past its lease."""
        began = self._began
        if began is None or began[0] != now:
            began = self._began = (now, self.monotonic())
        return now + timedelta(seconds=max(self.monotonic() - began[1], 0.0))

    def token_alive(self) -> bool | None:
        """Whether Slack still accepts this courier's token (``auth.test``); None: cannot
        tell. Alive: a refusal the client remembered was about someone else, and is cleared."""
        try:
            self.slack.auth_test()
        except SlackApiError as exc:
            error = slack_error(exc)
            return False if error in TOKEN_ERRORS or error == "account_inactive" else None
        except (SlackClientError, OSError):
            return None
        for client in (self.client, self.poster):
            if getattr(client, "auth_error", None) is not None:
                client.auth_error = None  # type: ignore[union-attr]
        return True

    def _at(self, point: str, delivery: Delivery) -> None:
        if self.fault is not None:
            self.fault(point, delivery)

    def deliver(self, delivery: Delivery, message: Mapping[str, Any], now: datetime) -> Delivered:
        """Post ``message`` (``chat.postMessage`` arguments but the channel) for a claim this
        caller holds, then record it, release the claim, or fail the row. A taken-over claim
        whose earlier attempt may have posted looks first (:meth:`look`)."""
        d = delivery
        self._at("claimed", d)
        since = d.claims.unsure_since(d.key) if d.taken_over else None
        found = self.look(d, since, now) if since is not None else None
        if isinstance(found, Delivered):  # the lookup could not tell: the next tick tries
            d.claims.release(d.key, d.token, found.error or "lookup", unsure=True)
            return found
        if found is not None:
            logger.info(
                "%s %s was already in Slack (ts=%s): not posted again", d.kind, d.key, found[1]
            )
            channel, ts = found
        else:
            try:
                response = self.post(d, message, now)
            except ClaimLost:
                return Delivered("lost")
            except (SlackApiError, SlackClientError, OSError) as exc:
                return self._failed(d, exc, now)
            channel = str(response.get("channel") or d.channel)
            ts = str(response.get("ts") or "")
        self._at("answered", d)
        recorded = {"message_ts": ts, **({"channel": channel} if d.to == PERSON else {})}
        if not d.claims.posted(d.key, d.token, self.current(now), **recorded):
            logger.warning("%s %s was taken over while posting; it may show twice", d.kind, d.key)
            return Delivered("lost", channel, ts)
        self._at("recorded", d)
        return Delivered("posted", channel, ts)

    def _failed(self, d: Delivery, exc: BaseException, now: datetime) -> Delivered:
        error = slack_error(exc)
        verdict = judge(error, d.to, self.token_alive)
        if verdict == "failed":
            d.claims.failed(d.key, d.token, error)
            return Delivered("failed", error=error)
        if verdict == "stopped":
            d.claims.failed(d.key, d.token, error)
            return Delivered("stopped", error=error)
        at = self.current(now)
        attempts = d.claims.release(d.key, d.token, error, unsure=outcome_unknown(exc), now=at)
        if verdict == "revoked" and d.to == PERSON:
            raise TokenRefused(error) from exc
        if d.to == PERSON and attempts >= MAX_ATTEMPTS:  # transient, again and again: give up
            gave_up = f"{error} ({attempts} attempts)"
            if d.claims.give_up(d.key, gave_up):
                return Delivered("stopped", error=gave_up)
        return Delivered("retry", error=error)

    def post(self, delivery: Delivery, message: Mapping[str, Any], now: datetime) -> Any:
        """The one place a claimed delivery reaches Slack: with its metadata, no automatic
        retries, the lease renewed before every 429 wait (:class:`ClaimLost` if it was taken
        over meanwhile)."""
        d = delivery

        def holds() -> None:  # before each attempt: still ours? (a lease renewed as we go)
            if not d.claims.renew(d.key, d.token, self.current(now)):
                raise ClaimLost(d.key)

        def renew(wait: float) -> None:
            until = self.current(now) + timedelta(seconds=wait)
            if not d.claims.renew(d.key, d.token, until):
                raise ClaimLost(d.key)

        poster = self.poster if self.poster is not None else self.slack
        return call(
            poster.chat_postMessage,
            sleep=self.sleep,
            before_wait=renew,
            before_attempt=holds,
            channel=d.channel,
            metadata=metadata_for(d.kind, d.key),
            **message,
        )

    def look(
        self, d: Delivery, since: datetime, now: datetime
    ) -> tuple[str, str] | Delivered | None:
        """Look for the bot's own message of ``d`` in Slack: (channel, ts) when found, None
        when not (or when the bot cannot look: post anyway), a ``retry`` when the lookup
        failed or was rate-limited (the next tick tries again)."""
        try:
            channel = d.channel if d.to == CHANNEL else self._dm(d.channel)
            found = self._find(channel, since, delivery_key(d.kind, d.key))
        except SlackApiError as exc:
            error = slack_error(exc)
            if error in NO_LOOKUP_ERRORS:
                logger.warning(
                    "%s %s: cannot look for an earlier post in %s (%s); posting anyway",
                    d.kind,
                    d.key,
                    d.channel,
                    error,
                )
                if d.to == CHANNEL:
                    AccessStore(d.claims.store).record(d.channel, AT_MOST_ONE_REPEAT, error, now)
                return None
            if is_permanent(error, d.to):
                return None  # the post will fail for good with the same error
            return Delivered("retry", error=f"lookup {error}")
        except (SlackClientError, OSError) as exc:
            return Delivered("retry", error=f"lookup {slack_error(exc)}")
        if d.to == CHANNEL:
            AccessStore(d.claims.store).record(d.channel, EXACTLY_ONCE, None, now)
        return found

    def _dm(self, user: str) -> str:
        response = self.slack.conversations_open(users=user)
        return str(response["channel"]["id"])

    def _find(self, channel: str, since: datetime, key: str) -> tuple[str, str] | None:
        """One ``conversations.history`` call: the bot's message carrying ``key``, if any."""
        if self._bot_id is None:
            self._bot_id = str(self.slack.auth_test().get("bot_id") or "")
        oldest = f"{(since - LOOKUP_MARGIN).timestamp():.6f}"
        reader = self.poster if self.poster is not None else self.slack  # a 429 is not retried
        response = reader.conversations_history(
            channel=channel, oldest=oldest, limit=LOOKUP_LIMIT, include_all_metadata=True
        )
        for m in response.get("messages") or []:
            meta = m.get("metadata") or {}
            payload = meta.get("event_payload") or {}
            mine = not self._bot_id or m.get("bot_id") == self._bot_id
            if mine and meta.get("event_type") == METADATA_EVENT and payload.get("key") == key:
                return channel, str(m.get("ts"))
        return None

    def send(self, channel: str, message: Mapping[str, Any]) -> Any:
        """An unclaimed post (a welcome DM, a congratulation) under the same 429 policy."""
        return call(self.slack.chat_postMessage, sleep=self.sleep, channel=channel, **message)


def join(courier: Courier, store: Store, channel: str, now: datetime) -> None:
    """Subscribing a public channel joins it (``conversations.join``), so the bot is a member
    and can look for its own message after a crash. Never fails the caller: a failure is one
    log line, and ``missing_scope`` / ``not_in_channel`` are remembered as the weaker
    guarantee. A private channel (``method_not_supported_for_channel_type``) has the bot
    invited already."""
    if not channel.startswith("C"):
        return
    access = AccessStore(store)
    try:
        courier.slack.conversations_join(channel=channel)
    except SlackApiError as exc:
        error = slack_error(exc)
        if error == "method_not_supported_for_channel_type":
            return
        logger.warning("could not join %s (%s): a crash may repeat one post there", channel, error)
        if error in NO_LOOKUP_ERRORS:
            access.record(channel, AT_MOST_ONE_REPEAT, error, now)
        return
    except (SlackClientError, OSError) as exc:
        logger.warning("could not join %s (%s); the next lookup will tell", channel, exc)
        return
    access.record(channel, EXACTLY_ONCE, None, now)
