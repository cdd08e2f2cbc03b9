"""With the database hung, gaps are not recorded and the answer does not wait for it."""

from __future__ import annotations

import time

from bot.store import Store
from bot.store.connect import create_store_engine
from tests.support.fake_postgres import HungPostgres
from tests.support.gaps import make_gaps_bot
from tests.support.payloads import all_text
from tests.support.slack_requests import im_message


def test_a_hung_database_delays_no_answer(knowledge, matcher, slack):
    with HungPostgres() as hung:
        store = Store(create_store_engine(hung.url), hung.url)  # connecting takes 2 s, then fails
        bot = make_gaps_bot(knowledge, matcher, slack, store)
        started = time.monotonic()
        reply = bot.command("what is qldb")
        elapsed = time.monotonic() - started
        assert "I don't cover qldb" in all_text(reply)
        assert elapsed < 0.5, f"the answer took {elapsed:.2f} s"
        assert bot.services["gaps"].flush(10)  # the write was tried and given up
        assert hung.accepted
        started = time.monotonic()
        reply = bot.command("memcached backups")  # the store fails fast now
        assert time.monotonic() - started < 0.5 and "memcached" in all_text(reply)
        bot.event(im_message("what is cosmos db"))  # (event dedup waits up to 1 s on its own)
        [dm] = slack.calls_to("chat.postMessage")
        assert "cosmos" in dm.args["text"]
        assert bot.services["gaps"].flush(10)
        store.close()
