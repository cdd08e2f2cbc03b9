"""``whoowns leaderboard --channel C… [--week] [--json]``: a channel's quiz scores.

The text form shows this week and all time (this week only with ``--week``). ``--json`` prints
a JSON array (all time, or this week with ``--week``) of objects with ``user``, ``score``,
``answered``, ``correct``, ``accuracy``, ``streak`` and ``best_streak``, best first.
"""

from __future__ import annotations

import argparse
import json

from bot.commands._common import (
    EXIT_OK,
    add_channel,
    add_database_url,
    add_now,
    knowledge,
    now_of,
    open_store,
    reporting,
    settings,
)


def configure(parser: argparse.ArgumentParser) -> None:
    add_channel(parser)
    parser.add_argument("--json", action="store_true", help="print a JSON array")
    parser.add_argument("--week", action="store_true", help="this week only")
    add_now(parser)
    add_database_url(parser)


def _table(title: str, scores: list) -> list[str]:
    lines = [title]
    if not scores:
        return [*lines, "  nobody has answered yet"]
    for i, s in enumerate(scores, 1):
        lines.append(
            f"  {i:>2}. {s.user:<12} {s.points:>5} pts  {s.correct}/{s.answered} right "
            f"({round(100 * s.accuracy)}%)  streak {s.streak}"
        )
    return lines


def run(args: argparse.Namespace) -> int:
    return reporting("whoowns leaderboard", lambda: _leaderboard(args))


def _leaderboard(args: argparse.Namespace) -> int:
    from bot.quiz.engine import QuizEngine

    conf = settings()
    store = open_store(args, conf)
    try:
        board = QuizEngine(knowledge(conf), store, client=None).leaderboard(
            args.channel, now_of(args)
        )
    finally:
        store.close()
    if args.json:
        scores = board.week if args.week else board.all_time
        print(json.dumps([s.to_json() for s in scores], indent=2))
        return EXIT_OK
    from bot.quiz.render import plural

    week = f"This week (from {board.week_start:%a %d %b}), " + plural(
        board.questions_this_week, "question"
    )
    lines = [f"Quiz leaderboard for {args.channel}"]
    lines += _table(week, list(board.week))
    if not args.week:
        lines += _table(
            f"All time, {plural(board.questions_all_time, 'question')}", list(board.all_time)
        )
    print("\n".join(lines))
    return EXIT_OK
