"""What LocalSlack records: one :class:`Call` per Web API call, response_url POST or Socket Mode
event, in a :class:`CallLog` that tests can wait on."""

from __future__ import annotations

import hashlib
import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Call:
    method: str
    args: dict[str, Any]
    headers: dict[str, str]
    at: float  # time.time() when it arrived
    status: int = 200  # the HTTP status LocalSlack answered with
    error: str | None = None  # the "error" it answered with, if it failed the call on purpose
    key: str | None = None  # for method "response_url": the key given to response_url()
    response: dict[str, Any] | None = None  # the JSON body LocalSlack answered with
    token: str | None = None  # which token the call was made with (token_fingerprint: no secret)

    @property
    def ok(self) -> bool:
        return self.error is None

    def json_arg(self, name: str, default: Any = None) -> Any:
        """An argument decoded from JSON if it was sent as a string (form bodies)."""
        value = self.args.get(name, default)
        if isinstance(value, str | bytes):
            try:
                return json.loads(value)
            except ValueError:
                return value
        return value


def token_fingerprint(token: str | None) -> str | None:
    """What a :class:`Call` records of the token it was made with: a digest, never the token."""
    if not token:
        return None
    return hashlib.sha256(token.encode()).hexdigest()[:16]


class CallLog:
    """The calls in arrival order, guarded by one condition (the server's threads append)."""

    def __init__(self, cond: threading.Condition) -> None:
        self._cond = cond
        self._calls: list[Call] = []

    def append(self, call: Call) -> None:
        """Record ``call``; the caller holds the condition."""
        self._calls.append(call)
        self._cond.notify_all()

    def all(self) -> list[Call]:
        with self._cond:
            return list(self._calls)

    def to(self, method: str, ok: bool | None = None) -> list[Call]:
        with self._cond:
            return self._matching(method, ok)

    def wait_for(self, method: str, count: int, timeout: float, ok: bool | None) -> list[Call]:
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                found = self._matching(method, ok)
                if len(found) >= count:
                    return found
                left = deadline - time.monotonic()
                if left <= 0:
                    seen = sorted({c.method for c in self._calls})
                    raise TimeoutError(
                        f"waited {timeout}s for {count} {method} call(s), got {len(found)}; "
                        f"methods seen: {', '.join(seen) or 'none'}"
                    )
                self._cond.wait(left)

    def clear(self) -> None:
        with self._cond:
            self._calls.clear()

    def _matching(self, method: str, ok: bool | None) -> list[Call]:
        return [c for c in self._calls if c.method == method and (ok is None or c.ok == ok)]


OnCall = Callable[[Call], None]
