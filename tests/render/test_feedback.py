"""The "Wrong or unclear?" control and its dialog: valid Block Kit within Slack's limits, and a
codec that reads back only what it wrote."""

from __future__ import annotations

import json

import pytest
from slack_sdk.models.views import View

from bot.answers import build_answer
from bot.render.blocks import answer_message
from bot.render.feedback import (
    REPORT_ACTION,
    Reported,
    contact_of,
    decode,
    decode_metadata,
    encode,
    reason_of,
    report_modal,
)
from tests.support.payloads import assert_valid_message

QUESTIONS = ["patching aurora", "rds vs dynamodb", "what is qldb", "explain managed", "x" * 4000]


@pytest.mark.parametrize("text", QUESTIONS)
def test_every_answer_card_ends_with_the_control_and_validates(knowledge, matcher, text):
    answer = build_answer(matcher.parse(text), knowledge)
    for message in (answer_message(answer), answer_message(answer, shareable=False)):
        blocks = assert_valid_message(message.kwargs())
        buttons = [e for b in blocks if b["type"] == "actions" for e in b["elements"]]
        assert buttons[-1]["action_id"] == REPORT_ACTION
        assert [b["action_id"] for b in buttons].count(REPORT_ACTION) == 1
        asked = decode(buttons[-1]["value"])
        assert asked is not None and asked.intent == answer.intent
        assert asked.services == answer.query.services
        assert text.startswith(asked.question)


def test_a_4000_character_question_is_cut_to_fit_the_value_and_the_metadata():
    asked = Reported("é" * 4000 + '"<>', "who_owns", ("rds",))
    value = encode(asked)
    assert len(value) <= 2000 and decode(value).question == "é" * len(decode(value).question)
    view = report_modal(asked, channel="C0GENERAL", card_ts="1.2")
    View(**view).to_dict()  # within Slack's limits
    assert len(view["private_metadata"]) <= 3000
    found = decode_metadata(view["private_metadata"])
    assert found is not None and found[1:] == ("C0GENERAL", "1.2")


@pytest.mark.parametrize(
    "value",
    [
        "",
        "not json",
        "[]",
        json.dumps({"q": "x", "i": "<!channel>", "s": []}),
        json.dumps({"q": "x", "i": "who_owns", "s": ["<@U1>"]}),
        json.dumps({"q": 3, "i": "who_owns", "s": []}),
        json.dumps({"q": "x", "i": "who_owns", "s": ["rds"] * 21}),
    ],
)
def test_values_the_bot_did_not_make_are_refused(value):
    assert decode(value) is None
    assert decode_metadata(value) is None


def test_the_reason_is_one_line_cut_at_200_and_the_tick_is_read():
    values = {"reason": {"reason_text": {"value": "a\nb\t c " + "y" * 4000}}}
    reason = reason_of(values)
    assert len(reason) == 200 and reason.startswith("a b c yyy") and reason.endswith("…")
    assert reason_of({}) == "" and reason_of({"reason": {"reason_text": {"value": None}}}) == ""
    ticked = {"contact": {"contact_ok": {"selected_options": [{"value": "yes"}]}}}
    assert contact_of(ticked) is True and contact_of({}) is False
