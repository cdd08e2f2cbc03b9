"""Quiz seasons and challenges: a named stretch of the quiz with a board of its own, in one
channel (a season) or several (a challenge). Answers are not copied: a season's board reads the
quiz's answers to questions posted in its channels while it was open (all-time boards go on
counting them too).

One open season per channel is a unique key (``quiz_open_seasons``); ending a season is a
compare-and-set on ``ended_at`` (one winner among concurrent ticks and ``season end``). The
final board is one claimed post per channel (``quiz_season_boards``, the protocol of
:mod:`bot.store.claims`, keyed by season and channel); ``end_done_at`` says every channel's
board is settled (posted, or failed for good)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    Index,
    PrimaryKeyConstraint,
    String,
    Table,
    delete,
    or_,
    select,
    update,
)
from sqlalchemy.engine import Connection

from bot.store.claims import CLAIMED, Claims, stale
from bot.store.quiz_tables import quiz_answers, quiz_posts
from bot.store.schema import UtcDateTime, metadata
from bot.store.scope import mine, workspace_column

if TYPE_CHECKING:
    from bot.store.engine import Store

NAME_LENGTH = 80

quiz_seasons = Table(
    "quiz_seasons",
    metadata,
    workspace_column(),
    Column("id", String(40), nullable=False),
    Column("name", String(NAME_LENGTH), nullable=False),
    Column("kind", String(16), nullable=False),  # season | challenge
    Column("started_by", String(32), nullable=False),
    Column("started_at", UtcDateTime(), nullable=False),
    Column("until", Date(), nullable=True),  # the last day, in ``tz``
    Column("tz", String(64), nullable=False),
    Column("ended_at", UtcDateTime(), nullable=True),
    Column("end_done_at", UtcDateTime(), nullable=True),
    Column("has_until", Boolean(), nullable=False),
    PrimaryKeyConstraint("workspace", "id", name="pk_quiz_seasons"),
    Index("ix_quiz_seasons_ended_at", "workspace", "ended_at"),
)

quiz_season_channels = Table(
    "quiz_season_channels",
    metadata,
    workspace_column(),
    Column("season_id", String(40), nullable=False),
    Column("channel", String(32), nullable=False),
    PrimaryKeyConstraint("workspace", "season_id", "channel", name="pk_quiz_season_channels"),
)

quiz_season_boards = Table(
    "quiz_season_boards",
    metadata,
    workspace_column(),
    Column("season_id", String(40), nullable=False),
    Column("channel", String(32), nullable=False),
    Column("state", String(16), nullable=False),  # claimed | posted | failed
    Column("claim_token", String(64), nullable=True),
    Column("claimed_at", UtcDateTime(), nullable=True),
    Column("message_ts", String(32), nullable=True),
    Column("posted_at", UtcDateTime(), nullable=True),
    Column("error", String(200), nullable=True),
    Column("unsure_since", UtcDateTime(), nullable=True),
    PrimaryKeyConstraint("workspace", "season_id", "channel", name="pk_quiz_season_boards"),
)
BOARD_KEY = ("season_id", "channel")

quiz_open_seasons = Table(
    "quiz_open_seasons",
    metadata,
    workspace_column(),
    Column("channel", String(32), nullable=False),
    Column("season_id", String(40), nullable=False),
    PrimaryKeyConstraint("workspace", "channel", name="pk_quiz_open_seasons"),
)


class SeasonTaken(Exception):
    """A channel already has an open season (``args[0]``: the channel)."""


@dataclass(frozen=True)
class Season:
    id: str
    name: str
    kind: str
    started_by: str
    started_at: datetime
    until: date | None
    tz: str
    ended_at: datetime | None
    end_done_at: datetime | None
    channels: tuple[str, ...]


@dataclass(frozen=True)
class Board:
    """One channel's final board of a season: its claim."""

    channel: str
    state: str  # claimed | posted | failed
    claim_token: str | None
    claimed_at: datetime | None
    error: str | None


@dataclass(frozen=True)
class SeasonAnswer:
    user: str
    question_id: str
    correct: bool
    answered_at: datetime


class SeasonStore:
    """The seasons of the store's workspace."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.claims = Claims(store, quiz_season_boards, BOARD_KEY)  # the final boards

    def start(self, season: Season) -> Season:
        """Open ``season`` in its channels; :class:`SeasonTaken` when one has a season open."""
        ws = self.store.workspace

        def run(conn: Connection) -> Season:
            conn.execute(
                quiz_seasons.insert().values(
                    workspace=ws,
                    id=season.id,
                    name=season.name,
                    kind=season.kind,
                    started_by=season.started_by,
                    started_at=season.started_at,
                    until=season.until,
                    has_until=season.until is not None,
                    tz=season.tz,
                )
            )
            for channel in season.channels:
                conn.execute(
                    quiz_season_channels.insert().values(
                        workspace=ws, season_id=season.id, channel=channel
                    )
                )
                claim = (
                    self.store.insert(quiz_open_seasons)
                    .values(workspace=ws, channel=channel, season_id=season.id)
                    .on_conflict_do_nothing(index_elements=["workspace", "channel"])
                    .returning(quiz_open_seasons.c.channel)
                )
                if conn.execute(claim).first() is None:
                    raise SeasonTaken(channel)  # the transaction is rolled back
            return season

        return self.store.write(run)

    def current(self, channel: str) -> Season | None:
        """The season open in ``channel``."""
        o = quiz_open_seasons
        stmt = select(o.c.season_id).where(mine(o, self.store), o.c.channel == channel)
        found = self.store.read(lambda conn: conn.execute(stmt).scalar())
        return self.season(found) if found else None

    def last_ended(self, channel: str) -> Season | None:
        """The season of ``channel`` that ended last."""
        s, c = quiz_seasons.c, quiz_season_channels.c
        stmt = (
            select(s.id)
            .join(
                quiz_season_channels,
                (c.workspace == s.workspace) & (c.season_id == s.id),
            )
            .where(mine(quiz_seasons, self.store), c.channel == channel, s.ended_at.is_not(None))
            .order_by(s.ended_at.desc(), s.id)
            .limit(1)
        )
        found = self.store.read(lambda conn: conn.execute(stmt).scalar())
        return self.season(found) if found else None

    def season(self, season_id: str) -> Season | None:
        s = quiz_seasons
        stmt = select(s).where(mine(s, self.store), s.c.id == season_id)
        rows = self.store.read(lambda conn: (conn.execute(stmt).first(), self._channels(conn)))
        row, channels = rows
        return _season_of(row, channels.get(season_id, ())) if row is not None else None

    def _channels(self, conn: Connection) -> dict[str, tuple[str, ...]]:
        c = quiz_season_channels
        stmt = select(c.c.season_id, c.c.channel).where(mine(c, self.store)).order_by(c.c.channel)
        out: dict[str, tuple[str, ...]] = {}
        for season_id, channel in conn.execute(stmt):
            out[season_id] = (*out.get(season_id, ()), channel)
        return out

    def open_seasons(self) -> list[Season]:
        """Every open season, the oldest first."""
        return self._where(quiz_seasons.c.ended_at.is_(None))

    def all_seasons(self) -> list[Season]:
        """Every season, open or ended, the oldest first."""
        return self._where()

    def unended_with_dates(self) -> list[Season]:
        """Open seasons with an ``until`` date (the tick ends them when it has passed)."""
        return self._where(quiz_seasons.c.ended_at.is_(None), quiz_seasons.c.has_until)

    def unannounced(self) -> list[Season]:
        """Ended seasons whose final board is not settled in every channel."""
        s = quiz_seasons.c
        return self._where(s.ended_at.is_not(None), s.end_done_at.is_(None))

    def _where(self, *conditions: Any) -> list[Season]:
        s = quiz_seasons
        stmt = select(s).where(mine(s, self.store), *conditions).order_by(s.c.started_at)

        def run(conn: Connection) -> list[Season]:
            channels = self._channels(conn)
            return [_season_of(r, channels.get(r.id, ())) for r in conn.execute(stmt)]

        return self.store.read(run)

    def end(self, season_id: str, now: datetime) -> bool:
        """End the season (once: True for the one caller that ended it); its channels are free
        for a new one at once."""
        s = quiz_seasons.c
        stmt = (
            update(quiz_seasons)
            .where(mine(quiz_seasons, self.store), s.id == season_id, s.ended_at.is_(None))
            .values(ended_at=now)
            .returning(s.id)
        )
        o = quiz_open_seasons
        free = delete(o).where(mine(o, self.store), o.c.season_id == season_id)

        def run(conn: Connection) -> bool:
            if conn.execute(stmt).first() is None:
                return False
            conn.execute(free)
            return True

        return self.store.write(run)

    def boards(self, season_id: str) -> dict[str, Board]:
        """The final board's claim in each channel that has one."""
        b = quiz_season_boards
        stmt = select(b).where(mine(b, self.store), b.c.season_id == season_id)
        rows = self.store.read(lambda conn: list(conn.execute(stmt)))
        return {
            r.channel: Board(r.channel, r.state, r.claim_token, r.claimed_at, r.error) for r in rows
        }

    def claim_board(self, season_id: str, channel: str, token: str, now: datetime) -> bool:
        """Claim posting the final board in ``channel``; False when it is claimed already."""
        return self.claims.claim(token, now, season_id=season_id, channel=channel)

    def settle(self, season: Season, now: datetime) -> bool:
        """Mark the season's final board done when every channel's is posted or failed."""
        boards = self.boards(season.id)
        if any(boards.get(c) is None or boards[c].state == CLAIMED for c in season.channels):
            return False
        s = quiz_seasons.c
        stmt = (
            update(quiz_seasons)
            .where(mine(quiz_seasons, self.store), s.id == season.id, s.end_done_at.is_(None))
            .values(end_done_at=now)
        )
        self.store.write(lambda conn: conn.execute(stmt))
        return True

    def answers(self, season: Season) -> list[SeasonAnswer]:
        """Answers to questions posted in the season's channels while it was open."""
        a, p = quiz_answers.c, quiz_posts.c
        stmt = (
            select(a.user_id, p.question_id, a.correct, a.answered_at)
            .join(quiz_posts, (p.workspace == a.workspace) & (p.id == a.post_id))
            .where(
                mine(quiz_answers, self.store),
                p.channel.in_(season.channels),
                p.posted_at >= season.started_at,
            )
        )
        if season.ended_at is not None:
            stmt = stmt.where(p.posted_at <= season.ended_at)

        def run(conn: Connection) -> list[SeasonAnswer]:
            return [SeasonAnswer(*row) for row in conn.execute(stmt)]

        return self.store.read(run)


def _season_of(row: Any, channels: Sequence[str]) -> Season:
    return Season(
        id=row.id,
        name=row.name,
        kind=row.kind,
        started_by=row.started_by,
        started_at=row.started_at,
        until=row.until,
        tz=row.tz,
        ended_at=row.ended_at,
        end_done_at=row.end_done_at,
        channels=tuple(channels),
    )


def seasons_to_settle(store: Store, now: datetime, lease: timedelta) -> list[tuple[str, str, date]]:
    """Across every workspace (for the scheduler's due check): (workspace, tz, until) of open
    seasons with a date, and (workspace, "", date.min) for a final board left to post (a channel
    not claimed yet, or its claim released or older than ``lease``)."""
    s, c, b = quiz_seasons.c, quiz_season_channels.c, quiz_season_boards
    dated = select(s.workspace, s.tz, s.until).where(s.ended_at.is_(None), s.has_until)
    boards = quiz_seasons.join(
        quiz_season_channels, (c.workspace == s.workspace) & (c.season_id == s.id)
    ).outerjoin(
        b,
        (b.c.workspace == c.workspace)
        & (b.c.season_id == c.season_id)
        & (b.c.channel == c.channel),
    )
    unposted = (
        select(s.workspace)
        .select_from(boards)
        .where(
            s.ended_at.is_not(None),
            s.end_done_at.is_(None),
            or_(b.c.state.is_(None), stale(b, now, lease)),
        )
        .distinct()
    )

    def run(conn: Connection) -> list[tuple[str, str, date]]:
        out = [(ws, tz, until) for ws, tz, until in conn.execute(dated)]
        return out + [(ws, "", date.min) for (ws,) in conn.execute(unposted)]

    return store.read(run)
