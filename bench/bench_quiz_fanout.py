"""Quiz fan-out benchmark: one tick posting to 1,000 subscribed channels.

Against a LocalSlack that answers 10 % of ``chat.postMessage`` calls with HTTP 429 and
``Retry-After: 1`` (every 10th call, retries included). The tick uses the same WebClient as
``whoowns serve`` uses for background work (429 honoured with ``Retry-After``) and the
engine's thread pool. Checked: every channel gets exactly one question, nothing is left
claimed, a second tick posts nothing.

    python bench/bench_quiz_fanout.py                       # SQLite file, concurrency 8 and 32
    python bench/bench_quiz_fanout.py --channels 1000 --concurrency 1,8,32
    python bench/bench_quiz_fanout.py --database-url postgresql://postgres@127.0.0.1:5432/test
"""

from __future__ import annotations

import argparse
import logging
import platform
import sys
import tempfile
import time
from collections import Counter
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.config import Settings  # noqa: E402
from bot.features import load_knowledge  # noqa: E402
from bot.localslack import LocalSlack  # noqa: E402
from bot.localslack.ids import BOT_TOKEN  # noqa: E402
from bot.quiz.engine import QuizEngine  # noqa: E402
from bot.slack.client import make_background_client  # noqa: E402
from bot.store import open_store  # noqa: E402
from bot.store.quiz import QuizStore  # noqa: E402

NOW = datetime(2024, 1, 15, 8, 0, tzinfo=timezone.utc)  # Monday 09:00 Berlin


def fresh_db(url: str | None, tmp: Path, n: int) -> tuple[str, object]:
    if url is None:
        return f"sqlite:///{tmp / f'quiz-{n}.db'}", None
    from tests.support.databases import fresh_postgres_schema

    ctx = fresh_postgres_schema(url)
    return ctx.__enter__(), ctx


def run(channels: int, concurrency: int, db_url: str, knowledge) -> dict:
    store = open_store(db_url)
    quiz = QuizStore(store)
    ids = [f"C{i:07d}" for i in range(channels)]
    for channel in ids:
        quiz.subscribe(channel, "09:00", "Europe/Berlin", "weekdays", None, NOW)
    with LocalSlack() as slack:
        slack.fail("chat.postMessage", status=429, retry_after=1, times=None, ratio=0.10)
        settings = Settings(bot_token=BOT_TOKEN, slack_api_url=slack.base_url)
        engine = QuizEngine(
            knowledge, store, make_background_client(settings), concurrency=concurrency
        )
        start = time.perf_counter()
        report = engine.tick(NOW)
        elapsed = time.perf_counter() - start
        again = engine.tick(NOW)
        calls = slack.calls_to("chat.postMessage")
        ok = Counter(c.args["channel"] for c in calls if c.ok)
    left_claimed = len(quiz.pending_claims())
    store.close()
    exactly_once = set(ok) == set(ids) and set(ok.values()) == {1}
    return {
        "concurrency": concurrency,
        "seconds": elapsed,
        "posted": len(report.posted),
        "per_second": len(report.posted) / elapsed,
        "calls": len(calls),
        "rate_limited": sum(1 for c in calls if c.status == 429),
        "exactly_once": exactly_once and left_claimed == 0 and not again.posted,
        "failed": len(report.failed),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--channels", type=int, default=1000)
    parser.add_argument("--concurrency", default="8,32", help="comma-separated (default 8,32)")
    parser.add_argument("--database-url", help="PostgreSQL server (a fresh schema per run)")
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)
    knowledge = load_knowledge()
    levels = [int(x) for x in args.concurrency.split(",")]
    db = "PostgreSQL" if args.database_url else "SQLite (file, WAL)"
    print(
        f"Quiz fan-out: {args.channels} channels, 10 % of chat.postMessage answered 429 + "
        f"Retry-After: 1; {db}; Python {platform.python_version()}, {platform.machine()}"
    )
    print()
    print("| concurrency | time (s) | posts/s | postMessage calls | 429s | failed | exactly once |")
    print("|---:|---:|---:|---:|---:|---:|:---:|")
    all_ok = True
    with tempfile.TemporaryDirectory() as tmp:
        for n, level in enumerate(levels):
            url, ctx = fresh_db(args.database_url, Path(tmp), n)
            try:
                r = run(args.channels, level, url, knowledge)
            finally:
                if ctx is not None:
                    ctx.__exit__(None, None, None)
            all_ok = all_ok and r["exactly_once"] and r["posted"] == args.channels
            print(
                f"| {r['concurrency']} | {r['seconds']:.1f} | {r['per_second']:.0f} | "
                f"{r['calls']} | {r['rate_limited']} | {r['failed']} | "
                f"{'yes' if r['exactly_once'] else 'NO'} |"
            )
    return 0 if all_ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
