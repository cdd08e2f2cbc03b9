"""A deadline for work on a PostgreSQL connection: libpq has no client-side query timeout, and
a frozen server whose kernel still accepts bytes would hold the caller for ever.

One :class:`Watchdog` per database watches every connection's call with one thread and a heap
of deadlines (no thread or timer per call)::

    with watchdog.watch(conn, seconds) as watch:
        ...                  # work on conn
    watch.fired              # True: the deadline passed and the socket was shut

The thread starts with the first watch (never at import, and again in a forked worker).
"""

from __future__ import annotations

import contextlib
import heapq
import itertools
import os
import socket
import threading
import time
from collections.abc import Callable, Iterator

from sqlalchemy.engine import Connection


class Watch:
    """One call's deadline; :attr:`fired` once the watchdog shut its socket."""

    __slots__ = ("done", "fd", "fired")

    def __init__(self, fd: int) -> None:
        self.fd = fd
        self.fired = False
        self.done = False


class Watchdog:
    """Shuts the socket of a watched connection when its block takes longer than its
    deadline: the driver, waiting for a frozen server, then fails at once ("server closed the
    connection")."""

    def __init__(self, monotonic: Callable[[], float] = time.monotonic) -> None:
        self._monotonic = monotonic
        self._heap: list[tuple[float, int, Watch]] = []
        self._order = itertools.count()
        self._cond = threading.Condition()
        self._thread: threading.Thread | None = None

    @contextlib.contextmanager
    def watch(self, conn: Connection, seconds: float) -> Iterator[Watch]:
        dbapi = conn.connection.dbapi_connection
        assert dbapi is not None, "a checked-out connection has its DBAPI connection"
        entry = Watch(dbapi.fileno())  # psycopg's Connection.fileno(): the socket
        deadline = self._monotonic() + seconds
        with self._cond:
            heapq.heappush(self._heap, (deadline, next(self._order), entry))
            self._start()
            if self._heap[0][2] is entry:  # the earliest now: the thread sleeps too long
                self._cond.notify()
        try:
            yield entry
        finally:
            with self._cond:
                entry.done = True  # from now on the connection may be back in the pool: hands off

    def _start(self) -> None:
        if self._thread is not None and self._thread.is_alive():
            return
        self._thread = threading.Thread(
            target=self._run, name="whoowns-store-watchdog", daemon=True
        )
        self._thread.start()

    def _run(self) -> None:
        with self._cond:
            while True:
                if not self._heap:
                    self._cond.wait()
                    continue
                deadline, _, entry = self._heap[0]
                wait = deadline - self._monotonic()
                if entry.done:  # finished in time: forgotten
                    heapq.heappop(self._heap)
                elif wait > 0:
                    self._cond.wait(wait)
                else:
                    heapq.heappop(self._heap)
                    entry.fired = True
                    _shut(entry.fd)


def _shut(fd: int) -> None:
    with contextlib.suppress(OSError), socket.socket(fileno=os.dup(fd)) as sock:
        sock.shutdown(socket.SHUT_RDWR)
