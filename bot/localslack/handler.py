"""The HTTP side of LocalSlack: decode a request into a method and its arguments, answer JSON.

Routes: ``/api/<method>`` (the Web API), ``/response_url/<key>`` (Bolt's ``respond()``) and
``/socket-mode`` (a WebSocket upgrade). OAuth's authorize page is answered by
``backend.oauth`` (bot/localslack/oauth.py), which also tags each call with the workspace of
the token it carries. Anything else is a 404 ``unknown_path``.
"""

from __future__ import annotations

import json
from http.server import BaseHTTPRequestHandler
from typing import Any, Protocol
from urllib.parse import parse_qsl, unquote, urlsplit

from bot.localslack import websocket
from bot.localslack.faults import Answer
from bot.localslack.oauth import LocalOAuth
from bot.localslack.websocket import WebSocket


class Backend(Protocol):
    """What the handler needs from LocalSlack."""

    def handle_call(
        self,
        method: str,
        args: dict[str, Any],
        headers: dict[str, str],
        key: str | None,
        token: str | None = None,
    ) -> Answer: ...

    def socket_opened(self, ws: WebSocket, headers: dict[str, str]) -> None: ...

    def socket_closed(self, ws: WebSocket) -> None: ...

    def socket_message(self, data: bytes) -> None: ...

    @property
    def oauth(self) -> LocalOAuth: ...


def decode_args(query: str, body: bytes, content_type: str) -> dict[str, Any]:
    """The query string merged with a form or JSON body, exactly as sent."""
    args: dict[str, Any] = dict(parse_qsl(query, keep_blank_values=True))
    if not body:
        return args
    if "json" in content_type.lower() or body.lstrip()[:1] in (b"{", b"["):
        try:
            decoded = json.loads(body)
        except ValueError:
            decoded = {"_raw": body.decode("utf-8", "replace")}
        if isinstance(decoded, dict):
            args.update(decoded)
        else:
            args["_raw"] = decoded
    else:
        args.update(parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True))
    return args


class Handler(BaseHTTPRequestHandler):
    """The stand-in's HTTP handler; ``backend`` is set per server by :func:`make_handler`."""

    backend: Backend
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        self._route(b"")

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        self._route(self.rfile.read(length) if length else b"")

    def _route(self, body: bytes) -> None:
        url = urlsplit(self.path)
        upgrade = (self.headers.get("Upgrade") or "").lower()
        if url.path == websocket.PATH and "websocket" in upgrade:
            self._websocket()
            return
        args = decode_args(url.query, body, self.headers.get("Content-Type") or "")
        if self.backend.oauth.serve(self, url, args):  # the authorize page
            return
        if url.path.startswith("/api/"):
            method, key = url.path[len("/api/") :].strip("/"), None
        elif url.path.startswith("/response_url/"):
            method, key = "response_url", unquote(url.path[len("/response_url/") :])
        else:
            self._send(404, {}, {"ok": False, "error": "unknown_path"})
            return
        self._send(
            *self.backend.handle_call(method, args, self._recorded_headers(), key, self._token())
        )

    def _token(self) -> str | None:
        """The bearer token the call carries in its Authorization header, if any."""
        scheme, _, token = (self.headers.get("Authorization") or "").partition(" ")
        return token.strip() or None if scheme.lower() == "bearer" else None

    def _recorded_headers(self) -> dict[str, str]:
        return {k: v for k, v in self.headers.items() if k.lower() != "authorization"}

    def _websocket(self) -> None:
        self.send_response(101, "Switching Protocols")
        self.send_header("Upgrade", "websocket")
        self.send_header("Connection", "Upgrade")
        accept = websocket.accept_key(self.headers.get("Sec-WebSocket-Key", ""))
        self.send_header("Sec-WebSocket-Accept", accept)
        self.end_headers()
        self.close_connection = True
        ws = WebSocket(self.connection, self.rfile)
        self.backend.socket_opened(ws, self._recorded_headers())
        try:
            ws.serve(self.backend.socket_message)
        finally:
            self.backend.socket_closed(ws)

    def _send(self, status: int, extra: dict[str, str], payload: dict[str, Any]) -> None:
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        for name, value in extra.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: Any) -> None:
        return


def make_handler(backend: Backend) -> type[BaseHTTPRequestHandler]:
    """A handler class bound to ``backend`` (one per server)."""
    return type("BoundHandler", (Handler,), {"backend": backend})
