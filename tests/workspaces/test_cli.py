"""The CLI with two workspaces in one database: ``--workspace`` is required and keeps each
command to its workspace; ``workspaces list`` / ``forget``; ``quiz tick`` covers both."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest

from bot.cli import main
from bot.store import open_store
from bot.store.quiz import QuizStore
from bot.store.workspaces import WorkspaceStore
from tests.support.oauth import oauth_env

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)
A, B = "T0AAA", "T0BBB"


@pytest.fixture
def db(db_url, monkeypatch):
    """Two workspaces, each with C0SAME subscribed (A at 09:00, B at 17:30); U0SAME answered
    one question in A."""
    for name in ("SLACK_BOT_TOKEN", "SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET", "DATABASE_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DATABASE_URL", db_url)
    store = open_store(db_url)
    for team, name in ((A, "Acme"), (B, "Beta")):
        WorkspaceStore(store).started(team, name=name, bot_user_id="U0BOT", now=T0)
    a, b = QuizStore(store.scoped(A)), QuizStore(store.scoped(B))
    a.subscribe("C0SAME", "09:00", "UTC", "daily", "U0SAME", T0)
    b.subscribe("C0SAME", "17:30", "UTC", "daily", "U0SAME", T0)
    question = {"id": "q1", "answer": "a"}
    a.claim(
        channel="C0SAME",
        slot="2026-03-02",
        kind="scheduled",
        local_date=T0.date(),
        tz="UTC",
        question=question,
        scheduled_at=T0,
        token="t",
        now=T0,
    )
    a.claims.posted(["C0SAME/2026-03-02"], "t", T0, message_ts="1.1")
    a.record_answer(a.post("C0SAME/2026-03-02"), "U0SAME", "a", True, T0)
    yield store
    store.close()


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_a_command_asks_which_workspace_when_several_are_installed(db, capsys):
    code, _, err = run(capsys, "quiz", "list")
    assert code == 2
    assert "2 workspaces are installed (T0AAA, T0BBB): say which one with --workspace T…" in err
    code, _, err = run(capsys, "quiz", "list", "--workspace", "T0ZZZ")
    assert code == 2 and "workspace T0ZZZ is not installed here" in err


def test_workspace_keeps_quiz_list_and_leaderboard_to_it(db, capsys):
    _, out, _ = run(capsys, "quiz", "list", "--workspace", B, "--json")
    assert [(r["channel"], r["time"]) for r in json.loads(out)] == [("C0SAME", "17:30")]
    _, out, _ = run(capsys, "leaderboard", "--channel", "C0SAME", "--workspace", A, "--json")
    assert [r["user"] for r in json.loads(out)] == ["U0SAME"]
    _, out, _ = run(capsys, "leaderboard", "--channel", "C0SAME", "--workspace", B, "--json")
    assert json.loads(out) == []


def test_workspaces_list_and_forget(db, capsys):
    code, out, _ = run(capsys, "workspaces", "list", "--json")
    assert code == 0
    rows = json.loads(out)
    assert [r["workspace"] for r in rows] == [A, B]
    assert set(rows[0]) >= {
        "workspace",
        "name",
        "installed_at",
        "bot_user",
        "subscriptions",
        "last_activity",
    }
    assert (rows[0]["name"], rows[0]["subscriptions"], rows[0]["bot_user"]) == ("Acme", 1, "U0BOT")
    assert rows[0]["last_activity"].startswith("2026-03-02T09:00")
    assert rows[1]["last_activity"] is None

    code, _, err = run(capsys, "workspaces", "forget", A)
    assert code == 2 and "--yes" in err
    assert QuizStore(db.scoped(A)).subscription("C0SAME") is not None  # nothing erased
    code, out, _ = run(capsys, "workspaces", "forget", A, "--yes")
    assert code == 0 and "forgot workspace T0AAA" in out
    assert QuizStore(db.scoped(A)).subscriptions() == []
    assert QuizStore(db.scoped(A)).answers() == []
    assert QuizStore(db.scoped(B)).subscription("C0SAME").at == "17:30"
    _, out, _ = run(capsys, "quiz", "list", "--json")  # one workspace left: no --workspace
    assert [r["time"] for r in json.loads(out)] == ["17:30"]


def test_quiz_tick_in_oauth_mode_posts_in_every_workspace_with_its_token(
    bot, slack, db_url, monkeypatch, capsys
):
    from tests.support import slack_requests as sr

    bot.install(slack, "T0LOCAL")
    bot.install(slack, "T0SECOND")
    for team in ("T0LOCAL", "T0SECOND"):
        request = sr.slash_command("quiz subscribe 09:00 UTC daily", team_id=team)
        assert bot.event(request).status == 200
    for name, value in oauth_env(slack, db_url).items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("SLACK_BOT_TOKEN", raising=False)
    day = (datetime.now(timezone.utc) + timedelta(days=1)).replace(hour=9, minute=0)
    slack.clear()
    code, out, err = run(capsys, "quiz", "tick", "--now", day.isoformat())
    assert code == 0, err
    posted = sorted(c.args["_auth"]["workspace"] for c in slack.calls_to("chat.postMessage"))
    assert posted == ["T0LOCAL", "T0SECOND"]
    assert out.count("T0LOCAL: ") == 1 and out.count("T0SECOND: ") == 1
