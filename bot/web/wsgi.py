"""HTTP mode: a plain WSGI app on a production server (gunicorn), plus the background ticker.

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

:func:`serve` runs a WSGI app on gunicorn (gthread workers), embedded through
``gunicorn.app.base.BaseApplication``: ``settings.web_concurrency`` worker processes ×
``settings.web_threads`` threads, ``0.0.0.0:PORT``, access log off, graceful SIGTERM.
The app is built once in the master (so start-up errors surface before any worker forks);
each worker then starts a :class:`Ticker`.

Background jobs: a :class:`Ticker` calls ``job(now)`` functions every minute (and once at
start, so a restart catches up at once). :func:`build_tick_jobs` makes them: the knowledge
reload (changed knowledge files swapped in, :mod:`bot.org.reload`) and the scheduler
(:mod:`bot.scheduler`: the store's housekeeping and each feature's tick, per workspace). A
tick must be idempotent (claimed in the database), since every worker and every instance
runs it.
"""

from __future__ import annotations

import io
import json
import logging
import threading
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from datetime import datetime
from typing import TYPE_CHECKING, Any

from bot import __version__
from bot.clock import Clock, system_clock

if TYPE_CHECKING:
    from slack_bolt import App

    from bot.deps import Deps
    from bot.features import Feature
    from bot.kb.models import Knowledge

logger = logging.getLogger(__name__)

Job = Callable[[datetime], object]
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
        try:
            parsed = parse_body(raw.decode("utf-8"), environ.get("CONTENT_TYPE"))
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
        return self._slack({**environ, "wsgi.input": io.BytesIO(raw)}, start_response)

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
        """``store.ping()`` in a daemon thread, waited for at most the deadline; while an
        earlier check is still waiting for a hung database, no second one is started."""
        if self._ping is not None and not self._ping.done():
            return "unavailable"
        future: Future[bool] = Future()
        store = self._store

        def run() -> None:
            try:
                future.set_result(bool(store.ping()))
            except BaseException as exc:  # handed to the waiting health check
                future.set_exception(exc)

        self._ping = future
        threading.Thread(target=run, name="whoowns-health-ping", daemon=True).start()
        try:
            return "ok" if future.result(timeout=self._db_deadline) else "unavailable"
        except FutureTimeout:
            logger.warning("database health check: no answer within %.1f s", self._db_deadline)
        except Exception:
            logger.warning("database health check failed", exc_info=True)
        return "unavailable"


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


# -- background ticker ---------------------------------------------------------------------


class Ticker:
    """Calls every job with ``clock()`` once at start, then at each whole minute.

    A job that raises is logged and the others still run; the next tick comes anyway.
    ``stop()`` returns once the current tick (if any) has finished, or after ``timeout``.
    """

    def __init__(
        self,
        jobs: Sequence[Job],
        clock: Clock = system_clock,
        *,
        interval: float = 60.0,
        name: str = "whoowns-ticker",
    ) -> None:
        self.jobs = list(jobs)
        self.clock = clock
        self.interval = interval
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._name = name

    def run_once(self) -> None:
        now = self.clock()
        logger.debug("tick at %s: %d job(s)", now.isoformat(timespec="seconds"), len(self.jobs))
        for job in self.jobs:
            try:
                job(now)
            except Exception:
                logger.exception("background job %s failed at %s", _job_name(job), now)

    def start(self) -> Ticker:
        if self._thread is None:
            self._stop.clear()
            self._thread = threading.Thread(target=self._loop, name=self._name, daemon=True)
            self._thread.start()
        return self

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def _loop(self) -> None:
        delay = 0.0
        while not self._stop.wait(delay):
            self.run_once()
            delay = self.interval - (time.time() % self.interval)  # the next whole minute


def _job_name(job: Job) -> str:
    return getattr(job, "__qualname__", None) or repr(job)


def build_tick_jobs(
    deps: Deps,
    *,
    features: Sequence[Feature] | None = None,
    services: Mapping[str, Any] | None = None,
) -> list[Job]:
    """The knowledge reload, then the scheduler (:mod:`bot.scheduler`: the store's
    housekeeping and every feature's tick, default: all features) on ``deps``' workspace and
    client; ``services`` are built from ``deps`` unless given (``whoowns serve`` shares the
    app's)."""
    from bot.features import TickContext, build_services, installed
    from bot.scheduler import OneWorkspace, Scheduler

    features = installed() if features is None else features
    services = build_services(deps, features) if services is None else services
    from bot.org.reload import KnowledgeReload

    context = TickContext(deps=deps, services=services)
    scheduler = Scheduler(context, features, OneWorkspace(context))
    return [KnowledgeReload(deps), scheduler]  # changed knowledge files, without a restart


# -- production server ---------------------------------------------------------------------


def serve(
    wsgi_app: Callable[..., Iterable[bytes]],
    *,
    port: int,
    workers: int = 1,
    threads: int = 32,
    log_level: str = "INFO",
    host: str = "0.0.0.0",
    on_worker_start: Callable[[], object] | None = None,
    on_worker_exit: Callable[[], None] | None = None,
    after_fork: Callable[[], None] | None = None,
) -> int:
    """Run ``wsgi_app`` on gunicorn until SIGTERM/SIGINT; returns the exit status.

    ``after_fork`` runs first in each new worker (e.g. drop inherited database
    connections); ``on_worker_start`` once the worker is ready (start the ticker);
    ``on_worker_exit`` as it stops."""
    from gunicorn.app.base import BaseApplication

    options: dict[str, Any] = {
        "bind": [f"{host}:{port}"],
        "workers": workers,
        "worker_class": "gthread",
        "threads": threads,
        "preload_app": True,  # built once in the master: start-up errors before any fork
        "accesslog": None,
        "errorlog": "-",
        "loglevel": log_level.lower(),
        "graceful_timeout": 10,
        "timeout": 30,
        "keepalive": 5,
        "proc_name": "whoowns",
        "control_socket_disable": True,  # no ~/.gunicorn/gunicorn.ctl
        "post_fork": lambda _server, _worker: after_fork() if after_fork else None,
        "post_worker_init": lambda _worker: on_worker_start() if on_worker_start else None,
        "worker_exit": lambda _server, _worker: on_worker_exit() if on_worker_exit else None,
    }

    class _Server(BaseApplication):
        def load_config(self) -> None:
            for key, value in options.items():
                self.cfg.set(key, value)

        def load(self) -> Callable[..., Iterable[bytes]]:
            return wsgi_app

    try:
        _Server(prog="whoowns serve").run()
    except SystemExit as exc:  # gunicorn's master exits through sys.exit
        code = exc.code
        return code if isinstance(code, int) else (0 if code is None else 1)
    return 0
