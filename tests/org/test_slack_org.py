"""The organisation's answers through the real Bolt app against LocalSlack: team handles in the
private card, names only once shared, my databases through a Slack user group, Home limits."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.localslack import LocalSlack
from tests.support.bolt import Bot, make_bot, make_deps
from tests.support.payloads import all_text, assert_valid_message
from tests.support.slack_requests import (
    app_home_opened,
    block_actions,
    button_action,
    event_callback,
)


@pytest.fixture(scope="module")
def slack() -> Iterator[LocalSlack]:
    with LocalSlack() as server:
        yield server


def _bot(knowledge, matcher, slack: LocalSlack, tmp_path: Path) -> Iterator[Bot]:
    from bot.store import open_store

    store = open_store(f"sqlite:///{tmp_path / 'whoowns.db'}")
    slack.clear()
    yield make_bot(make_deps(knowledge, matcher, slack, store), slack)
    store.close()


@pytest.fixture
def bot(org_kb, org_matcher, slack, tmp_path) -> Iterator[Bot]:
    yield from _bot(org_kb, org_matcher, slack, tmp_path)


def _share(bot: Bot, card: dict) -> dict:
    [share] = [
        e
        for b in card["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
        if e["action_id"] == "share_answer"
    ]
    request = block_actions(
        [button_action(share["action_id"], value=share["value"])],
        response_url=bot.slack.response_url("share"),
        container={
            "type": "message",
            "message_ts": "1.2",
            "channel_id": "C0G",
            "is_ephemeral": True,
        },
    )
    assert bot.send(request).status == 200
    posted = bot.slack.calls_to("response_url")[0]
    return {"text": posted.args.get("text"), "blocks": posted.json_arg("blocks")}


def test_private_card_shows_the_handle_and_the_shared_one_only_the_name(bot):
    card = bot.command("patching orders-db")
    assert_valid_message(card)
    text = all_text(card)
    assert "<!subteam^S0PLATFORMDB>" in text
    assert "orders-db" in text and "Shared" in text
    assert "<https://wiki.example.com/orders-db|Runbook>" in text
    shared = _share(bot, card)
    assert_valid_message(shared)
    shown = all_text(shared)
    assert "*Platform DB*" in shown
    assert "subteam" not in shown and "<#" not in shown  # nobody pinged by a Share


def test_channel_and_user_handles(bot):
    assert "<#C0SREONCALL>" in all_text(bot.command("backups orders-db"))
    assert "<@U0WEBLEAD>" in all_text(bot.command("backups sessions-table"))


def test_organisation_text_is_escaped(bot):
    text = all_text(bot.command("orders-rds"))
    assert "<!channel>" not in text
    assert "Ask &lt;!channel&gt; before failover &amp; friends" in text
    assert "<https://wiki.example.com/orders-rds?a=1&amp;b=2|Runbook &lt;b&gt;>" in text
    assert "<b>" not in text


def test_my_databases_through_the_user_group(bot):
    bot.slack.workspace.usergroups["S0DATAENG"] = ["U0ERIN", "U0FRED"]
    text = all_text(bot.command("my databases", user="U0ERIN"))
    assert "orders-rds" in text
    assert "payments-ledger" not in text
    calls = bot.slack.calls_to("usergroups.users.list")
    assert [c.args.get("usergroup") for c in calls] == ["S0DATAENG"]
    bot.command("my databases", user="U0FRED")  # within the cache: Slack is not asked again
    assert len(bot.slack.calls_to("usergroups.users.list")) == 1


def test_someone_in_no_team_is_told_how_to_be_added(bot):
    text = all_text(bot.command("my databases", user="U0STRANGER"))
    assert "not in any team" in text
    assert "Platform DB" in text and "members:" in text


def test_team_answer(bot):
    text = all_text(bot.command("what does payments own"))
    assert "payments-ledger" in text
    assert "<!subteam^S0PAYMENTS>" in text


MANY = 300


@pytest.fixture
def big_bot(org_dir, slack, tmp_path) -> Iterator[Bot]:
    from bot.features import load_knowledge
    from bot.intent import IntentMatcher

    folder = tmp_path / "big"
    folder.mkdir()
    for f in org_dir.glob("*.yaml"):
        (folder / f.name).write_text(f.read_text())
    lines = ["resources:"]
    lines += [f"  shard-{i:03d}:\n    service: dynamodb\n    owner: payments" for i in range(MANY)]
    (folder / "shards.yaml").write_text("\n".join(lines) + "\n")
    kb = load_knowledge(org=folder)
    yield from _bot(kb, IntentMatcher(kb), slack, tmp_path)


def test_long_answers_stay_within_50_blocks_with_and_n_more(big_bot):
    card = big_bot.command("what does payments own")
    blocks = assert_valid_message(card)  # also: one table, at most 100 rows
    assert len(blocks) <= 50
    (table,) = card["attachments"][0]["blocks"]
    assert len(table["rows"]) == 100  # the header, 98 databases and where to see the rest
    last = all_text({"blocks": [{"rows": [table["rows"][-1]]}]})
    hidden = MANY + 1 - 98  # the shards and payments-ledger
    assert f"… and {hidden} more: whoowns inventory list --team payments" in last


def test_home_lists_your_databases_within_100_blocks(big_bot):
    big_bot.send(event_callback(app_home_opened("U0CAROL")))
    [call] = big_bot.slack.calls_to("views.publish")
    view = call.json_arg("view")
    assert len(view["blocks"]) < 100
    shown = all_text({"text": "x", "blocks": view["blocks"]})
    assert "Your databases" in shown
    assert f"and {MANY + 1 - 5} more" in shown
    assert "/whoowns my databases" in shown
    assert "Responsibility matrix" in shown  # no section dropped


def test_home_has_no_databases_section_for_someone_in_no_team(bot):
    bot.send(event_callback(app_home_opened("U0STRANGER")))
    [call] = bot.slack.calls_to("views.publish")
    assert "Your databases" not in all_text(
        {"text": "x", "blocks": call.json_arg("view")["blocks"]}
    )


def test_the_same_questions_asked_by_two_people_get_each_their_own_answer(bot):
    bot.slack.workspace.usergroups["S0DATAENG"] = ["U0ERIN"]
    for _ in range(2):  # asked again: the answer given before is not someone else's
        erin = all_text(bot.command("my databases", user="U0ERIN"))
        stranger = all_text(bot.command("my databases", user="U0STRANGER"))
        assert "orders-rds" in erin and "not in any team" not in erin
        assert "not in any team" in stranger and "orders-rds" not in stranger


def test_a_question_asked_again_gets_the_same_card(bot):
    first = bot.command("what does payments own")
    again = bot.command("what does payments own")
    assert again == first
    assert "payments-ledger" in all_text(again)


def test_a_question_asked_again_after_a_reload_is_answered_from_the_new_knowledge(bot):
    from bot.features import load_knowledge
    from bot.intent import IntentMatcher

    assert "payments-ledger" in all_text(bot.command("what does payments own"))
    without_org = load_knowledge()
    bot.deps.live.swap(without_org, IntentMatcher(without_org))  # as a reload does
    assert "payments-ledger" not in all_text(bot.command("what does payments own"))
