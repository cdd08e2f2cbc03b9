"""Choosing the prompts: pure, at most four, texts from the knowledge and the code only."""

from __future__ import annotations

import pytest

from bot.agent import MAX_PROMPTS, Prompt, choose_prompts, command_for


def test_a_team_holding_resources_gets_one_of_them(org_knowledge):
    titles = [p.title for p in choose_prompts(org_knowledge, ("payments",), {"review"})]
    assert titles == [
        "Who patches payments-ledger?",
        "What changes between Managed and Unmanaged?",
        "Quiz me",
    ]


def test_never_more_than_slack_allows(org_knowledge):
    prompts = choose_prompts(org_knowledge, ("platform-db", "sre"), {"review", "progress"})
    assert len(prompts) == MAX_PROMPTS


def test_the_course_knowledge_alone_has_no_database_prompt(knowledge):
    assert [p.title for p in choose_prompts(knowledge, ("platform-db",))] == [
        "What changes between Managed and Unmanaged?"
    ]


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("Quiz me", "review"),
        ("quiz me!", "review"),
        ("My onboarding", "progress"),
        ("quiz me on aurora", None),
        ("who patches orders-db?", None),
        ("", None),
    ],
)
def test_only_the_prompts_that_are_no_question_run_a_command(text, word):
    assert command_for(text) == word


def test_a_prompt_needs_a_title_and_a_message():
    with pytest.raises(ValueError):
        Prompt(title="Quiz me", message=" ")
