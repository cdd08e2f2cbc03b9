"""`whoowns progress` and `whoowns reviews tick`, including concurrent tick processes."""

from __future__ import annotations

import json
from collections import Counter
from datetime import datetime, timezone

import pytest
from slack_sdk import WebClient

from bot.cli import main
from bot.localslack import LocalSlack
from bot.onboarding.cards import Deck
from bot.onboarding.engine import OnboardingEngine
from bot.store import open_store
from tests.support import slack_requests as sr
from tests.support.processes import run_concurrently, whoowns_env

MONDAY = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)
TUESDAY_TEN = "2026-03-03T10:00:00Z"
USERS = ["U0A", "U0B", "U0C", "U0D"]


def seed(db_url: str, slack: LocalSlack, knowledge, users=USERS) -> None:
    """Users who started on Monday (UTC): lesson 1 and 2 sent, their cards due Tuesday."""
    store = open_store(db_url)
    try:
        client = WebClient(token=sr.BOT_TOKEN, base_url=slack.base_url, timeout=5)
        engine = OnboardingEngine(knowledge, store, client)
        for user in users:
            engine.start(user, MONDAY)
            engine.next_lesson(user, MONDAY)
    finally:
        store.close()
    slack.clear()


def test_progress_json_for_a_manager(tmp_path, knowledge, capsys):
    db_url = f"sqlite:///{tmp_path / 'whoowns.db'}"
    with LocalSlack() as slack:
        seed(db_url, slack, knowledge, users=["U0NEW"])
    args = ["--database-url", db_url, "--now", "2026-03-02T12:00:00Z"]
    status = main(["progress", "--user", "U0NEW", "--json", *args])
    assert status == 0
    data = json.loads(capsys.readouterr().out)
    assert {k: data[k] for k in ("lessons_done", "lessons_total", "completed")} == {
        "lessons_done": 0,
        "lessons_total": 5,
        "completed": False,
    }
    assert data["cards_total"] == len(Deck(knowledge).cards) and data["cards_mastered"] == 0
    assert data["table_cards_total"] == 88  # 11 services x 8 table duties
    assert data["cards_in_deck"] == 39 and data["cards_due"] == 0  # due from Tuesday
    assert main(["progress", "--user", "U0NEW", *args]) == 0
    assert "Lessons: 0 of 5 done" in capsys.readouterr().out


def test_progress_text_keeps_underscores_of_time_zones_and_speaks_of_the_user(
    tmp_path, knowledge, capsys
):
    db_url = f"sqlite:///{tmp_path / 'whoowns.db'}"
    with LocalSlack() as slack:
        slack.users["U0NY"] = {"tz": "America/New_York"}
        seed(db_url, slack, knowledge, users=["U0NY"])
    args = ["--database-url", db_url, "--now", "2026-03-02T12:00:00Z"]
    assert main(["progress", "--user", "U0NY", *args]) == 0
    out = capsys.readouterr().out
    assert "(America/New_York)" in out and "next: Managed services" in out
    assert main(["progress", "--user", "U0NEVER", *args]) == 0
    assert "U0NEVER has not started onboarding" in capsys.readouterr().out


def test_progress_refuses_a_bad_user_id(capsys):
    assert main(["progress", "--user", "alice"]) == 2
    assert "expected a Slack user id" in capsys.readouterr().err


@pytest.mark.slow
def test_four_concurrent_review_ticks_send_one_dm_per_user(db_url, tmp_path, knowledge):
    with LocalSlack() as slack:
        seed(db_url, slack, knowledge)
        env = whoowns_env(tmp_path, db_url=db_url, api_url=slack.base_url, LOG_LEVEL="WARNING")
        codes, outputs = run_concurrently("reviews", "tick", "--now", TUESDAY_TEN, env=env, times=4)
        assert codes == [0, 0, 0, 0], outputs
        sent = slack.calls_to("chat.postMessage", ok=True)
    reviews = Counter(c.args["channel"] for c in sent if c.args["text"].startswith("Review:"))
    lessons = Counter(c.args["channel"] for c in sent if c.args["text"].startswith("Lesson 3"))
    assert reviews == Counter({u: 1 for u in USERS})
    assert lessons == Counter({u: 1 for u in USERS})  # Tuesday's lesson, once each
    reported = sum(  # a tick that comes after the others finds nothing due
        int(out.split("lesson DM")[1].split(", ")[1].split(" review")[0])
        for out, _ in outputs
        if "nothing due in any workspace" not in out
    )
    assert reported == len(USERS), outputs


def test_progress_says_when_slack_cannot_reach_someone_and_since_when(db_url, knowledge, capsys):
    from bot.store.onboarding import OnboardingStore

    with LocalSlack() as slack:
        seed(db_url, slack, knowledge, users=["U0GONE", "U0HERE"])
    store = open_store(db_url)
    try:
        OnboardingStore(store).stop_delivery("U0GONE", "user_not_found", MONDAY)
    finally:
        store.close()
    args = ["--database-url", db_url, "--now", "2026-03-02T12:00:00Z"]
    assert main(["progress", "--user", "U0GONE", "--json", *args]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["stopped"] == {"reason": "user_not_found", "since": "2026-03-02T09:00:00+00:00"}
    assert main(["progress", "--user", "U0HERE", "--json", *args]) == 0
    assert json.loads(capsys.readouterr().out)["stopped"] is None
    assert main(["progress", "--user", "U0GONE", *args]) == 0
    assert (
        "Stopped: Slack cannot reach them (user_not_found) since 2 Mar; cleared when they use "
        "the bot again" in capsys.readouterr().out
    )
