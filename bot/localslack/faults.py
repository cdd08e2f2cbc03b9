"""Fault injection: ``LocalSlack.fail(...)`` programs failures of a Web API method;
``LocalSlack.random_faults(...)`` fails a random share of all calls (seeded);
``LocalSlack.unreachable`` makes single people unreachable for good."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

Answer = tuple[int, dict[str, str], dict[str, Any]]  # HTTP status, extra headers, JSON body


@dataclass
class FailRule:
    method: str
    status: int
    retry_after: int
    times: int | None  # how many more calls fail; None: every matching call
    error: str | None
    channel: str | None
    ratio: float | None
    applied: bool = False  # carry the call out, then answer the failure (Slack acted, said 5xx)
    workspace: str | None = None  # only calls made with a token of this workspace (OAuth)
    seen: int = field(default=0)

    def matches(self, method: str, args: dict[str, Any]) -> bool:
        if method != self.method or self.times == 0:
            return False
        if self.workspace is not None and _workspace_of(args) != self.workspace:
            return False
        return self.channel is None or args.get("channel") == self.channel

    def take(self) -> bool:
        """Whether this matching call fails (and count it)."""
        if self.ratio is not None:
            self.seen += 1
            # fail when the running share crosses a whole number (10 %: calls 10, 20, ...)
            if int(self.seen * self.ratio + 1e-9) == int((self.seen - 1) * self.ratio + 1e-9):
                return False
        if self.times is not None:
            self.times -= 1
        return True

    def answer(self) -> Answer:
        """What a call this rule fails gets back."""
        if self.error is not None:
            return 200, {}, {"ok": False, "error": self.error}
        if self.status == 429:
            return (
                429,
                {"Retry-After": str(self.retry_after)},
                {"ok": False, "error": "ratelimited"},
            )
        return self.status, {}, {"ok": False, "error": "internal_error"}


def _workspace_of(args: dict[str, Any]) -> str | None:
    """The workspace whose token made the call (tagged by LocalSlack's OAuth side)."""
    auth = args.get("_auth")
    return str(auth.get("workspace")) if isinstance(auth, dict) and auth.get("workspace") else None


class Faults:
    """The programmed rules, in the order they were added; the first that takes a call wins.
    Not thread-safe on its own: LocalSlack calls it under its lock."""

    def __init__(self) -> None:
        self._rules: list[FailRule] = []

    def add(self, rule: FailRule) -> None:
        self._rules.append(rule)

    def failure_for(self, method: str, args: dict[str, Any]) -> FailRule | None:
        """The rule failing this call, or None when it should succeed."""
        return next((r for r in self._rules if r.matches(method, args) and r.take()), None)


# -- random faults and unreachable people (the fault-injection bench) ---------------------------

# calls no random fault touches: the install handshake (a bench installs before it starts)
SPARED_METHODS = frozenset(
    {"oauth.v2.access", "socket_mode.connect", "socket_mode.ack", "response_url"}
)
# per-person errors and the methods that meet them; users.info only knows unknown people
PERSON_ERRORS = frozenset({"user_not_found", "cannot_dm_bot", "user_disabled", "account_inactive"})
_ABOUT_A_PERSON = ("chat.postMessage", "conversations.open", "users.info")


@dataclass
class RandomFaults:
    """Fail a random share of calls, drawn from a seeded RNG (the same seed, the same draws
    for the same sequence of calls): ``rate_limited`` of them HTTP 429 with ``Retry-After``
    between ``retry_after`` seconds, ``server_errors`` of them HTTP 500. ``applied`` of the 500s
    are carried out first (Slack posted, then failed to answer). ``waits`` keeps every
    Retry-After handed out, so a run can report the waiting it asked for."""

    seed: int
    rate_limited: float = 0.0
    server_errors: float = 0.0
    retry_after: tuple[int, int] = (1, 3)
    applied: float = 0.5
    waits: list[int] = field(default_factory=list)
    counts: dict[int, int] = field(default_factory=dict)  # status -> calls failed with it

    def __post_init__(self) -> None:
        self._rng = random.Random(self.seed)

    def draw(self, method: str) -> FailRule | None:
        """The failure of this call (None: it succeeds); call under LocalSlack's lock."""
        if method in SPARED_METHODS:
            return None
        roll = self._rng.random()
        if roll < self.rate_limited:
            wait = self._rng.randint(*self.retry_after)
            self.waits.append(wait)
            self.counts[429] = self.counts.get(429, 0) + 1
            return FailRule(method, 429, wait, None, None, None, None)
        if roll < self.rate_limited + self.server_errors:
            self.counts[500] = self.counts.get(500, 0) + 1
            applied = self._rng.random() < self.applied
            return FailRule(method, 500, 0, None, None, None, None, applied=applied)
        return None


class Unreachable:
    """People Slack will not let the bot reach, each with the error every call about them
    gets (``user_not_found``: ``users.info`` too; the others: DMs only)."""

    def __init__(self) -> None:
        self._errors: dict[str, str] = {}

    def set(self, user: str, error: str) -> None:
        if error not in PERSON_ERRORS:
            raise ValueError(f"not a per-person error: {error}")
        self._errors[user] = error

    def clear(self, user: str) -> None:
        self._errors.pop(user, None)

    @property
    def errors(self) -> dict[str, str]:
        return dict(self._errors)

    def failure_for(self, method: str, args: dict[str, Any]) -> FailRule | None:
        if method not in _ABOUT_A_PERSON or not self._errors:
            return None
        user = _person_of(method, args)
        error = self._errors.get(user) if user else None
        if error is None or (method == "users.info" and error != "user_not_found"):
            return None
        return FailRule(method, 200, 0, None, error, None, None)


def _person_of(method: str, args: dict[str, Any]) -> str | None:
    """The person a call is about: the DM's user (a ``U…`` channel or its ``D…``), the one
    ``conversations.open`` opens, the one ``users.info`` asks about."""
    if method == "users.info":
        return str(args.get("user") or "") or None
    if method == "conversations.open":
        users = str(args.get("users") or "").split(",")
        return users[0] if len(users) == 1 and users[0] else None
    channel = str(args.get("channel") or "")
    if channel[:1] in ("U", "W"):
        return channel
    if channel[:1] == "D":
        return "U" + channel[1:]
    return None
