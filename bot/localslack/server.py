"""LocalSlack itself: the server's lifecycle, the recorded calls, faults and Socket Mode pushes.
The API is described in bot/localslack/__init__.py."""

from __future__ import annotations

import json
import logging
import threading
import time
import uuid
from http.server import ThreadingHTTPServer
from typing import Any
from urllib.parse import quote

from bot.localslack import functions_api, ids, responses  # noqa: F401  (functions.*)
from bot.localslack.calls import Call, CallLog, OnCall, token_fingerprint
from bot.localslack.faults import Answer, FailRule, Faults, RandomFaults, Unreachable
from bot.localslack.handler import make_handler
from bot.localslack.oauth import LocalOAuth
from bot.localslack.websocket import PATH as SOCKET_MODE_PATH
from bot.localslack.websocket import WebSocket
from bot.localslack.workspace import Message, Workspace

logger = logging.getLogger(__name__)


class LocalSlack:
    def __init__(self, port: int = 0, on_call: OnCall | None = None) -> None:
        self._requested_port = port
        self.on_call = on_call
        self.workspace = Workspace()
        self._cond = threading.Condition()
        self._log = CallLog(self._cond)
        self._faults = Faults()
        self._random: RandomFaults | None = None
        self.unreachable = Unreachable()  # people every call about fails for good
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._sockets: list[WebSocket] = []
        self.oauth = LocalOAuth(lambda: f"http://127.0.0.1:{self.port}")  # OAuth installs
        self._stalls: dict[str, int] = {}  # method -> calls still answered before holding
        self._released = threading.Event()

    # -- lifecycle ---------------------------------------------------------------------------
    def start(self) -> LocalSlack:
        if self._server is not None:
            return self
        server = ThreadingHTTPServer(("127.0.0.1", self._requested_port), make_handler(self))
        server.daemon_threads = True
        self._server = server
        self.workspace.socket_mode_url = self.socket_mode_url
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
        return int(self._server.server_address[1])

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/"

    @property
    def socket_mode_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}{SOCKET_MODE_PATH}"

    def response_url(self, key: str = "default") -> str:
        return f"http://127.0.0.1:{self.port}/response_url/{quote(key, safe='')}"

    # -- the workspace -----------------------------------------------------------------------
    @property
    def users(self) -> dict[str, dict[str, Any]]:
        return self.workspace.users

    @property
    def default_tz(self) -> str:
        return self.workspace.default_tz

    @default_tz.setter
    def default_tz(self, tz: str) -> None:
        self.workspace.default_tz = tz

    def messages(self, channel: str) -> list[Message]:
        """The messages posted to ``channel`` (a user id means the DM with them), oldest first,
        each with ``ts``, ``text``, decoded ``blocks`` and ``metadata`` when given."""
        with self._cond:
            return self.workspace.messages.in_channel(responses.dm_for(channel))

    # -- recorded calls ----------------------------------------------------------------------
    @property
    def calls(self) -> list[Call]:
        return self._log.all()

    def calls_to(self, method: str, ok: bool | None = None) -> list[Call]:
        return self._log.to(method, ok)

    def wait_for(
        self, method: str, count: int = 1, timeout: float = 5, ok: bool | None = None
    ) -> list[Call]:
        return self._log.wait_for(method, count, timeout, ok)

    def clear(self) -> None:
        self._log.clear()

    def fail(
        self,
        method: str,
        status: int = 429,
        retry_after: int = 1,
        times: int | None = 1,
        error: str | None = None,
        channel: str | None = None,
        ratio: float | None = None,
        applied: bool = False,
        workspace: str | None = None,
    ) -> None:
        """Fail matching calls to ``method`` (``channel``: to that channel only; ``workspace``:
        made with that workspace's token only; ``ratio``: every 1/ratio-th matching call;
        ``applied``: carry each out first, as Slack does when it posts and then answers 500 or
        the answer is lost)."""
        rule = FailRule(
            method, status, retry_after, times, error, channel, ratio, applied, workspace
        )
        with self._cond:
            self._faults.add(rule)

    def random_faults(
        self,
        seed: int,
        *,
        rate_limited: float = 0.0,
        server_errors: float = 0.0,
        retry_after: tuple[int, int] = (1, 3),
        applied: float = 0.5,
    ) -> RandomFaults:
        """From now on fail a random share of every call (seeded): ``rate_limited`` with 429 and
        a ``Retry-After`` drawn from ``retry_after`` seconds, ``server_errors`` with 500 (of
        those, ``applied`` after carrying the call out). Returns the draws' record (``waits``,
        ``counts``); ``random_faults(seed)`` with no shares stops them."""
        faults = RandomFaults(seed, rate_limited, server_errors, retry_after, applied)
        with self._cond:
            self._random = faults
        return faults

    def stall(self, method: str, *, after: int = 0) -> None:
        """Answer the first ``after`` calls to ``method`` as usual; carry out every later one
        (a post is stored) but hold its answer back until :meth:`release` (or 60 s): the
        window where Slack has acted and the client has not heard of it yet."""
        with self._cond:
            self._stalls[method] = after
            self._released.clear()

    def release(self) -> None:
        """Answer the held calls and stop holding."""
        with self._cond:
            self._stalls.clear()
        self._released.set()

    # -- Socket Mode -------------------------------------------------------------------------
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
        ws.send_text(json.dumps(envelope))
        return envelope_id

    def socket_opened(self, ws: WebSocket, headers: dict[str, str]) -> None:
        with self._cond:
            self._sockets.append(ws)
        hello = {
            "type": "hello",
            "num_connections": len(self._sockets),
            "debug_info": {"host": "localslack", "approximate_connection_time": 3600},
            "connection_info": {"app_id": ids.APP_ID},
        }
        ws.send_text(json.dumps(hello))
        self.handle_call("socket_mode.connect", {}, headers, None)

    def socket_message(self, data: bytes) -> None:
        """A client's acknowledgement (or anything else it sends): recorded as an ack."""
        try:
            args = json.loads(data)
        except ValueError:
            args = {"_raw": data.decode("utf-8", "replace")}
        self.handle_call("socket_mode.ack", args, {}, None)

    def socket_closed(self, ws: WebSocket) -> None:
        with self._cond:
            if ws in self._sockets:
                self._sockets.remove(ws)

    def _hold(self, method: str) -> bool:
        """Whether this call's answer is held back (see :meth:`stall`); under the lock."""
        left = self._stalls.get(method)
        if left is None:
            return False
        if left > 0:
            self._stalls[method] = left - 1
            return False
        return True

    # -- handling ----------------------------------------------------------------------------
    def handle_call(
        self,
        method: str,
        args: dict[str, Any],
        headers: dict[str, str],
        key: str | None,
        token: str | None = None,
    ) -> Answer:
        """Answer one call (a programmed failure, else the method's response) and record it
        (of its token, only :func:`token_fingerprint`)."""
        sent = args.pop("token", None)
        token = token or (sent if isinstance(sent, str) else None)
        with self._cond:
            rule = (
                self._faults.failure_for(method, args)
                or (self._random.draw(method) if self._random is not None else None)
                or self.unreachable.failure_for(method, args)
            )
            answer: Answer
            if rule is None or rule.applied:
                body = self.oauth.respond(method, args) or responses.respond(
                    self.workspace, method, args
                )
                answer = (200, {}, body)
            if rule is not None:
                answer = rule.answer()
            status, extra, body = answer
            call = Call(
                method=method,
                args=args,
                headers=headers,
                at=time.time(),
                status=status,
                error=None if body.get("ok") else str(body.get("error")),
                key=key,
                response=body,
                token=token_fingerprint(token),
            )
            self._log.append(call)
            held = self._hold(method)
        if held:
            self._released.wait(timeout=60)
        if self.on_call is not None:
            try:
                self.on_call(call)
            except Exception:
                logger.exception("LocalSlack on_call hook failed for %s", method)
        return status, extra, body
