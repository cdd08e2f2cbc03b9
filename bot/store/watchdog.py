"""A deadline for work on one PostgreSQL connection: libpq has no client-side query timeout, and
a frozen server whose kernel still accepts bytes would hold the caller for ever."""

from __future__ import annotations

import contextlib
import os
import socket
import threading

from sqlalchemy.engine import Connection


class Watchdog:
    """Shuts the socket of ``conn`` if the block takes longer than ``seconds``: the driver,
    waiting for a frozen server, then fails at once ("server closed the connection")."""

    def __init__(self, conn: Connection, seconds: float) -> None:
        dbapi = conn.connection.dbapi_connection
        assert dbapi is not None, "a checked-out connection has its DBAPI connection"
        self._fd: int = dbapi.fileno()  # psycopg's Connection.fileno(): the socket
        self.fired = False
        self._done = False
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._fire)
        self._timer.daemon = True

    def __enter__(self) -> Watchdog:
        self._timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        with self._lock:
            self._done = True  # from now on the connection may be back in the pool: hands off
        self._timer.cancel()

    def _fire(self) -> None:
        with self._lock:
            if self._done:
                return
            self.fired = True
            with contextlib.suppress(OSError), socket.socket(fileno=os.dup(self._fd)) as sock:
                sock.shutdown(socket.SHUT_RDWR)
