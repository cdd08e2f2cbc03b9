"""whoowns chat: a Slack conversation in the terminal, through the real app."""

from __future__ import annotations

import io
import os
import sys
from datetime import datetime, timezone
from pathlib import Path

import pytest

from bot.cli import main
from tests.support.processes import run_whoowns

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def chat(monkeypatch, tmp_path, capsys):
    """Run ``whoowns chat`` in-process on the given input lines; returns (status, stdout)."""
    monkeypatch.setenv("WHOOWNS_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("DATABASE_URL", raising=False)

    def run(*lines: str, args: tuple[str, ...] = ()) -> tuple[int, str]:
        monkeypatch.setattr(sys, "stdin", io.StringIO("".join(f"{line}\n" for line in lines)))
        status = main(["chat", *args])
        captured = capsys.readouterr()
        run.err = captured.err
        return status, captured.out

    return run


def test_piped_slash_command_prints_the_card_and_exits_0(tmp_path):
    env = {**os.environ, "WHOOWNS_DATA_DIR": str(tmp_path / "data"), "PYTHONPATH": str(ROOT)}
    env.pop("DATABASE_URL", None)
    done = run_whoowns("chat", env=env, input="/whoowns patching aurora\n", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "whoowns chat" in out.splitlines()[0]  # the banner
    assert "only you can see this" in out
    assert "Amazon Aurora Serverless · Fully Managed" in out
    assert "Amazon Aurora Provisioned · Managed" in out
    assert "[1] Share in channel" in out
    assert "\033[" not in out  # no colour codes in a pipe
    assert (tmp_path / "data" / "whoowns.db").exists()  # state in the embedded SQLite default


def test_share_button_posts_in_the_channel_under_your_name(chat):
    status, out = chat("/whoowns is rds fully managed", "1")
    assert status == 0
    shared = out.split("you › 1", 1)[1]
    assert "whoowns in #general" in shared
    assert "@you asked: is rds fully managed" in shared
    assert "Shared in the channel" in shared


def test_a_plain_question_is_a_dm_and_help_works(chat):
    status, out = chat("who patches dynamodb?", "help")
    assert status == 0
    first, second = out.split("you › help")
    assert "whoowns in your DM" in first and "Amazon DynamoDB" in first
    assert "/whoowns explain managed" in second


def test_a_mention_is_answered_in_a_thread(chat):
    _, out = chat("@whoowns backups for redshift")
    assert "whoowns in #general (in a thread)" in out
    assert "Amazon Redshift" in out


def test_home_tab_shows_the_matrix_and_its_buttons_click(chat):
    _, out = chat("/home", "1")
    home, clicked = out.split("you › 1")
    assert "Home tab" in home and "Responsibility matrix" in home
    assert "Patching & Updates" in home
    assert "[1] Try: patching aurora" in home
    assert "whoowns in your DM" in clicked and "Aurora Provisioned" in clicked


def test_unknown_input_is_handled_gently(chat):
    status, out = chat("/nope", "7", "/click x")
    assert status == 0
    assert "Unknown shell command /nope" in out
    assert "No button 7" in out and "No button x" in out


def test_quit_stops_reading(chat):
    status, out = chat("/quit", "patching aurora")
    assert status == 0
    assert "Aurora" not in out


def test_escaped_echo_reads_as_typed(chat):
    _, out = chat("/whoowns patching aurora <!channel>")
    assert "You asked: patching aurora <!channel>" in out  # shown as typed, sent escaped


def test_an_unusable_db_flag_is_one_clear_line(chat):
    status, out = chat("patching aurora", args=("--db", "mysql://nope"))
    assert status == 1
    [line] = chat.err.strip().splitlines()
    assert line.startswith("whoowns chat:") and "mysql://nope" in line
    assert "Aurora" not in out


def test_tick_runs_the_scheduled_jobs_once(chat):
    status, out = chat(
        "/tick", "/tick 2026-03-02T09:00+01:00", "/tick yesterday", "/tick 2026-03-02T09:00"
    )
    assert status == 0
    assert out.count("(ran the scheduled jobs at") == 2
    # what ran, in the scheduler's own line: nothing is subscribed or onboarding yet
    [line] = [li for li in out.splitlines() if li.startswith("(ran the scheduled jobs at 2026-03")]
    assert line == "(ran the scheduled jobs at 2026-03-02T08:00Z: nothing due in any workspace)"
    assert "Not a time: 'yesterday'" in out
    assert "with its offset" in out


def test_the_leaderboard_and_home_name_the_channel_as_the_rest_of_the_screen(chat):
    from bot.localslack.ids import SHELL_CHANNEL_ID

    _, out = chat("/whoowns quiz now", "1", "/whoowns leaderboard", "/home")
    board, home = out.split("you › /whoowns leaderboard", 1)[1].split("you › /home")
    assert "whoowns in #general" in out  # how the shell names the channel elsewhere
    assert "In #general. Points:" in board  # the leaderboard's footer
    assert "  #general: " in home  # your quiz stats on Home
    assert SHELL_CHANNEL_ID not in out


def test_the_comparison_and_choice_answers_read_right_in_the_shell(chat):
    status, out = chat(
        "/whoowns managed vs unmanaged",
        "/whoowns qldb",
        "/whoowns backups dynamodb",
        "/whoowns patching mysql",
    )
    assert status == 0
    compare, qldb, dynamo, mysql = out.split("you › ")[1:]
    assert "Managed vs Unmanaged" in compare and "Owner differs" in compare  # the table
    assert "I don't cover qldb: it is not a service in my knowledge." in qldb
    assert "Services I cover: Amazon DynamoDB" in qldb and "[1]" not in qldb
    assert "AWS owns this; you still configure Backup Configuration" in dynamo
    assert "can mean each of these; the owner differs" in mysql and "MySQL on EC2" in mysql


def test_the_chat_shell_keeps_its_rows_apart_from_the_real_workspace(chat, db_url):
    from bot.store import open_store
    from bot.store.quiz import QuizStore
    from bot.store.workspaces import count_unassigned
    from bot.workspaces.startup import adopt

    # the production database: the chat shell subscribes its fake channel there
    status, _ = chat("/whoowns quiz subscribe 09:00 UTC weekdays", args=("--db", db_url))
    assert status == 0
    store = open_store(db_url)
    try:
        assert count_unassigned(store) == 0  # nothing a real workspace would adopt
        now = datetime(2024, 1, 15, 8, tzinfo=timezone.utc)
        real = adopt(store, {"team_id": "T0REAL", "team": "Acme"}, now)
        assert QuizStore(real).subscriptions() == []
        assert QuizStore(store).subscriptions() == []  # nor left unassigned
        assert [s.channel for s in QuizStore(store.scoped("local-chat")).subscriptions()] == [
            "C0LOCAL"
        ]
    finally:
        store.close()
