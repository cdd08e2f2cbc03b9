"""A PostgreSQL that accepts connections and never answers (a frozen host, a full backlog),
and can later recover: after ``recover()`` new connections are relayed to a real server, so
one URL goes from hung to working.

    with HungPostgres() as hung:
        hung.url                             # postgresql://postgres@127.0.0.1:PORT/whoowns
        url = hung.stand_in_for(real_url)    # real_url's database, reached through the fake
        ...                                  # connects time out
        hung.recover()                       # new connections reach the real server
"""

from __future__ import annotations

import contextlib
import socket
import threading

from sqlalchemy.engine import make_url


class HungPostgres:
    def __enter__(self) -> HungPostgres:
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.url = f"postgresql://postgres@127.0.0.1:{self.port}/whoowns"
        self.accepted: list[socket.socket] = []
        self._upstream: tuple[str, int] | None = None
        self._relaying = False
        threading.Thread(target=self._accept, daemon=True).start()
        return self

    def stand_in_for(self, real_url: str) -> str:
        """``real_url`` (same database, user, options) pointed at this fake server."""
        real = make_url(real_url)
        self._upstream = (real.host or "127.0.0.1", real.port or 5432)
        return real.set(host="127.0.0.1", port=self.port).render_as_string(hide_password=False)

    def recover(self) -> None:
        """From now on, new connections are relayed to the server ``stand_in_for`` named."""
        assert self._upstream is not None, "stand_in_for(real_url) first"
        self._relaying = True

    def _accept(self) -> None:
        with contextlib.suppress(OSError):
            while True:
                conn = self.server.accept()[0]
                self.accepted.append(conn)
                if self._relaying and self._upstream is not None:
                    upstream = socket.create_connection(self._upstream, timeout=5)
                    upstream.settimeout(None)
                    self.accepted.append(upstream)
                    for a, b in ((conn, upstream), (upstream, conn)):
                        threading.Thread(target=_pump, args=(a, b), daemon=True).start()

    def __exit__(self, *exc: object) -> None:
        self.server.close()
        for conn in self.accepted:  # a waiting connect fails at once instead of timing out
            with contextlib.suppress(OSError):
                conn.close()


def _pump(source: socket.socket, sink: socket.socket) -> None:
    with contextlib.suppress(OSError):
        while data := source.recv(65536):
            sink.sendall(data)
    with contextlib.suppress(OSError):
        sink.shutdown(socket.SHUT_WR)
