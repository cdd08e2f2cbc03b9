"""The quiz in `whoowns chat` (no Slack at all): ask for a question, click, click again."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

pytestmark = pytest.mark.slow


def test_quiz_now_and_answer_in_the_chat_shell(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DATABASE_"))}
    env["WHOOWNS_DATA_DIR"] = str(tmp_path)
    script = "/whoowns quiz now\n1\n2\n/whoowns leaderboard\n"
    done = subprocess.run(
        [sys.executable, "-m", "bot", "chat", "--no-color", "--db", f"sqlite:///{tmp_path}/c.db"],
        input=script,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "Quiz question" in out and "[1]" in out
    assert "Right!" in out or "Not quite." in out  # private feedback on the first click
    assert "1 answered" in out  # the count, updated in place
    assert "You already answered:" in out  # the second click does not count
    assert "Quiz leaderboard" in out
    assert "1/1 right" in out or "0/1 right" in out
