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

from bot.commands._common import (
    EXIT_OK,
    add_database_url,
    add_now,
    choice,
    knowledge,
    now_of,
    open_database,
    reporting,
    slack_settings,
)


def configure(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    t = sub.add_parser("tick", help="send the lesson and review DMs due now (or at --now)")
    add_now(t, "the instant to tick at")
    add_database_url(t)


def run(args: argparse.Namespace) -> int:
    return reporting(f"whoowns reviews {args.action}", lambda: _tick(args))


def _tick(args: argparse.Namespace) -> int:
    conf = slack_settings()
    from bot.onboarding.engine import OnboardingEngine
    from bot.slackapi import make_background_client, waiter
    from bot.workspaces.choose import tick_targets

    kb = knowledge(conf)
    store = open_database(args, conf)
    try:
        targets = choice(lambda: tick_targets(conf, store, args.workspace))
        for workspace, token in targets:
            client = make_background_client(conf)
            client.token = token
            scoped = store.scoped(workspace) if workspace else store
            engine = OnboardingEngine(
                kb,
                scoped,
                client,
                default_channel=conf.onboarding_channel_for(workspace),
                sleep=waiter(conf),
            )
            summary = engine.tick(now_of(args)).summary()
            print(f"{workspace}: {summary}" if len(targets) > 1 else summary)
    finally:
        store.close()
    return EXIT_OK
