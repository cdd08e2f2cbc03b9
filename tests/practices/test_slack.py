"""``/whoowns practices`` through the real Bolt app with signed requests: privately, attention
first with the team, the evidence and the course's words; confirmations with rights and
expiry; anything else answered as a question; Home's counts; Slack's limits at 300 databases."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest

from bot.localslack import LocalSlack
from tests.support.bolt import Bot, Clock, make_bot, make_deps, settings_for
from tests.support.payloads import all_text, assert_valid_message, assert_valid_view
from tests.support.practices import T0
from tests.support.slack_requests import app_home_opened, event_callback

ADMIN = "U0KEEPER"


def _bot(kb, matcher, slack: LocalSlack, db_url: str, **conf) -> Iterator[Bot]:
    from bot.store import open_store

    store = open_store(db_url)
    settings = settings_for(slack, admins=(ADMIN,), **conf)
    deps = make_deps(kb, matcher, slack, store, clock=Clock(T0), settings=settings)
    yield make_bot(deps, slack)
    store.close()


@pytest.fixture
def bot(fleet, fleet_matcher, slack, db_url) -> Iterator[Bot]:
    yield from _bot(fleet, fleet_matcher, slack, db_url)


def test_a_database_attention_first_with_team_evidence_and_course(bot):
    reply = bot.command("practices shop-db")
    assert reply["response_type"] == "ephemeral"
    blocks = assert_valid_message(reply)
    text = all_text(reply)
    assert "Practices: shop-db" in text
    assert "6 need attention" in text
    first = blocks[2]["text"]["text"]
    assert "*shop-db* · Backups configured" in first
    assert "automated backups off (BackupRetentionPeriod 0)" in first
    assert "`BackupRetentionPeriod: 0`" in first
    assert "<!subteam^S0WEB>" in first
    assert "“Backup Configuration: Retention policies and backup schedules”" in first
    # unknown counted, not listed
    assert "1 unknown" in text and "engine was not imported" not in text
    assert "/whoowns practices shop-db all" in text


def test_all_lists_the_unknown_ones_with_how_to_confirm(bot):
    text = all_text(bot.command("practices billing-mongo all"))
    assert "not visible in AWS's API" in text
    assert "/whoowns practices confirm backups-configured billing-mongo" in text


def test_bare_practices_shows_your_teams_databases(bot):
    text = all_text(bot.command("practices", user="U0ALICE"))  # Platform DB
    assert "Practices: your teams' databases" in text
    assert "*orders-db* · Multi-AZ in production" in text
    assert "shop-db" not in text  # Web's
    assert "*orders-db* · Backups configured" not in text  # SRE does those


def test_a_team_by_name(bot):
    text = all_text(bot.command("practices web"))
    assert "Practices: Web" in text and "*shop-db*" in text and "orders-db" not in text


def test_someone_in_no_team_is_told_how_to_ask(bot):
    text = all_text(bot.command("practices mine", user="U0STRANGER"))
    assert "not in any team I know" in text


def test_anything_else_is_answered_as_a_question(bot):
    text = all_text(bot.command("practices for aurora backups"))
    assert "Practices:" not in text
    assert "Backup" in text  # the ordinary answer card


def test_confirm_by_a_member_shows_ok_confirmed_then_expires(bot):
    reply = bot.command("practices confirm backups-configured billing-mongo", user="U0ALICE")
    text = all_text(reply)
    assert (
        "Confirmed: *Backups configured* on *billing-mongo*, by <@U0ALICE> on 02 Mar 2026" in text
    )
    assert "holds until 31 May 2026" in text
    shown = all_text(bot.command("practices billing-mongo all"))
    assert "ok (confirmed by <@U0ALICE> on 02 Mar 2026, until 31 May 2026)" in shown
    bot.clock.at = T0 + timedelta(days=90)
    shown = all_text(bot.command("practices billing-mongo all", key="later"))
    assert "confirmed by" not in shown
    assert "/whoowns practices confirm backups-configured billing-mongo" in shown


def test_only_the_team_or_an_admin_may_confirm(bot):
    refused = all_text(bot.command("practices confirm encrypted-at-rest billing-mongo", "U0WENDY"))
    assert "Only a member of *Platform DB* or an admin" in refused
    ok = all_text(bot.command("practices confirm encrypted-at-rest billing-mongo", ADMIN))
    assert "Confirmed" in ok


def test_confirm_refuses_what_aws_settings_show_and_bad_input(bot):
    text = all_text(bot.command("practices confirm backups-configured shop-db", "U0WENDY"))
    assert "read from AWS's settings" in text and "Confirmed" not in text
    text = all_text(bot.command("practices confirm multi-az-in-production carts", "U0WENDY"))
    assert "does not apply" in text
    text = all_text(bot.command("practices confirm <b>nope</b> shop-db", "U0WENDY"))
    assert "`&lt;b&gt;nope&lt;/b&gt;`" in text
    text = all_text(bot.command("practices confirm backups-configured", "U0WENDY"))
    assert "/whoowns practices confirm PRACTICE RESOURCE" in text


def test_a_confirmation_survives_a_reimport(bot, fleet_matcher, practices_dir, tmp_path):
    from bot.features import load_knowledge

    bot.command("practices confirm backups-configured billing-mongo", user="U0ALICE")
    folder = tmp_path / "again"
    folder.mkdir()
    for f in practices_dir.glob("*.yaml"):
        (folder / f.name).write_text(f.read_text())
    bot.deps.live.swap(load_knowledge(org=folder), fleet_matcher)  # what a reload does
    shown = all_text(bot.command("practices billing-mongo all", key="reloaded"))
    assert "confirmed by <@U0ALICE>" in shown


def test_home_counts_attention_per_database_and_opens_the_view(bot):
    bot.send(event_callback(app_home_opened("U0WENDY")))
    [call] = bot.slack.calls_to("views.publish")
    view = assert_valid_view(call.json_arg("view"))
    text = all_text({"text": "", "blocks": view["blocks"]})
    assert "*shop-db* is" in text and ":warning: 6 practices need attention" in text
    [button] = [
        e
        for b in view["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
        if e["action_id"] == "practices_open"
    ]
    bot.click(button, "U0WENDY", home=True)
    [opened] = bot.slack.calls_to("views.open")
    modal = assert_valid_view(opened.json_arg("view"))
    assert "*shop-db* · Backups configured" in all_text({"text": "", "blocks": modal["blocks"]})


MANY = 300


@pytest.fixture
def big_bot(practices_dir, slack, db_url, tmp_path) -> Iterator[Bot]:
    from bot.features import load_knowledge
    from bot.intent import IntentMatcher

    folder = tmp_path / "big"
    folder.mkdir()
    for f in practices_dir.glob("*.yaml"):
        (folder / f.name).write_text(f.read_text())
    settings = "{BackupRetentionPeriod: 0, MultiAZ: false, PubliclyAccessible: true}"
    lines = ["resources:"]
    lines += [
        f"  fleet-{i:03d}:\n    service: rds\n    owner: web\n    environment: prod\n"
        f"    settings: {settings}"
        for i in range(MANY)
    ]
    (folder / "fleet.yaml").write_text("\n".join(lines) + "\n")
    kb = load_knowledge(org=folder)
    yield from _bot(kb, IntentMatcher(kb), slack, db_url)


def test_300_databases_stay_within_slacks_limits(big_bot):
    for text in ("practices web", "practices web all", "practices"):
        reply = big_bot.command(text, user="U0WENDY")
        blocks = assert_valid_message(reply)
        assert len(blocks) <= 50
        assert len(reply["text"]) <= 3000
        shown = all_text(reply)
        assert "whoowns practices --team web" in shown
    assert "… and 867 more" in all_text(big_bot.command("practices web", key="k"))
    big_bot.send(event_callback(app_home_opened("U0WENDY")))
    [call] = big_bot.slack.calls_to("views.publish")
    assert len(call.json_arg("view")["blocks"]) < 100
