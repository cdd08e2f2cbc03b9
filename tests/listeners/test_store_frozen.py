"""A PostgreSQL that freezes while the bot holds pooled connections: a slash command that
reads the store before it acknowledges still answers within Slack's 3 s, saying the database
isn't answering; once the database is back (and the fail-fast window over) it works again."""

from __future__ import annotations

import json
import time

import pytest

from bot.store import open_store
from tests.support.bolt import make_bot, make_deps
from tests.support.databases import fresh_postgres_schema
from tests.support.payloads import all_text
from tests.support.relay_postgres import RelayPostgres
from tests.support.slack_requests import slash_command

SLACK_DEADLINE_S = 3.0


def timed(bot, text: str) -> tuple[float, str]:
    started = time.monotonic()
    response = bot.send(slash_command(text))
    elapsed = time.monotonic() - started
    assert response.status == 200, response.body
    return elapsed, all_text(json.loads(response.body))


@pytest.mark.postgres
@pytest.mark.request_deadline
def test_a_frozen_postgres_with_pooled_connections_is_answered_within_3_s(
    knowledge, matcher, local_slack
):
    with fresh_postgres_schema() as real_url, RelayPostgres(real_url) as relay:
        store = open_store(relay.url)
        try:
            bot = make_bot(make_deps(knowledge, matcher, local_slack, store), local_slack)
            _, text = timed(bot, "quiz status")  # connections are pooled now
            assert "database isn't answering" not in text
            relay.freeze()
            for command in ("quiz status", "leaderboard", "progress"):
                elapsed, text = timed(bot, command)
                assert elapsed < SLACK_DEADLINE_S, f"/whoowns {command} took {elapsed:.1f} s"
                assert "database isn't answering" in text, (command, text)
        finally:
            relay.thaw()
            store.close()


@pytest.mark.postgres
def test_postgres_sessions_have_statement_and_lock_timeouts_and_keep_the_urls_options():
    with fresh_postgres_schema() as url:  # the URL sets options=-csearch_path=<schema>
        store = open_store(url)
        try:
            shown = store.read(
                lambda conn: [
                    conn.exec_driver_sql(f"SHOW {name}").scalar_one()
                    for name in ("statement_timeout", "lock_timeout", "search_path")
                ]
            )
        finally:
            store.close()
    assert shown[:2] == ["1500ms", "1s"]
    assert shown[2].startswith("test_")
