"""Scores and leaderboards from posts and answers. Pure: the store supplies the records.

Rules (also in the README):

* a correct answer scores ``POINTS_CORRECT`` points, a wrong one ``POINTS_WRONG`` (taking
  part counts); only a user's first answer to a question exists at all;
* accuracy = correct / answered;
* streak = consecutive *scheduled* questions of the channel answered correctly, counted
  back from the latest one. Missing a scheduled day (no answer, or a wrong one) breaks
  it. Today's question does not break a streak while it is still open. Extra questions
  (``quiz now``) score points but neither extend nor break a streak;
* the weekly board counts questions whose local date falls in the current ISO week of the
  channel's time zone (Monday to Sunday); the all-time board counts everything.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

POINTS_CORRECT = 10
POINTS_WRONG = 1


@dataclass(frozen=True)
class PostRecord:
    post_id: str
    local_date: date
    scheduled: bool  # False for `quiz now` extras
    open: bool  # still accepting answers


@dataclass(frozen=True)
class AnswerRecord:
    post_id: str
    user: str
    correct: bool


@dataclass(frozen=True)
class Score:
    user: str
    points: int = 0
    answered: int = 0
    correct: int = 0
    streak: int = 0  # current
    best_streak: int = 0

    @property
    def accuracy(self) -> float:
        return self.correct / self.answered if self.answered else 0.0

    def to_json(self) -> dict[str, object]:
        return {
            "user": self.user,
            "score": self.points,
            "answered": self.answered,
            "correct": self.correct,
            "accuracy": round(self.accuracy, 3),
            "streak": self.streak,
            "best_streak": self.best_streak,
        }


@dataclass(frozen=True)
class Leaderboard:
    week: tuple[Score, ...]
    all_time: tuple[Score, ...]
    week_start: date | None = None
    questions_this_week: int = 0
    questions_all_time: int = 0
    users: dict[str, Score] = field(default_factory=dict)  # all-time score by user


def streaks(
    posts: Iterable[PostRecord], answers: Iterable[AnswerRecord]
) -> dict[str, tuple[int, int]]:
    """user -> (current streak, best streak) over the scheduled questions."""
    scheduled = sorted((p for p in posts if p.scheduled), key=lambda p: (p.local_date, p.post_id))
    by_post: dict[str, dict[str, bool]] = {}
    for a in answers:
        by_post.setdefault(a.post_id, {})[a.user] = a.correct
    users = {u for per in by_post.values() for u in per}
    out: dict[str, tuple[int, int]] = {}
    for user in users:
        run = best = 0
        for post in scheduled:
            result = by_post.get(post.post_id, {}).get(user)
            if result is True:
                run += 1
                best = max(best, run)
            elif result is None and post.open and post is scheduled[-1]:
                continue  # today's question, still open: not missed yet
            else:
                run = 0
        out[user] = (run, best)
    return out


def tally(
    posts: Iterable[PostRecord],
    answers: Iterable[AnswerRecord],
    *,
    week_of: date | None = None,
) -> list[Score]:
    """Ranked scores. With ``week_of``, only questions in that date's ISO week count
    (streaks are always the current ones)."""
    posts = list(posts)
    answers = list(answers)
    current = streaks(posts, answers)
    if week_of is not None:
        week = week_of.isocalendar()[:2]
        keep = {p.post_id for p in posts if p.local_date.isocalendar()[:2] == week}
    else:
        keep = {p.post_id for p in posts}
    totals: dict[str, list[int]] = {}
    for a in answers:
        if a.post_id not in keep:
            continue
        t = totals.setdefault(a.user, [0, 0, 0])
        t[0] += POINTS_CORRECT if a.correct else POINTS_WRONG
        t[1] += 1
        t[2] += int(a.correct)
    scores = [
        Score(user, t[0], t[1], t[2], *current.get(user, (0, 0))) for user, t in totals.items()
    ]
    return rank(scores)


def rank(scores: Iterable[Score]) -> list[Score]:
    """Points, then correct answers, then fewer attempts, then user id (stable ties)."""
    return sorted(scores, key=lambda s: (-s.points, -s.correct, s.answered, s.user))


def leaderboard(
    posts: Iterable[PostRecord], answers: Iterable[AnswerRecord], today: date
) -> Leaderboard:
    posts = list(posts)
    answers = list(answers)
    all_time = tally(posts, answers)
    week = tally(posts, answers, week_of=today)
    iso = today.isocalendar()
    week_start = date.fromisocalendar(iso[0], iso[1], 1)
    this_week = sum(1 for p in posts if p.local_date.isocalendar()[:2] == iso[:2])
    return Leaderboard(
        week=tuple(week),
        all_time=tuple(all_time),
        week_start=week_start,
        questions_this_week=this_week,
        questions_all_time=len(posts),
        users={s.user: s for s in all_time},
    )
