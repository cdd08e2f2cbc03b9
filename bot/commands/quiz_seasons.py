"""``whoowns quiz season …``: the quiz's seasons and challenges from the command line.

    whoowns quiz season status [--channel C0123] [--json]   # the open season(s) and their boards
    whoowns quiz season list [--json]                       # every season, and its final board

Both read the database only (no Slack token needed) and take ``--workspace T…`` (needed when
several workspaces are installed). Seasons are started and ended in Slack
(``/whoowns quiz season start|end``), where the admins' check applies.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from bot.commands._common import (
    EXIT_OK,
    add_database_url,
    channel_id,
    open_store,
    settings,
)


def configure(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="season_action", metavar="ACTION", required=True)
    st = sub.add_parser("status", help="the open season of a channel (default: every one)")
    st.add_argument("--channel", type=channel_id, metavar="C…", help="only this channel's")
    st.add_argument("--json", action="store_true", help="print JSON")
    add_database_url(st)
    ls = sub.add_parser("list", help="every season, open or ended, and its final board")
    ls.add_argument("--json", action="store_true", help="print JSON")
    add_database_url(ls)


def run(args: argparse.Namespace) -> int:
    return _status(args) if args.season_action == "status" else _list(args)


def _season_json(season: Any) -> dict[str, Any]:
    return {
        "id": season.id,
        "name": season.name,
        "kind": season.kind,
        "channels": list(season.channels),
        "started_by": season.started_by,
        "started_at": season.started_at.isoformat(),
        "until": season.until.isoformat() if season.until else None,
        "tz": season.tz,
        "ended_at": season.ended_at.isoformat() if season.ended_at else None,
    }


def _score_json(score: Any) -> dict[str, Any]:
    keys = ("user", "score", "answered", "correct", "accuracy")
    return {k: v for k, v in score.to_json().items() if k in keys}


def _heading(season: Any) -> str:
    what = "Challenge" if season.kind == "challenge" else "Season"
    until = f"until {season.until.isoformat()} ({season.tz})" if season.until else "no end date"
    return (
        f"{what} {json.dumps(season.name, ensure_ascii=False)} in {' '.join(season.channels)}"
        f" · since {season.started_at:%Y-%m-%d} · {until}"
    )


def _status(args: argparse.Namespace) -> int:
    from bot.quiz.season_ops import board
    from bot.store.quiz_seasons import SeasonStore

    store = open_store(args, settings())
    try:
        seasons = SeasonStore(store)
        if args.channel:
            current = seasons.current(args.channel)
            found = [current] if current is not None else []
        else:
            found = seasons.open_seasons()
        boards = [(s, board(store, s)) for s in found]
    finally:
        store.close()
    if args.json:
        rows = [_season_json(s) | {"board": [_score_json(x) for x in b]} for s, b in boards]
        print(json.dumps(rows, indent=2, ensure_ascii=False))
        return EXIT_OK
    if not boards:
        where = f" in {args.channel}" if args.channel else ""
        print(f"No season is open{where}. Start one in Slack: /whoowns quiz season start NAME")
        return EXIT_OK
    lines = []
    for season, scores in boards:
        lines.append(_heading(season))
        lines += [
            f"  {i:>2}. {s.user:<12} {s.points:>5} pts  {s.correct}/{s.answered} right"
            for i, s in enumerate(scores, 1)
        ] or ["  nobody has answered yet"]
    print("\n".join(lines))
    return EXIT_OK


def _final_board(season: Any, boards: dict[str, Any]) -> dict[str, str]:
    """Per channel: posted | pending | failed: <error> (nothing while the season is open)."""
    if season.ended_at is None:
        return {}
    out = {}
    for channel in season.channels:
        b = boards.get(channel)
        if b is None or b.state == "claimed":
            out[channel] = "pending"
        elif b.state == "failed":
            out[channel] = f"failed: {b.error}"
        else:
            out[channel] = b.state
    return out


def _list(args: argparse.Namespace) -> int:
    from bot.store.quiz_seasons import SeasonStore

    store = open_store(args, settings())
    try:
        seasons = SeasonStore(store)
        rows = [(s, _final_board(s, seasons.boards(s.id))) for s in seasons.all_seasons()]
    finally:
        store.close()
    rows.reverse()  # the newest first
    if args.json:
        out = [_season_json(s) | {"final_board": fb} for s, fb in rows]
        print(json.dumps(out, indent=2, ensure_ascii=False))
        return EXIT_OK
    if not rows:
        print("No season yet. Start one in Slack: /whoowns quiz season start NAME")
        return EXIT_OK
    for season, final in rows:
        if season.ended_at is None:
            state = "OPEN"
        else:
            shown = ", ".join(f"{c} {v}" for c, v in final.items())
            state = f"ended {season.ended_at:%Y-%m-%d %H:%M} UTC · final board: {shown}"
        print(f"{_heading(season)}\n  {state}")
    return EXIT_OK
