"""Bolt middleware that Bolt calls with the request and ``next`` as they are.

A plain function middleware would get its keyword arguments built by Bolt on every request
(the request's payload read eight ways, every context utility made), about as costly as the
middleware's own work; wrapped in :class:`Plain`, the step gets the request itself.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_bolt import BoltRequest, BoltResponse
from slack_bolt.middleware import Middleware

Step = Callable[[BoltRequest, Callable[[], Any]], BoltResponse | None]


class Plain(Middleware):
    """A middleware Bolt runs as ``step(request, next)``: call ``next()`` to go on, or return
    a response without calling it (as a function middleware does)."""

    def __init__(self, step: Step) -> None:
        self.step = step

    def process(
        self, *, req: BoltRequest, resp: BoltResponse, next: Callable[[], BoltResponse]
    ) -> BoltResponse | None:
        return self.step(req, next)

    @property
    def name(self) -> str:
        return f"Plain({getattr(self.step, '__name__', '?')})"
