"""Many workspaces vs one, side by side in one run (OAuth mode, one database, LocalSlack).

1. Quiz fan-out: 50 installed workspaces x 20 subscribed channels (the same 20 channel ids in
   every workspace: Slack ids are per workspace), LocalSlack answering each workspace's 10th
   ``chat.postMessage`` with HTTP 429 + ``Retry-After: 1``; the minute tick as ``whoowns
   serve`` runs it (each active workspace with its own token). Checked: every channel of
   every workspace gets exactly one question, posted with its own workspace's token. Compared
   with 1,000 channels in one workspace (the same number of 429s, 50).
2. Slash commands (``/whoowns patching aurora`` and ``/whoowns quiz status``), signed, at
   concurrency 16, spread over the 50 workspaces vs all from one workspace, through the OAuth
   app's WSGI entry in this process (Bolt's authorize with the cached installation lookup):
   throughput, p50, p99, errors; the median of 3 alternating runs each. Target: 50
   workspaces within 0.8x of one.

    python bench/bench_workspaces.py                       # SQLite file
    python bench/bench_workspaces.py --database-url postgresql://postgres@127.0.0.1:5432/test
"""

from __future__ import annotations

import argparse
import logging
import platform
import statistics
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from slack_sdk import WebClient  # noqa: E402

from bot.features import TickContext, build_services, installed, load_knowledge  # noqa: E402
from bot.intent import IntentMatcher  # noqa: E402
from bot.localslack import LocalSlack  # noqa: E402
from bot.oauth.ticks import workspace_tick_jobs  # noqa: E402
from bot.slack.client import retry_handlers  # noqa: E402
from bot.store.quiz import QuizStore  # noqa: E402
from tests.support import slack_requests as sr  # noqa: E402
from tests.support.oauth import CLIENT_ID, CLIENT_SECRET, REDIRECT_URI, OAuthBot  # noqa: E402

WORKSPACES, CHANNELS = 50, 20
CHANNEL_IDS = [f"C{i:07d}" for i in range(CHANNELS)]
ONE_WORKSPACE_CHANNELS = [f"C{i:07d}" for i in range(WORKSPACES * CHANNELS)]
TEAMS = [f"T{i:07d}" for i in range(WORKSPACES)]
CONCURRENCY = 16
ROUNDS = 3  # slash-command runs per setup; the median is shown


def stand_in() -> LocalSlack:
    slack = LocalSlack().start()
    slack.oauth.client_id, slack.oauth.client_secret = CLIENT_ID, CLIENT_SECRET
    slack.oauth.redirect_uri = REDIRECT_URI
    for team in TEAMS:
        slack.oauth.workspaces[team] = f"Workspace {team}"
    return slack


def fresh_db(url: str | None, tmp: Path, name: str, stack: ExitStack) -> str:
    if url is None:
        return f"sqlite:///{tmp / f'{name}.db'}"
    from tests.support.databases import fresh_postgres_schema

    return stack.enter_context(fresh_postgres_schema(url))


def open_bot(slack: LocalSlack, db_url: str, knowledge: Any, teams: list[str]) -> OAuthBot:
    bot = OAuthBot.start(knowledge, IntentMatcher(knowledge), slack, db_url)
    for team in teams:
        page = bot.install(slack, team)
        assert page.status == 200, page.text
    return bot


def subscribe(bot: OAuthBot, team: str, channels: list[str], now: datetime) -> None:
    quiz = QuizStore(bot.deps.store.scoped(team))
    for channel in channels:
        quiz.subscribe(channel, "09:00", "UTC", "daily", None, now)


def fan_out(bot: OAuthBot, slack: LocalSlack) -> dict[str, Any]:
    """One minute tick over every active workspace; who got what, with whose token."""
    features = installed()
    context = TickContext(bot.deps, build_services(bot.deps, features))

    def client_for(token: str) -> WebClient:  # what `whoowns serve` uses for ticks
        handlers = retry_handlers(rate_limit_retries=5, server_error_retries=2)
        return WebClient(token=token, base_url=slack.base_url, timeout=30, retry_handlers=handlers)

    jobs = workspace_tick_jobs(context, bot.installs, features, client_for)
    day = (datetime.now(timezone.utc) + timedelta(days=1)).replace(hour=9, minute=0)
    slack.clear()
    start = time.perf_counter()
    for job in jobs:
        job(day)
    elapsed = time.perf_counter() - start
    calls = slack.calls_to("chat.postMessage")
    posted = Counter((c.args["_auth"]["workspace"], c.args["channel"]) for c in calls if c.ok)
    return {
        "seconds": elapsed,
        "posted": sum(posted.values()),
        "calls": len(calls),
        "rate_limited": sum(1 for c in calls if c.status == 429),
        "posted_by": posted,
    }


def commands(bot: OAuthBot, teams: list[str], requests: int) -> dict[str, Any]:
    """Signed slash commands at CONCURRENCY, round-robin over ``teams``."""
    texts = ["patching aurora", "quiz status"]

    def one(n: int) -> tuple[float, bool]:
        team = teams[n % len(teams)]
        request = sr.slash_command(texts[n % 2], team_id=team, channel_id=CHANNEL_IDS[0])
        start = time.perf_counter()
        page = bot.event(request)
        return time.perf_counter() - start, page.status == 200

    for n in range(len(teams)):  # warm: every workspace's installation looked up once
        one(n)
    start = time.perf_counter()
    with ThreadPoolExecutor(CONCURRENCY) as pool:
        results = list(pool.map(one, range(requests)))
    elapsed = time.perf_counter() - start
    times = sorted(t for t, _ in results)
    return {
        "per_second": requests / elapsed,
        "p50": statistics.median(times) * 1000,
        "p99": times[int(len(times) * 0.99) - 1] * 1000,
        "errors": sum(1 for _, ok in results if not ok),
    }


def _median_run(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """The run with the median throughput (errors: all runs')."""
    ordered = sorted(runs, key=lambda r: r["per_second"])
    return {**ordered[len(ordered) // 2], "errors": sum(r["errors"] for r in runs)}


def run_fan_out(args: argparse.Namespace, knowledge: Any, tmp: Path) -> bool:
    print("## Quiz fan-out: 1,000 channels, one tick, 50 x 429 + Retry-After: 1")
    print()
    print("| setup | time (s) | postMessage calls | 429s | posted | exactly once, own token |")
    print("|---|---:|---:|---:|---:|:---:|")
    now = datetime.now(timezone.utc)
    ok = True
    with ExitStack() as stack:
        slack = stand_in()
        stack.callback(slack.stop)
        many = open_bot(slack, fresh_db(args.database_url, tmp, "many", stack), knowledge, TEAMS)
        stack.callback(many.close)
        for team in TEAMS:
            subscribe(many, team, CHANNEL_IDS, now)
            slack.fail("chat.postMessage", retry_after=1, times=1, ratio=0.1, workspace=team)
        r = fan_out(many, slack)
        expected = {(t, c) for t in TEAMS for c in CHANNEL_IDS}
        once = set(r["posted_by"]) == expected and set(r["posted_by"].values()) == {1}
        ok = ok and once
        print(
            f"| 50 workspaces x 20 channels | {r['seconds']:.1f} | {r['calls']} | "
            f"{r['rate_limited']} | {r['posted']} | {'yes' if once else 'NO'} |"
        )
    with ExitStack() as stack:
        slack = stand_in()
        stack.callback(slack.stop)
        one = open_bot(slack, fresh_db(args.database_url, tmp, "one", stack), knowledge, TEAMS[:1])
        stack.callback(one.close)
        subscribe(one, TEAMS[0], ONE_WORKSPACE_CHANNELS, now)
        slack.fail("chat.postMessage", retry_after=1, times=WORKSPACES, ratio=1 / CHANNELS)
        r = fan_out(one, slack)
        expected = {(TEAMS[0], c) for c in ONE_WORKSPACE_CHANNELS}
        once = set(r["posted_by"]) == expected and set(r["posted_by"].values()) == {1}
        ok = ok and once
        print(
            f"| 1 workspace x 1,000 channels | {r['seconds']:.1f} | {r['calls']} | "
            f"{r['rate_limited']} | {r['posted']} | {'yes' if once else 'NO'} |"
        )
    print()
    return ok


def run_commands(args: argparse.Namespace, knowledge: Any, tmp: Path) -> bool:
    print(
        f"## Slash commands: {args.requests} signed requests at concurrency {CONCURRENCY}, "
        f"median of {ROUNDS} alternating runs (in-process WSGI, Bolt's OAuth authorize)"
    )
    print()
    print("| spread over | requests/s | p50 (ms) | p99 (ms) | errors |")
    print("|---|---:|---:|---:|---:|")
    with ExitStack() as stack:
        slack = stand_in()
        stack.callback(slack.stop)
        bot = open_bot(slack, fresh_db(args.database_url, tmp, "cmd", stack), knowledge, TEAMS)
        stack.callback(bot.close)
        runs: dict[str, list[dict[str, Any]]] = {"50 workspaces": [], "1 workspace": []}
        for _ in range(ROUNDS):  # alternating, so a busy moment of the machine hits both
            runs["50 workspaces"].append(commands(bot, TEAMS, args.requests))
            runs["1 workspace"].append(commands(bot, TEAMS[:1], args.requests))
    rows = [(name, _median_run(found)) for name, found in runs.items()]
    for name, r in rows:
        print(
            f"| {name} | {r['per_second']:.0f} | {r['p50']:.0f} | {r['p99']:.0f} | {r['errors']} |"
        )
    ratio = rows[0][1]["per_second"] / rows[1][1]["per_second"]
    print()
    print(f"50 workspaces / 1 workspace throughput: {ratio:.2f}x (target: at least 0.8x)")
    print()
    return ratio >= 0.8 and all(r["errors"] == 0 for _, r in rows)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="PostgreSQL server (a fresh schema per run)")
    parser.add_argument("--requests", type=int, default=1000, help="slash commands per setup")
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)
    knowledge = load_knowledge()
    db = "PostgreSQL" if args.database_url else "SQLite (file, WAL)"
    print(f"# Workspaces: {db}; Python {platform.python_version()}, {platform.machine()}")
    print()
    with tempfile.TemporaryDirectory() as tmp:
        fanned = run_fan_out(args, knowledge, Path(tmp))
        served = run_commands(args, knowledge, Path(tmp))
    return 0 if fanned and served else 1


if __name__ == "__main__":
    raise SystemExit(main())
