"""HTTP mode: the plain WSGI app every Slack request and health check reaches.

Routes of :class:`WebApp`:

- ``POST /slack/events`` — every Slack request (slash commands, interactivity, Events API) goes
  to Bolt's WSGI adapter; Bolt verifies the signature and answers 401 to forged, unsigned or
  stale (> 5 min) requests. A body over 1 MiB gets 413 and one Bolt cannot parse (not UTF-8,
  broken JSON) 400, before Bolt sees it. A signed request with a field Bolt would trip over
  (:mod:`bot.slack.request_fields`) gets one log line and an empty 200 (Events API) or 400,
  never a 500.
- ``GET /slack/install`` and ``GET /slack/oauth_redirect`` — OAuth mode only (installs in
  several workspaces, :mod:`bot.oauth`): the install page and the end of Slack's flow.
- ``GET /health`` — ``200 {"status", "version", "knowledge": {...}, "database"}`` (the
  knowledge: the course's services, duties and categories, the organisation's teams and
  resources). A database that does not answer gives ``"database": "unavailable"`` and
  ``"status": "degraded"`` but still HTTP 200: answers come from the knowledge in memory, so
  the process is still useful and a platform should not restart it for that. The database
  check is cached for ``HEALTH_TTL_S`` so health checks stay cheap, and waits at most
  ``HEALTH_DB_DEADLINE_S`` (a database that accepts connections and never answers is
  "unavailable" after that, not a hung check).
- anything else: 404; a known path with the wrong method: 405.

The production server it runs on is :mod:`bot.web.server`; the background jobs
(every minute) are :mod:`bot.web.ticker`'s.
"""

from __future__ import annotations

import io
import json
import logging
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from typing import TYPE_CHECKING, Any

from bot import __version__
from bot.background.writes import BackgroundWrites

if TYPE_CHECKING:
    from slack_bolt import App, BoltRequest

    from bot.kb.models import Knowledge

logger = logging.getLogger(__name__)

StartResponse = Callable[..., Any]

EVENTS_PATH = "/slack/events"
# Slack's largest requests (a block_actions payload carrying a 50-block message) stay far below.
MAX_BODY_BYTES = 1024 * 1024
HEALTH_PATH = "/health"
HEALTH_DB_DEADLINE_S = 1.0  # the database check answers within this, whatever the database does
# A check's result is reused this briefly: health checks stay cheap, and a database that stops
# answering is "unavailable" at most HEALTH_TTL_S + HEALTH_DB_DEADLINE_S later (not a stale "ok").
HEALTH_TTL_S = 0.25


class WebApp:
    """The WSGI application: Slack's one Request URL, a health check, nothing else."""

    def __init__(
        self,
        bolt_app: App,
        *,
        knowledge: Knowledge,
        store: Any = None,
        signing_secret: str | None = None,
        health_ttl: float = HEALTH_TTL_S,
        health_db_deadline: float = HEALTH_DB_DEADLINE_S,
    ) -> None:
        from slack_bolt.adapter.wsgi import SlackRequestHandler

        self._slack = SlackRequestHandler(bolt_app, path=EVENTS_PATH)
        self._bolt = bolt_app
        flow = bolt_app.oauth_flow  # OAuth mode: the install page and Slack's redirect
        self._oauth_paths = (flow.install_path, flow.redirect_uri_path) if flow else ()
        self._knowledge_summary = {
            "services": len(knowledge.services),
            "duties": len(knowledge.duties),
            "categories": len(knowledge.categories),
            "teams": len(knowledge.teams),  # the organisation's (WHOOWNS_ORG_KNOWLEDGE)
            "resources": len(knowledge.resources),
        }
        self._store = store
        self._signing_secret = signing_secret
        self._health_ttl = health_ttl
        self._db_state: tuple[float, str] = (0.0, "unknown")
        self._db_lock = threading.Lock()
        self._db_deadline = health_db_deadline
        self._ping: Future[bool] | None = None  # the latest check, maybe still waiting
        self._pinger = BackgroundWrites(max_pending=1)  # one long-lived thread for the checks

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        path = environ.get("PATH_INFO") or "/"
        method = environ.get("REQUEST_METHOD", "GET").upper()
        if path == EVENTS_PATH:
            if method != "POST":
                return _plain(start_response, 405, "Method Not Allowed", [("Allow", "POST")])
            return self._events(environ, start_response)
        if path in self._oauth_paths:
            if method != "GET":
                return _plain(start_response, 405, "Method Not Allowed", [("Allow", "GET")])
            return self._slack(environ, start_response)
        if path == HEALTH_PATH:
            if method not in ("GET", "HEAD"):
                return _plain(start_response, 405, "Method Not Allowed", [("Allow", "GET, HEAD")])
            body = json.dumps(self.health()).encode()
            start_response(
                "200 OK",
                [
                    ("Content-Type", "application/json"),
                    ("Content-Length", str(len(body))),
                    ("Cache-Control", "no-store"),
                ],
            )
            return [b""] if method == "HEAD" else [body]
        return _plain(start_response, 404, "Not Found")

    def _events(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        """Bolt parses the body before it checks the signature, and a body it cannot parse
        (not UTF-8, broken JSON, a JSON list) raises: a 500 and a traceback for any unsigned
        request. Such bodies, and oversized ones, get a clean 4xx here, before Bolt."""
        from slack_bolt.request.internals import parse_body

        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = -1
        if length < 0:
            return _plain(start_response, 400, "Bad Request")
        if length > MAX_BODY_BYTES:
            logger.warning("rejected a %d-byte request to %s (too large)", length, EVENTS_PATH)
            return _plain(start_response, 413, "Payload Too Large", [("Connection", "close")])
        stream = environ.get("wsgi.input")
        raw = stream.read(length) if stream is not None and length else b""
        bolt_request = None  # Bolt's request, its body parsed once, for both of us
        try:
            text = raw.decode("utf-8")
            try:
                bolt_request = self._bolt_request(environ, text)
                parsed: Any = bolt_request.body
            except ValueError:
                raise
            except Exception:  # a field Bolt trips over while it builds its request
                parsed = parse_body(text, environ.get("CONTENT_TYPE"))
            if not isinstance(parsed, dict):
                raise ValueError("not an object")
        except ValueError:  # UnicodeDecodeError and JSONDecodeError are ValueErrors
            logger.warning("rejected a malformed %d-byte request to %s", length, EVENTS_PATH)
            if _is_json(environ) and self._signed(environ, raw):  # an Events API delivery
                start_response("200 OK", [("Content-Length", "0")])
                return [b""]
            return _plain(start_response, 400, "Bad Request")
        refused = self._refuse_malformed(environ, raw, parsed, start_response)
        if refused is not None:
            return refused
        if bolt_request is None:  # Bolt's own path (and its own failure)
            return self._slack({**environ, "wsgi.input": io.BytesIO(raw)}, start_response)
        return self._dispatch(bolt_request, start_response)

    def _bolt_request(self, environ: dict[str, Any], text: str) -> BoltRequest:
        """The request as Bolt's WSGI adapter builds it (Bolt parses the body here)."""
        from slack_bolt import BoltRequest
        from slack_bolt.adapter.wsgi.http_request import WsgiHttpRequest

        request = WsgiHttpRequest(environ)
        if not request.protocol.startswith("HTTP"):
            raise _NotHttp
        return BoltRequest(body=text, query=request.query_string, headers=request.get_headers())

    def _dispatch(self, request: BoltRequest, start_response: StartResponse) -> Iterable[bytes]:
        """Bolt's answer to ``request``, as its WSGI adapter gives it."""
        from slack_bolt.adapter.wsgi.http_response import WsgiHttpResponse

        answer = self._bolt.dispatch(request)
        response = WsgiHttpResponse(status=answer.status, headers=answer.headers, body=answer.body)
        start_response(response.status, response.get_headers())
        return response.get_body()

    def _refuse_malformed(
        self,
        environ: dict[str, Any],
        raw: bytes,
        parsed: dict[str, Any],
        start_response: StartResponse,
    ) -> list[bytes] | None:
        """A request with a field Bolt would trip over (see :mod:`bot.slack.request_fields`):
        401 when it is not properly signed, else one log line and an empty 200 for an Events API
        delivery (Slack retries anything else), 400 for a command or an interaction."""
        from bot.slack import request_fields

        text = raw.decode("utf-8")
        request_kind = request_fields.kind(text, environ.get("CONTENT_TYPE"))
        field = request_fields.problem(parsed, request_kind)
        if field is None:
            return None
        if not self._signed(environ, raw):
            return _plain(start_response, 401, "Unauthorized")
        logger.warning("rejected a malformed Slack %s: bad or missing %s", request_kind, field)
        if request_kind == "event":
            start_response("200 OK", [("Content-Length", "0")])
            return [b""]
        return _plain(start_response, 400, "Bad Request")

    def _signed(self, environ: dict[str, Any], raw: bytes) -> bool:
        """The request carries a valid, fresh Slack signature of ``raw`` (UTF-8, as Slack's)."""
        from slack_sdk.signature import SignatureVerifier

        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            return False
        timestamp = environ.get("HTTP_X_SLACK_REQUEST_TIMESTAMP") or ""
        signature = environ.get("HTTP_X_SLACK_SIGNATURE")
        return bool(
            self._signing_secret
            and timestamp.isdigit()
            and SignatureVerifier(self._signing_secret).is_valid(text, timestamp, signature)
        )

    def health(self) -> dict[str, Any]:
        database = self._database_state()
        return {
            "status": "ok" if database in ("ok", "none") else "degraded",
            "version": __version__,
            "knowledge": dict(self._knowledge_summary),
            "database": database,
        }

    def _database_state(self) -> str:
        if self._store is None:
            return "none"
        with self._db_lock:
            checked_at, state = self._db_state
            if time.monotonic() - checked_at < self._health_ttl:
                return state
            state = self._check_database()
            self._db_state = (time.monotonic(), state)
            return state

    def _check_database(self) -> str:
        """``store.ping()`` on the checks' own thread, waited for at most the deadline;
        while an earlier check is still waiting for a hung database, no second one is started."""
        if self._ping is not None and not self._ping.done():
            return "unavailable"
        store = self._store
        future = self._pinger.call(lambda: bool(store.ping()))
        if future is None:
            return "unavailable"
        self._ping = future
        try:
            return "ok" if future.result(timeout=self._db_deadline) else "unavailable"
        except FutureTimeout:
            logger.warning("database health check: no answer within %.1f s", self._db_deadline)
        except Exception:
            logger.warning("database health check failed", exc_info=True)
        return "unavailable"


class _NotHttp(Exception):
    """Not an HTTP request: Bolt's adapter answers it (400)."""


_REASONS = {
    400: "Bad Request",
    401: "Unauthorized",
    404: "Not Found",
    405: "Method Not Allowed",
    413: "Payload Too Large",
}


def _is_json(environ: dict[str, Any]) -> bool:
    """The body is sent as JSON: of Slack's requests only Events API deliveries are."""
    content_type = str(environ.get("CONTENT_TYPE") or "")
    return content_type.split(";")[0].strip().lower() == "application/json"


def _plain(
    start_response: StartResponse,
    status: int,
    text: str,
    headers: Sequence[tuple[str, str]] = (),
) -> list[bytes]:
    body = (text + "\n").encode()
    start_response(
        f"{status} {_REASONS.get(status, text)}",
        [
            ("Content-Type", "text/plain; charset=utf-8"),
            ("Content-Length", str(len(body))),
            *headers,
        ],
    )
    return [body]
