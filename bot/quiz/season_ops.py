"""Quiz seasons at work: start one, end one (by command or when its last day has passed, found
by the quiz's tick), post the final board once, and the season boards of ``/whoowns
leaderboard``. Parsing and scoring are in :mod:`bot.quiz.seasons`."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from bot.quiz import render
from bot.quiz.schedule import local_date
from bot.quiz.scores import Score
from bot.quiz.seasons import SeasonRequest, season_board
from bot.render.mrkdwn import escape_mrkdwn
from bot.slack.delivery import LEASE, Courier, Delivered, Delivery, new_token
from bot.store import Store
from bot.store.claims import CLAIMED
from bot.store.quiz import QuizStore
from bot.store.quiz_seasons import Season, SeasonStore

logger = logging.getLogger(__name__)

KIND = "season"  # the final boards' deliveries (their metadata names this kind)


def season_tz(store: Store, channel: str) -> str:
    """A season's days are the channel's quiz days (its time zone), else UTC."""
    sub = QuizStore(store).subscription(channel)
    return sub.tz if sub else "UTC"


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


HOME_SEASONS = 5  # open seasons listed on a person's App Home at most


def home_lines(store: Store, user: str, channels: Sequence[str]) -> list[str]:
    """One mrkdwn line per season open in ``channels`` (those the person played the quiz in):
    its name, channels, end date, and the person's rank on its board. At most
    :data:`HOME_SEASONS`, then a pointer to the rest."""
    wanted = set(channels)
    found = [s for s in SeasonStore(store).open_seasons() if wanted & set(s.channels)]
    lines = []
    for season in found[:HOME_SEASONS]:
        scores = board(store, season)
        mine = next((i for i, s in enumerate(scores) if s.user == user), None)
        you = (
            f"you're *#{mine + 1}* of {len(scores)} with *{scores[mine].points}* pts"
            if mine is not None
            else "you haven't answered in it yet"
        )
        until = f"until {season.until.isoformat()}" if season.until else "no end date"
        where = " ".join(f"<#{c}>" for c in season.channels)
        lines.append(f"{title(season)} in {where} · {until} · {you}")
    if len(found) > HOME_SEASONS:
        lines.append(f"…and {len(found) - HOME_SEASONS} more: `/whoowns leaderboard` in each")
    return lines


def end_and_announce(
    store: Store, courier: Courier, season: Season, now: datetime
) -> list[tuple[str, Delivered]] | None:
    """End ``season`` now and post its final board: what became of each channel's board
    (None: it had already ended)."""
    seasons = SeasonStore(store)
    if not seasons.end(season.id, now):
        return None
    ended = seasons.season(season.id)
    return announce(store, courier, ended, now) if ended is not None else []


def announce(
    store: Store, courier: Courier, season: Season, now: datetime
) -> list[tuple[str, Delivered]]:
    """Post the final board of the ended ``season`` in each of its channels, exactly once: a
    claimed delivery per channel (:mod:`bot.slack.delivery`); a claim whose holder is gone is
    taken over after the lease, and the courier looks for the earlier post before posting
    again. (channel, what became of its board) for the boards this call delivered."""
    seasons = SeasonStore(store)
    boards = seasons.boards(season.id)
    message: dict[str, Any] | None = None
    results = []
    for channel in season.channels:
        token, at = new_token(), courier.current(now)
        board_ = boards.get(channel)
        if board_ is None:
            if not seasons.claim_board(season.id, channel, token, at):
                continue  # another instance claimed it just now
        elif board_.state != CLAIMED or not seasons.claims.take_over(
            (season.id, channel), board_.claim_token, token, at, LEASE
        ):
            continue  # done, failed for good, or its holder is still at it
        if message is None:
            final = board(store, season)
            message = render.season_final_message(title(season), final, season.channels).kwargs()
        key = (season.id, channel)
        d = Delivery(KIND, seasons.claims, key, token, channel, taken_over=board_ is not None)
        result = courier.deliver(d, message, now)
        if result.status not in ("posted", "lost"):
            logger.warning("season %s: no final board in %s: %s", season.id, channel, result.error)
        results.append((channel, result))
    seasons.settle(season, courier.current(now))
    return results


def tick(store: Store, courier: Courier, now: datetime) -> int:
    """End the seasons whose last day has passed, post the final boards not yet out: the number
    of final boards posted (or found already posted)."""
    seasons = SeasonStore(store)
    for season in seasons.unended_with_dates():
        if season.until is not None and local_date(now, season.tz) > season.until:
            seasons.end(season.id, now)
    return sum(
        r.status == "posted"
        for s in seasons.unannounced()
        for _, r in announce(store, courier, s, now)
    )
