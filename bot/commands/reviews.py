"""``whoowns reviews tick [--now ISO-8601]``: send the onboarding DMs that are due, then exit.

One tick of what ``whoowns serve`` / ``whoowns socket`` run every minute: each user's lesson
(one per working day at their chosen local time) and daily review DM (up to 5 due cards, once
per user per local day — guaranteed by the database, so concurrent ticks, restarts and several
instances send it once). A ``clock:`` process or cron may run it instead of the server's ticker.

It is ``whoowns tick`` limited to onboarding (:mod:`bot.commands.tick`): the same workspaces,
tokens and one-line report (what was sent, retried, stopped; every workspace skipped and why).
Exit status: 0 after a tick; 1 the database, the knowledge or Slack is not usable;
2 bad input or configuration.
"""

from __future__ import annotations

import argparse

from bot.commands._common import add_database_url, add_now, reporting


def configure(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    t = sub.add_parser("tick", help="send the lesson and review DMs due now (or at --now)")
    add_now(t, "the instant to tick at")
    add_database_url(t)


def run(args: argparse.Namespace) -> int:
    return reporting(f"whoowns reviews {args.action}", lambda: _tick(args))


def _tick(args: argparse.Namespace) -> int:
    from bot.commands.tick import run_tick

    return run_tick(args, features=("onboarding",))
