"""`whoowns quiz season status|list` as an admin uses them (in-process main())."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta, timezone

import pytest

from bot.cli import main
from bot.quiz import season_ops
from bot.quiz.seasons import SeasonRequest
from bot.store import open_store
from bot.store.quiz import QuizStore
from bot.store.quiz_seasons import SeasonStore

START = datetime(2024, 1, 15, 8, tzinfo=timezone.utc)


@pytest.fixture
def db(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    for var in ("SLACK_BOT_TOKEN", "SLACK_API_URL", "WHOOWNS_KNOWLEDGE"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("WHOOWNS_DATA_DIR", str(tmp_path / "data"))
    return url


def start(store, name, channels, kind="season", until=None, at=START):
    asked = SeasonRequest(name, tuple(channels) if kind == "challenge" else (), until)
    season = season_ops.new_season(asked, channels[0], "U0ALICE", at, "UTC", kind)
    return SeasonStore(store).start(season)


def answered(store, channel: str, day: str, answers: dict[str, bool]) -> None:
    quiz = QuizStore(store)
    at = datetime.fromisoformat(day).replace(hour=9, tzinfo=timezone.utc)
    when = {"local_date": date.fromisoformat(day), "tz": "UTC", "scheduled_at": at, "now": at}
    quiz.claim(
        channel=channel, slot=day, kind="scheduled", question={"id": f"q-{day}"}, token="t", **when
    )
    quiz.claims.posted([f"{channel}/{day}"], "t", at, message_ts="1.0")
    post = quiz.post(f"{channel}/{day}")
    for user, right in answers.items():
        quiz.record_answer(post, user, "a", right, at)


def test_season_status_shows_the_open_seasons_and_their_boards(db, capsys):
    store = open_store(db)
    start(store, "Spring <cup>", ["C0DBTEAM"], until=date(2024, 1, 31))
    start(store, "Winter", ["C0OPS", "C0WEB"], kind="challenge")
    answered(store, "C0DBTEAM", "2024-01-16", {"U0ALICE": True, "U0BOB": False})
    store.close()

    assert main(["quiz", "season", "status"]) == 0
    out = capsys.readouterr().out
    assert out == (
        'Season "Spring <cup>" in C0DBTEAM · since 2024-01-15 · until 2024-01-31 (UTC)\n'
        "   1. U0ALICE         10 pts  1/1 right\n"
        "   2. U0BOB            1 pts  0/1 right\n"
        'Challenge "Winter" in C0OPS C0WEB · since 2024-01-15 · no end date\n'
        "  nobody has answered yet\n"
    )
    assert main(["quiz", "season", "status", "--channel", "C0WEB", "--json"]) == 0
    [row] = json.loads(capsys.readouterr().out)
    assert (row["name"], row["kind"], row["channels"], row["board"]) == (
        "Winter", "challenge", ["C0OPS", "C0WEB"], [],
    )  # fmt: skip
    assert main(["quiz", "season", "status", "--channel", "C0NONE"]) == 0
    assert capsys.readouterr().out == (
        "No season is open in C0NONE. Start one in Slack: /whoowns quiz season start NAME\n"
    )


def test_season_list_shows_every_season_newest_first_with_its_final_board(db, capsys):
    store = open_store(db)
    old = start(store, "Autumn", ["C0DBTEAM", "C0OPS"], kind="challenge")
    seasons = SeasonStore(store)
    seasons.end(old.id, START + timedelta(days=3))
    seasons.claims.claim("t1", START, season_id=old.id, channel="C0DBTEAM")
    seasons.claims.posted((old.id, "C0DBTEAM"), "t1", START, message_ts="1.0")
    seasons.claims.claim("t2", START, season_id=old.id, channel="C0OPS")
    seasons.claims.failed((old.id, "C0OPS"), "t2", "not_in_channel")
    start(store, "Spring", ["C0DBTEAM"], at=START + timedelta(days=4))
    store.close()

    assert main(["quiz", "season", "list"]) == 0
    assert capsys.readouterr().out == (
        'Season "Spring" in C0DBTEAM · since 2024-01-19 · no end date\n'
        "  OPEN\n"
        'Challenge "Autumn" in C0DBTEAM C0OPS · since 2024-01-15 · no end date\n'
        "  ended 2024-01-18 08:00 UTC · final board: C0DBTEAM posted, "
        "C0OPS failed: not_in_channel\n"
    )
    assert main(["quiz", "season", "list", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [(r["name"], r["ended_at"], r["final_board"]) for r in rows] == [
        ("Spring", None, {}),
        ("Autumn", "2024-01-18T08:00:00+00:00",
         {"C0DBTEAM": "posted", "C0OPS": "failed: not_in_channel"}),
    ]  # fmt: skip


def test_no_season_yet_and_a_bad_channel(db, capsys):
    assert main(["quiz", "season", "list"]) == 0
    assert "No season yet. Start one in Slack" in capsys.readouterr().out
    assert main(["quiz", "season", "status", "--channel", "#general"]) == 2
    assert "expected a channel id like C0123ABCD, got '#general'" in capsys.readouterr().err
