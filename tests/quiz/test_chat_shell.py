"""The quiz in `whoowns chat` (no Slack at all): ask for a question, click, click again."""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator

from bot.cli import main
from bot.localslack.ids import SHELL_CHANNEL_ID
from bot.store import open_store
from bot.store.quiz import QuizStore
from bot.workspaces.choose import CHAT_WORKSPACE


class Keyboard:
    """stdin for the shell: the lines ``typing`` yields, each decided after the last one ran."""

    def __init__(self, typing: Iterator[str]) -> None:
        self.typing = typing

    def isatty(self) -> bool:
        return False

    def __iter__(self) -> Iterator[str]:
        return (f"{line}\n" for line in self.typing)


def button_number(screen: str, label: str) -> int:
    [number] = re.findall(rf"\[(\d+)\] {re.escape(label)}(?=  |\n|$)", screen)
    return int(number)


def test_quiz_now_and_answer_in_the_chat_shell(monkeypatch, tmp_path, capsys):
    monkeypatch.setenv("WHOOWNS_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    db = f"sqlite:///{tmp_path}/c.db"
    seen: list[str] = []

    def typing() -> Iterator[str]:
        yield "/whoowns quiz now"
        seen.append(capsys.readouterr().out)
        store = open_store(db).scoped(
            CHAT_WORKSPACE
        )  # which question came up, and so which button is right
        try:
            question = QuizStore(store).latest_post(SHELL_CHANNEL_ID).question
        finally:
            store.close()
        labels = {o["key"]: o["label"] for o in question["options"]}
        right = button_number(seen[0], labels.pop(question["answer"]))
        wrong = button_number(seen[0], next(iter(labels.values())))
        yield str(right)
        yield str(wrong)
        yield "/whoowns leaderboard"

    monkeypatch.setattr(sys, "stdin", Keyboard(typing()))
    assert main(["chat", "--no-color", "--db", db]) == 0
    out = seen[0] + capsys.readouterr().out
    assert "Quiz question" in out and "[1]" in out
    assert "Right!" in out and "Not quite" not in out  # private feedback on the first click
    assert "1 answered" in out  # the count, updated in place
    assert "You already answered:" in out  # the second click does not count
    assert "Quiz leaderboard" in out
    assert "1/1 right" in out
