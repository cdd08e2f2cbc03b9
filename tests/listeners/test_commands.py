"""/whoowns: the answer in the acknowledgement, privately, within a second."""

from __future__ import annotations

import json
import time

import pytest
from slack_bolt import App

from bot.listeners.wiring import register_all
from bot.render.help_blocks import HelpEntry
from bot.render.primitives import notice_message
from tests.support.bolt import Bot, make_deps
from tests.support.payloads import all_text, assert_valid_message
from tests.support.slack_requests import SIGNING_SECRET, slash_command


def buttons(payload) -> list[dict]:
    return [e for b in payload["blocks"] if b["type"] == "actions" for e in b["elements"]]


def test_patching_aurora_is_answered_privately_in_the_ack(bot):
    start = time.perf_counter()
    payload = bot.ack_json(slash_command("patching aurora"))
    assert time.perf_counter() - start < 1.0
    assert payload["response_type"] == "ephemeral"
    assert_valid_message(payload)
    text = all_text(payload)
    assert "Aurora Serverless" in text and "Aurora Provisioned" in text
    assert "Source:" in text
    share = [b for b in buttons(payload) if b["action_id"] == "share_answer"]
    assert share and share[0]["value"] == "patching aurora"
    assert bot.slack.calls == []  # one round trip: nothing else was sent


@pytest.mark.parametrize("text", ["", "help", "HELP", "  help me  "])
def test_empty_or_help_shows_examples_of_every_subcommand(bot, text):
    payload = bot.ack_json(slash_command(text))
    assert payload["response_type"] == "ephemeral"
    assert_valid_message(payload)
    shown = all_text(payload)
    for example in ("/whoowns patching aurora", "/whoowns rds", "/whoowns help"):
        assert example in shown


def test_unknown_service_is_said_plainly_with_did_you_mean(bot):
    payload = bot.ack_json(slash_command("patching qldb"))
    assert_valid_message(payload)
    shown = all_text(payload)
    assert "I don't cover *qldb*: it is not a service in my knowledge." in shown
    assert "Patching" in shown  # the duty part is kept


def test_a_nonsense_question_gets_suggestions_not_an_error(bot):
    payload = bot.ack_json(slash_command("blorptastic frobnication"))
    assert_valid_message(payload)
    assert "/whoowns help" in all_text(payload)


def test_a_4000_character_command_is_answered_with_a_valid_payload(bot):
    text = "who patches aurora " + "and also " * 440
    assert len(text) > 3900
    payload = bot.ack_json(slash_command(text[:4000]))
    assert_valid_message(payload)
    assert "and also " * 30 not in all_text(payload)
    for button in buttons(payload):
        assert len(button["value"]) <= 2000


@pytest.mark.parametrize(
    "hostile",
    [
        "<!channel>",
        "<!here>",
        "<!subteam^S0ADMINS|admins>",
        "<@U0BOSS>",
        "<https://evil.example|aws.amazon.com>",
    ],
)
def test_the_echo_cannot_ping_or_disguise_links(bot, hostile):
    payload = bot.ack_json(slash_command(f"patching aurora {hostile}"))
    shown = all_text(payload)
    assert hostile not in shown
    assert "<" not in shown and ">" not in shown
    assert "&lt;" in shown


def test_features_route_their_own_subcommands(knowledge, matcher, local_slack):
    """A feature registers a word; /whoowns WORD reaches it and help lists it."""
    deps = make_deps(knowledge, matcher, local_slack)
    app = App(signing_secret=SIGNING_SECRET, client=deps.client)
    registry = register_all(app, deps)
    seen = []

    def ping(request):
        seen.append((request.word, request.args, request.user_id))
        request.reply(notice_message(f"pong {len(request.args)}"))

    registry.add_subcommand("ping", handler=ping, help=[HelpEntry("/whoowns ping X", "pong")])
    bot = Bot(app, local_slack, deps)
    payload = bot.ack_json(slash_command("PING a b"))
    assert seen == [("ping", "a b", "U0ALICE")]
    assert payload["text"] == "pong 3"
    help_text = all_text(bot.ack_json(slash_command("help")))
    assert "/whoowns ping X" in help_text
    assert help_text.index("`/whoowns ping X`") < help_text.index("`/whoowns help`")
    assert "/whoowns ping X" in all_text(bot.ack_json(slash_command("what can you do")))


def test_a_comparison_is_answered_side_by_side_in_the_ack(bot):
    payload = bot.ack_json(slash_command("difference between managed and fully managed"))
    blocks = assert_valid_message(payload)
    assert len(blocks) <= 50
    shown = all_text(payload)
    assert blocks[0]["text"]["text"] == "Managed vs Fully Managed"
    # the rows as a table (in the ack's attachments), the duties whose owner differs first
    assert ":point_right: the owner differs" in shown and "Owner differs" in shown
    assert '"type": "table"' in json.dumps(payload.get("attachments"))
    assert "Balanced cost and control" in shown and "Higher service cost" in shown


def test_markup_in_a_command_is_not_read_and_not_echoed_live(bot):
    text = "patching <!channel> @here <https://evil.example|aws.amazon.com> aurora"
    payload = bot.ack_json(slash_command(text))
    assert_valid_message(payload)
    shown = all_text(payload)
    assert "Aurora Serverless" in shown and "Aurora Provisioned" in shown
    assert "I don't cover" not in shown and "Did you mean" not in shown
    assert "<!channel>" not in shown and "&lt;!channel&gt;" in shown


def test_patching_mysql_answers_each_service_it_can_mean(bot):
    payload = bot.ack_json(slash_command("patching mysql"))
    assert_valid_message(payload)
    shown = all_text(payload)
    for name in (
        "Amazon RDS",
        "Amazon Aurora Serverless",
        "Amazon Aurora Provisioned",
        "MySQL on EC2",
    ):
        assert f"*{name}*" in shown
    assert not [b for b in buttons(payload) if b["action_id"].startswith("reask")]  # no asking back


def _answering_threads(monkeypatch) -> list[str]:
    """The names of the threads that build a /whoowns answer from now on."""
    import threading

    from bot.listeners import commands

    threads: list[str] = []
    real = commands.reply_for

    def spy(*args, **kwargs):
        threads.append(threading.current_thread().name)
        return real(*args, **kwargs)

    monkeypatch.setattr(commands, "reply_for", spy)
    return threads


def test_with_the_production_pool_a_question_is_answered_without_waiting_for_the_pool(
    knowledge, matcher, local_slack, monkeypatch
):
    import threading

    from tests.support.bolt import make_bot

    threads = _answering_threads(monkeypatch)
    bot = make_bot(make_deps(knowledge, matcher, local_slack), local_slack, inline=False)
    for question in ("patching aurora", "help", "patching rds"):
        reply = bot.command(question)
        assert_valid_message(reply)
    assert "patching" in all_text(reply).lower()
    # built on the request's own thread: the ack is ready when Bolt first looks for it
    assert threads == [threading.current_thread().name] * 2  # help is not an answer
