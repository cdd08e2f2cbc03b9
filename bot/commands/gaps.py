"""``whoowns gaps``: the questions the bot could not answer fully, most asked first.

    whoowns gaps [--since 7d|24h] [--limit 20] [--json]
    whoowns gaps dismiss TEXT

``--json`` prints a JSON array of ``{"text", "kind", "count", "first_seen", "last_seen"}``
(times ISO-8601, UTC); kind ``reported`` (an answer readers marked "Wrong or unclear?") adds
its latest ``reasons`` and the ``contacts`` who agreed to be asked. Each other gap is
re-checked against the current knowledge first: one that is answered fully now is deleted
instead of listed. ``dismiss`` drops one gap, with its reports (asked again, it comes back).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from bot.commands._common import (
    EXIT_FAIL,
    EXIT_OK,
    EXIT_USAGE,
    add_database_url,
    add_now,
    knowledge,
    now_of,
    open_store,
    reporting,
    settings,
)

if TYPE_CHECKING:
    from bot.config import Settings
    from bot.gaps.service import GapsService

_SINCE = re.compile(r"(\d{1,5})([dh])")


def since(text: str) -> timedelta:
    match = _SINCE.fullmatch(text.strip().lower())
    if not match or int(match.group(1)) == 0:
        raise argparse.ArgumentTypeError(f"expected a period like 7d or 24h, got {text!r}")
    amount = int(match.group(1))
    return timedelta(days=amount) if match.group(2) == "d" else timedelta(hours=amount)


def limit(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 1000:
        raise argparse.ArgumentTypeError(f"expected a number from 1 to 1000, got {text!r}")
    return int(text)


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("action", nargs="?", choices=["dismiss"], help="dismiss TEXT: drop one gap")
    parser.add_argument("text", nargs="*", metavar="TEXT", help="the gap to dismiss, as listed")
    parser.add_argument("--since", type=since, metavar="7d|24h", help="last asked within this")
    parser.add_argument(
        "--limit", type=limit, default=20, metavar="N", help="how many (default 20)"
    )
    parser.add_argument("--json", action="store_true", help="print a JSON array")
    add_now(parser)
    add_database_url(parser)


def run(args: argparse.Namespace) -> int:
    return reporting("whoowns gaps", lambda: _gaps(args))


def _service(args: argparse.Namespace, store: Any, conf: Settings) -> GapsService:
    from bot.deps import Deps
    from bot.gaps.service import GapsService
    from bot.intent import IntentMatcher

    kb = knowledge(conf)
    deps = Deps(kb, IntentMatcher(kb), store, settings=conf, clock=lambda: now_of(args))
    return GapsService(deps)


def _gaps(args: argparse.Namespace) -> int:
    if args.action is None and args.text:
        print("whoowns gaps: to drop a gap: whoowns gaps dismiss TEXT", file=sys.stderr)
        return EXIT_USAGE
    if args.action == "dismiss" and not " ".join(args.text).strip():
        print("whoowns gaps: say which gap: whoowns gaps dismiss TEXT", file=sys.stderr)
        return EXIT_USAGE
    conf = settings()
    store = open_store(args, conf)
    try:
        service = _service(args, store, conf)
        if args.action == "dismiss":
            return _dismiss(service, " ".join(args.text))
        now = now_of(args)
        gaps = service.top(now, limit=args.limit, since=now - args.since if args.since else None)
    finally:
        store.close()
    if args.json:
        print(json.dumps([g.to_json() for g in gaps], indent=2))
        return EXIT_OK
    from bot.gaps.render import terminal_lines

    window = f"in the last {_period(args.since)}" if args.since else "recorded"
    print("\n".join(terminal_lines(gaps, window)))
    return EXIT_OK


def _dismiss(service: GapsService, text: str) -> int:
    if service.dismiss(text):
        print(f"Dismissed: {text}")
        return EXIT_OK
    print(f"whoowns gaps: no gap {text!r} (whoowns gaps lists them)", file=sys.stderr)
    return EXIT_FAIL


def _period(period: timedelta) -> str:
    hours = int(period.total_seconds() // 3600)
    return f"{hours // 24} days" if hours % 24 == 0 else f"{hours} hours"
