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


def test_security_groups_are_network_security(matcher, knowledge):
    text, card = both(matcher, knowledge, "who configures security groups for rds")
    assert text.startswith("Network Security — Amazon RDS")
    assert "Network Security: Security groups, NACLs, and VPC configuration" in text
    assert "Did you mean" in text and "Security Configuration for Amazon RDS" in text
    assert "Who owns Network Security?" in card


@pytest.mark.parametrize(
    ("text", "phrase", "resembles"),
    [
        ("backups for documentdb elastic", "documentdb elastic", "Backups for Amazon DocumentDB"),
        ("elastic documentdb backups", "elastic documentdb", "Backups for Amazon DocumentDB"),
        ("who patches aurora dsql", "aurora dsql", "Patching & Updates for Amazon Aurora"),
    ],
)
def test_an_unknown_word_beside_a_service_is_another_product(
    matcher, knowledge, text, phrase, resembles
):
    a = answer(matcher, knowledge, text)
    assert not a.query.services  # never answered for the look-alike
    out = render_answer(a)
    assert out.startswith(f'I don\'t cover "{phrase}": it is not a service in my knowledge.')
    assert f'"{resembles}"' in out
    card = answer_message(a).kwargs()["blocks"]
    labels = [e["text"]["text"] for b in card if b["type"] == "actions" for e in b["elements"]]
    assert resembles in labels


def test_a_question_in_another_language_answers_what_is_recognised(matcher, knowledge):
    out = render_answer(answer(matcher, knowledge, "¿Quién hace los backups de DynamoDB?"))
    assert out.startswith("Backups — Amazon DynamoDB")
    assert "I don't cover" not in out
    assert "Note: I understand English only: this answer is from the words I recognised." in out
    unread = render_answer(answer(matcher, knowledge, "¿Qué es esto?"))
    assert "I don't cover" not in unread
    assert "I understand questions in English only" in unread


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("thanks!", "You're welcome! Ask me any time."),
        ("Thank you so much", "You're welcome! Ask me any time."),
        ("hello", "Hi! Ask me who owns a duty, e.g. “patching aurora”, or “help” for more."),
        ("ok", "Ask me another whenever you like, e.g. “who backs up dynamodb?”."),
    ],
)
def test_small_talk_gets_one_friendly_line(matcher, knowledge, text, line):
    text_out, card = both(matcher, knowledge, text)
    assert text_out == line + "\n"
    assert card.strip() == line


def test_a_family_word_answers_its_services_side_by_side(matcher, knowledge):
    out, card = both(matcher, knowledge, "patching ec2")
    assert out.startswith("Patching & Updates — Databases on EC2: each service it can mean")
    for name in ("MySQL on EC2", "PostgreSQL on EC2", "MongoDB on EC2"):
        assert f"  {name} " in out
    assert "Fully Managed" not in out  # every EC2 setup of the course is Unmanaged
    assert "are all Unmanaged, so the owner is the same for each" in out
    assert "Databases on EC2 can mean each of these:" in card
    assert "the owner differs" not in card


def test_every_engine_the_course_names_is_an_engine_word(matcher, knowledge):
    out = render_answer(answer(matcher, knowledge, "backups for cassandra"))
    assert out.startswith("Backups — Apache Cassandra: each service it can mean")
    assert "Amazon Keyspaces" in out and "Custom database on self-managed servers" in out
    assert "so the owner differs" in out
    mongo = render_answer(answer(matcher, knowledge, "who patches mongodb"))
    assert mongo.startswith("Patching & Updates — MongoDB on EC2")
    assert "Did you mean" not in mongo


def test_self_managed_is_a_family_word_answered_side_by_side(matcher, knowledge):
    out, card = both(matcher, knowledge, "patching self-managed")
    assert out.startswith("Patching & Updates — Self-managed databases: each service it can mean")
    for name in ("MySQL on EC2", "PostgreSQL on EC2", "MongoDB on EC2"):
        assert f"  {name} " in out
    assert "Custom database on self-managed servers" in out
    assert "Fully Managed" not in out and "Managed]" not in out
    assert "are all Unmanaged, so the owner is the same for each" in out
    assert "Self-managed databases can mean each of these:" in card
    # the custom database named in full is still that one service
    custom = render_answer(answer(matcher, knowledge, "patching a custom database"))
    assert custom.startswith("Patching & Updates — Custom database on self-managed servers")
