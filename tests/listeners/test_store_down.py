"""Slash subcommands that use the store before they acknowledge, with the database hung.

The user gets a clear "my database isn't answering" reply in the acknowledgement, within
Slack's 3 s (one connect timeout), and at once while the store fails fast; once the window
is over and the database is back, the same command works.
"""

from __future__ import annotations

import json
import time

import pytest

from bot.store import Store, open_store
from bot.store.connect import create_store_engine
from tests.support.bolt import make_bot, make_deps, settings_for
from tests.support.databases import fresh_postgres_schema
from tests.support.fake_postgres import HungPostgres
from tests.support.payloads import all_text, assert_valid_message
from tests.support.slack_requests import slash_command

STORE_SUBCOMMANDS = [
    "quiz status",
    "quiz unsubscribe",
    "quiz resume",
    "quiz reveal end-of-day",
    "leaderboard",
    "onboarding here",
    "onboarding time 09:30 Europe/Berlin",
    "onboarding stop",
    "onboarding",
    "progress",
]


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def timed(bot, text: str) -> tuple[float, dict]:
    started = time.monotonic()
    response = bot.send(slash_command(text))
    elapsed = time.monotonic() - started
    assert response.status == 200, response.body
    return elapsed, json.loads(response.body)


def says_database_down(reply: dict) -> bool:
    assert_valid_message(reply)
    text = all_text(reply)
    return (
        reply.get("response_type") == "ephemeral"
        and "database isn't answering" in text
        and "try again in a minute" in text
        and "something went wrong" not in text  # not the generic apology
    )


def test_with_the_database_hung_subcommands_say_so_within_slacks_3_s(
    knowledge, matcher, local_slack
):
    with HungPostgres() as hung:
        store = Store(create_store_engine(hung.url), hung.url)
        # alice may change settings (WHOOWNS_ADMINS): a refusal would not need the database
        settings = settings_for(local_slack, admins=("U0ALICE",))
        bot = make_bot(
            make_deps(knowledge, matcher, local_slack, store, settings=settings), local_slack
        )
        first, reply = timed(bot, "quiz status")
        assert first < 3.0, f"the ack took {first:.1f} s"
        assert says_database_down(reply), reply
        for text in STORE_SUBCOMMANDS:  # the store fails fast now: every one answers at once
            elapsed, reply = timed(bot, text)
            assert elapsed < 0.2, f"/whoowns {text} took {elapsed:.2f} s"
            assert says_database_down(reply), (text, reply)
        _, answer = timed(bot, "patching aurora")  # answers need no database
        assert "Aurora" in all_text(answer)
    assert local_slack.calls == []


@pytest.mark.postgres
def test_once_the_window_is_over_a_recovered_database_answers(knowledge, matcher, local_slack):
    clock = Clock()
    with fresh_postgres_schema() as real_url, HungPostgres() as hung:
        open_store(real_url).close()  # migrated
        url = hung.stand_in_for(real_url)
        store = Store(create_store_engine(url), url, monotonic=clock)
        bot = make_bot(make_deps(knowledge, matcher, local_slack, store), local_slack)
        assert says_database_down(timed(bot, "quiz status")[1])
        hung.recover()
        assert says_database_down(timed(bot, "quiz status")[1])  # inside the window
        clock.now += 60
        _, reply = timed(bot, "quiz status")
        assert "This channel has no daily quiz" in all_text(reply)
        _, reply = timed(bot, "onboarding time 09:30 Europe/Berlin")
        assert "09:30" in all_text(reply)
        store.close()
