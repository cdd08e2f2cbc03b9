"""``whoowns quiz …``: the daily quiz from the command line (admins, cron, the Procfile).

    whoowns quiz subscribe --channel C0123 --time 09:00 --tz Europe/Berlin --days mon-fri \
        [--reveal next|end-of-day]       # when answers are revealed (default: keep; new: next)
    whoowns quiz unsubscribe --channel C0123
    whoowns quiz resume --channel C0123                 # after a pause (bot removed, archived)
    whoowns quiz list
    whoowns quiz tick [--now 2024-03-04T08:00:00Z]     # needs SLACK_BOT_TOKEN (or the client)
    whoowns quiz now --channel C0123                    # one extra question; needs the token
    whoowns quiz season status [--channel C0123] [--json]   # seasons: bot.commands.quiz_seasons
    whoowns quiz season list [--json]

Every action but ``bank`` takes ``--workspace T…`` (needed when several workspaces are
installed); ``tick`` covers every active workspace, each with its own token, unless given.
    whoowns quiz bank [--json]                          # the questions the knowledge gives

Exit status: 0 done; 1 the database, the knowledge or Slack is not usable; 2 bad input
(a time like 25:00, an unknown time zone or day: the message shows the right form).
``quiz tick`` exits 0 after a tick even when a channel was paused or will be retried; its
one-line report says so.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime, timezone
from typing import Any

from bot.commands._common import (
    EXIT_FAIL,
    EXIT_OK,
    EXIT_USAGE,
    CommandError,
    add_channel,
    add_database_url,
    add_now,
    choice,
    knowledge,
    now_of,
    open_database,
    open_store,
    reporting,
    settings,
    slack_settings,
)


def _reveal(text: str) -> str:
    from bot.quiz.schedule import ScheduleError, parse_reveal

    try:
        return parse_reveal(text)
    except ScheduleError:
        raise argparse.ArgumentTypeError(
            f"expected next (reveal when the next question is posted) or end-of-day "
            f"(reveal at midnight local time), got {text!r}"
        ) from None


def _topics(text: str) -> str:
    from bot.quiz.topics import TopicsError, parse_topics

    try:
        return parse_topics(text)
    except TopicsError as exc:
        raise argparse.ArgumentTypeError(f"{str(exc).replace('`', '')}, got {text!r}") from None


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def configure(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    s = sub.add_parser("subscribe", help="post a daily question to a channel")
    add_channel(s)
    s.add_argument(
        "--time", default="09:00", metavar="HH:MM", help="local time HH:MM (default 09:00)"
    )
    s.add_argument("--tz", default="UTC", metavar="ZONE", help="IANA time zone (default UTC)")
    s.add_argument(
        "--days",
        default="weekdays",
        metavar="DAYS",
        help="weekdays | daily | mon,wed,fri | mon-fri (default)",
    )
    s.add_argument(
        "--reveal",
        type=_reveal,
        metavar="next|end-of-day",
        help="when a question closes and its answer is revealed: when the next one is posted "
        "(next) or at midnight local time (end-of-day). Default: the channel's current setting; "
        "next for a new subscription",
    )
    s.add_argument(
        "--topics",
        type=_topics,
        metavar="course|ours|mixed",
        help="what the questions are about: the AWS course, your organisation's databases "
        "(the inventory), or both in turn. Default: the channel's current setting; course for "
        "a new subscription",
    )
    add_now(s, "the instant to act at (tests)")
    add_database_url(s)
    u = sub.add_parser("unsubscribe", help="stop a channel's questions")
    add_channel(u)
    add_database_url(u)
    r = sub.add_parser("resume", help="un-pause a channel after the bot was invited back")
    add_channel(r)
    add_now(r, "the instant to act at (tests)")
    add_database_url(r)
    lst = sub.add_parser("list", help="every subscribed channel, its schedule and next question")
    lst.add_argument("--json", action="store_true", help="print JSON")
    add_now(lst, "the instant to act at (tests)")
    add_database_url(lst)
    t = sub.add_parser("tick", help="post every question due now (or at --now), then exit")
    add_now(t, "the instant to tick at")
    t.add_argument(
        "--concurrency", type=int, default=None, metavar="N", help="parallel posts (default 8)"
    )
    add_database_url(t)
    n = sub.add_parser("now", help="post one extra question to a channel now")
    add_channel(n)
    add_database_url(n)
    from bot.commands import quiz_seasons

    quiz_seasons.configure(sub.add_parser("season", help="seasons and challenges: status, list"))
    b = sub.add_parser("bank", help="the questions generated from the knowledge")
    b.add_argument(
        "--json", action="store_true", help="every question as JSON (default: a numbered list)"
    )


def run(args: argparse.Namespace) -> int:
    return reporting(f"whoowns quiz {args.action}", lambda: _ACTIONS[args.action](args))


def _engines(args: argparse.Namespace, **options: Any) -> tuple[list[tuple[str, Any]], Any]:
    """(workspace, engine) for the workspace ``args`` names (``quiz now``), on its token;
    and the store. No engine when that workspace has no bot token."""
    conf = slack_settings()
    from bot.answers.practices import rules_for
    from bot.quiz.engine import QuizEngine, full_bank
    from bot.slack.client import make_background_client, waiter
    from bot.workspaces.choose import choose, token_for

    kb = knowledge(conf)
    store = open_database(args, conf)
    try:
        workspace = choice(lambda: choose(store, args.workspace))
        token = token_for(conf, store, workspace)
    except CommandError:
        store.close()
        raise
    engines = []
    if token:
        client = make_background_client(conf)
        client.token = token
        scoped = store.scoped(workspace) if workspace else store
        bank = full_bank(kb, rules_for(conf))  # production: WHOOWNS_PRODUCTION_ENVIRONMENTS
        engine = QuizEngine(kb, scoped, client, sleep=waiter(conf), bank=bank, **options)
        engines.append((workspace, engine))
    return engines, store


# -- actions ---------------------------------------------------------------------------------


def _subscribe(args: argparse.Namespace) -> int:
    from bot.quiz.schedule import ScheduleError, describe_reveal, make_schedule
    from bot.quiz.upcoming import upcoming, when_text
    from bot.store.quiz import QuizStore

    try:
        schedule = make_schedule(args.time, args.tz, args.days)
    except ScheduleError as exc:
        raise CommandError(str(exc).replace("`", "'"), EXIT_USAGE) from None
    conf = settings()
    store = open_store(args, conf)
    try:
        now = now_of(args)
        quiz = QuizStore(store)
        sub = quiz.subscribe(
            args.channel,
            schedule.time_text,
            schedule.tz,
            schedule.days_text,
            None,
            now,
            reveal=args.reveal,  # None: keep the channel's setting (next for a new one)
            topics=args.topics,  # None: keep the channel's setting (course for a new one)
        )
        nxt, _ = upcoming(quiz, sub, now)
        print(
            f"{args.channel} subscribed: {schedule.describe()}. "
            f"Next question: {when_text(quiz, sub, now)} "
            f"({nxt.scheduled_utc:%Y-%m-%d %H:%M} UTC). "
            f"{_sentence(describe_reveal(sub.reveal, sub.tz))}. Topics: {sub.topics}."
        )
    finally:
        store.close()
    return EXIT_OK


def _unsubscribe(args: argparse.Namespace) -> int:
    from bot.store.quiz import QuizStore

    store = open_store(args, settings())
    try:
        if not QuizStore(store).unsubscribe(args.channel):
            print(f"{args.channel} was not subscribed.")
            return EXIT_OK
        print(f"{args.channel} unsubscribed; its scores are kept.")
    finally:
        store.close()
    return EXIT_OK


def _resume(args: argparse.Namespace) -> int:
    from bot.quiz.upcoming import when_text
    from bot.store.quiz import QuizStore

    store = open_store(args, settings())
    try:
        quiz = QuizStore(store)
        sub = quiz.subscription(args.channel)
        if sub is None:
            raise CommandError(f"{args.channel} is not subscribed")
        now = now_of(args)
        quiz.resume(args.channel, now)
        resumed = quiz.subscription(args.channel)
        nxt = when_text(quiz, resumed, now) if resumed is not None else "?"
    finally:
        store.close()
    was = f" (was paused: {sub.paused_reason})" if sub.paused else " (it was not paused)"
    print(f"{args.channel} resumed{was}. Next question: {nxt}.")
    return EXIT_OK


def _list(args: argparse.Namespace) -> int:
    from bot.quiz.schedule import ScheduleError
    from bot.quiz.upcoming import guarantee, when_text
    from bot.store.access import EXACTLY_ONCE, AccessStore
    from bot.store.quiz import QuizStore

    store = open_store(args, settings())
    now = now_of(args)
    rows = []
    try:
        quiz = QuizStore(store)
        subs = quiz.subscriptions()
        access = AccessStore(store).of([s.channel for s in subs])
        for sub in subs:
            try:
                nxt = when_text(quiz, sub, now)
            except ScheduleError:
                nxt = "?"
            found = access.get(sub.channel)
            rows.append(_row(sub, nxt, found.guarantee if found else EXACTLY_ONCE, found))
    finally:
        store.close()
    if args.json:
        print(json.dumps([{k: v for k, v in r.items() if k != "_access"} for r in rows], indent=2))
        return EXIT_OK
    if not rows:
        print("No channel is subscribed. Try: whoowns quiz subscribe --channel C0123 --tz UTC")
        return EXIT_OK
    for r in rows:
        status = f"PAUSED ({r['paused']})" if r["paused"] else f"next {r['next']}"
        print(
            f"{r['channel']:<12} {r['time']} {r['tz']:<20} {r['days']:<14} "
            f"reveal:{r['reveal']:<10} topics:{r['topics']:<6} {status}\n"
            f"{'':<12} {guarantee(r['_access'])}"
        )
    return EXIT_OK


def _row(sub: Any, nxt: str, kept: str, access: Any) -> dict[str, Any]:
    """One channel of ``quiz list`` (``guarantee``: exactly-once | one-repeat)."""
    return {
        "channel": sub.channel,
        "time": sub.at,
        "tz": sub.tz,
        "days": sub.days,
        "reveal": sub.reveal,
        "topics": sub.topics,
        "paused": sub.paused_reason,
        "next": None if sub.paused else nxt,
        "guarantee": kept,
        "guarantee_reason": access.reason if access else None,
        "_access": access,
    }


def _tick(args: argparse.Namespace) -> int:
    from bot.commands.tick import run_tick

    return run_tick(args, features=("quiz",), concurrency=args.concurrency or 0)


def _now(args: argparse.Namespace) -> int:
    if args.workspace is None and settings().oauth_mode:
        raise CommandError("say in which workspace to post, with --workspace T…", EXIT_USAGE)
    engines, store = _engines(args)
    try:
        if not engines:
            raise CommandError(f"no bot token for workspace {args.workspace}: reinstall the app")
        outcome = engines[0][1].post_now(args.channel, datetime.now(timezone.utc))
    finally:
        store.close()
    if outcome.status == "posted":
        print(f"posted a question to {args.channel}: {outcome.question.text.replace('*', '')}")
        return EXIT_OK
    print(f"not posted to {args.channel}: {outcome.error or outcome.status}", file=sys.stderr)
    return EXIT_FAIL


def _bank(args: argparse.Namespace) -> int:
    from collections import Counter

    from bot.bank import build_bank

    bank = build_bank(knowledge(settings()))
    if args.json:
        print(json.dumps([q.to_json() for q in bank], indent=2, ensure_ascii=False))
        return EXIT_OK
    for number, question in enumerate(bank, 1):
        print(bank_entry(number, question))
    kinds = Counter(q.kind for q in bank)
    print(f"{len(bank)} questions: " + ", ".join(f"{n} {k}" for k, n in kinds.items()))
    return EXIT_OK


def bank_entry(number: int, question: Any) -> str:  # Any: a bank Question (its module moves)
    """``  12. Who owns Backups for Amazon RDS?  [owner]`` and its options, the answer marked."""
    from bot.render.terminal import mrkdwn_to_text

    options = "  ·  ".join(
        f"{option.label} ✓" if option.key == question.answer else option.label
        for option in question.options
    )
    return f"{number:>4}. {mrkdwn_to_text(question.text)}  [{question.kind}]\n      {options}"


def _season(args: argparse.Namespace) -> int:
    from bot.commands import quiz_seasons

    return quiz_seasons.run(args)


_ACTIONS = {
    "subscribe": _subscribe,
    "unsubscribe": _unsubscribe,
    "resume": _resume,
    "list": _list,
    "tick": _tick,
    "now": _now,
    "bank": _bank,
    "season": _season,
}
