"""/health answers within about a second whatever the database does (hung, not just down)."""

from __future__ import annotations

import io
import json
import threading
import time

from slack_bolt import App

from bot.store import Store
from bot.store.connect import create_store_engine
from bot.web.wsgi import WebApp
from tests.support import slack_requests as sr
from tests.support.fake_postgres import HungPostgres


def tiny_app() -> App:
    return App(
        signing_secret=sr.SIGNING_SECRET, token=sr.BOT_TOKEN, token_verification_enabled=False
    )


def get_health(web: WebApp) -> tuple[float, dict]:
    environ = {"REQUEST_METHOD": "GET", "PATH_INFO": "/health", "wsgi.input": io.BytesIO()}
    started = time.monotonic()
    body = b"".join(web(environ, lambda status, headers: None))
    return time.monotonic() - started, json.loads(body)


class StuckStore:
    """ping() waits until released, like a connect to a database that never answers."""

    def __init__(self) -> None:
        self.release = threading.Event()
        self.pings = 0

    def ping(self) -> bool:
        self.pings += 1
        self.release.wait(10)
        return True


def test_a_hung_database_check_gives_up_after_its_deadline_and_is_not_stacked(knowledge):
    store = StuckStore()
    web = WebApp(tiny_app(), knowledge=knowledge, store=store, health_ttl=0, health_db_deadline=0.3)
    elapsed, health = get_health(web)
    assert 0.25 < elapsed < 1.0
    assert health["status"] == "degraded" and health["database"] == "unavailable"
    elapsed, health = get_health(web)  # the first check is still waiting: no second one
    assert elapsed < 0.2 and health["database"] == "unavailable"
    assert store.pings == 1
    store.release.set()  # the database answers again: a later check says so
    give_up = time.monotonic() + 2
    while get_health(web)[1]["database"] != "ok":
        assert time.monotonic() < give_up, "the database never came back as ok"
    assert store.pings == 2


def test_health_with_a_hung_postgres_answers_within_1_5_s(knowledge):
    with HungPostgres() as hung:
        store = Store(create_store_engine(hung.url), hung.url)
        web = WebApp(tiny_app(), knowledge=knowledge, store=store)
        elapsed, health = get_health(web)
    for thread in threading.enumerate():  # the abandoned check ends once the server is gone
        if thread.name == "whoowns-health-ping":
            thread.join(5)
    assert elapsed < 1.5, f"/health took {elapsed:.1f} s"
    assert health["status"] == "degraded" and health["database"] == "unavailable"
