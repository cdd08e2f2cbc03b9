"""Every quiz payload is valid Block Kit with a text fallback; repeated text is escaped."""

from __future__ import annotations

from datetime import date

import pytest

from bot.bank import Option, Question, build_bank
from bot.quiz import render
from bot.quiz.scores import AnswerRecord, PostRecord, leaderboard
from tests.support.payloads import assert_valid_blocks, assert_valid_message


def valid(message):
    return str(assert_valid_message(message, at_least=1))


@pytest.fixture(scope="module")
def bank(knowledge):
    return build_bank(knowledge)


def test_every_question_of_the_bank_renders_open_closed_and_as_feedback(bank):
    # the whole bank, every kind of question in it: an empty bank must not pass here
    assert len(bank) >= 200
    assert {q.kind for q in bank} >= {"category", "owner", "scenario", "truefalse", "custom"}
    for q in bank:
        opts = q.options_for("C1/2024-01-15")
        valid(
            render.question_message("C1/2024-01-15", q, opts, answered=3, local_date=date.today())
        )
        valid(render.closed_message(q, opts, {q.answer: 2}, local_date=date.today()))
        for key in (o.key for o in q.options):
            valid(render.feedback_message(q, key, first=True, streak=2))
        valid(render.feedback_message(q, q.options[0].key, first=False))


def test_feedback_says_right_or_wrong_the_answer_explanation_and_source(bank):
    q = next(q for q in bank if "Which category is *Amazon RDS*?" in q.text)
    wrong = next(o.key for o in q.options if o.key != q.answer)
    shown = valid(render.feedback_message(q, wrong, first=True))
    assert "Not quite" in shown and "*Managed*" in shown
    assert "important distinction" in shown and "Source: Service Classification" in shown
    shown = valid(render.feedback_message(q, q.answer, first=True))
    assert "Right!" in shown
    again = render.feedback_message(q, wrong, first=False)
    assert again.text.startswith("You already answered: ")


def test_text_from_knowledge_files_is_escaped():
    q = Question(
        "custom-x",
        "custom",
        "Ping <!channel> & <https://evil|aws.amazon.com>?",
        (Option("a", "<@U123>"), Option("b", "B")),
        "a",
        "Because <!here>",
        "Runbook",
    )
    shown = valid(
        render.question_message("C1/x", q, q.options, answered=0, local_date=date.today())
    )
    assert "<!channel>" not in shown and "&lt;!channel&gt;" in shown
    shown = valid(render.feedback_message(q, "a", first=True))
    assert "<!here>" not in shown and "<@U123>" not in shown


def test_leaderboard_and_home_stats_render():
    posts = [PostRecord("p1", date(2024, 1, 15), True, False)]
    answers = [AnswerRecord("p1", "U1", True), AnswerRecord("p1", "U2", False)]
    board = leaderboard(posts, answers, date(2024, 1, 16))
    shown = valid(render.leaderboard_message(board, "C1"))
    assert "<@U1>" in shown and "*10* pts" in shown
    blocks = render.home_stats_blocks([("C1", board.users["U1"])])
    assert_valid_blocks(blocks)
    assert "streak 1" in str(blocks)
