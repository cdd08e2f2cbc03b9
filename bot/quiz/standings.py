"""Scores read from the quiz store: a user's streak, a channel's leaderboard, a user's stats
across channels. :class:`bot.quiz.engine.QuizEngine` has these through this base class."""

from __future__ import annotations

from datetime import datetime

from bot.quiz.schedule import local_date
from bot.quiz.scores import (
    AnswerRecord,
    Leaderboard,
    PostRecord,
    Score,
    leaderboard,
    streaks,
    tally,
)
from bot.store.quiz import CLOSED, SCHEDULED, QuizStore


class QuizStandings:
    """Score reading on ``self.quiz`` (a :class:`QuizStore`)."""

    quiz: QuizStore

    def _records(self, channel: str) -> tuple[list[PostRecord], list[AnswerRecord]]:
        posts = self.quiz.posts(channel)
        records = [
            PostRecord(p.id, p.local_date, p.kind == SCHEDULED, p.state != CLOSED) for p in posts
        ]
        answers = [
            AnswerRecord(a.post_id, a.user_id, a.correct)
            for a in self.quiz.answers(channel=channel)
        ]
        return records, answers

    def user_streak(self, channel: str, user: str) -> int:
        posts, answers = self._records(channel)
        return streaks(posts, [a for a in answers if a.user == user]).get(user, (0, 0))[0]

    def leaderboard(self, channel: str, now: datetime) -> Leaderboard:
        posts, answers = self._records(channel)
        sub = self.quiz.subscription(channel)
        today = local_date(now, sub.tz if sub else "UTC")
        return leaderboard(posts, answers, today)

    def user_stats(self, user: str) -> list[tuple[str, Score]]:
        out: list[tuple[str, Score]] = []
        for channel in self.quiz.channels_of(user):
            posts, answers = self._records(channel)
            mine = [s for s in tally(posts, answers) if s.user == user]
            if mine:
                out.append((channel, mine[0]))
        return out
