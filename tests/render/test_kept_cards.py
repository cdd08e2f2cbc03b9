"""A card's body is kept by the answer's meaning: each phrasing still shows its own question."""

from __future__ import annotations

from bot.answers import Answer, build_answer
from bot.intent import Query
from bot.render.blocks import SHARE_ACTION, answer_message
from tests.support.payloads import all_text


def ask(knowledge, matcher, text: str) -> Answer:
    return build_answer(matcher.parse(text), knowledge)


def share_value(message) -> str:
    for block in message.blocks:
        for element in block.get("elements", []):
            if element.get("action_id") == SHARE_ACTION:
                return element["value"]
    raise AssertionError("no share button")


def test_each_phrasing_shows_its_own_question_under_the_same_body(knowledge, matcher):
    first = answer_message(ask(knowledge, matcher, "patching aurora"))
    second = answer_message(ask(knowledge, matcher, "Who owns PATCHING aurora?"))
    assert "Who owns PATCHING aurora?" in all_text(second.kwargs())
    assert "Who owns PATCHING aurora?" not in all_text(first.kwargs())
    assert share_value(first) == "patching aurora"
    assert share_value(second) == "Who owns PATCHING aurora?"
    assert first.blocks[:-2] == second.blocks[:-2]  # the body, without buttons and asker
    assert first.text == second.text


def test_a_comparison_asked_twice_keeps_its_table(knowledge, matcher):
    first = answer_message(ask(knowledge, matcher, "rds vs aurora"))
    second = answer_message(ask(knowledge, matcher, "RDS vs aurora please"))
    assert first.table is not None
    assert first.table == second.table
    assert "RDS vs aurora please" in all_text(second.kwargs())


def test_a_card_whose_body_repeats_the_question_is_never_shared():
    # a known intent with nothing to show says it could not work the question out, quoting it
    asked = ("first question xyz", "second question abc")
    for text, other in zip(asked, reversed(asked), strict=True):
        answer = Answer(query=Query(text=text, intent="who_owns"), intent="who_owns")
        message = answer_message(answer)
        assert message.text == f"Sorry, I couldn't work out what you're asking: “{text}”"
        assert other not in all_text(message.kwargs())
