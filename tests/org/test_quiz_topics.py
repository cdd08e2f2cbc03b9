"""Quiz topics through the real app: course (default), ours (the inventory), mixed (in turn)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timezone

import pytest

from bot.bank import is_org, org_questions
from bot.clock import fixed_clock
from bot.localslack import LocalSlack
from bot.store.quiz import QuizStore
from tests.support.bolt import Bot, open_bot

NOW = datetime(2026, 12, 1, 8, 0, tzinfo=timezone.utc)
CHANNEL = "C0DBTEAM"


@pytest.fixture
def slack() -> Iterator[LocalSlack]:
    with LocalSlack() as server:
        yield server


@pytest.fixture
def bot(org_kb, org_matcher, slack, db_url) -> Iterator[Bot]:
    made = open_bot(org_kb, org_matcher, slack, db_url, clock=fixed_clock(NOW), channel=CHANNEL)
    yield made
    made.deps.store.close()


def _asked_kinds(bot: Bot) -> list[bool]:
    """For each question posted in the channel, in order: was it about our databases?"""
    texts = [str(c.args.get("blocks", "")) for c in bot.slack.calls_to("chat.postMessage")]
    names = bot.deps.knowledge.resources
    return [any(f"*{r}*" in t for r in names) for t in texts]


def test_bank_questions_from_the_inventory(org_kb):
    questions = org_questions(org_kb)
    team = [q for q in questions if q.topic == "org-team:orders-db:patching"]
    assert [q.text for q in team] == [
        "Who does the customer side of *Patching & Updates* for *orders-db*?"
    ]
    assert team[0].correct.label == "Platform DB"
    names = {t.name for t in org_kb.teams.values()}
    assert len(team[0].options) == 4 and {o.label for o in team[0].options} <= names
    [category] = [q for q in questions if q.topic == "org-category:orders-db"]
    assert category.correct.label == "Managed"
    assert not [q for q in questions if "search-aurora" in q.topic]  # aurora: no category
    assert all(is_org(q) for q in questions)


def test_default_is_the_course_then_ours_then_mixed_alternates(bot):
    bot.command("quiz subscribe 09:00 UTC weekdays", key="sub")
    assert "questions on the AWS course" in bot.command("quiz status")["text"]
    bot.command("quiz now", key="n1")
    assert _asked_kinds(bot) == [False]

    changed = bot.command("quiz topics ours")
    assert changed["response_type"] == "in_channel"
    assert "your organisation's databases" in changed["text"]
    assert "on your organisation's databases" in bot.command("quiz status")["text"]
    bot.command("quiz now", key="n2")
    assert _asked_kinds(bot) == [False, True]

    bot.command("quiz topics mixed")
    for n in range(3):
        bot.command("quiz now", key=f"m{n}")
    assert _asked_kinds(bot) == [False, True, False, True, False]


@pytest.mark.parametrize(
    "setting", ["quiz topics everything", "quiz topics", "quiz topics <!here>"]
)
def test_a_bad_topics_setting_says_what_is_expected_and_changes_nothing(bot, setting):
    bot.command("quiz subscribe 09:00 UTC weekdays", key="sub")
    reply = bot.command(setting)
    assert reply.get("response_type") != "in_channel"
    assert "`course`" in reply["text"] and "`ours`" in reply["text"]
    assert "<!here>" not in reply["text"]
    assert QuizStore(bot.deps.store).subscription(CHANNEL).topics == "course"


def test_cli_subscribe_topics_and_list(db_url, capsys, monkeypatch):
    import json

    from bot.cli import main

    monkeypatch.setenv("DATABASE_URL", db_url)
    argv = ["quiz", "subscribe", "--channel", CHANNEL, "--topics", "mixed", "--database-url"]
    assert main([*argv, db_url]) == 0
    assert "Topics: mixed." in capsys.readouterr().out
    assert main(["quiz", "list", "--json", "--database-url", db_url]) == 0
    [row] = json.loads(capsys.readouterr().out)
    assert row["topics"] == "mixed"
    assert main(["quiz", "subscribe", "--channel", CHANNEL, "--topics", "nope"]) == 2
