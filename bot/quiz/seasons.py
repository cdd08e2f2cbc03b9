"""Quiz seasons and challenges, the pure part: reading ``season start`` / ``challenge start``
and a season's board.

    NAME [until YYYY-MM-DD]                      a season in this channel
    NAME <#C1|a> <#C2|b> … [until YYYY-MM-DD]    a challenge across those channels

Channels are taken only from Slack's escaped mentions (``<#C…|name>``, by id); anything else
that looks like a channel is refused. On a challenge's board a person's first answer to a
question counts, even when that question was posted in two of its channels."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from bot.quiz.scores import POINTS_CORRECT, POINTS_WRONG, Score, rank
from bot.render.mrkdwn import escape_mrkdwn
from bot.store.quiz_seasons import NAME_LENGTH, SeasonAnswer

CHANNEL_MENTION = re.compile(r"^<#(C[A-Z0-9]{2,30})(?:\|[^<>]{0,80})?>$")
MIN_CHALLENGE_CHANNELS = 2
EXAMPLE_DATE = "2026-06-30"


class SeasonError(ValueError):
    """Bad ``season start`` / ``challenge start`` input; the message is one line for Slack."""


@dataclass(frozen=True)
class SeasonRequest:
    name: str
    channels: tuple[str, ...]  # a challenge's; () for a season (the command's channel)
    until: date | None


def parse_start(text: str, today: date, *, challenge: bool = False) -> SeasonRequest:
    """``text`` after ``season start`` (or ``challenge start``), ``today`` in the season's
    time zone: the name, the channels and the last day."""
    tokens = text.split()
    until = None
    lowered = [t.lower() for t in tokens]
    if "until" in lowered:
        at = len(lowered) - 1 - lowered[::-1].index("until")
        until = _parse_until(tokens[at + 1 :], today)
        tokens = tokens[:at]
    channels: list[str] = []
    words: list[str] = []
    for token in tokens:
        if token.startswith(("#", "<#")):
            if not challenge:
                raise SeasonError(
                    "A season is for this channel; across channels use "
                    "`/whoowns quiz challenge start NAME #a #b`."
                )
            channels.append(_channel_id(token))
        else:
            words.append(token)
    name = " ".join(words)
    _check_name(name, challenge)
    unique = tuple(dict.fromkeys(channels))
    if challenge and len(unique) < MIN_CHALLENGE_CHANNELS:
        raise SeasonError(
            "A challenge needs at least two channels: "
            "`/whoowns quiz challenge start NAME #a #b` (for one channel, `quiz season start`)."
        )
    return SeasonRequest(name, unique, until)


def _channel_id(token: str) -> str:
    found = CHANNEL_MENTION.match(token)
    if found is None:
        raise SeasonError(
            f"I don't know the channel `{escape_mrkdwn(token[:NAME_LENGTH])}`: "
            "pick each channel from the list Slack offers when you type #."
        )
    return found.group(1)


def _check_name(name: str, challenge: bool) -> None:
    what = "challenge" if challenge else "season"
    if not name:
        raise SeasonError(
            f"Give the {what} a name, e.g. `/whoowns quiz {what} start Spring cup "
            f"until {EXAMPLE_DATE}`."
        )
    if len(name) > NAME_LENGTH:
        raise SeasonError(
            f"A {what} name is at most {NAME_LENGTH} characters; that one has {len(name)}."
        )


def _parse_until(rest: list[str], today: date) -> date:
    if len(rest) != 1:
        raise SeasonError(f"Put one date after `until`, as YYYY-MM-DD (e.g. {EXAMPLE_DATE}).")
    try:
        until = date.fromisoformat(rest[0])
    except ValueError:
        shown = escape_mrkdwn(rest[0][:NAME_LENGTH])
        raise SeasonError(
            f"`{shown}` is not a date: write it as YYYY-MM-DD (e.g. {EXAMPLE_DATE})."
        ) from None
    if until < today:
        raise SeasonError(
            f"{until.isoformat()} has passed (today is {today.isoformat()}): "
            "give today or a later day."
        )
    return until


def season_board(answers: Iterable[SeasonAnswer]) -> list[Score]:
    """Ranked scores: each person's first answer to each question counts (points as in the
    quiz's boards; streaks are the daily quiz's and are not part of a season's board)."""
    first: dict[tuple[str, str], SeasonAnswer] = {}
    for a in sorted(answers, key=lambda a: (a.answered_at, a.question_id, a.user)):
        first.setdefault((a.user, a.question_id), a)
    totals: dict[str, list[int]] = {}
    for a in first.values():
        t = totals.setdefault(a.user, [0, 0, 0])
        t[0] += POINTS_CORRECT if a.correct else POINTS_WRONG
        t[1] += 1
        t[2] += int(a.correct)
    return rank(Score(user, t[0], t[1], t[2]) for user, t in totals.items())
