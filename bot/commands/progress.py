"""``whoowns progress --user U… [--json]``: how far someone's onboarding is.

For a manager or buddy, without Slack: lessons done, cards learned / due / mastered, streak,
next review, and whether onboarding is complete. ``--json`` prints one JSON object with at
least ``lessons_done``, ``lessons_total``, ``cards_total``, ``cards_due``, ``cards_mastered``
and ``completed``. Needs only the database (no Slack token).

Exit status: 0 printed; 1 the database or the knowledge is not usable; 2 bad input.
"""

from __future__ import annotations

import argparse
import json

from bot.commands._common import (
    EXIT_OK,
    add_database_url,
    add_now,
    knowledge,
    now_of,
    open_store,
    reporting,
    settings,
    user_id,
)


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--user", type=user_id, required=True, metavar="U…", help="the person's Slack user id"
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    add_now(parser)
    add_database_url(parser)


def run(args: argparse.Namespace) -> int:
    return reporting("whoowns progress", lambda: _progress(args))


def _progress(args: argparse.Namespace) -> int:
    from bot.onboarding.engine import OnboardingEngine
    from bot.onboarding.render import progress_text

    conf = settings()
    kb = knowledge(conf)
    store = open_store(args, conf)
    try:
        engine = OnboardingEngine(kb, store, None)
        progress = engine.progress(args.user, now_of(args))
    finally:
        store.close()
    if args.json:
        print(json.dumps(progress.to_json(), indent=2))
    else:
        print(progress_text(progress, args.user))
    return EXIT_OK
