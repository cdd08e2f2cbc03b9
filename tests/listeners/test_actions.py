"""Buttons: Share in channel, "did you mean", App Home examples."""

from __future__ import annotations

import logging

from bot.store import StoreUnavailable
from tests.support.payloads import all_text, assert_valid_message
from tests.support.slack_requests import block_actions, button_action, slash_command


def ephemeral_container() -> dict:
    return {
        "type": "message",
        "message_ts": "1700.0100",
        "channel_id": "C0GENERAL",
        "is_ephemeral": True,
    }


def click(bot, action_id: str, value: str, key: str = "click", **kw):
    request = block_actions(
        [button_action(action_id, value=value)],
        response_url=bot.slack.response_url(key),
        container=kw.pop("container", ephemeral_container()),
        **kw,
    )
    response = bot.send(request)
    assert response.status == 200
    return bot.slack.calls_to("response_url")


def as_payload(call) -> dict:
    return {"text": call.args.get("text"), "blocks": call.json_arg("blocks")}


def test_share_posts_the_answer_in_the_channel_under_the_askers_name(bot):
    answer = bot.ack_json(slash_command("patching aurora"))
    [share] = [
        e
        for b in answer["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
        if e["action_id"] == "share_answer"
    ]
    posted, receipt = click(bot, share["action_id"], share["value"])
    assert posted.args["response_type"] == "in_channel"
    assert posted.args.get("replace_original") in (False, "false", None)
    payload = as_payload(posted)
    blocks = assert_valid_message(payload)
    assert blocks[0]["text"]["text"].startswith("<@U0ALICE> asked: patching aurora")
    assert "Aurora Provisioned" in all_text(payload)
    buttons = [e["text"]["text"] for b in blocks if b["type"] == "actions" for e in b["elements"]]
    assert buttons == ["Wrong or unclear?"]  # for the channel's readers; no Share, no re-ask
    assert receipt.args["replace_original"] is True
    assert "Shared" in receipt.args["text"]
    assert_valid_message(as_payload(receipt))


def test_share_escapes_what_the_user_typed(bot):
    posted, _ = click(bot, "share_answer", "patching rds <!channel> <@U0BOSS>")
    shown = all_text(as_payload(posted)).replace("<@U0ALICE>", "")
    assert "<!channel>" not in shown and "<@U0BOSS>" not in shown
    assert "&lt;!channel&gt;" in shown


def test_did_you_mean_re_asks_and_replaces_the_card(bot):
    [call] = click(bot, "reask_0", "patching dynamodb")
    assert call.args["replace_original"] is True
    payload = as_payload(call)
    assert_valid_message(payload)
    assert "Amazon DynamoDB" in all_text(payload)
    assert "share_answer" in str(payload["blocks"])  # still private: can be shared


def test_did_you_mean_on_a_public_message_offers_no_share(bot):
    container = {
        "type": "message",
        "message_ts": "1700.0200",
        "channel_id": "D0ALICE",
        "is_ephemeral": False,
    }
    [call] = click(bot, "reask_1", "patching dynamodb", container=container)
    assert "share_answer" not in str(call.json_arg("blocks"))


def test_an_app_home_example_answers_in_the_messages_tab(bot):
    request = block_actions(
        [button_action("home_ask_0", value="patching aurora", block_id="home_examples")],
        channel_id=None,
        view={"id": "V0HOME", "type": "home"},
        response_url=None,
    )
    assert bot.send(request).status == 200
    [call] = bot.slack.calls_to("chat.postMessage")
    assert call.args["channel"] == "U0ALICE"
    assert_valid_message(as_payload(call))


def in_channel_posts(bot) -> list:
    return [
        c for c in bot.slack.calls_to("response_url") if c.args.get("response_type") == "in_channel"
    ]


def test_a_double_click_on_share_posts_once(bot):
    click(bot, "share_answer", "patching aurora")
    click(bot, "share_answer", "patching aurora")  # same card, a second click
    assert len(in_channel_posts(bot)) == 1
    receipts = [c for c in bot.slack.calls_to("response_url") if c.args.get("replace_original")]
    assert len(receipts) == 1  # the second click is quiet


def test_the_same_share_payload_delivered_twice_posts_once(bot):
    container = {"type": "message", "channel_id": "C0GENERAL", "is_ephemeral": True}  # no ts
    request = block_actions(
        [button_action("share_answer", value="patching rds")],
        response_url=bot.slack.response_url("resent"),
        container=container,
    )
    assert bot.send(request).status == 200
    assert bot.send(request).status == 200  # a re-sent payload, or a second instance
    assert len(in_channel_posts(bot)) == 1


def test_two_different_cards_are_both_shared(bot):
    click(bot, "share_answer", "patching aurora")
    other = {**ephemeral_container(), "message_ts": "1700.0300"}
    click(bot, "share_answer", "patching aurora", container=other)
    assert len(in_channel_posts(bot)) == 2


def test_with_the_store_down_share_still_posts_once(bot, monkeypatch, caplog):
    def down(*args, **kwargs):
        raise StoreUnavailable("database at sqlite:///x failed a write: disk I/O error")

    monkeypatch.setattr(bot.deps.store, "write", down)
    with caplog.at_level(logging.WARNING):
        click(bot, "share_answer", "patching aurora")
    assert len(in_channel_posts(bot)) == 1
    assert any("sharing anyway" in r.getMessage() for r in caplog.records)
