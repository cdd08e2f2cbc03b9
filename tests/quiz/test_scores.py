"""Points, accuracy, streaks over scheduled days, weekly and all-time boards."""

from __future__ import annotations

from datetime import date, timedelta

from bot.quiz.scores import (
    POINTS_CORRECT,
    POINTS_WRONG,
    AnswerRecord,
    PostRecord,
    leaderboard,
    tally,
)

MON = date(2024, 1, 15)


def days(n: int, *, open_last: bool = False) -> list[PostRecord]:
    return [
        PostRecord(f"p{i}", MON + timedelta(days=i), True, open_last and i == n - 1)
        for i in range(n)
    ]


def ans(post: str, user: str, correct: bool) -> AnswerRecord:
    return AnswerRecord(post, user, correct)


def test_points_answered_correct_accuracy():
    posts = days(3)
    answers = [ans("p0", "U1", True), ans("p1", "U1", False), ans("p2", "U1", True)]
    [s] = tally(posts, answers)
    assert (s.points, s.answered, s.correct) == (2 * POINTS_CORRECT + POINTS_WRONG, 3, 2)
    assert abs(s.accuracy - 2 / 3) < 1e-9


def test_missing_a_scheduled_day_breaks_the_streak():
    posts = days(5)
    answers = [ans("p0", "U1", True), ans("p1", "U1", True), ans("p3", "U1", True)]
    answers += [ans(p.post_id, "U2", True) for p in posts]
    scores = {s.user: s for s in tally(posts, answers)}
    assert scores["U1"].streak == 0  # p4 unanswered and closed
    assert scores["U1"].best_streak == 2
    assert scores["U2"].streak == 5


def test_a_wrong_answer_breaks_the_streak():
    posts = days(3)
    answers = [ans("p0", "U1", True), ans("p1", "U1", False), ans("p2", "U1", True)]
    [s] = tally(posts, answers)
    assert (s.streak, s.best_streak) == (1, 1)


def test_todays_open_question_does_not_break_the_streak_yet():
    posts = days(3, open_last=True)
    answers = [ans("p0", "U1", True), ans("p1", "U1", True)]
    [s] = tally(posts, answers)
    assert s.streak == 2


def test_extra_questions_score_but_do_not_touch_streaks():
    posts = [*days(2), PostRecord("x1", MON + timedelta(days=1), False, False)]
    answers = [ans("p0", "U1", True), ans("p1", "U1", True), ans("x1", "U1", False)]
    [s] = tally(posts, answers)
    assert s.streak == 2
    assert s.answered == 3


def test_weekly_board_counts_only_this_iso_week():
    posts = days(10)  # Mon 15 .. Wed 24: two ISO weeks
    answers = [ans(p.post_id, "U1", True) for p in posts[:7]]  # last week only
    answers += [ans(p.post_id, "U2", True) for p in posts[7:]]  # this week only
    board = leaderboard(posts, answers, today=date(2024, 1, 24))
    assert [s.user for s in board.week] == ["U2"]
    assert board.week[0].points == 3 * POINTS_CORRECT
    assert [s.user for s in board.all_time] == ["U1", "U2"]
    assert board.week_start == date(2024, 1, 22)
    assert board.questions_this_week == 3


def test_ranking_is_points_then_correct_then_user():
    posts = days(2)
    answers = [ans("p0", "UB", True), ans("p0", "UA", True), ans("p0", "UC", False)]
    answers += [ans("p1", "UC", True)]
    ranked = [s.user for s in tally(posts, answers)]
    assert ranked == ["UC", "UA", "UB"]
