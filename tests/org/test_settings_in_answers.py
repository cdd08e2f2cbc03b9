"""What is set, under the owner lines: an engineer asking who patches a database or who keeps
its backups also reads how it is configured, from the AWS outputs the organisation imported.
Settings that were not imported are not mentioned."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.answers import build_answer
from bot.localslack import LocalSlack
from bot.render.text import render_answer
from tests.support.bolt import Bot, make_bot, make_deps
from tests.support.payloads import all_text, assert_valid_message


def ask(org_matcher, org_kb, question: str) -> str:
    return render_answer(build_answer(org_matcher.parse(question), org_kb))


def test_who_patches_shows_the_window_the_minor_versions_and_what_is_pending(org_matcher, org_kb):
    reply = ask(org_matcher, org_kb, "who patches orders-db")
    assert (
        "      Your side: Software Updates: Managing major version upgrades -> Platform DB\n"
        "      Set: Maintenance window Sun 03:00–03:30 UTC; minor versions applied"
        " automatically: on. Engine version 15.4. Pending: system-update, applied after"
        " 20 Dec 2026\n"
    ) in reply


def test_a_setting_needing_attention_names_the_part_and_the_team(org_matcher, org_kb):
    reply = ask(org_matcher, org_kb, "backups for payments-ledger")
    assert (
        "Set: Point-in-time recovery: not enabled — enabling it is Backup Configuration,"
        " Payments' side"
    ) in reply


def test_a_setting_in_order_says_so_without_a_task(org_matcher, org_kb):
    reply = ask(org_matcher, org_kb, "backups orders-db")
    assert "Set: Automated backups kept 14 days. Backup window 01:00–01:30 UTC\n" in reply
    assert " — " not in reply.split("Set:")[1].splitlines()[0]


def test_nothing_imported_is_never_mentioned(org_matcher, org_kb):
    assert "Set:" not in ask(org_matcher, org_kb, "backups legacy-crm")
    assert "Set:" not in ask(org_matcher, org_kb, "patching shop-db-staging")


def test_the_json_lists_what_is_set_and_what_needs_attention(org_matcher, org_kb):
    answer = build_answer(org_matcher.parse("backups for payments-ledger"), org_kb)
    [row] = answer.to_json()["answers"]
    assert row["settings"] == [
        {
            "text": "Point-in-time recovery: not enabled",
            "keys": ["PointInTimeRecoveryDescription"],
            "attention": "backups-configured",
        }
    ]


@pytest.fixture
def bot(org_kb, org_matcher, tmp_path: Path) -> Iterator[Bot]:
    from bot.store import open_store

    with LocalSlack() as slack:
        store = open_store(f"sqlite:///{tmp_path / 'whoowns.db'}")
        yield make_bot(make_deps(org_kb, org_matcher, slack, store), slack)
        store.close()


def test_in_slack_the_settings_follow_the_owner_lines(bot):
    card = bot.command("who patches orders-db")
    assert_valid_message(card)
    assert (
        "• Set: Maintenance window Sun 03:00–03:30 UTC; minor versions applied automatically:"
        " on. Engine version 15.4. Pending: system-update, applied after 20 Dec 2026"
    ) in all_text(card)


def test_in_slack_the_team_of_a_setting_needing_attention_is_its_handle(bot):
    card = bot.command("backups for payments-ledger")
    assert_valid_message(card)
    text = all_text(card)
    assert (
        "• Set: Point-in-time recovery: not enabled — enabling it is Backup Configuration, " in text
    )
    assert "<!subteam^" in text.split("enabling it is Backup Configuration, ")[1].split("\n")[0]
