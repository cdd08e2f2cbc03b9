"""Migration 0009_workspaces on a database from before (rows of one workspace, no workspace
column): nothing is lost, every row becomes unassigned, then belongs to the workspace it is
given to; afterwards two workspaces may use the same Slack ids side by side."""

from __future__ import annotations

import os
from datetime import datetime, timezone

import pytest
from sqlalchemy import text

from bot.store import open_store
from bot.store.limits import unlimited
from bot.store.migrate import head_revision
from bot.store.onboarding import OnboardingStore
from bot.store.quiz import QuizStore
from bot.store.workspaces import (
    WorkspaceConflict,
    adopt_unassigned,
    count_unassigned,
    erase_workspace,
)
from tests.support.processes import run_whoowns

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)
NAIVE = T0.replace(tzinfo=None)

OLD_ROWS = [
    "INSERT INTO processed_events (event_id, seen_at) VALUES ('Ev1', :now)",
    "INSERT INTO quiz_subscriptions (channel, at, tz, days, created_at, reveal) "
    "VALUES ('C1', '09:00', 'UTC', 'weekdays', :now, 'next')",
    "INSERT INTO quiz_posts (id, channel, slot, kind, local_date, tz, question_id, question, "
    "state, message_ts, posted_at) VALUES ('C1/2026-03-02', 'C1', '2026-03-02', 'scheduled', "
    "'2026-03-02', 'UTC', 'q1', '{\"id\": \"q1\"}', 'posted', '1.1', :now)",
    "INSERT INTO quiz_answers (post_id, user_id, channel, option, correct, answered_at) "
    "VALUES ('C1/2026-03-02', 'U1', 'C1', 'a', true, :now)",
    "INSERT INTO onboarding_users (user_id, created_at, tz, send_at) "
    "VALUES ('U1', :now, 'UTC', '09:00')",
    "INSERT INTO onboarding_settings (key, value, updated_at) "
    "VALUES ('onboarding_channel', 'C9', :now)",
    "INSERT INTO onboarding_review_sends (id, user_id, slot, kind, local_date, cards, state) "
    "VALUES ('U1/2026-03-02', 'U1', '2026-03-02', 'daily', '2026-03-02', '[\"k1\"]', 'claimed')",
    "INSERT INTO onboarding_review_items (send_id, card_id, position, hinted) "
    "VALUES ('U1/2026-03-02', 'k1', 0, false)",
]


def whoowns(*args: str):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DATABASE"))}
    return run_whoowns(*args, env=env)


@pytest.fixture
def old_db(db_url):
    """A database at the revision before workspaces, holding one workspace's rows."""
    store = open_store(db_url, migrate=False)
    store.upgrade("0005_oauth")
    with store.engine.begin() as conn:
        for statement in OLD_ROWS:
            conn.execute(text(statement), {"now": NAIVE})
    yield store
    store.close()


def test_upgrade_keeps_every_row_unassigned_and_touches_no_workspace(old_db):
    assert old_db.upgrade() == head_revision()  # 0009_workspaces and every one after it
    assert count_unassigned(old_db) == len(OLD_ROWS)
    unassigned = QuizStore(old_db)  # an unscoped store reads the unassigned rows
    assert [s.channel for s in unassigned.subscriptions()] == ["C1"]
    assert len(unassigned.answers(channel="C1")) == 1
    team = old_db.scoped("T1")
    assert QuizStore(team).subscriptions() == []
    assert OnboardingStore(team).user("U1") is None


def test_stamping_gives_the_rows_to_the_workspace(old_db):
    old_db.upgrade()
    moved = adopt_unassigned(unlimited(old_db), "T1")
    assert sum(moved.values()) == len(OLD_ROWS)
    assert count_unassigned(old_db) == 0
    team = old_db.scoped("T1")
    quiz, onboarding = QuizStore(team), OnboardingStore(team)
    assert [s.channel for s in quiz.subscriptions()] == ["C1"]
    post = quiz.post("C1/2026-03-02")
    assert post is not None and post.message_ts == "1.1"
    assert [a.user_id for a in quiz.answers(channel="C1")] == ["U1"]  # followed its post
    assert onboarding.user("U1") is not None
    assert onboarding.setting("onboarding_channel") == "C9"
    assert [i.card_id for i in onboarding.review_items("U1/2026-03-02")] == ["k1"]
    assert not team.claim_event("Ev1", T0)  # already handled, in its workspace
    assert old_db.scoped("T2").claim_event("Ev1", T0)  # another workspace's Ev1 is new


def test_after_stamping_a_second_workspace_uses_the_same_ids(old_db):
    old_db.upgrade()
    adopt_unassigned(unlimited(old_db), "T1")
    other = QuizStore(old_db.scoped("T2"))
    other.subscribe("C1", "10:00", "Europe/Berlin", "daily", "U1", T0)
    assert QuizStore(old_db.scoped("T1")).subscription("C1").at == "09:00"
    assert other.subscription("C1").at == "10:00"
    erase_workspace(unlimited(old_db), "T1")
    assert QuizStore(old_db.scoped("T1")).subscriptions() == []
    assert other.subscription("C1").at == "10:00"


def test_stamping_refuses_to_merge_into_a_workspace_with_the_same_keys(old_db):
    old_db.upgrade()
    QuizStore(old_db.scoped("T1")).subscribe("C1", "10:00", "UTC", "daily", "U1", T0)
    with pytest.raises(WorkspaceConflict, match="quiz_subscriptions"):
        adopt_unassigned(unlimited(old_db), "T1")
    assert count_unassigned(old_db) == len(OLD_ROWS)  # all or nothing


def test_the_first_single_token_start_adopts_the_rows_and_records_the_workspace(old_db):
    from bot.store.workspaces import WorkspaceStore
    from bot.workspaces.startup import adopt

    old_db.upgrade()
    identity = {"team_id": "T0LOCAL", "team": "whoowns local", "user_id": "U0BOT"}
    scoped = adopt(old_db, identity, T0)
    assert scoped.workspace == "T0LOCAL"
    assert [s.channel for s in QuizStore(scoped).subscriptions()] == ["C1"]
    assert count_unassigned(old_db) == 0
    [workspace] = WorkspaceStore(old_db).all()
    assert (workspace.team_id, workspace.name, workspace.active) == (
        "T0LOCAL",
        "whoowns local",
        True,
    )
    again = adopt(old_db, identity, T0.replace(day=3))  # a restart changes nothing
    assert QuizStore(again).subscription("C1") is not None
    assert WorkspaceStore(old_db).get("T0LOCAL").installed_at == T0


def test_db_upgrade_with_workspace_gives_the_rows_to_it(old_db, db_url):
    result = whoowns("db", "upgrade", "--workspace", "T0ACME", "--database-url", db_url)
    assert result.returncode == 0, result.stderr
    assert f"gave {len(OLD_ROWS)} rows from before workspaces to workspace T0ACME" in result.stdout
    assert "adopting into T0ACME: quiz_posts 1/1\n" in result.stderr  # a line per batch
    assert QuizStore(old_db.scoped("T0ACME")).subscription("C1") is not None
    bad = whoowns("db", "upgrade", "--workspace", "acme", "--database-url", db_url)
    assert bad.returncode == 2
    assert "expected a workspace id like T0123ABCD, got 'acme'" in bad.stderr
