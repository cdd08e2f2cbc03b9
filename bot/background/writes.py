"""Writes that may wait (a knowledge gap, a person's comeback) on one thread of their own, so an
answer or an ack never waits for the database; and calls the caller waits for, with a deadline
of its own (:meth:`BackgroundWrites.call`: an event's deduplication, a health check's ping).

A bounded queue and one worker thread, started on the first record (never at import, and
after a server forks its workers). When the queue is full (the database hangs) new writes
are dropped, with one warning per outage; a write that fails is dropped too: the store fails
fast while the database is down, so the queue drains at once. At exit the worker gets a
moment to write what is queued (``whoowns chat`` piped in a script, then ``whoowns gaps``).
"""

from __future__ import annotations

import atexit
import logging
import threading
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future
from typing import TypeVar

logger = logging.getLogger(__name__)

MAX_PENDING = 200  # writes waiting for the database; beyond this they are dropped
EXIT_FLUSH_S = 2.0  # at interpreter exit, wait this long for queued writes at most

Write = Callable[[], None]
T = TypeVar("T")


class BackgroundWrites:
    def __init__(self, *, max_pending: int = MAX_PENDING) -> None:
        self._pending: deque[Write] = deque()
        self._max = max_pending
        self._busy = 0  # taken from the queue, not yet done
        self._cond = threading.Condition()
        self._thread: threading.Thread | None = None
        self._dropping = False

    def submit(self, write: Write) -> bool:
        """Queue ``write``; False when it was dropped (the queue is full)."""
        with self._cond:
            if len(self._pending) >= self._max:
                if not self._dropping:
                    logger.warning("background writes dropped: the database is not keeping up")
                self._dropping = True
                return False
            self._dropping = False
            self._pending.append(write)
            self._start()
            self._cond.notify_all()
        return True

    def call(self, fn: Callable[[], T]) -> Future[T] | None:
        """Run ``fn`` on the worker; its result (or exception) in the future, which the caller
        waits for as long as it may. None when the queue is full (the database hangs)."""
        future: Future[T] = Future()

        def run() -> None:
            if not future.set_running_or_notify_cancel():
                return  # the caller gave up before it started
            try:
                future.set_result(fn())
            except BaseException as exc:  # handed to the waiting caller
                future.set_exception(exc)

        return future if self.submit(run) else None

    def flush(self, timeout: float) -> bool:
        """Wait until everything queued is written (or given up); False after ``timeout``."""
        with self._cond:
            return self._cond.wait_for(lambda: not self._pending and not self._busy, timeout)

    def _start(self) -> None:
        if self._thread is not None and self._thread.is_alive():
            return
        self._thread = threading.Thread(
            target=self._run, name="whoowns-background-writes", daemon=True
        )
        self._thread.start()
        atexit.register(self.flush, EXIT_FLUSH_S)

    def _run(self) -> None:
        while True:
            with self._cond:
                self._cond.wait_for(lambda: bool(self._pending))
                write = self._pending.popleft()
                self._busy += 1
            try:
                write()
            except Exception:  # worth a log line, never the worker
                logger.warning("a background write failed", exc_info=True)
            finally:
                with self._cond:
                    self._busy -= 1
                    self._cond.notify_all()
