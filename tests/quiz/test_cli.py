"""`whoowns quiz …` and `whoowns leaderboard` as an admin uses them (in-process main())."""

from __future__ import annotations

import json
from datetime import date, datetime, timezone

import pytest

from bot.cli import main
from bot.store import open_store
from bot.store.quiz import QuizStore


@pytest.fixture
def db(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    for var in ("SLACK_BOT_TOKEN", "SLACK_API_URL", "WHOOWNS_KNOWLEDGE"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("WHOOWNS_DATA_DIR", str(tmp_path / "data"))
    return url


def test_subscribe_list_unsubscribe(db, capsys):
    args = [
        "--channel",
        "C0DBTEAM",
        "--time",
        "09:00",
        "--tz",
        "Europe/Berlin",
        "--days",
        "mon-fri",
    ]
    assert main(["quiz", "subscribe", *args]) == 0
    out = capsys.readouterr().out
    assert "C0DBTEAM subscribed: 09:00 Europe/Berlin, weekdays (Mon–Fri). Next question: " in out
    assert main(["quiz", "list", "--json"]) == 0
    [row] = json.loads(capsys.readouterr().out)
    assert (row["channel"], row["time"], row["tz"], row["days"]) == (
        "C0DBTEAM",
        "09:00",
        "Europe/Berlin",
        "weekdays",
    )
    assert main(["quiz", "unsubscribe", "--channel", "C0DBTEAM"]) == 0
    assert main(["quiz", "list"]) == 0
    assert "No channel is subscribed" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("flags", "says"),
    [
        (["--time", "25:00"], "use HH:MM in 24-hour form"),
        (["--tz", "Europe/Berln"], "Did you mean Europe/Berlin?"),
        (["--days", "mon,funday"], "'funday' is not a day: use weekdays, daily"),
    ],
)
def test_bad_input_exit_2_shows_the_right_form_and_stores_nothing(db, capsys, flags, says):
    assert main(["quiz", "subscribe", "--channel", "C0DBTEAM", *flags]) == 2
    assert says in capsys.readouterr().err
    store = open_store(db)
    try:
        assert QuizStore(store).subscriptions() == []
    finally:
        store.close()


def test_tick_needs_the_bot_token(db, capsys):
    assert main(["quiz", "tick", "--now", "2024-01-15T08:00:00Z"]) == 2
    assert "SLACK_BOT_TOKEN is missing" in capsys.readouterr().err


def test_tick_rejects_a_time_without_offset(db, capsys):
    assert main(["quiz", "tick", "--now", "2024-01-15T08:00"]) == 2
    assert "give a UTC offset" in capsys.readouterr().err


def test_leaderboard_json(db, capsys):
    store = open_store(db)
    quiz = QuizStore(store)
    now = datetime(2024, 1, 15, 8, tzinfo=timezone.utc)
    for i, day in enumerate(("2024-01-15", "2024-01-16")):
        quiz.claim(
            channel="C0DBTEAM",
            slot=day,
            kind="scheduled",
            local_date=date.fromisoformat(day),
            tz="UTC",
            question={"id": f"q{i}"},
            scheduled_at=now,
            token="t",
            now=now,
        )
        quiz.claims.posted([f"C0DBTEAM/{day}"], "t", now, message_ts=f"1.{i}")
        post = quiz.post(f"C0DBTEAM/{day}")
        quiz.record_answer(post, "U0ALICE", "a", True, now)
        quiz.record_answer(post, "U0BOB", "b", i == 1, now)
    store.close()
    assert main(["leaderboard", "--channel", "C0DBTEAM", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [(r["user"], r["score"], r["answered"], r["correct"], r["streak"]) for r in rows] == [
        ("U0ALICE", 20, 2, 2, 2),
        ("U0BOB", 11, 2, 1, 1),
    ]
    assert main(["leaderboard", "--channel", "C0DBTEAM", "--now", "2024-01-16T12:00Z"]) == 0
    out = capsys.readouterr().out
    assert "This week (from Mon 15 Jan), 2 questions" in out and "U0ALICE" in out


def test_bank_lists_every_question_with_its_answer_then_counts_them(db, capsys):
    assert main(["quiz", "bank", "--json"]) == 0
    bank = json.loads(capsys.readouterr().out)
    assert main(["quiz", "bank"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert int(lines[-1].split(" questions")[0]) == len(bank) >= 80
    # two lines per question: "  N. text  [kind]", then its options with the answer marked
    assert len(lines) == 2 * len(bank) + 1
    for number, question in enumerate(bank, 1):
        text, options = lines[2 * number - 2], lines[2 * number - 1]
        assert text == f"{number:>4}. {question['text'].replace('*', '')}  [{question['kind']}]"
        right = next(o["label"] for o in question["options"] if o["key"] == question["answer"])
        assert f"{right} ✓" in options and options.count("✓") == 1


def test_leaderboard_week_in_text_shows_only_this_week(db, capsys):
    store = open_store(db)
    quiz = QuizStore(store)
    for i, day in enumerate(("2024-01-08", "2024-01-15")):  # last week, this week
        at = datetime.fromisoformat(f"{day}T08:00+00:00")
        quiz.claim(
            channel="C0DBTEAM",
            slot=day,
            kind="scheduled",
            local_date=date.fromisoformat(day),
            tz="UTC",
            question={"id": f"q{i}"},
            scheduled_at=at,
            token="t",
            now=at,
        )
        quiz.claims.posted([f"C0DBTEAM/{day}"], "t", at, message_ts=f"1.{i}")
        quiz.record_answer(quiz.post(f"C0DBTEAM/{day}"), "U0ALICE" if i else "U0BOB", "a", True, at)
    store.close()
    week = ["leaderboard", "--channel", "C0DBTEAM", "--now", "2024-01-16T12:00Z", "--week"]
    assert main(week) == 0
    out = capsys.readouterr().out
    assert "This week (from Mon 15 Jan), 1 question" in out and "U0ALICE" in out
    assert "All time" not in out and "U0BOB" not in out  # last week's answer is not this week
    assert main([*week, "--json"]) == 0
    assert [r["user"] for r in json.loads(capsys.readouterr().out)] == ["U0ALICE"]


@pytest.mark.parametrize("command", [["quiz", "tick"], ["reviews", "tick"]])
def test_database_lost_mid_tick_is_one_line_not_a_traceback(db, capsys, monkeypatch, command):
    from bot.localslack import LocalSlack
    from bot.onboarding.engine import OnboardingEngine
    from bot.quiz.engine import QuizEngine
    from bot.store import StoreUnavailable

    def lost(self, now):
        raise StoreUnavailable("database at sqlite:///x failed a write: disk I/O error")

    monkeypatch.setattr(QuizEngine, "tick", lost)
    monkeypatch.setattr(OnboardingEngine, "tick", lost)
    for feature in ("quiz", "onboarding"):  # the due check cannot tell: every workspace ticks
        monkeypatch.setattr(f"bot.{feature}.due.due", lambda now, context: None)
    with LocalSlack() as slack:
        monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-1-2-cli")
        monkeypatch.setenv("SLACK_API_URL", slack.base_url)
        assert main([*command, "--now", "2024-03-04T08:00:00Z"]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert err.strip().splitlines()[-1] == (
        f"whoowns {' '.join(command)}: database at sqlite:///x failed a write: disk I/O error"
    )
