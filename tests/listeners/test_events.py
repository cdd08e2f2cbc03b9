"""Mentions in threads, DMs, App Home, and Events API retries handled once."""

from __future__ import annotations

import contextlib
import logging
import socket
import threading
import time

import pytest

from bot.store.connect import create_store_engine
from bot.store.engine import Store
from tests.support.bolt import make_bot, make_deps
from tests.support.payloads import all_text, assert_valid_message, assert_valid_view
from tests.support.slack_requests import (
    app_home_opened,
    app_mention,
    event_callback,
    im_message,
    member_joined_channel,
)


def posted(bot) -> list:
    return bot.slack.calls_to("chat.postMessage")


def test_a_mention_is_answered_in_a_thread_under_it(bot):
    response = bot.send(
        event_callback(app_mention("<@U0BOT> who patches dynamodb?", ts="1700.0001"))
    )
    assert response.status == 200
    [call] = posted(bot)
    assert call.args["channel"] == "C0GENERAL"
    assert call.args["thread_ts"] == "1700.0001"
    payload = {"text": call.args["text"], "blocks": call.json_arg("blocks")}
    assert_valid_message(payload)
    assert "Amazon DynamoDB" in all_text(payload)
    assert "share_answer" not in str(payload)  # already public: no Share button


def test_a_mention_inside_a_thread_answers_in_that_thread(bot):
    bot.send(event_callback(app_mention("<@U0BOT> rds", ts="1700.0009", thread_ts="1700.0001")))
    [call] = posted(bot)
    assert call.args["thread_ts"] == "1700.0001"


def test_an_empty_mention_gets_help(bot):
    bot.send(event_callback(app_mention("<@U0BOT>")))
    [call] = posted(bot)
    assert "/whoowns patching aurora" in all_text(
        {"text": call.args["text"], "blocks": call.json_arg("blocks")}
    )


def test_a_direct_message_is_answered_in_the_dm(bot):
    bot.send(event_callback(im_message("patching aurora", channel="D0ALICE")))
    [call] = posted(bot)
    assert call.args["channel"] == "D0ALICE"
    assert "thread_ts" not in call.args
    payload = {"text": call.args["text"], "blocks": call.json_arg("blocks")}
    assert_valid_message(payload)
    assert "Aurora Provisioned" in all_text(payload)


def test_help_in_a_dm(bot):
    bot.send(event_callback(im_message("help")))
    [call] = posted(bot)
    assert "/whoowns explain managed" in all_text(
        {"text": call.args["text"], "blocks": call.json_arg("blocks")}
    )


@pytest.mark.parametrize(
    "event",
    [
        im_message("patching rds", user="U0BOT"),  # the bot itself
        im_message("patching rds", user="U0BOT", bot_id="B0BOT"),
        im_message("patching rds", user=None, bot_id="B0OTHER", subtype="bot_message"),
        im_message("patching rds", user="U0OTHERBOT", bot_id="B0OTHER"),  # another bot
        im_message("patching rds", subtype="message_changed"),
        im_message("", subtype="message_deleted"),
        im_message("joined", subtype="channel_join"),
        {**im_message("patching rds"), "channel_type": "channel", "channel": "C0GENERAL"},
        app_mention("<@U0BOT> patching rds", user="U0OTHERBOT") | {"bot_id": "B0OTHER"},
    ],
    ids=[
        "self",
        "self-bot-id",
        "bot_message",
        "other-bot",
        "edit",
        "delete",
        "join",
        "not-im",
        "bot-mention",
    ],
)
def test_bots_edits_joins_and_deletions_are_ignored(bot, event):
    response = bot.send(event_callback(event))
    assert response.status == 200
    assert posted(bot) == []


def test_a_retry_of_the_same_event_is_answered_once(bot):
    event = app_mention("<@U0BOT> patching rds", ts="1700.0002")
    assert bot.send(event_callback(event, event_id="Ev0SAME")).status == 200
    assert bot.send(event_callback(event, event_id="Ev0SAME", retry_num=1)).status == 200
    assert bot.send(event_callback(event, event_id="Ev0SAME", retry_num=2)).status == 200
    assert len(posted(bot)) == 1
    bot.send(event_callback(event, event_id="Ev0OTHER"))
    assert len(posted(bot)) == 2


def test_a_retry_that_is_the_only_copy_is_answered(bot):
    event = im_message("patching rds")
    bot.send(event_callback(event, event_id="Ev0LOST1", retry_num=1, retry_reason="http_timeout"))
    assert len(posted(bot)) == 1


class BrokenStore:
    workspace = ""  # a Store's (bot.store.scope): the services read it

    def claim_event(self, event_id, now):
        raise RuntimeError("database is down")


def test_with_the_store_down_events_are_still_answered(knowledge, matcher, local_slack, caplog):
    bot = make_bot(make_deps(knowledge, matcher, local_slack, BrokenStore()), local_slack)
    with caplog.at_level(logging.WARNING):
        bot.send(event_callback(im_message("patching rds"), event_id="Ev0DOWN"))
    assert len(posted(bot)) == 1
    assert any("handling it anyway" in r.getMessage() for r in caplog.records)


class HungPostgres:
    """A PostgreSQL that accepts connections and never answers (frozen host, full backlog)."""

    def __enter__(self) -> str:
        self.server = socket.create_server(("127.0.0.1", 0))
        self.accepted: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()
        return f"postgresql://postgres@127.0.0.1:{self.server.getsockname()[1]}/whoowns"

    def _accept(self) -> None:
        with contextlib.suppress(OSError):
            while True:
                self.accepted.append(self.server.accept()[0])

    def __exit__(self, *exc: object) -> None:
        self.server.close()
        for conn in self.accepted:  # the waiting claim fails at once instead of timing out
            conn.close()


def test_a_hung_database_does_not_hold_the_events_ack(knowledge, matcher, local_slack, caplog):
    # Without a deadline the dedup claim waits for the connect timeout three times (about
    # 15 s) before every ack: Slack retries, and may turn event delivery off.
    with HungPostgres() as url:
        store = Store(create_store_engine(url), url)
        bot = make_bot(make_deps(knowledge, matcher, local_slack, store), local_slack)
        started = time.monotonic()
        with caplog.at_level(logging.WARNING):
            response = bot.send(event_callback(im_message("patching rds"), event_id="Ev0HUNG"))
        elapsed = time.monotonic() - started
    assert response.status == 200
    assert elapsed < 2.5, f"the ack took {elapsed:.1f} s"
    assert len(posted(bot)) == 1
    assert any("handling it anyway" in r.getMessage() for r in caplog.records)


def test_app_home_is_published_with_the_matrix(bot, knowledge):
    bot.send(event_callback(app_home_opened("U0ALICE")))
    [call] = bot.slack.calls_to("views.publish")
    assert call.args["user_id"] == "U0ALICE"
    view = assert_valid_view(call.json_arg("view"))
    shown = all_text({"text": "x", "blocks": view["blocks"]})
    assert "Responsibility matrix" in shown
    for duty in knowledge.table_duties:
        assert duty.name.replace("&", "&amp;") in shown


def test_the_messages_tab_does_not_republish_home(bot):
    bot.send(event_callback(app_home_opened("U0ALICE", tab="messages")))
    assert bot.slack.calls_to("views.publish") == []


def test_other_subscribed_events_are_acknowledged_quietly(bot):
    assert bot.send(event_callback(member_joined_channel())).status == 200
    assert bot.slack.calls == []


def test_with_the_production_thread_pool_the_answer_follows_the_ack(
    knowledge, matcher, local_slack
):
    bot = make_bot(make_deps(knowledge, matcher, local_slack), local_slack, inline=False)
    response = bot.send(event_callback(app_mention("<@U0BOT> patching rds", ts="1700.0003")))
    assert response.status == 200
    [call] = local_slack.wait_for("chat.postMessage", timeout=5)
    assert call.args["thread_ts"] == "1700.0003"
