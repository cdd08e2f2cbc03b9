"""/health says "unavailable" within about 1 s of PostgreSQL no longer answering (frozen or
stopped), through the real WebApp and a real store whose connections are already pooled."""

from __future__ import annotations

import io
import json
import time

import pytest
from slack_bolt import App

from bot.store import open_store
from bot.web.wsgi import WebApp
from tests.support import slack_requests as sr
from tests.support.databases import fresh_postgres_schema
from tests.support.relay_postgres import RelayPostgres

ABOUT_ONE_SECOND = 1.5


def health_of(web: WebApp) -> str:
    environ = {"REQUEST_METHOD": "GET", "PATH_INFO": "/health", "wsgi.input": io.BytesIO()}
    return json.loads(b"".join(web(environ, lambda status, headers: None)))["database"]


def seconds_until_unavailable(web: WebApp, limit: float = 8.0) -> float:
    started = time.monotonic()
    while health_of(web) != "unavailable":
        assert time.monotonic() - started < limit, "never reported unavailable"
        time.sleep(0.05)
    return time.monotonic() - started


@pytest.mark.postgres
@pytest.mark.parametrize("how", ["freeze", "stop"])
def test_health_reports_unavailable_within_about_a_second(knowledge, how: str) -> None:
    bolt = App(
        signing_secret=sr.SIGNING_SECRET, token=sr.BOT_TOKEN, token_verification_enabled=False
    )
    with fresh_postgres_schema() as real_url, RelayPostgres(real_url) as relay:
        store = open_store(relay.url)
        try:
            web = WebApp(bolt, knowledge=knowledge, store=store)
            assert health_of(web) == "ok"  # a pooled connection, and a fresh "ok" in the cache
            getattr(relay, how)()
            elapsed = seconds_until_unavailable(web)
            assert elapsed < ABOUT_ONE_SECOND, f"still 'ok' {elapsed:.1f} s after the {how}"
        finally:
            relay.thaw()
            store.close()
