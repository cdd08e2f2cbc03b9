"""The command line (an operator) and the chat shell (your own local workspace) are not
restricted."""

from __future__ import annotations

import io
import sys
from datetime import datetime, timezone

from bot.cli import main
from bot.store.quiz import QuizStore
from tests.support.processes import run_whoowns, whoowns_env


def test_the_command_line_may_stop_anyones_quiz(store, db_url, tmp_path):
    now = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)
    QuizStore(store).subscribe("C0DBTEAM", "09:00", "UTC", "weekdays", "U0BOB", now)
    done = run_whoowns(
        "quiz", "unsubscribe", "--channel", "C0DBTEAM", env=whoowns_env(tmp_path, db_url=db_url)
    )
    assert done.returncode == 0, done.stderr
    assert QuizStore(store).subscription("C0DBTEAM") is None


def test_in_the_chat_shell_you_own_the_workspace(monkeypatch, tmp_path, capsys):
    monkeypatch.setenv("WHOOWNS_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    lines = ["/whoowns onboarding here", "/whoowns admins"]
    monkeypatch.setattr(sys, "stdin", io.StringIO("".join(f"{line}\n" for line in lines)))
    assert main(["chat"]) == 0
    out = capsys.readouterr().out
    here, admins = out.split("you › /whoowns admins")
    assert "onboarding channel" in here and "Only" not in here
    assert "You may change every setting here." in admins
