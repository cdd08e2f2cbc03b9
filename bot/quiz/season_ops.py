"""Quiz seasons at work: start one, end one (by command or when its last day has passed, found
by the quiz's tick), post the final board once, and the season boards of ``/whoowns
leaderboard``. Parsing and scoring are in :mod:`bot.quiz.seasons`."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from slack_sdk.errors import SlackApiError, SlackClientError

from bot.quiz import render
from bot.quiz.schedule import local_date
from bot.quiz.scores import Score
from bot.quiz.seasons import SeasonRequest, season_board
from bot.render.mrkdwn import escape_mrkdwn
from bot.store import Store
from bot.store.quiz import QuizStore
from bot.store.quiz_seasons import Season, SeasonStore

logger = logging.getLogger(__name__)

ANNOUNCE_LEASE = timedelta(minutes=2)  # a final board claimed and not posted: taken over after


def season_tz(store: Store, channel: str) -> str:
    """A season's days are the channel's quiz days (its time zone), else UTC."""
    sub = QuizStore(store).subscription(channel)
    return sub.tz if sub else "UTC"


def unknown_channels(client: Any, channels: Sequence[str]) -> list[str]:
    """The channels Slack does not show the bot (``conversations.info`` refuses them)."""
    unknown = []
    for channel in channels:
        try:
            client.conversations_info(channel=channel)
        except (SlackApiError, SlackClientError, OSError):
            unknown.append(channel)
    return unknown


def new_season(
    asked: SeasonRequest, channel: str, user: str, now: datetime, tz: str, kind: str
) -> Season:
    return Season(
        id=uuid.uuid4().hex,
        name=asked.name,
        kind=kind,
        started_by=user,
        started_at=now,
        until=asked.until,
        tz=tz,
        ended_at=None,
        end_claimed_at=None,
        end_done_at=None,
        channels=asked.channels or (channel,),
    )


def title(season: Season) -> str:
    """The season's name as mrkdwn (escaped), with its kind."""
    what = "Challenge" if season.kind == "challenge" else "Season"
    return f"{what} “{escape_mrkdwn(season.name)}”"


def board(store: Store, season: Season) -> list[Score]:
    return season_board(SeasonStore(store).answers(season))


def leaderboard_seasons(store: Store, channel: str) -> list[tuple[str, list[Score]]]:
    """(title, board) of the channel's current season and its last one, when there are."""
    seasons = SeasonStore(store)
    out = []
    current = seasons.current(channel)
    if current is not None:
        until = f", until {current.until.isoformat()}" if current.until else ""
        out.append((f"This season: {title(current)}{until}", board(store, current)))
    last = seasons.last_ended(channel)
    if last is not None:
        out.append((f"Last season: {title(last)}", board(store, last)))
    return out


def end_and_announce(store: Store, client: Any, season: Season, now: datetime) -> bool:
    """End ``season`` now and post its final board (False: it had already ended)."""
    seasons = SeasonStore(store)
    if not seasons.end(season.id, now):
        return False
    ended = seasons.season(season.id)
    if ended is not None:
        announce(store, client, ended, now)
    return True


def announce(store: Store, client: Any, season: Season, now: datetime) -> bool:
    """Post the final board to each channel of the ended ``season``, once among every instance
    (the claim); released for the next tick when Slack took none of the posts."""
    seasons = SeasonStore(store)
    if not seasons.claim_announcement(season, now):
        return False
    message = render.season_final_message(title(season), board(store, season), season.channels)
    posted = 0
    for channel in season.channels:
        try:
            client.chat_postMessage(channel=channel, **message.kwargs())
            posted += 1
        except (SlackApiError, SlackClientError, OSError) as exc:
            logger.warning("season %s: no final board in %s: %s", season.id, channel, exc)
    seasons.announced(season.id, now, done=posted > 0)
    return posted > 0


def tick(store: Store, client: Any, now: datetime) -> int:
    """End the seasons whose last day has passed, post the final boards not yet out: the number
    of final boards posted."""
    seasons = SeasonStore(store)
    for season in seasons.unended_with_dates():
        if season.until is not None and local_date(now, season.tz) > season.until:
            seasons.end(season.id, now)
    return sum(announce(store, client, s, now) for s in seasons.unannounced(now, ANNOUNCE_LEASE))
