"""The chat shell records gaps like Slack does; you own your local workspace, so your Home
shows them, and ``whoowns gaps`` finds them afterwards."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

from bot.cli import main

ROOT = Path(__file__).resolve().parents[2]


def test_questions_in_the_shell_show_on_home_and_in_whoowns_gaps(monkeypatch, tmp_path, capsys):
    monkeypatch.setenv("WHOOWNS_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    lines = ["what is qldb", "/whoowns what is QLDB?", "@whoowns patching serverless", "/home"]
    monkeypatch.setattr(sys, "stdin", io.StringIO("".join(f"{line}\n" for line in lines)))
    assert main(["chat"]) == 0
    home = capsys.readouterr().out.split("you › /home", 1)[1]
    assert "Knowledge gaps" in home
    assert "what is qldb — 2× · unknown term" in home
    assert "patching serverless — 1× · unsure" in home
    assert main(["gaps", "--json", "--workspace", "local-chat"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [(g["text"], g["count"]) for g in listed] == [
        ("what is qldb", 2),
        ("patching serverless", 1),
    ]


def test_a_piped_session_keeps_its_last_question(tmp_path):
    env = {**os.environ, "WHOOWNS_DATA_DIR": str(tmp_path / "data"), "PYTHONPATH": str(ROOT)}
    env.pop("DATABASE_URL", None)
    run = dict(capture_output=True, text=True, env=env, cwd=tmp_path, timeout=60)
    chat = subprocess.run([sys.executable, "-m", "bot", "chat"], input="memcached backups\n", **run)
    assert chat.returncode == 0, chat.stderr
    gaps = subprocess.run(
        [sys.executable, "-m", "bot", "gaps", "--json", "--workspace", "local-chat"], **run
    )
    assert [g["text"] for g in json.loads(gaps.stdout)] == ["memcached backups"]


def test_wrong_or_unclear_in_the_shell_asks_why_and_thanks_you(monkeypatch, tmp_path, capsys):
    monkeypatch.setenv("WHOOWNS_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    lines = ["patching aurora", "1", "the owner of <!here> patching is wrong", "", "1", "/cancel"]
    monkeypatch.setattr(sys, "stdin", io.StringIO("".join(f"{line}\n" for line in lines)))
    assert main(["chat"]) == 0
    shown = capsys.readouterr().out
    assert "[1] Wrong or unclear?" in shown
    assert "▸ What is wrong or unclear? (optional) (One line, up to 200 characters.)" in shown
    assert "You may contact me about this? y/N" in shown
    assert "✅ Thanks: your report on this answer was recorded privately" in shown
    assert shown.rstrip().endswith("(dialog closed; nothing was sent)")
    assert main(["gaps", "--json", "--workspace", "local-chat"]) == 0
    [gap] = json.loads(capsys.readouterr().out)
    assert (gap["text"], gap["kind"], gap["count"]) == ("patching aurora", "reported", 1)
    assert gap["reasons"] == ["the owner of <!here> patching is wrong"]
    assert gap["contacts"] == []
    assert main(["gaps", "--workspace", "local-chat"]) == 0
    assert capsys.readouterr().out.splitlines()[1:3] == [
        "  1×  patching aurora  (reported; last "
        + gap["last_seen"][:10]
        + " "
        + gap["last_seen"][11:16]
        + " UTC)",
        "      “the owner of <!here> patching is wrong”",
    ]
    assert main(["gaps", "dismiss", "patching aurora", "--workspace", "local-chat"]) == 0
    assert capsys.readouterr().out == "Dismissed: patching aurora\n"
    assert main(["gaps", "--json", "--workspace", "local-chat"]) == 0
    assert json.loads(capsys.readouterr().out) == []
