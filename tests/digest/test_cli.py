"""``whoowns digest list``: each channel's weekly digest in one workspace (its team, schedule,
next digest and when one was last sent), as text or ``--json``, kept to ``--workspace``."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest

from bot.cli import main
from bot.store import open_store
from bot.store.digests import DigestStore
from bot.store.workspaces import WorkspaceStore

A, B = "T0AAA", "T0BBB"
MON = datetime(2026, 3, 2, 8, 0, tzinfo=timezone.utc)  # Monday 09:00 in Berlin
SENT = MON + timedelta(seconds=5)
NOW = "2026-03-03T12:00:00Z"  # the Tuesday after


@pytest.fixture
def db(db_url, monkeypatch):
    """Two workspaces: A has C0OPS (Web, sent on Monday) and C0DATA (Search, never sent); B has
    C0OTHER (SRE)."""
    for name in ("SLACK_BOT_TOKEN", "SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET", "DATABASE_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DATABASE_URL", db_url)
    store = open_store(db_url)
    for team, name in ((A, "Acme"), (B, "Beta")):
        WorkspaceStore(store).started(team, name=name, bot_user_id="U0BOT", now=MON)
    a, b = DigestStore(store.scoped(A)), DigestStore(store.scoped(B))
    ops = a.subscribe("C0OPS", "web", "09:00", "Europe/Berlin", "mon", "U0W", MON - timedelta(1))
    a.subscribe("C0DATA", "search", "17:30", "UTC", "fri", "U0S", MON - timedelta(1))
    b.subscribe("C0OTHER", "sre", "08:00", "UTC", "mon", "U0R", MON - timedelta(1))
    assert a.claim(ops, "2026-03-02", {"text": "digest"}, ["k"], "t1", MON)
    assert a.claims.posted(["C0OPS/2026-03-02"], "t1", SENT, message_ts="1.1")
    assert b.quiet(b.subscription("C0OTHER"), "2026-03-02", MON)  # nothing to say: not sent
    yield store
    store.close()


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["digest", "list", "--now", NOW, *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_json_lists_each_channel_with_team_schedule_next_and_last_sent(db, capsys):
    code, out, err = run(capsys, "--workspace", A, "--json")
    assert code == 0, err
    assert json.loads(out) == [
        {
            "channel": "C0DATA",
            "team": "search",
            "time": "17:30",
            "tz": "UTC",
            "days": "fri",
            "next": "2026-03-06T17:30:00+00:00",
            "last_sent": None,
        },
        {
            "channel": "C0OPS",
            "team": "web",
            "time": "09:00",
            "tz": "Europe/Berlin",
            "days": "mon",
            "next": "2026-03-09T08:00:00+00:00",
            "last_sent": "2026-03-02T08:00:05+00:00",
        },
    ]


def test_text_one_line_per_channel(db, capsys):
    code, out, _ = run(capsys, "--workspace", A)
    assert code == 0
    assert out.splitlines() == [
        "C0DATA       search       17:30 UTC                  fri            "
        "next Fri 6 Mar 17:30 UTC  never sent",
        "C0OPS        web          09:00 Europe/Berlin        mon            "
        "next Mon 9 Mar 09:00 Europe/Berlin  last sent Mon 2 Mar 09:00 Europe/Berlin",
    ]


def test_each_workspace_sees_only_its_own_digests(db, capsys):
    code, out, _ = run(capsys, "--workspace", B, "--json")
    assert code == 0
    [row] = json.loads(out)
    assert (row["channel"], row["team"], row["last_sent"]) == ("C0OTHER", "sre", None)


def test_several_workspaces_need_workspace(db, capsys):
    code, out, err = run(capsys)
    assert code == 2 and out == ""
    assert "say which one with --workspace T…" in err


def test_no_digest_says_how_to_start_one(db_url, monkeypatch, capsys):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    code, out, _ = run(capsys, "--database-url", db_url)
    assert code == 0
    assert out == (
        "No channel has a weekly digest. Start one in a channel: "
        "/whoowns digest subscribe TEAM [HH:MM] [TIME_ZONE] [DAYS]\n"
    )
