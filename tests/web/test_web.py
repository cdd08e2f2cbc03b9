"""The WSGI app's routes and health, and the background ticker (no server process)."""

from __future__ import annotations

import io
import json
import threading
from datetime import datetime, timezone

import pytest
from slack_bolt import App
from slack_sdk import WebClient

from bot.clock import fixed_clock
from bot.localslack import LocalSlack
from bot.web.ticker import Ticker, build_tick_jobs
from bot.web.wsgi import WebApp
from tests.support import slack_requests as sr

NOW = datetime(2026, 3, 29, 7, 0, tzinfo=timezone.utc)


class FakeStore:
    workspace = ""  # a Store's (bot.store.scope): the services read it

    def __init__(self, up: bool = True) -> None:
        self.up = up
        self.pings = 0
        self.ticks: list[datetime] = []

    def ping(self) -> bool:
        self.pings += 1
        return self.up

    def tick(self, now: datetime) -> None:
        self.ticks.append(now)


@pytest.fixture
def bolt_app():
    with LocalSlack() as slack:
        yield _tiny_app(slack)


def _tiny_app(slack: LocalSlack) -> App:
    """A minimal Bolt app: the server is tested here, not the listeners."""
    app = App(
        signing_secret=sr.SIGNING_SECRET,
        client=WebClient(token=sr.BOT_TOKEN, base_url=slack.base_url),
    )

    @app.command("/whoowns")
    def whoowns(ack, command):
        ack(f"you asked: {command['text']}")

    return app


def call(app, method: str, path: str, request: sr.Request | None = None):
    body, headers = request or ("", {})
    environ = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "wsgi.input": io.BytesIO(body.encode()),
        "CONTENT_LENGTH": str(len(body.encode())),
        "CONTENT_TYPE": headers.get("Content-Type", ""),
    }
    for name, value in headers.items():
        environ["HTTP_" + name.upper().replace("-", "_")] = value
    seen = {}

    def start_response(status, response_headers):
        seen["status"] = int(status.split()[0])
        seen["headers"] = dict(response_headers)

    out = b"".join(app(environ, start_response))
    return seen["status"], seen["headers"], out.decode()


def test_slash_command_goes_to_bolt_with_verification_on(bolt_app, knowledge):
    web = WebApp(bolt_app, knowledge=knowledge, store=FakeStore())
    status, _, body = call(web, "POST", "/slack/events", sr.slash_command("patching aurora"))
    assert status == 200 and "you asked: patching aurora" in body
    forged = sr.slash_command("patching aurora", secret="wrong-secret")
    assert call(web, "POST", "/slack/events", forged)[0] == 401


def _raw_post(app, body: bytes, content_type: str, length: str | None = None, headers=None):
    environ = {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": "/slack/events",
        "QUERY_STRING": "",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "wsgi.input": io.BytesIO(body),
        "CONTENT_LENGTH": str(len(body)) if length is None else length,
        "CONTENT_TYPE": content_type,
    }
    for name, value in (headers or {}).items():
        environ["HTTP_" + name.upper().replace("-", "_")] = value
    seen = {}

    def start_response(status, response_headers):
        seen["status"] = int(status.split()[0])

    b"".join(app(environ, start_response))
    return seen["status"]


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (b"{not json", "application/json"),
        (b"[1, 2]", "application/json"),
        (b"payload=%7Bnot-json", "application/x-www-form-urlencoded"),
        (b"payload=%5B%5D", "application/x-www-form-urlencoded"),
        (b"text=\xff\xfe", "application/x-www-form-urlencoded"),
    ],
)
def test_a_body_bolt_cannot_parse_is_400_not_500(bolt_app, knowledge, body, content_type):
    # Bolt parses before it verifies: without the guard any unsigned junk was a 500 + traceback
    web = WebApp(bolt_app, knowledge=knowledge, store=FakeStore())
    assert _raw_post(web, body, content_type) == 400
    signed_body, headers = sr.sign(body.decode("latin-1"), content_type=content_type)
    assert _raw_post(web, signed_body.encode("latin-1"), content_type, headers=headers) == 400


def test_an_oversized_or_garbled_length_is_refused_before_reading(bolt_app, knowledge):
    web = WebApp(bolt_app, knowledge=knowledge, store=FakeStore())
    form = "application/x-www-form-urlencoded"
    assert _raw_post(web, b"", form, length=str(2 * 1024 * 1024)) == 413
    assert _raw_post(web, b"", form, length="abc") == 400
    ok_body, ok_headers = sr.slash_command("patching aurora")
    assert call(web, "POST", "/slack/events", (ok_body, ok_headers))[0] == 200


def test_health_reports_knowledge_and_database(bolt_app, knowledge):
    web = WebApp(bolt_app, knowledge=knowledge, store=FakeStore())
    status, headers, body = call(web, "GET", "/health")
    health = json.loads(body)
    assert status == 200 and headers["Content-Type"] == "application/json"
    assert health["status"] == "ok" and health["database"] == "ok"
    assert health["knowledge"]["services"] == len(knowledge.services)
    assert health["version"]


def test_health_with_database_down_is_200_degraded(bolt_app, knowledge):
    web = WebApp(bolt_app, knowledge=knowledge, store=FakeStore(up=False))
    status, _, body = call(web, "GET", "/health")
    assert status == 200
    assert json.loads(body) | {"version": "", "knowledge": {}} == {
        "status": "degraded",
        "version": "",
        "knowledge": {},
        "database": "unavailable",
    }


def test_health_checks_the_database_at_most_once_per_ttl(bolt_app, knowledge):
    store = FakeStore()
    web = WebApp(bolt_app, knowledge=knowledge, store=store, health_ttl=60)
    for _ in range(20):
        call(web, "GET", "/health")
    assert store.pings == 1


def test_unknown_paths_and_wrong_methods(bolt_app, knowledge):
    web = WebApp(bolt_app, knowledge=knowledge, store=None)
    assert call(web, "GET", "/")[0] == 404
    assert call(web, "GET", "/slack/install")[0] == 404
    status, headers, _ = call(web, "GET", "/slack/events")
    assert status == 405 and headers["Allow"] == "POST"
    assert call(web, "POST", "/health")[0] == 405
    assert call(web, "HEAD", "/health")[0] == 200


def test_ticker_runs_every_job_with_the_clock_even_when_one_fails():
    seen = []

    def broken(now):
        raise RuntimeError("boom")

    ticker = Ticker([broken, seen.append], fixed_clock(NOW))
    ticker.run_once()
    ticker.run_once()
    assert seen == [NOW, NOW]


def test_ticker_ticks_at_start_and_stops_promptly():
    ticked = threading.Event()
    ticker = Ticker([lambda now: ticked.set()], fixed_clock(NOW), interval=3600)
    ticker.start()
    try:
        assert ticked.wait(5)
    finally:
        ticker.stop(timeout=5)
    assert ticker._thread is None


def test_tick_jobs_include_store_housekeeping(knowledge, matcher):
    from bot.deps import Deps

    store = FakeStore()
    jobs = build_tick_jobs(Deps(knowledge=knowledge, matcher=matcher, store=store))
    Ticker(jobs, fixed_clock(NOW)).run_once()
    assert store.ticks == [NOW]
