"""Where listeners run: Bolt's thread pool, except a listener whose whole work is its ack.

Bolt (``process_before_response=False``) hands each listener to the pool and then checks every
10 ms whether it has acknowledged. A slash command's answer travels in the ack itself and takes
about a millisecond to build, so that wait alone would set the request's pace. Such a listener
is marked by :func:`run_in_place` (from its listener middleware, just before it runs) and runs at
once in the request's own thread: the ack is ready when Bolt first looks. Everything else (events,
clicks, subcommands that ack first and then work) keeps the pool, so no ack waits for Web API
calls.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")

POOL_SIZE = 10  # Bolt's own default for its listener pool

_marked = threading.local()


def run_in_place() -> None:
    """From a listener middleware: the listener about to run on this thread answers in its
    ack (quick, no Web API call after it), so it runs here rather than in the pool."""
    _marked.inline = True


def take_mark() -> bool:
    """Whether the listener submitted now runs in place; the mark is used up either way (every
    executor takes it, so it never outlives its request on a reused thread)."""
    marked = bool(getattr(_marked, "inline", False))
    _marked.inline = False
    return marked


class AckInPlaceExecutor(ThreadPoolExecutor):
    """Bolt's listener pool, running a listener marked by :func:`run_in_place` in place."""

    def __init__(self, max_workers: int = POOL_SIZE) -> None:
        super().__init__(max_workers=max_workers, thread_name_prefix="listener")

    def submit(self, fn: Callable[P, R], /, *args: P.args, **kwargs: P.kwargs) -> Future[R]:
        if not take_mark():
            return super().submit(fn, *args, **kwargs)
        future: Future[R] = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as exc:
            future.set_exception(exc)
        return future
