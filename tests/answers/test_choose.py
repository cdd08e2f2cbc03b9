""" "Which should I choose?": answered from the course material's Real-World Scenarios, When to
Choose and Cost Implications (terminal text and Slack cards as the chat shell shows them)."""

from __future__ import annotations

import json

import pytest
from slack_sdk.models.blocks import Block

from bot.answers import build_answer
from bot.render.blocks import answer_message
from bot.render.terminal import render_blocks
from bot.render.text import render_answer


def answer(matcher, knowledge, text):
    return build_answer(matcher.parse(text), knowledge)


def both(matcher, knowledge, text):
    """What ``whoowns ask`` prints and what the Slack card shows, for one question."""
    a = answer(matcher, knowledge, text)
    blocks = answer_message(a).kwargs()["blocks"]
    for b in blocks:  # every block is one Slack accepts
        assert Block.parse(b) is not None
    return render_answer(a), render_blocks(blocks, color=False).text


def test_a_small_team_choosing_between_two_services_gets_the_course_scenario(matcher, knowledge):
    out, card = both(matcher, knowledge, "should I use dynamodb or rds for a small team")
    assert out.startswith("Which to choose — Amazon DynamoDB or Amazon RDS\n")
    assert (
        'Your situation: "Limited DBA Resources: Small teams with minimal database expertise"'
        in out
    )
    assert "(When to Choose Fully Managed)" in out
    assert "The course material points to Fully Managed." in out
    assert "Amazon DynamoDB  [Fully Managed]  fits the situation" in out
    assert "Amazon RDS       [Managed]\n" in out
    assert "Fully Managed: Higher service cost, lower operational cost" in out
    assert "I don't cover" not in out and "overview" not in out.lower()
    assert "Which should I choose? Amazon DynamoDB or Amazon RDS" in card
    assert "Limited DBA Resources: Small teams with minimal database expertise" in card
    assert "It points to Fully Managed." in card
    assert "Real-World Scenarios: When to Choose Fully Managed" in card
    assert "Share in channel" in card


@pytest.mark.parametrize(
    ("text", "situation", "category"),
    [
        ("which database for a startup with no DBA", "Limited DBA Resources", "Fully Managed"),
        ("rds or ec2 for full control", "Maximum Control", "Unmanaged"),
        ("dynamodb vs aurora for unpredictable traffic", "Rapid Scaling Needs", "Fully Managed"),
        ("what should I use for a legacy oracle app", "Legacy Systems", "Unmanaged"),
        ("rds or dynamodb for compliance", "Compliance Requirements", "Fully Managed"),
        ("which is cheapest, rds or mysql on ec2?", "Cost Sensitivity", "Unmanaged"),
        ("we have experienced DBAs: aurora or dynamodb?", "Existing Expertise", "Managed"),
    ],
)
def test_each_situation_points_to_its_category(matcher, knowledge, text, situation, category):
    out, card = both(matcher, knowledge, text)
    assert f'Your situation: "{situation}: ' in out
    assert f"The course material points to {category}." in out
    assert f"It points to {category}." in card
    assert "I don't cover" not in out and "I don't cover" not in card


def test_the_words_of_a_situation_are_never_called_services(matcher, knowledge):
    for text in ("what should I use for a legacy oracle app", "backups for a small team"):
        out, card = both(matcher, knowledge, text)
        for word in ("small", "team", "oracle", "app", "legacy"):
            assert f'"{word}"' not in out and f"*{word}*" not in card


def test_a_family_word_places_each_of_its_services(matcher, knowledge):
    out, _ = both(matcher, knowledge, "rds or ec2 for full control")
    for name in ("MySQL on EC2", "PostgreSQL on EC2", "MongoDB on EC2"):
        assert f"{name}" in out
    assert "[Unmanaged]  fits the situation" in out
    assert "Amazon RDS         [Managed]\n" in out


def test_no_situation_gives_each_category_and_when_to_choose_it(matcher, knowledge):
    out, card = both(matcher, knowledge, "dynamodb or rds?")
    assert "No situation given" in out
    assert "When to choose Fully Managed:" in out and "When to choose Managed:" in out
    assert "When to choose Unmanaged:" not in out  # neither service is Unmanaged
    assert "  - Existing Expertise: Have experienced database administrators" in out
    assert "Choose Fully Managed for" in card and "Choose Managed for" in card


def test_a_situation_the_course_does_not_describe_is_said_plainly(matcher, knowledge):
    a = answer(matcher, knowledge, "should I use dynamodb or rds for a web shop")
    out = render_answer(a)
    assert "I couldn't match “web shop” to a situation the course material describes" in out
    assert "When to choose Fully Managed:" in out
    assert not a.unknown_terms  # "web", "shop" are no services either


def test_a_situation_no_named_service_fits_names_those_that_do(matcher, knowledge):
    out, card = both(matcher, knowledge, "dynamodb or redshift for a legacy system")
    assert "None of those is Unmanaged; the course material's Unmanaged services:" in out
    assert "MySQL on EC2" in card
    out, _ = both(matcher, knowledge, "which database for a startup with no DBA")
    assert "The course material's Fully Managed services: Amazon DynamoDB" in out


def test_an_unknown_product_offered_as_a_choice_is_still_not_covered(matcher, knowledge):
    out = render_answer(answer(matcher, knowledge, "dynamodb or qldb for a small team"))
    assert out.startswith('I don\'t cover "qldb": it is not a service in my knowledge.')
    assert "The course material points to Fully Managed." in out


def test_a_choice_keeps_quiz_and_share_buttons_and_json(matcher, knowledge):
    a = answer(matcher, knowledge, "should I use dynamodb or rds for a small team")
    assert [c.service for c in a.classifications] == ["dynamodb", "rds"]  # "Quiz me on this"
    data = a.to_json()
    assert data["intent"] == "choose"
    assert data["answers"][0]["scenario"] == "limited-dba-resources"
    assert {"service": "rds", "category": "managed", "fits": False} in data["answers"]


@pytest.mark.parametrize(
    "text",
    [
        "who owns compliance for rds",  # a duty question, though compliance is a situation too
        "rds vs dynamodb",  # a comparison
        "is rds managed or not?",  # a classification
    ],
)
def test_questions_that_do_not_ask_to_choose_are_answered_as_before(matcher, knowledge, text):
    assert matcher.parse(text).intent != "choose"


def test_user_words_in_a_choice_card_are_escaped(matcher, knowledge):
    a = answer(matcher, knowledge, "rds or dynamodb for a <!here> & <b> shop")
    message = answer_message(a).kwargs()
    shown = [b for b in message["blocks"] if b["type"] != "actions"]  # buttons carry the question
    payload = json.dumps([message["text"], shown])
    assert "<!here>" not in payload and "<b>" not in payload
