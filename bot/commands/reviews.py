"""``whoowns reviews tick [--now ISO-8601]``: send the onboarding DMs that are due, then exit.

One tick of what ``whoowns serve`` / ``whoowns socket`` run every minute: each user's lesson
(one per working day at their chosen local time) and daily review DM (up to 5 due cards, once
per user per local day — guaranteed by the database, so concurrent ticks, restarts and several
instances send it once). A ``clock:`` process or cron may run it instead of the server's ticker.

Exit status: 0 after a tick (the one-line report says what was sent, retried or failed);
1 the database, the knowledge or Slack is not usable; 2 bad input or configuration.
"""

from __future__ import annotations

import argparse
import sys
from datetime import datetime, timezone

from bot.commands.quiz import (
    EXIT_FAIL,
    EXIT_OK,
    EXIT_USAGE,
    CommandError,
    knowledge,
    open_store,
    parse_now,
    settings,
)


def configure(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    t = sub.add_parser("tick", help="send the lesson and review DMs due now (or at --now)")
    t.add_argument("--now", type=parse_now, metavar="ISO-8601", help="the instant to tick at")
    t.add_argument("--database-url", metavar="URL", help="overrides DATABASE_URL")


def run(args: argparse.Namespace) -> int:
    try:
        return _tick(args)
    except CommandError as exc:
        print(f"whoowns reviews {args.action}: {exc}", file=sys.stderr)
        return exc.code


def _tick(args: argparse.Namespace) -> int:
    conf = settings()
    try:
        conf.require(["SLACK_BOT_TOKEN"])
    except Exception as exc:  # ConfigError
        raise CommandError(str(exc), EXIT_USAGE) from None
    from bot.config import configure_logging
    from bot.onboarding.engine import OnboardingEngine
    from bot.slackapi import make_background_client

    configure_logging(conf)
    kb = knowledge(conf)
    store = open_store(args, conf)
    try:
        engine = OnboardingEngine(
            kb, store, make_background_client(conf), default_channel=conf.onboarding_channel
        )
        report = engine.tick(args.now or datetime.now(timezone.utc))
    except Exception as exc:  # the store went away mid-tick: one line, not a traceback
        from bot.store import StoreUnavailable

        if isinstance(exc, StoreUnavailable):
            raise CommandError(str(exc), EXIT_FAIL) from None
        raise
    finally:
        store.close()
    print(report.summary())
    return EXIT_OK
