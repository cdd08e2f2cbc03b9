"""The onboarding track and a review in `whoowns chat` (the terminal, through the real app)."""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone

from bot.cli import main
from bot.clock import fixed_clock


class Keyboard:
    """stdin for the shell: the lines ``typing`` yields, each decided after the last one ran."""

    def __init__(self, typing: Iterator[str]) -> None:
        self.typing = typing

    def isatty(self) -> bool:
        return False

    def __iter__(self) -> Iterator[str]:
        return (f"{line}\n" for line in self.typing)


def first_button_after(screen: str, heading: str) -> str:
    """The number of the first button shown after the last ``heading`` on ``screen``."""
    return re.findall(r"\[(\d+)\] ", screen.rsplit(heading, 1)[1])[0]


def test_the_track_and_a_review_run_in_the_terminal(monkeypatch, tmp_path, capsys):
    monkeypatch.setenv("WHOOWNS_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    # The clock is pinned: a Friday morning, then the Sunday after. Lesson 2 comes on the next
    # working day, so on a weekday "two days later" would bring it too.
    friday = datetime(2026, 11, 27, 9, 0, tzinfo=timezone.utc)
    monkeypatch.setattr("bot.clock.system_clock", fixed_clock(friday))
    later = (friday + timedelta(days=2)).replace(hour=12, minute=0)
    screens: list[str] = []

    def typing() -> Iterator[str]:
        def type_(line: str) -> Iterator[str]:
            yield line
            screens.append(capsys.readouterr().out)

        yield from type_("/whoowns onboard")  # the welcome DM: Start
        yield from type_(first_button_after(screens[-1], "Welcome!"))  # lesson 1
        # the first option of question 1; the feedback shows question 2, whose first option next
        yield from type_(first_button_after(screens[-1], "1. Which category"))
        yield from type_(first_button_after(screens[-1], "2. For Managed"))
        yield from type_(f"/tick {later:%Y-%m-%dT%H:%M}+00:00")  # two days later: the review DM
        yield from type_(first_button_after(screens[-1], "Review: "))  # the first card's first
        yield from type_("/whoowns progress")

    monkeypatch.setattr(sys, "stdin", Keyboard(typing()))
    assert main(["chat"]) == 0
    out = "".join(screens) + capsys.readouterr().out
    assert "Welcome! Who owns what in AWS databases" in out
    assert "[1] Start" in out
    assert "Lesson 1 of 5: The shared responsibility model" in out
    # the options' order is fixed by the user and the lesson (a review's by its day): the first
    # option is wrong for both lesson questions and right for the review's first card
    assert (out.count("Not quite"), out.count("Right:")) == (2, 1)
    assert "2. For Managed database services, who owns Patching & Updates?" in out
    assert "Review: " in out
    progress = out.rsplit("you › /whoowns progress", 1)[1]
    assert "Lessons: 0 of 5 done" in progress
    # each lesson answer reviewed the card its question tests (exam:unmanaged-most,
    # owner-cat:managed:patching); the review's first card is one of them (missed ones first)
    assert "Cards: 2 learned" in progress


def review_time(screen: str, label: str) -> datetime:
    """The moment a ``label`` line (``Back for review: Sun 29 Nov, 10:00 (UTC)``) names."""
    [shown] = re.findall(rf"{label}: \w+ (\d+ \w+, \d\d:\d\d) \(UTC\)", screen)
    return datetime.strptime(f"{shown} 2026", "%d %b, %H:%M %Y").replace(tzinfo=timezone.utc)


def test_back_for_review_is_when_the_review_dm_brings_the_card(monkeypatch, tmp_path, capsys):
    """The card feedback's "Back for review" is the moment of the review DM that brings the
    card back, the same kind of moment as Home's "Next review" (before: the card's due instant,
    hours after that day's review DM had brought it)."""
    monkeypatch.setenv("WHOOWNS_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    friday = datetime(2026, 11, 27, 9, 0, tzinfo=timezone.utc)
    monkeypatch.setattr("bot.clock.system_clock", fixed_clock(friday))
    screens: list[str] = []
    back: list[datetime] = []

    def typing() -> Iterator[str]:
        def type_(line: str) -> Iterator[str]:
            yield line
            screens.append(capsys.readouterr().out)

        yield from type_("/whoowns onboard")
        yield from type_(first_button_after(screens[-1], "Welcome!"))
        yield from type_(first_button_after(screens[-1], "1. Which category"))
        back.append(review_time(screens[-1], "Back for review"))
        yield from type_("/home")
        yield from type_(f"/tick {(back[0] - timedelta(minutes=1)).isoformat()}")
        yield from type_(f"/tick {back[0].isoformat()}")

    monkeypatch.setattr(sys, "stdin", Keyboard(typing()))
    assert main(["chat"]) == 0
    home, before, at = screens[-3:]
    assert review_time(home, "Next review") <= back[0]  # Home's is the earliest card's
    assert "Review: " not in before  # nothing comes back before the time it said
    assert "Review: " in at  # the review DM of that day, at that time
