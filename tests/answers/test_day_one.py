"""What an engineer types on day one, and what the bot answers (terminal text and Slack cards
as the chat shell shows them)."""

from __future__ import annotations

import pytest

from bot.answers import build_answer
from bot.render.blocks import answer_message
from bot.render.terminal import render_blocks
from bot.render.text import render_answer


def answer(matcher, knowledge, text):
    return build_answer(matcher.parse(text), knowledge)


def both(matcher, knowledge, text):
    """What ``whoowns ask`` prints and what the Slack card shows, for one question."""
    a = answer(matcher, knowledge, text)
    card = render_blocks(answer_message(a).kwargs()["blocks"], color=False).text
    return render_answer(a), card


@pytest.mark.parametrize(
    "text", ["capacity planning for dynamodb", "monitoring", "is rds fully managed", "rds"]
)
def test_users_read_the_course_material_never_the_seed(matcher, knowledge, text):
    for shown in both(matcher, knowledge, text):
        assert "seed" not in shown.lower()


def test_an_owner_not_stated_is_said_once(matcher, knowledge):
    text, card = both(matcher, knowledge, "capacity planning for dynamodb")
    assert text.count("Not stated") == 1
    assert text.count("does not state who owns") == 1
    assert card.count("does not state who owns") == 1
    assert "❔ Not stated" in card


@pytest.mark.parametrize("text", ["managed vs unmanaged", "rds vs dynamodb", "aurora vs redshift"])
def test_every_comparison_counts_all_the_duties(matcher, knowledge, text):
    total = len(knowledge.duties)
    out, card = both(matcher, knowledge, text)
    assert f" of {total} duties)" in out
    assert f" of the {total} duties)" in card
    assert card.count(f"of the {total}") == 1  # explained once, not per group
