"""A card's body is kept by the answer's meaning: each phrasing still shows its own question."""

from __future__ import annotations

import pytest

from bot.answers import Answer, build_answer
from bot.intent import Query
from bot.render.blocks import SHARE_ACTION, answer_message, tail_blocks
from bot.render.primitives import button
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


TAIL_TEXTS = (
    "patching aurora",
    "Who owns PATCHING aurora?",
    "a & b <@U123> <https://evil.example|click> *bold* `code`",
    "backups on rds " + "x" * 3990,  # past the button's 2,000 characters
    'résumé 🙂 "quoted" \\ back\\slash',
)


@pytest.mark.parametrize("text", TAIL_TEXTS)
@pytest.mark.parametrize("shareable", [True, False])
def test_the_buttons_and_asker_line_are_what_the_block_kit_models_make(
    knowledge, matcher, text, shareable
):
    quiz_me = button("Quiz me on this", "quiz_me", "aurora")
    answer = ask(knowledge, matcher, text)
    for extra in ((), (quiz_me,)):
        message = answer_message(answer, shareable=shareable, extra_buttons=extra)
        shares = shareable and answer.intent != "unknown"
        made = [b.to_dict() for b in tail_blocks(answer, shares, extra)]
        assert list(message.blocks[-2:]) == made
        answer_message(answer, shareable=shareable, extra_buttons=extra)  # kept parts reused
        assert list(answer_message(answer, shareable=shareable).blocks[-2:]) == [
            b.to_dict() for b in tail_blocks(answer, shares, ())
        ]


def test_a_features_button_carrying_the_question_shows_each_ones_own(knowledge, matcher):
    first, second = "patching aurora", "who patches aurora"
    cards = [
        answer_message(
            ask(knowledge, matcher, text), extra_buttons=(button("Ask again", "again", text),)
        )
        for text in (first, second)
    ]
    values = [{e["action_id"]: e.get("value") for e in c.blocks[-2]["elements"]} for c in cards]
    assert [v["again"] for v in values] == [first, second]
    assert [v[SHARE_ACTION] for v in values] == [first, second]
