"""Fault injection: ``LocalSlack.fail(...)`` programs failures of a Web API method."""

from __future__ import annotations

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
