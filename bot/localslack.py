"""A local stand-in for Slack's Web API (stdlib only): for the chat shell, the tests and benches.

It listens on 127.0.0.1 (a free port by default), answers Web API methods with
plausible responses and records every call.

    with LocalSlack() as slack:
        client = WebClient(token="xoxb-test", base_url=slack.base_url)
        client.chat_postMessage(channel="C1", text="hi")
        [call] = slack.calls_to("chat.postMessage")
        call.args["text"]                      # "hi"

API
---
``LocalSlack(port=0, on_call=None)``
    ``start()`` / ``stop()``, or use it as a context manager.
``.base_url``
    ``"http://127.0.0.1:PORT/api/"`` for ``WebClient(base_url=...)`` / ``SLACK_API_URL``.
``.response_url(key)``
    A URL on the same server for Bolt's ``respond()``; each POST to it is recorded as a
    call with method ``"response_url"`` and ``call.key == key``.
``.calls`` / ``.calls_to(method, ok=None)``
    Snapshots (lists) of :class:`Call` in arrival order; ``ok=True``/``False`` keeps only the
    calls that succeeded / were failed on purpose (see ``fail``).
``.wait_for(method, count=1, timeout=5, ok=None) -> list[Call]``
    Blocks until at least ``count`` such calls arrived (for work Bolt does after ``ack``);
    raises ``TimeoutError`` naming what did arrive.
``.fail(method, status=429, retry_after=1, times=1, error=None, channel=None, ratio=None)``
    Program failures of ``method``: HTTP 429 with ``Retry-After: retry_after``; any other
    ``status`` (e.g. 500) with an error body; or, with ``error="channel_not_found"``, HTTP 200
    and ``{"ok": false, "error": ...}``. ``channel`` limits the rule to calls for that channel.
    ``times`` is how many calls fail (``None``: every matching call); ``ratio`` (0..1) fails
    that share of matching calls, deterministically spread (10 %: every 10th call).
``.users``
    user id -> ``{"tz": "Europe/Berlin", "name": "alice", ...}``, served by ``users.info``.
    Unknown ids get a plausible user in ``default_tz`` (``"UTC"``).
``on_call(call)``
    Runs in the server thread for every recorded call (the chat shell prints there);
    exceptions in it are logged and ignored.
``.socket_send(type, payload) -> envelope_id``
    Socket Mode: ``apps.connections.open`` answers ``.socket_mode_url``, a minimal WebSocket
    endpoint on the same server. A client connecting there is recorded as a call
    ``"socket_mode.connect"`` and greeted with ``hello``; ``socket_send`` pushes an envelope
    (``"slash_commands"``, ``"interactive"``, ``"events_api"``) to the newest connection, and
    each acknowledgement the client sends back is recorded as ``"socket_mode.ack"`` (``args``:
    the decoded JSON, with ``envelope_id`` and any ``payload``).

A :class:`Call` is ``(method, args, headers, at, status, error, key, response)``
(``response``: the JSON body it answered, e.g. the ``ts`` of a posted message): ``args`` merges the
query string and the form or JSON body exactly as sent (a form-encoded ``blocks`` stays a JSON
string; in a JSON body it is already a list; :meth:`Call.json_arg` decodes either). The
``Authorization`` header and any ``token`` argument are removed before recording.

Responses: ``auth.test`` (team T0LOCAL, user U0BOT, bot B0BOT), ``chat.postMessage``
(increasing ``ts``; a user id as channel answers from that user's DM ``D…``),
``chat.postEphemeral`` (``message_ts``), ``chat.update``, ``chat.delete``, ``views.publish``,
``views.open``, ``conversations.open`` (``D`` + the user id without its first letter),
``users.info``, ``conversations.info``; any other method answers ``{"ok": true}``.
``.oauth``: Slack's side of OAuth installs (authorize page, ``oauth.v2.access``, tokens per
workspace), see :mod:`bot.localslack_oauth`.
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import socket
import struct
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, quote, unquote, urlsplit

from bot.localslack_oauth import LocalOAuth

logger = logging.getLogger(__name__)

_WS_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
_WS_TEXT, _WS_CLOSE, _WS_PING, _WS_PONG = 0x1, 0x8, 0x9, 0xA
BOT_USER_ID = "U0BOT"
BOT_ID = "B0BOT"
TEAM_ID = "T0LOCAL"


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


@dataclass
class _FailRule:
    method: str
    status: int
    retry_after: int
    times: int | None
    error: str | None
    channel: str | None
    ratio: float | None
    _seen: int = field(default=0)

    def matches(self, method: str, args: dict[str, Any]) -> bool:
        if method != self.method or self.times == 0:
            return False
        return self.channel is None or args.get("channel") == self.channel

    def take(self) -> bool:
        """Whether this matching call fails (and count it)."""
        if self.ratio is not None:
            self._seen += 1
            # fail when the running share crosses a whole number (10 %: calls 10, 20, ...)
            if int(self._seen * self.ratio + 1e-9) == int((self._seen - 1) * self.ratio + 1e-9):
                return False
        if self.times is not None:
            self.times -= 1
        return True


class LocalSlack:
    def __init__(self, port: int = 0, on_call: Callable[[Call], None] | None = None) -> None:
        self._requested_port = port
        self.on_call = on_call
        self.users: dict[str, dict[str, Any]] = {}
        self.default_tz = "UTC"
        self._calls: list[Call] = []
        self._rules: list[_FailRule] = []
        self._cond = threading.Condition()
        self._ts_base = int(time.time())
        self._ts_count = 0
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._sockets: list[_WebSocket] = []
        self.oauth = LocalOAuth(lambda: f"http://127.0.0.1:{self.port}")  # bot.localslack_oauth

    # -- lifecycle ---------------------------------------------------------------
    def start(self) -> LocalSlack:
        if self._server is not None:
            return self
        server = ThreadingHTTPServer(("127.0.0.1", self._requested_port), _make_handler(self))
        server.daemon_threads = True
        self._server = server
        self._thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True
        )
        self._thread.name = "localslack"
        self._thread.start()
        return self

    def stop(self) -> None:
        with self._cond:
            sockets, self._sockets = self._sockets, []
        for ws in sockets:
            ws.close()
        server, self._server = self._server, None
        if server is not None:
            server.shutdown()
            server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def __enter__(self) -> LocalSlack:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def port(self) -> int:
        if self._server is None:
            raise RuntimeError("LocalSlack is not started")
        return self._server.server_address[1]

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/"

    @property
    def socket_mode_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/socket-mode"

    def response_url(self, key: str = "default") -> str:
        return f"http://127.0.0.1:{self.port}/response_url/{quote(key, safe='')}"

    # -- recorded calls ----------------------------------------------------------
    @property
    def calls(self) -> list[Call]:
        with self._cond:
            return list(self._calls)

    def calls_to(self, method: str, ok: bool | None = None) -> list[Call]:
        with self._cond:
            return [c for c in self._calls if c.method == method and (ok is None or c.ok == ok)]

    def wait_for(
        self, method: str, count: int = 1, timeout: float = 5, ok: bool | None = None
    ) -> list[Call]:
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                found = [
                    c for c in self._calls if c.method == method and (ok is None or c.ok == ok)
                ]
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

    def fail(
        self,
        method: str,
        status: int = 429,
        retry_after: int = 1,
        times: int | None = 1,
        error: str | None = None,
        channel: str | None = None,
        ratio: float | None = None,
    ) -> None:
        rule = _FailRule(method, status, retry_after, times, error, channel, ratio)
        with self._cond:
            self._rules.append(rule)

    # -- Socket Mode -------------------------------------------------------------
    def socket_send(self, type: str, payload: dict[str, Any], *, timeout: float = 5) -> str:
        """Push an envelope to the newest Socket Mode connection; returns its envelope_id."""
        self.wait_for("socket_mode.connect", timeout=timeout)
        with self._cond:
            if not self._sockets:
                raise ConnectionError("no Socket Mode client is connected")
            ws = self._sockets[-1]
        envelope_id = str(uuid.uuid4())
        envelope = {
            "envelope_id": envelope_id,
            "type": type,
            "payload": payload,
            "accepts_response_payload": type != "events_api",
            "retry_attempt": 0,
            "retry_reason": "",
        }
        ws.send(_WS_TEXT, json.dumps(envelope).encode())
        return envelope_id

    def _socket_opened(self, ws: _WebSocket, headers: dict[str, str]) -> None:
        with self._cond:
            self._sockets.append(ws)
        hello = {
            "type": "hello",
            "num_connections": len(self._sockets),
            "debug_info": {"host": "localslack", "approximate_connection_time": 3600},
            "connection_info": {"app_id": "A0WHOOWNS"},
        }
        ws.send(_WS_TEXT, json.dumps(hello).encode())
        self._handle("socket_mode.connect", {}, headers, None)

    def _socket_closed(self, ws: _WebSocket) -> None:
        with self._cond:
            if ws in self._sockets:
                self._sockets.remove(ws)

    # -- handling ----------------------------------------------------------------
    def _handle(
        self, method: str, args: dict[str, Any], headers: dict[str, str], key: str | None
    ) -> tuple[int, dict[str, str], dict[str, Any]]:
        args.pop("token", None)
        with self._cond:
            rule = next((r for r in self._rules if r.matches(method, args) and r.take()), None)
            if rule is None:
                status, extra, body = 200, {}, self._respond(method, args)
            elif rule.error is not None:
                status, extra, body = 200, {}, {"ok": False, "error": rule.error}
            elif rule.status == 429:
                extra = {"Retry-After": str(rule.retry_after)}
                status, body = 429, {"ok": False, "error": "ratelimited"}
            else:
                status, extra, body = rule.status, {}, {"ok": False, "error": "internal_error"}
            call = Call(
                method=method,
                args=args,
                headers=headers,
                at=time.time(),
                status=status,
                error=None if body.get("ok") else str(body.get("error")),
                key=key,
                response=body,
            )
            self._calls.append(call)
            self._cond.notify_all()
        if self.on_call is not None:
            try:
                self.on_call(call)
            except Exception:
                logger.exception("LocalSlack on_call hook failed for %s", method)
        return status, extra, body

    def _next_ts(self) -> str:
        n = self._ts_count
        self._ts_count += 1
        return f"{self._ts_base + n // 1_000_000}.{n % 1_000_000:06d}"

    def _respond(self, method: str, args: dict[str, Any]) -> dict[str, Any]:
        if (answer := self.oauth.respond(method, args)) is not None:
            return answer
        channel = _dm_for(str(args.get("channel", "")))
        if method == "auth.test":
            return {
                "ok": True,
                "url": "https://whoowns-local.slack.com/",
                "team": "whoowns local",
                "user": "whoowns",
                "team_id": TEAM_ID,
                "user_id": BOT_USER_ID,
                "bot_id": BOT_ID,
                "is_enterprise_install": False,
            }
        if method == "chat.postMessage":
            ts = self._next_ts()
            message = {
                "type": "message",
                "user": BOT_USER_ID,
                "bot_id": BOT_ID,
                "text": args.get("text", ""),
                "ts": ts,
            }
            if "blocks" in args:
                message["blocks"] = args["blocks"]
            if args.get("thread_ts"):
                message["thread_ts"] = args["thread_ts"]
            return {"ok": True, "channel": channel, "ts": ts, "message": message}
        if method == "chat.postEphemeral":
            return {"ok": True, "message_ts": self._next_ts()}
        if method == "chat.update":
            message = {"type": "message", "user": BOT_USER_ID, "text": args.get("text", "")}
            return {
                "ok": True,
                "channel": channel,
                "ts": args.get("ts"),
                "text": args.get("text", ""),
                "message": message,
            }
        if method == "chat.delete":
            return {"ok": True, "channel": channel, "ts": args.get("ts")}
        if method in ("views.publish", "views.open", "views.update", "views.push"):
            view = args.get("view")
            if isinstance(view, str):
                try:
                    view = json.loads(view)
                except ValueError:
                    view = {}
            view = dict(view or {})
            view.setdefault("id", f"V{self._next_ts().replace('.', '')}")
            view.setdefault("team_id", TEAM_ID)
            return {"ok": True, "view": view}
        if method == "conversations.open":
            users = str(args.get("users", "")).split(",")[0].strip()
            return {"ok": True, "channel": {"id": _dm_for(users) if users else "D0LOCAL"}}
        if method == "users.info":
            return self._user_info(str(args.get("user", "")))
        if method == "apps.connections.open":
            return {"ok": True, "url": self.socket_mode_url}
        if method == "conversations.info":
            cid = channel or "C0LOCAL"
            return {
                "ok": True,
                "channel": {
                    "id": cid,
                    "name": cid.lower(),
                    "is_channel": cid.startswith("C"),
                    "is_group": cid.startswith("G"),
                    "is_im": cid.startswith("D"),
                    "is_member": True,
                    "is_archived": False,
                },
            }
        return {"ok": True}

    def _user_info(self, user_id: str) -> dict[str, Any]:
        if not user_id:
            return {"ok": False, "error": "user_not_found"}
        known = dict(self.users.get(user_id) or {})
        tz = known.pop("tz", self.default_tz)
        name = known.pop("name", user_id.lower())
        offset = 0
        try:
            from zoneinfo import ZoneInfo

            delta = datetime.now(timezone.utc).astimezone(ZoneInfo(tz)).utcoffset()
            offset = int(delta.total_seconds()) if delta else 0
        except Exception:
            offset = 0
        user = {
            "id": user_id,
            "team_id": TEAM_ID,
            "name": name,
            "real_name": name,
            "tz": tz,
            "tz_offset": offset,
            "is_bot": False,
            "deleted": False,
            "profile": {"display_name": name, "real_name": name},
        }
        user.update(known)
        return {"ok": True, "user": user}


class _WebSocket:
    """The server side of one WebSocket connection (RFC 6455, text frames only)."""

    def __init__(self, sock: socket.socket, rfile: Any) -> None:
        self._sock = sock
        self._rfile = rfile
        self._lock = threading.Lock()

    def send(self, opcode: int, data: bytes) -> None:
        size = len(data)
        if size < 126:
            header = struct.pack("!BB", 0x80 | opcode, size)
        elif size < 65536:
            header = struct.pack("!BBH", 0x80 | opcode, 126, size)
        else:
            header = struct.pack("!BBQ", 0x80 | opcode, 127, size)
        with self._lock:
            self._sock.sendall(header + data)

    def read_message(self) -> tuple[int, bytes] | None:
        """The next whole message (continuation frames joined); None at end of stream."""
        opcode, chunks = None, []
        while True:
            head = self._rfile.read(2)
            if len(head) < 2:
                return None
            fin, frame_opcode = head[0] & 0x80, head[0] & 0x0F
            masked, size = head[1] & 0x80, head[1] & 0x7F
            if size == 126:
                size = struct.unpack("!H", self._rfile.read(2))[0]
            elif size == 127:
                size = struct.unpack("!Q", self._rfile.read(8))[0]
            mask = self._rfile.read(4) if masked else b"\0\0\0\0"
            data = bytes(b ^ mask[i % 4] for i, b in enumerate(self._rfile.read(size)))
            if frame_opcode >= 0x8:  # control frames may come between fragments
                return frame_opcode, data
            opcode = opcode or frame_opcode
            chunks.append(data)
            if fin:
                return opcode, b"".join(chunks)

    def close(self) -> None:
        try:
            self.send(_WS_CLOSE, b"")
            self._sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass


def _dm_for(channel: str) -> str:
    """Posting to a user id lands in the DM with that user."""
    if channel[:1] in ("U", "W") and len(channel) > 1:
        return "D" + channel[1:]
    return channel


def _make_handler(slack: LocalSlack) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            self._serve(b"")

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            self._serve(self.rfile.read(length) if length else b"")

        def _serve(self, body: bytes) -> None:
            url = urlsplit(self.path)
            if (
                url.path == "/socket-mode"
                and "websocket" in (self.headers.get("Upgrade") or "").lower()
            ):
                self._websocket()
                return
            args: dict[str, Any] = dict(parse_qsl(url.query, keep_blank_values=True))
            ctype = (self.headers.get("Content-Type") or "").lower()
            if body:
                if "json" in ctype or body.lstrip()[:1] in (b"{", b"["):
                    try:
                        decoded = json.loads(body)
                    except ValueError:
                        decoded = {"_raw": body.decode("utf-8", "replace")}
                    if isinstance(decoded, dict):
                        args.update(decoded)
                    else:
                        args["_raw"] = decoded
                else:
                    text = body.decode("utf-8", "replace")
                    args.update(parse_qsl(text, keep_blank_values=True))
            if slack.oauth.serve(self, url, args):  # OAuth pages; tags args with the token
                return
            headers = {k: v for k, v in self.headers.items() if k.lower() != "authorization"}
            if url.path.startswith("/api/"):
                method, key = url.path[len("/api/") :].strip("/"), None
            elif url.path.startswith("/response_url/"):
                method, key = "response_url", unquote(url.path[len("/response_url/") :])
            else:
                self._send(404, {}, {"ok": False, "error": "unknown_path"})
                return
            status, extra, payload = slack._handle(method, args, headers, key)
            self._send(status, extra, payload)

        def _websocket(self) -> None:
            key = self.headers.get("Sec-WebSocket-Key", "")
            digest = hashlib.sha1((key + _WS_GUID).encode()).digest()
            self.send_response(101, "Switching Protocols")
            self.send_header("Upgrade", "websocket")
            self.send_header("Connection", "Upgrade")
            self.send_header("Sec-WebSocket-Accept", base64.b64encode(digest).decode())
            self.end_headers()
            self.close_connection = True
            ws = _WebSocket(self.connection, self.rfile)
            headers = {k: v for k, v in self.headers.items() if k.lower() != "authorization"}
            slack._socket_opened(ws, headers)
            try:
                while (message := ws.read_message()) is not None:
                    opcode, data = message
                    if opcode == _WS_CLOSE:
                        break
                    if opcode == _WS_PING:
                        ws.send(_WS_PONG, data)
                    elif opcode == _WS_TEXT:
                        try:
                            args = json.loads(data)
                        except ValueError:
                            args = {"_raw": data.decode("utf-8", "replace")}
                        slack._handle("socket_mode.ack", args, {}, None)
            except OSError:
                pass
            finally:
                slack._socket_closed(ws)

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

    return Handler
