"""Exactly once through SIGKILL: a real ``whoowns quiz tick`` fanning out to N
channels is killed with SIGKILL after the local stand-in for Slack has answered a random
number of posts, while further posts are in flight (the stand-in has posted them and holds
their answers). 10 % of ``chat.postMessage`` calls are answered 429 + ``Retry-After: 1``.
Then ticks driven with ``--now`` (never waiting for the lease): +30 s (within the lease: posts
what was never claimed), +3 min (takes the stale claims over: each looks first), +30 min (an
idle tick, the baseline). Counted per run: duplicates and losses (target 0 and 0), posts in
flight at the kill, lookups, and the extra time of the take-over tick over the idle one.

    python bench/bench_exactly_once.py                                   # SQLite, 20 runs
    python bench/bench_exactly_once.py --channels 1000 --runs 20 \
        --database-url postgresql://postgres@127.0.0.1:5432/test
"""

from __future__ import annotations

import argparse
import platform
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.localslack import LocalSlack  # noqa: E402
from bot.store import open_store  # noqa: E402
from bot.store.quiz import POSTED, QuizStore  # noqa: E402
from tests.support.processes import run_whoowns, whoowns_argv, whoowns_env  # noqa: E402

SUBSCRIBED = datetime(2024, 1, 1, tzinfo=timezone.utc)
NOW = "2024-01-15T08:00:00Z"  # Monday 09:00 Berlin
TICKS = ("2024-01-15T08:00:30Z", "2024-01-15T08:03:00Z", "2024-01-15T08:30:00Z")
DAY = "2024-01-15"


def fresh_db(url: str | None, tmp: Path, n: int) -> tuple[str, object]:
    if url is None:
        return f"sqlite:///{tmp / f'once-{n}.db'}", None
    from tests.support.databases import fresh_postgres_schema

    ctx = fresh_postgres_schema(url)
    return ctx.__enter__(), ctx


def timed_tick(now: str, env: dict[str, str]) -> float:
    start = time.perf_counter()
    out = run_whoowns("quiz", "tick", "--now", now, env=env, timeout=600)
    if out.returncode != 0:
        raise SystemExit(f"tick at {now} failed: {out.stderr}")
    return time.perf_counter() - start


def one_run(channels: int, db_url: str, tmp: Path, rng: random.Random) -> dict:
    ids = [f"C{i:07d}" for i in range(channels)]
    store = open_store(db_url)
    try:
        quiz = QuizStore(store)
        for channel in ids:
            quiz.subscribe(channel, "09:00", "Europe/Berlin", "weekdays", None, SUBSCRIBED)
    finally:
        store.close()
    answered = rng.randint(channels // 10, channels * 8 // 10)
    flying = rng.randint(1, 8)  # of the tick's 8 workers, how many posts are in flight
    with LocalSlack() as slack:
        env = whoowns_env(tmp, db_url=db_url, api_url=slack.base_url, LOG_LEVEL="ERROR")
        slack.fail("chat.postMessage", status=429, retry_after=1, times=None, ratio=0.10)
        slack.stall("chat.postMessage", after=answered)
        proc = subprocess.Popen(
            whoowns_argv("quiz", "tick", "--now", NOW),
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            arrived = slack.wait_for("chat.postMessage", count=answered + flying, timeout=600)
            proc.send_signal(signal.SIGKILL)
            proc.wait(timeout=60)
        finally:
            slack.release()
        in_flight = len(slack.calls_to("chat.postMessage")) - answered
        seconds = [timed_tick(now, env) for now in TICKS]
        shown = {c: len(slack.messages(c)) for c in ids}
        lookups = len(slack.calls_to("conversations.history"))
    store = open_store(db_url)
    try:
        states = {c: getattr(QuizStore(store).post_for(c, DAY), "state", None) for c in ids}
    finally:
        store.close()
    del arrived
    return {
        "answered": answered,
        "in_flight": in_flight,
        "duplicates": sum(n - 1 for n in shown.values() if n > 1),
        "losses": sum(1 for c in ids if shown[c] == 0 or states[c] != POSTED),
        "lookups": lookups,
        "takeover": seconds[1],
        "idle": seconds[2],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--channels", type=int, default=200)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--database-url", default=None, help="PostgreSQL server (default SQLite)")
    parser.add_argument("--seed", type=int, default=10)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    kind = "PostgreSQL" if args.database_url else "SQLite (file, WAL)"
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in range(args.runs):
            url, ctx = fresh_db(args.database_url, Path(tmp), n)
            try:
                rows.append(one_run(args.channels, url, Path(tmp) / f"run{n}", rng))
            finally:
                if ctx is not None:
                    ctx.__exit__(None, None, None)
            print(f"run {n + 1}: {rows[-1]}", file=sys.stderr, flush=True)
    print(
        f"Exactly once through SIGKILL: {args.runs} runs x {args.channels} channels, 10 % of "
        f"chat.postMessage answered 429 + Retry-After: 1, killed after a random number of "
        f"answered posts with posts in flight; {kind}; Python {platform.python_version()}, "
        f"{platform.machine()}\n"
    )
    print(
        "| run | answered before kill | in flight | duplicates | losses | lookups "
        "| take-over tick (s) | idle tick (s) | extra (s) |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for i, r in enumerate(rows, 1):
        print(
            f"| {i} | {r['answered']} | {r['in_flight']} | {r['duplicates']} | {r['losses']} "
            f"| {r['lookups']} | {r['takeover']:.2f} | {r['idle']:.2f} "
            f"| {r['takeover'] - r['idle']:.2f} |"
        )
    extra = [r["takeover"] - r["idle"] for r in rows]
    print(
        f"\ntotal: {sum(r['duplicates'] for r in rows)} duplicates, "
        f"{sum(r['losses'] for r in rows)} losses; posts in flight at the kill "
        f"{min(r['in_flight'] for r in rows)}-{max(r['in_flight'] for r in rows)}; extra time of "
        f"the take-over tick: median {statistics.median(extra):.2f} s, max {max(extra):.2f} s"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
