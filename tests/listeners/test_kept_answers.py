"""Answers kept between requests: another phrasing of a question gets the answer a fresh
reading gives it, with its own text."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from bot.answers import build_answer
from bot.listeners.answer_cache import LastUsed
from bot.listeners.core import ask

PHRASINGS = [
    ("patching aurora", "Who owns PATCHING aurora?"),
    ("rds vs aurora", "hey, RDS vs aurora please"),
    ("is dynamodb fully managed", "IS dynamodb fully managed??"),
    ("who backs up dynamodb", "who backs up DYNAMODB"),
]


@pytest.fixture
def deps(knowledge, matcher):
    return SimpleNamespace(
        live=SimpleNamespace(pair=(knowledge, matcher)), store=None, settings=None
    )


@pytest.mark.parametrize(("first", "second"), PHRASINGS)
def test_another_phrasing_gets_the_answer_a_fresh_reading_gives(
    deps, knowledge, matcher, first, second
):
    kept: LastUsed = LastUsed()
    asked_first = ask(deps, first, None, kept)
    asked_second = ask(deps, second, None, kept)
    assert asked_first.query.text == first
    assert asked_second.query.text == second
    assert asked_second == build_answer(matcher.parse(second), knowledge)
    assert ask(deps, first, None, kept) == build_answer(matcher.parse(first), knowledge)


def test_a_question_read_differently_is_not_answered_from_another(deps):
    kept: LastUsed = LastUsed()
    aurora = ask(deps, "patching aurora", None, kept)
    dynamo = ask(deps, "patching dynamodb", None, kept)
    assert aurora.query.services != dynamo.query.services
    assert [c.service for c in dynamo.cells] == ["dynamodb"]
