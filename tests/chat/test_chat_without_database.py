"""`whoowns chat` without its database, as a process typed into: unreachable from the start,
or lost mid-session. Every command that needs it gives the one-line "my database isn't
answering" answer, the shell never dies, and the log stays out of the conversation (in the data
folder's chat.log) unless --verbose asks for it."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.chat_process import ChatProcess
from tests.support.databases import fresh_postgres_schema
from tests.support.processes import whoowns_env
from tests.support.relay_postgres import RelayPostgres

CLOSED_PORT = "postgresql://postgres@127.0.0.1:1/whoowns"
DOWN = "My database isn't answering right now"
NEEDS_THE_DATABASE = [
    "/tick",
    "/whoowns quiz subscribe 09:00 Europe/Berlin",
    "/whoowns quiz status",
    "/whoowns quiz now",
    "/whoowns leaderboard",
    "/home",
]
LOG_SIGNS = ("Traceback", "WARNING", "ERROR", "INFO ")


def run_commands(chat: ChatProcess) -> None:
    for count, line in enumerate(NEEDS_THE_DATABASE, start=1):
        chat.send(line)
        chat.wait_for(DOWN, count=count)
    chat.send("patching aurora")  # answers need no database
    chat.wait_for("Who owns Patching & Updates?")


def assert_clean_conversation(chat: ChatProcess, data_dir: Path) -> None:
    assert chat.returncode == 0, chat.stderr
    assert chat.stdout.count(DOWN) == len(NEEDS_THE_DATABASE), chat.stdout
    for sign in LOG_SIGNS:
        assert sign not in chat.stdout, chat.stdout
        assert sign not in chat.stderr, chat.stderr
    log = (data_dir / "chat.log").read_text()
    assert "WARNING" in log and "Traceback" not in log, log


def test_unreachable_at_start(tmp_path: Path) -> None:
    env = whoowns_env(tmp_path, db_url=CLOSED_PORT)
    with ChatProcess(env) as chat:
        run_commands(chat)
    assert_clean_conversation(chat, tmp_path / "data")
    assert chat.stderr.strip().endswith("(going on without memory)"), chat.stderr
    assert chat.stderr.count("\n") == 1, chat.stderr


@pytest.mark.postgres
def test_lost_mid_session(tmp_path: Path) -> None:
    with fresh_postgres_schema() as real_url, RelayPostgres(real_url) as relay:
        env = whoowns_env(tmp_path, db_url=relay.url)
        with ChatProcess(env) as chat:
            chat.send("/whoowns quiz status")
            chat.wait_for("you › /whoowns quiz status")
            chat.wait_for("only you can see this")
            assert DOWN not in chat.stdout
            relay.stop()
            run_commands(chat)
    assert_clean_conversation(chat, tmp_path / "data")
    assert chat.stderr == ""


def test_verbose_shows_the_log_on_stderr(tmp_path: Path) -> None:
    env = whoowns_env(tmp_path, db_url=CLOSED_PORT)
    with ChatProcess(env, "--verbose") as chat:
        chat.send("/whoowns quiz status")
        chat.wait_for(DOWN)
    assert chat.returncode == 0
    assert "WARNING bot.listeners.errors" in chat.stderr, chat.stderr
    assert not (tmp_path / "data" / "chat.log").exists()
