"""Questions asked in Slack that the bot could not answer fully are recorded: what a person
keeping the knowledge finds afterwards (both databases)."""

from __future__ import annotations

import json
import shutil
from datetime import timedelta

from bot.features import TickContext, load_knowledge
from bot.gaps.service import GapsService, tick
from bot.intent import IntentMatcher
from bot.kb import default_knowledge_dir
from tests.support.gaps import ADMIN, T0
from tests.support.slack_requests import app_home_opened, app_mention, im_message


def test_a_slash_command_a_mention_and_a_dm_are_recorded_without_who_or_where(bot):
    bot.command("what is QLDB?")
    bot.event(app_mention("<@U0BOT> what is <https://qldb.example|qldb>", user="U0BOB"))
    bot.event(im_message("What is QLDB", user="U0CAROL", channel="D0CAROL"))
    bot.command("patching serverless")
    assert sorted(bot.recorded()) == [
        ("patching serverless", "low_confidence", 1),
        ("what is qldb", "unknown_term", 3),
    ]
    stored = json.dumps(bot.recorded())
    assert "U0" not in stored.upper() and "D0CAROL" not in stored.upper()


def test_answered_questions_help_and_greetings_are_not_recorded(bot):
    for text in ("patching aurora", "who patches rdss", "help", "hello", "is rds fully managed"):
        bot.command(text)
    bot.event(im_message("backups for redshift"))
    assert bot.recorded() == []


def test_serverless_alone_is_not_understood(bot):
    bot.event(im_message("serverless"))
    assert bot.recorded() == [("serverless", "no_intent", 1)]


def test_first_and_last_seen_follow_the_clock(bot):
    bot.command("memcached backups")
    bot.clock.now = T0 + timedelta(hours=5)
    bot.command("memcached backups")
    service: GapsService = bot.services["gaps"]
    service.flush(5)
    [gap] = service.top(bot.clock.now, limit=5)
    assert gap.to_json() == {
        "text": "memcached backups",
        "kind": "unknown_term",
        "count": 2,
        "first_seen": "2026-03-02T09:00:00Z",
        "last_seen": "2026-03-02T14:00:00Z",
    }


def test_a_gap_the_knowledge_now_answers_disappears(bot, tmp_path):
    bot.command("what is qldb")
    bot.command("memcached backups")
    bot.recorded()
    folder = tmp_path / "kb"
    shutil.copytree(default_knowledge_dir(), folder)
    (folder / "qldb.yaml").write_text(
        "services:\n"
        "  qldb:\n"
        "    name: Amazon QLDB\n"
        "    category: fully-managed\n"
        "    kind: Ledger\n"
        "    aliases: [amazon qldb]\n"
        "    source: Our runbook\n",
        encoding="utf-8",
    )
    edited = load_knowledge(folder)
    bot.deps.live.swap(edited, IntentMatcher(edited))  # as a reload of the knowledge does
    bot.event(app_home_opened(ADMIN))
    [view] = [json.dumps(c.json_arg("view")) for c in bot.slack.calls_to("views.publish")]
    assert "memcached backups" in view and "what is qldb" not in view
    assert sorted(r[0] for r in bot.recorded()) == ["memcached backups", "what is qldb"]
    context = TickContext(deps=bot.deps, services=bot.services)
    assert tick(bot.clock.now, context) == 1
    assert [r[0] for r in bot.recorded()] == ["memcached backups"]  # the tick deleted it


def test_opening_home_writes_nothing(bot):
    bot.command("what is qldb")
    bot.recorded()
    store = bot.deps.store
    writes = []
    real_write = store.write
    store.write = lambda fn, **kw: writes.append(fn) or real_write(fn, **kw)
    bot.event(app_home_opened(ADMIN))
    assert "what is qldb" in json.dumps(bot.slack.calls_to("views.publish")[0].json_arg("view"))
    every_event = ("Store.claim_event", "Stopped.came_back")  # dedup, a stopped person's return
    assert [w.__qualname__ for w in writes if not w.__qualname__.startswith(every_event)] == []


def test_the_tick_forgets_gaps_older_than_the_retention(knowledge, matcher, slack, store):
    from tests.support.gaps import make_gaps_bot

    bot = make_gaps_bot(knowledge, matcher, slack, store, gaps_retention_days=7)
    bot.command("what is qldb")
    bot.clock.now = T0 + timedelta(days=6)
    bot.command("memcached backups")
    bot.recorded()
    context = TickContext(deps=bot.deps, services=bot.services)
    assert tick(T0 + timedelta(days=7, minutes=1), context) == 1
    assert [r[0] for r in bot.recorded()] == ["memcached backups"]


def test_admins_see_the_top_five_on_home_and_others_do_not(bot):
    for n, word in enumerate(["qldb", "memcached", "cosmos", "neptune", "timescale", "oracle"]):
        for _ in range(n + 1):
            bot.command(f"what is {word}")
    bot.recorded()  # the questions' gaps are written
    bot.event(app_home_opened(ADMIN))
    bot.event(app_home_opened("U0ALICE"))
    admin_view, other_view = (
        json.dumps(c.json_arg("view")) for c in bot.slack.calls_to("views.publish")
    )
    assert "Knowledge gaps" in admin_view
    shown = [
        w
        for w in ("qldb", "memcached", "cosmos", "neptune", "timescale", "oracle")
        if f"what is {w}" in admin_view
    ]
    assert shown == ["memcached", "cosmos", "neptune", "timescale", "oracle"]  # most asked
    assert "6\\u00d7" in admin_view  # its count (json.dumps escapes the ×)
    assert "Knowledge gaps" not in other_view and "what is" not in other_view
