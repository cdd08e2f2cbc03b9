"""Fault injection: two tick instances, many workspaces, two simulated weeks, Slack misbehaving.

Two tick instances, each a separate process, tick one PostgreSQL database: 50 workspaces
installed through OAuth, 1,000 subscribed channels (a daily question each, at times spread
over 08:00-17:50 UTC) and 500 onboarding users (who pressed Start before the run, in four
time zones), through 14 simulated days in 10-minute steps. Each step sends both instances
the same instant; each runs at it the scheduler ``whoowns tick --now T`` runs (every feature,
every installed workspace on its own token), built once per process as a server's ticker
builds it: a new process per tick would spend the run's time on imports and connections.

The local stand-in for Slack (bot.localslack) answers a random 5 % of calls with 429
(``Retry-After`` 1-3 s) and 1 % with 500 (half of them after carrying the call out), all
drawn from ``--seed``. 2 % of the users (at least one) cannot be reached once the run starts (half
``user_not_found``, half ``cannot_dm_bot``). One workspace's app is uninstalled on day 3
(every token revoked) and installed again on day 5 (a new token through the OAuth flow).
Twice a simulated day, one instance is killed with SIGKILL at a random moment of a busy
step, and started again for the next step.

Waiting: the instances run with ``WHOOWNS_SIMULATED_WAITS=1``, so they honour every
``Retry-After`` and retry backoff they are given (the same code path, the same value) through
their injected sleep, which logs the wait instead of sleeping; the stand-in reports the waits
it asked for. Nothing in the run waits for real.

Counted from what the stand-in received (the messages it stores, with their delivery
metadata), not from the bot's records: messages due (a question per channel per day, five
lessons per user, a review DM per user per local day once cards are due), posted once,
posted twice (or more), never posted (reachable users and workspaces), claims still
``claimed`` at the end, users stopped and why, and what became of the uninstalled workspace.

    python bench/bench_faults.py                        # full size, PostgreSQL on 127.0.0.1
    python bench/bench_faults.py --workspaces 3 --channels 20 --users 10 --days 3 --kills 1
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import select
import signal
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

T0 = datetime(2026, 3, 2, tzinfo=timezone.utc)  # a Monday
DAY = timedelta(days=1)
TIME_ZONES = ("UTC", "Europe/Berlin", "America/New_York", "Asia/Tokyo")
REVOKED_ON, RESTORED_ON = 3, 5  # days of the run
DRAIN = timedelta(hours=1)  # ticks after the last day: retries finish, nothing new is due
STEP_TIMEOUT = 300.0  # seconds one instance may take for one step


# -- an instance: a long-lived process running the CLI ticks at the instants it is sent ---------


def worker() -> int:
    """Build the scheduler ``whoowns tick`` runs (every installed workspace, each on its own
    token) once, as a server's ticker does; then read instants from stdin and run it at each,
    printing ``done`` and the tick's exit code (its summary line goes to stderr)."""
    from bot.config import Settings, configure_logging
    from bot.features import load_knowledge
    from bot.store import open_store
    from bot.workspaces.choose import tick_scheduler

    conf = Settings.from_env()
    configure_logging(conf)
    store = open_store(conf.effective_database_url)
    knowledge = load_knowledge(conf.knowledge_dir, org=conf.org_knowledge_dir)
    scheduler, teams = tick_scheduler(conf, knowledge, store, None)
    for line in sys.stdin:
        now = line.strip()
        if not now:
            continue
        summary = scheduler.run(datetime.fromisoformat(now.replace("Z", "+00:00")), teams=teams)
        print(summary.line(), file=sys.stderr, flush=True)
        print(f"done {now} {1 if summary.failed else 0}", flush=True)
    store.close()
    return 0


class Instance:
    """One tick instance: its process, started again after a kill."""

    def __init__(self, name: str, env: dict[str, str], log: Path) -> None:
        self.name, self.env, self.log = name, env, log
        self.kills = 0
        self.failed_ticks = 0
        self.proc = self._spawn()

    def _spawn(self) -> subprocess.Popen[str]:
        with self.log.open("a") as sink:
            return subprocess.Popen(
                [sys.executable, str(Path(__file__).resolve()), "--worker"],
                env=self.env,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=sink,
                text=True,
                bufsize=1,
            )

    def send(self, now: str) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(now + "\n")
        self.proc.stdin.flush()

    def done(self, timeout: float) -> None:
        """Wait for the answer to the instant sent last."""
        assert self.proc.stdout is not None
        if not select.select([self.proc.stdout], [], [], timeout)[0]:
            raise SystemExit(
                f"{self.name} did not finish a step in {timeout:.0f} s: see {self.log}"
            )
        line = self.proc.stdout.readline()
        if not line.startswith("done "):
            tail = "\n".join(self.log.read_text().splitlines()[-15:])
            raise SystemExit(f"{self.name} stopped ({line.strip()!r}); its log ends:\n{tail}")
        self.failed_ticks += sum(1 for code in line.split()[2:] if code != "0")

    def kill(self) -> None:
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=30)
        self.kills += 1
        self.proc = self._spawn()

    def stop(self) -> None:
        if self.proc.stdin is not None:
            self.proc.stdin.close()
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


# -- the world: workspaces, channels, users ------------------------------------------------------


@dataclass
class World:
    teams: list[str]
    channels: dict[str, str]  # channel -> its workspace
    users: dict[str, str]  # user -> its workspace
    tz: dict[str, str]  # user -> time zone
    unreachable: dict[str, str] = field(default_factory=dict)  # user -> Slack's error
    revoked: str = ""  # the workspace uninstalled on day 3


def plan_world(args: argparse.Namespace, rng: random.Random) -> World:
    teams = [f"T{w:04d}" for w in range(args.workspaces)]
    channels = {
        f"C{i % len(teams):04d}X{i:05d}": teams[i % len(teams)] for i in range(args.channels)
    }
    users = {f"U{i % len(teams):04d}X{i:05d}": teams[i % len(teams)] for i in range(args.users)}
    tz = {u: TIME_ZONES[i % len(TIME_ZONES)] for i, u in enumerate(users)}
    world = World(teams, channels, users, tz, revoked=teams[len(teams) // 2])
    reachable = [u for u in users if users[u] != world.revoked]
    share = max(1, round(len(users) * 0.02)) if len(reachable) > 1 else 0  # 2 %, at least one
    for n, user in enumerate(rng.sample(reachable, share)):
        world.unreachable[user] = ("user_not_found", "cannot_dm_bot")[n % 2]
    return world


def quiz_time(channel: str, step: int) -> str:
    """A channel's question time: 08:00-17:50 UTC, on the run's ``step`` (minutes)."""
    minutes = 8 * 60 + (int(channel.split("X")[1]) % (600 // step)) * step
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def install_and_seed(world: World, slack: Any, bot: Any, knowledge: Any, step: int) -> None:
    """Install every workspace (the OAuth flow), subscribe the channels, start the users."""
    from slack_sdk import WebClient

    from bot.onboarding.engine import OnboardingEngine
    from bot.store.quiz import QuizStore

    for team in world.teams:
        slack.oauth.workspaces[team] = f"Workspace {team}"
        page = bot.install(slack, team)
        assert page.status == 200, page.text
    store = bot.deps.store
    for channel, team in world.channels.items():
        QuizStore(store.scoped(team)).subscribe(
            channel, quiz_time(channel, step), "UTC", "daily", None, T0 - timedelta(hours=1)
        )
    for user, team in world.users.items():
        slack.users[user] = {"tz": world.tz[user]}
        client = WebClient(token=slack.oauth.tokens_of(team)[-1], base_url=slack.base_url)
        engine = OnboardingEngine(knowledge, store.scoped(team), client)
        outcome = engine.start(user, T0)
        assert outcome.status == "sent", outcome


# -- the run -------------------------------------------------------------------------------------


def kill_plan(args: argparse.Namespace, rng: random.Random) -> dict[int, tuple[int, float]]:
    """step -> (which instance, how far into the step): ``--kills`` a day, in busy steps
    (08:00-17:50 UTC, when the questions go out)."""
    plan: dict[int, tuple[int, float]] = {}
    per_day = 24 * 60 // args.step_minutes
    busy = range(8 * 60 // args.step_minutes, 18 * 60 // args.step_minutes)
    for day in range(args.days):
        for step in rng.sample(busy, args.kills):
            plan[day * per_day + step] = (rng.randrange(2), rng.random())
    return plan


def run_steps(
    args: argparse.Namespace, world: World, slack: Any, bot: Any, instances: list[Instance]
) -> dict[str, Any]:
    rng = random.Random(args.seed + 1)
    kills = kill_plan(args, rng)
    step_length = timedelta(minutes=args.step_minutes)
    per_day = 24 * 60 // args.step_minutes
    busy = range(8 * 60 // args.step_minutes, 18 * 60 // args.step_minutes)
    busy_seconds = 0.5  # a recent busy step's length: where in a step a kill lands
    events: dict[str, Any] = {}
    for step in range(args.days * per_day + -(-DRAIN // step_length)):
        at = T0 + step * step_length
        if step == REVOKED_ON * per_day and args.days > REVOKED_ON:
            slack.oauth.uninstall(world.revoked)
            events["revoked_at"] = at
        if step == RESTORED_ON * per_day and args.days > RESTORED_ON:
            page = bot.install(slack, world.revoked)
            events["restored_at"] = at if page.status == 200 else None
        now = at.strftime("%Y-%m-%dT%H:%M:%SZ")
        started = time.perf_counter()
        for instance in instances:
            instance.send(now)
        if step in kills:
            which, share = kills[step]
            time.sleep(share * busy_seconds)
            instances[which].kill()
        for instance in instances:
            if instance.proc.poll() is None and not (
                step in kills and instance is instances[kills[step][0]]
            ):
                instance.done(STEP_TIMEOUT)
        took = time.perf_counter() - started
        if step % per_day in busy and step not in kills:
            busy_seconds = 0.7 * busy_seconds + 0.3 * took
        if step % per_day == per_day - 1:
            print(f"day {step // per_day + 1} done", file=sys.stderr, flush=True)
    return events


# -- what was due, what Slack received ---------------------------------------------------------


KINDS = ("quiz", "lesson", "review")


@dataclass
class Due:
    key: str  # the delivery's hash, as in its message metadata
    kind: str
    team: str
    who: str  # the channel, or the person the DM is for
    at: datetime


def local_instant(day: Any, tz: str, hhmm: str = "10:00") -> datetime:
    from zoneinfo import ZoneInfo

    hour, minute = (int(p) for p in hhmm.split(":"))
    local = datetime(day.year, day.month, day.day, hour, minute, tzinfo=ZoneInfo(tz))
    return local.astimezone(timezone.utc)


def expected(world: World, lessons: list[str], end: datetime, step: int) -> list[Due]:
    """Every message due before ``end``: a question per channel per day at its time, lesson 1
    at the start and one more each working day at 10:00 local, and from the day after lesson 1
    a review DM a day at 10:00 local (cards stay due: nobody answers)."""
    from zoneinfo import ZoneInfo

    from bot.slack.delivery import delivery_key

    due = []
    for channel, team in world.channels.items():
        for d in range((end - T0).days):
            day = (T0 + d * DAY).date()
            at = local_instant(day, "UTC", quiz_time(channel, step))
            due.append(Due(delivery_key("quiz", [f"{channel}/{day}"]), "quiz", team, channel, at))
    for user, team in world.users.items():
        start = T0.astimezone(ZoneInfo(world.tz[user])).date()
        due.append(Due(delivery_key("lesson", [user, lessons[0]]), "lesson", team, user, T0))
        sent, day = 1, start + timedelta(days=1)
        while (at := local_instant(day, world.tz[user])) < end:
            if day.weekday() < 5 and sent < len(lessons):
                key = delivery_key("lesson", [user, lessons[sent]])
                due.append(Due(key, "lesson", team, user, at))
                sent += 1
            due.append(Due(delivery_key("review", [f"{user}/{day}"]), "review", team, user, at))
            day += timedelta(days=1)
    return due


def received(slack: Any) -> dict[str, int]:
    """Delivery hash -> how many messages carrying it the stand-in holds."""
    from bot.slack.delivery import METADATA_EVENT

    counts: dict[str, int] = {}
    for channel in slack.workspace.messages.channels():
        for message in slack.messages(channel):
            meta = message.get("metadata") or {}
            if meta.get("event_type") == METADATA_EVENT:
                key = str(meta["event_payload"]["key"])
                counts[key] = counts.get(key, 0) + 1
    return counts


# A claim left ``claimed`` at the end that no tick was going to finish is stuck; one that waits
# by design is not: for a person Slack cannot reach (until they use the bot again), or in a
# workspace that is not installed (until it is again).
WAITING = {
    "quiz_posts": "workspace IN (SELECT team_id FROM workspaces WHERE status <> 'active')",
    "onboarding_lessons": "user_id IN (SELECT user_id FROM stopped_users)",
    "onboarding_review_sends": "user_id IN (SELECT user_id FROM stopped_users)",
}


def database_facts(db_url: str) -> dict[str, Any]:
    """Claims left ``claimed`` (stuck, or waiting by design: :data:`WAITING`); users whose DMs
    failed for good (and why); paused channels."""
    import psycopg

    conninfo = db_url.replace("postgresql+psycopg://", "postgresql://", 1)
    with psycopg.connect(conninfo) as conn:
        stuck, waiting, left = {}, {}, []
        for table, waits in WAITING.items():
            rows = conn.execute(
                f"SELECT *, {waits} AS waits FROM {table} WHERE state = 'claimed'"
            ).fetchall()
            stuck[table] = sum(1 for r in rows if not r[-1])
            waiting[table] = sum(1 for r in rows if r[-1])
            left += [f"{table} {', '.join(str(v) for v in r[:-1])}" for r in rows if not r[-1]]
        failed = conn.execute(
            "SELECT user_id, min(error) FROM (SELECT user_id, error FROM onboarding_lessons "
            "WHERE state = 'failed' UNION ALL SELECT user_id, error FROM onboarding_review_sends "
            "WHERE state = 'failed') f GROUP BY user_id"
        ).fetchall()
        paused = conn.execute(
            "SELECT paused_reason, count(*) FROM quiz_subscriptions "
            "WHERE paused_reason IS NOT NULL GROUP BY paused_reason"
        ).fetchall()
    return {
        "stuck": stuck,
        "waiting": waiting,
        "left": left,
        "failed_users": dict(failed),
        "paused": dict(paused),
    }


def tally(world: World, due: list[Due], got: dict[str, int], events: dict[str, Any]) -> dict:
    """The numbers of the table. Judged: messages to people Slack lets the bot reach, in the
    workspaces that stayed installed; the uninstalled one is counted apart."""
    revoked_at, restored_at = events.get("revoked_at"), events.get("restored_at")
    reachable = [d for d in due if not (d.who in world.unreachable and d.at > T0)]
    judged = [d for d in reachable if d.team != world.revoked]
    mine = [d for d in reachable if d.team == world.revoked]
    known = {d.key for d in due}

    def share(items: list[Due]) -> dict[str, int]:
        return {
            "due": len(items),
            "once": sum(1 for d in items if got.get(d.key) == 1),
            "twice": sum(1 for d in items if got.get(d.key, 0) > 1),
            "never": sum(1 for d in items if d.key not in got),
        }

    gone = (revoked_at or T0 + 9999 * DAY, restored_at or T0 + 9999 * DAY)
    return {
        "judged": share(judged),
        "judged_by_kind": {k: share([d for d in judged if d.kind == k]) for k in KINDS},
        "all_twice": sum(1 for n in got.values() if n > 1),
        "extra": sum(1 for k in got if k not in known),
        "unreachable_posted": sum(
            1 for d in due if d.who in world.unreachable and d.at > T0 and d.key in got
        ),
        "revoked": {
            "workspace": world.revoked,
            "before": share([d for d in mine if d.at < gone[0]]),
            "while_uninstalled": share([d for d in mine if gone[0] <= d.at < gone[1]]),
            "after_reinstall": share([d for d in mine if d.at >= gone[1]]),
        },
    }


# -- putting it together -------------------------------------------------------------------------


def instance_env(slack: Any, db_url: str, data: Path) -> dict[str, str]:
    from tests.support.oauth import oauth_env

    keep = {
        k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DATABASE_", "WHOOWNS_"))
    }
    return {
        **keep,
        **oauth_env(slack, db_url),
        "WHOOWNS_SIMULATED_WAITS": "1",
        "WHOOWNS_DATA_DIR": str(data),
        "LOG_LEVEL": "ERROR",
        "PYTHONPATH": str(ROOT),
    }


def simulate(args: argparse.Namespace, db_url: str, tmp: Path) -> dict[str, Any]:
    from bot.features import load_knowledge
    from bot.intent import IntentMatcher
    from bot.localslack import LocalSlack
    from bot.onboarding.lessons import track
    from tests.support.oauth import CLIENT_ID, CLIENT_SECRET, REDIRECT_URI, OAuthBot

    rng = random.Random(args.seed)
    world = plan_world(args, rng)
    knowledge = load_knowledge()
    with ExitStack() as stack:
        slack = LocalSlack().start()
        stack.callback(slack.stop)
        slack.oauth.client_id, slack.oauth.client_secret = CLIENT_ID, CLIENT_SECRET
        slack.oauth.redirect_uri = REDIRECT_URI
        bot = OAuthBot.start(knowledge, IntentMatcher(knowledge), slack, db_url)
        stack.callback(bot.close)
        started = time.perf_counter()
        install_and_seed(world, slack, bot, knowledge, args.step_minutes)
        seeded = time.perf_counter() - started
        for user, error in world.unreachable.items():
            slack.unreachable.set(user, error)
        faults = slack.random_faults(
            args.seed, rate_limited=args.rate_limited, server_errors=args.server_errors
        )
        env = instance_env(slack, db_url, tmp / "data")
        instances = [
            Instance(name, env, tmp / f"{name}.log") for name in ("instance-a", "instance-b")
        ]
        try:
            events = run_steps(args, world, slack, bot, instances)
        finally:
            for instance in instances:
                instance.stop()
        ran = time.perf_counter() - started - seeded
        slack.random_faults(args.seed)  # no more faults: the counting below asks nothing
        calls = slack.calls
        got = received(slack)
    end = T0 + args.days * DAY
    due = expected(world, [lesson.id for lesson in track(knowledge)], end, args.step_minutes)
    result = tally(world, due, got, events)
    result.update(database_facts(db_url))
    for row in result["left"]:  # a stuck claim as it was left, to tell why
        print(f"stuck claim: {row}", file=sys.stderr)
    result.update(
        seconds={"seed": round(seeded, 1), "run": round(ran, 1)},
        calls=len(calls),
        faults={
            "429": faults.counts.get(429, 0),
            "500": faults.counts.get(500, 0),
            "retry_after_total_s": sum(faults.waits),
        },
        token_revoked_calls=sum(1 for c in calls if c.error == "token_revoked"),
        kills=sum(i.kills for i in instances),
        failed_ticks=sum(i.failed_ticks for i in instances),
        unreachable=world.unreachable,
        events={k: v.isoformat() if v else None for k, v in events.items()},
    )
    return result


def table(args: argparse.Namespace, r: dict[str, Any]) -> str:
    j, rev = r["judged"], r["revoked"]
    stopped: dict[str, int] = {}
    for error in r["failed_users"].values():
        stopped[error] = stopped.get(error, 0) + 1
    wrongly = sorted(set(r["failed_users"]) - set(r["unreachable"]))
    stuck = sum(r["stuck"].values())
    stuck_by = ", ".join(f"{k} {v}" for k, v in r["stuck"].items())
    waiting = ", ".join(f"{k} {v}" for k, v in r["waiting"].items() if v) or "none"
    kinds = ", ".join(f"{k} {v['due']}" for k, v in r["judged_by_kind"].items())
    lines = [
        f"Fault injection: 2 tick processes, {args.workspaces} workspaces (OAuth), "
        f"{args.channels} channels, {args.users} onboarding users, {args.days} days in "
        f"{args.step_minutes}-minute steps; "
        f"{r['faults']['429']} x 429 ({args.rate_limited:.0%}, Retry-After 1-3 s, "
        f"{r['faults']['retry_after_total_s']} s asked), {r['faults']['500']} x 500 "
        f"({args.server_errors:.0%}) of {r['calls']} calls; {len(r['unreachable'])} users "
        f"unreachable; {r['kills']} SIGKILLs; seed {args.seed}; PostgreSQL; Python "
        f"{platform.python_version()}, {platform.machine()}",
        "",
        "| measure | result | target |",
        "|---|---:|---:|",
        f"| messages due (reachable users, installed workspaces) | {j['due']} ({kinds}) | |",
        f"| posted once | {j['once']} | {j['due']} |",
        f"| posted twice or more | {j['twice']} (all messages: {r['all_twice']}) | 0 |",
        f"| never posted | {j['never']} | 0 |",
        f"| claims stuck at the end | {stuck} ({stuck_by}) | 0 |",
        f"| claims waiting at the end (a person not reachable, a workspace not installed) "
        f"| {waiting} | |",
        f"| users stopped | {len(r['failed_users'])}: "
        + (", ".join(f"{e} {n}" for e, n in sorted(stopped.items())) or "none")
        + f" (unreachable: {len(r['unreachable'])}; reachable among them: {len(wrongly)}) "
        f"| {len(r['unreachable'])} |",
        f"| channels paused | {sum(r['paused'].values())} "
        f"({', '.join(f'{k} {v}' for k, v in r['paused'].items()) or 'none'}) | 0 |",
        f"| uninstalled workspace {rev['workspace']} (day {REVOKED_ON} to {RESTORED_ON}) "
        f"| due before: {rev['before']['once']}/{rev['before']['due']} once; due while "
        f"uninstalled: {rev['while_uninstalled']['due'] - rev['while_uninstalled']['never']}/"
        f"{rev['while_uninstalled']['due']} posted (late, after the reinstall), "
        f"{r['token_revoked_calls']} calls refused token_revoked; due after the reinstall: "
        f"{rev['after_reinstall']['once']}/{rev['after_reinstall']['due']} once, "
        f"{rev['after_reinstall']['twice']} twice, {rev['after_reinstall']['never']} never | |",
        f"| messages not in the schedule (model check) | {r['extra']} | 0 |",
        f"| ticks that exited non-zero | {r['failed_ticks']} | 0 |",
        f"| time: seed / run (s) | {r['seconds']['seed']} / {r['seconds']['run']} | run < 900 |",
    ]
    return "\n".join(lines)


def main() -> int:
    if "--worker" in sys.argv[1:]:
        return worker()
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workspaces", type=int, default=50)
    parser.add_argument("--channels", type=int, default=1000)
    parser.add_argument("--users", type=int, default=500)
    parser.add_argument("--days", type=int, default=14)
    parser.add_argument(
        "--step-minutes",
        type=int,
        default=10,
        help="how far each tick moves the clock (divides 60)",
    )
    parser.add_argument("--kills", type=int, default=2, help="SIGKILLs per simulated day")
    parser.add_argument("--rate-limited", type=float, default=0.05)
    parser.add_argument("--server-errors", type=float, default=0.01)
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument(
        "--postgres",
        default="postgresql://postgres@127.0.0.1:5432/test",
        help="a PostgreSQL server: the run uses a fresh schema there and drops it",
    )
    parser.add_argument("--database-url", help="an empty PostgreSQL database/schema to use as is")
    parser.add_argument("--json", action="store_true", help="print the numbers as JSON")
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # clean up: instances, schema
    with tempfile.TemporaryDirectory() as tmp, ExitStack() as stack:
        db_url = args.database_url
        if db_url is None:
            from tests.support.databases import fresh_postgres_schema

            db_url = stack.enter_context(fresh_postgres_schema(args.postgres))
        result = simulate(args, db_url, Path(tmp))
    print(json.dumps(result, indent=2, default=str) if args.json else table(args, result))
    j = result["judged"]
    met = j["twice"] == 0 and j["never"] == 0 and sum(result["stuck"].values()) == 0
    return 0 if met else 1


if __name__ == "__main__":
    raise SystemExit(main())
