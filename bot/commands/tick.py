"""``whoowns tick [--now ISO-8601] [--workspace T…]``: run everything due now, then exit.

One run of the scheduler (:mod:`bot.scheduler`), as ``whoowns serve`` / ``socket`` run it
every minute: the quiz's questions and reveals, onboarding's lessons and review DMs, in every
active workspace (each with its own token) or the one ``--workspace`` names. ``whoowns quiz
tick`` and ``whoowns reviews tick`` are the same run limited to one feature. A ``clock:``
process or cron may run it instead of the server's ticker.

It prints one line: what ran and what was posted in each workspace, and every workspace
skipped with the reason (``T123 skipped: token rotation failed (invalid_refresh_token)``).
Exit status: 0 after a tick (a paused channel, a stopped person, a skipped workspace are in
the line); 1 the database, the knowledge or Slack is not usable, or a feature failed;
2 bad input or configuration.
"""

from __future__ import annotations

import argparse
from collections.abc import Collection

from bot.commands._common import (
    EXIT_FAIL,
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
    add_now(parser, "the instant to tick at")
    add_database_url(parser)


def run(args: argparse.Namespace) -> int:
    return reporting("whoowns tick", lambda: run_tick(args))


def run_tick(
    args: argparse.Namespace, features: Collection[str] | None = None, concurrency: int = 0
) -> int:
    """One scheduler run for ``args`` (``--now``, ``--workspace``), only ``features`` when
    given (``concurrency``: the quiz's parallel posts, 0 for its default); prints its line."""
    conf = slack_settings()
    from bot.workspaces.choose import tick_scheduler

    kb = knowledge(conf)
    store = open_database(args, conf)
    try:
        scheduler, teams = choice(lambda: tick_scheduler(conf, kb, store, args.workspace))
        options = {"quiz_concurrency": concurrency} if concurrency else None
        summary = scheduler.run(now_of(args), features=features, teams=teams, options=options)
    finally:
        store.close()
    print(summary.line())
    return EXIT_FAIL if summary.failed else EXIT_OK
