"""``whoowns digest list``: the weekly digests of one workspace, from the command line.

    whoowns digest list [--json] [--workspace T…] [--database-url URL]

One line per channel: its team, schedule, the next digest and when one was last sent (a week
with nothing to say sends nothing). Digests are set up in Slack, in the channel:
``/whoowns digest subscribe TEAM [HH:MM] [TIME_ZONE] [DAYS]``.

Exit status: 0 listed; 1 the database is not usable; 2 bad input (several workspaces installed
and no ``--workspace``, or one not installed).
"""

from __future__ import annotations

import argparse
import json
from datetime import datetime
from typing import Any

from bot.commands._common import (
    EXIT_OK,
    add_database_url,
    add_now,
    now_of,
    open_store,
    reporting,
    settings,
)

START = "/whoowns digest subscribe TEAM [HH:MM] [TIME_ZONE] [DAYS]"


def configure(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    lst = sub.add_parser("list", help="every channel's digest: team, schedule, next, last sent")
    lst.add_argument("--json", action="store_true", help="print JSON")
    add_now(lst, "the instant to act at (tests)")
    add_database_url(lst)


def run(args: argparse.Namespace) -> int:
    return reporting(f"whoowns digest {args.action}", lambda: _list(args))


def _list(args: argparse.Namespace) -> int:
    from bot.quiz.render import when
    from bot.store.digests import DigestStore

    store = open_store(args, settings())
    now = now_of(args)
    try:
        digests = DigestStore(store)
        subs = digests.subscriptions()
        sent = digests.last_sent()
        rows = [_row(digests, sub, now, sent.get(sub.channel)) for sub in subs]
    finally:
        store.close()
    if args.json:
        print(json.dumps([{k: v for k, v in r.items() if k != "_text"} for r in rows], indent=2))
        return EXIT_OK
    if not rows:
        print(f"No channel has a weekly digest. Start one in a channel: {START}")
        return EXIT_OK
    for r in rows:
        nxt, last = r["_text"]
        next_text = f"next {when(nxt, r['tz'])}" if nxt else "next ?"
        last_text = f"last sent {when(last, r['tz'])}" if last else "never sent"
        print(
            f"{r['channel']:<12} {r['team']:<12} {r['time']} {r['tz']:<20} {r['days']:<14} "
            f"{next_text}  {last_text}"
        )
    return EXIT_OK


def _row(digests: Any, sub: Any, now: datetime, last: datetime | None) -> dict[str, Any]:
    """One channel of ``digest list``; ``next``: the digest the next tick posts (or is due)."""
    from bot.quiz.schedule import ScheduleError, make_schedule, upcoming_slot
    from bot.store.digests import post_id_for

    def done(day: Any) -> bool:
        return digests.post(post_id_for(sub.channel, day.isoformat())) is not None

    try:
        slot, _ = upcoming_slot(make_schedule(sub.at, sub.tz, sub.days), now, sub.starts_at, done)
        nxt: datetime | None = slot.scheduled_utc
    except ScheduleError:
        nxt = None
    return {
        "channel": sub.channel,
        "team": sub.team,
        "time": sub.at,
        "tz": sub.tz,
        "days": sub.days,
        "next": nxt.isoformat() if nxt else None,
        "last_sent": last.isoformat() if last else None,
        "_text": (nxt, last),
    }
