"""A relay in front of the real PostgreSQL that can freeze (a SIGSTOPped or overloaded
server: connections stay open, the kernel still accepts bytes, nothing answers) or stop (every
connection closed, new ones refused), while the bot already holds pooled connections.

    with RelayPostgres(real_url) as relay:
        relay.url          # real_url's database, reached through the relay
        relay.freeze()     # bytes are held in both directions; new connects never finish
        relay.thaw()       # held bytes flow again
        relay.stop()       # a stopped server: connections closed, connects refused
"""

from __future__ import annotations

import contextlib
import socket
import threading

from sqlalchemy.engine import make_url


class RelayPostgres:
    def __init__(self, real_url: str) -> None:
        real = make_url(real_url)
        self._upstream = (real.host or "127.0.0.1", real.port or 5432)
        self._real = real
        self._flowing = threading.Event()
        self._flowing.set()
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()

    def __enter__(self) -> RelayPostgres:
        self._server = socket.create_server(("127.0.0.1", 0))
        port = self._server.getsockname()[1]
        self.url = self._real.set(host="127.0.0.1", port=port).render_as_string(hide_password=False)
        threading.Thread(target=self._accept, daemon=True).start()
        return self

    def freeze(self) -> None:
        self._flowing.clear()

    def thaw(self) -> None:
        self._flowing.set()

    def stop(self) -> None:
        """Close the listening socket and every relayed connection."""
        with contextlib.suppress(OSError):
            self._server.shutdown(socket.SHUT_RDWR)  # wakes the accepting thread (Linux)
        self._server.close()
        with self._lock:
            sockets, self._sockets = self._sockets, []
        for sock in sockets:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            with contextlib.suppress(OSError):
                sock.close()
        self._flowing.set()  # let held pumps run into the closed sockets and end

    def _accept(self) -> None:
        with contextlib.suppress(OSError):
            while True:
                client = self._server.accept()[0]
                upstream = socket.create_connection(self._upstream, timeout=5)
                upstream.settimeout(None)
                with self._lock:
                    self._sockets += [client, upstream]
                for a, b in ((client, upstream), (upstream, client)):
                    threading.Thread(target=self._pump, args=(a, b), daemon=True).start()

    def _pump(self, source: socket.socket, sink: socket.socket) -> None:
        with contextlib.suppress(OSError):
            while data := source.recv(65536):
                self._flowing.wait()
                sink.sendall(data)
        with contextlib.suppress(OSError):
            sink.shutdown(socket.SHUT_WR)

    def __exit__(self, *exc: object) -> None:
        self.stop()
