"""Organisation benchmark: the shipped knowledge + a generated inventory of 5,000 resources and
200 teams, measured side by side with the shipped knowledge alone, in one run.

    python bench/bench_org.py            # 5 load rounds, 20 intent rounds
    python bench/bench_org.py --quick    # 1 load round, 3 intent rounds

Rows: knowledge load (the ``whoowns ask`` path) + matcher build (target <= 1 s); intent p50 and
p99 over the question set (tests/data/phrasings.yaml) plus questions about the generated
resources and teams (exact names, typos, word order, near-duplicates, teams, "my databases")
(target p99 <= 2 ms); accuracy on the question set with and without the inventory (must be
unchanged); ``whoowns ask`` cold start as a whole process (target <= 500 ms).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.bench_intent import accuracy, latencies, load_cases, pct  # noqa: E402
from bot.intent import IntentMatcher  # noqa: E402
from bot.kb import load_knowledge  # noqa: E402

SEED = 20261202
RESOURCES = 5_000
TEAMS = 200
SERVICES = ("rds", "aurora-provisioned", "aurora-serverless", "aurora", "dynamodb", "redshift")
WORDS = [
    "orders",
    "users",
    "billing",
    "search",
    "events",
    "ledger",
    "audit",
    "catalog",
    "carts",
    "invoices",
]


def org_files(folder: Path, rng: random.Random) -> list[str]:
    """Writes teams.yaml and inventory.yaml; returns the resource ids."""
    teams = ["teams:"]
    for n in range(TEAMS):
        teams += [
            f"  team-{n:03d}:",
            f"    name: Team {n:03d}",
            f"    slack: S0TEAM{n:04d}",
            f"    members: [U0M{n:04d}]",
            f"    aliases: [squad {n:03d}]",
        ]
    (folder / "teams.yaml").write_text("\n".join(teams) + "\n", encoding="utf-8")
    ids = []
    lines = ["resources:"]
    for n in range(RESOURCES):
        ident = f"{WORDS[n % len(WORDS)]}-{n:05d}-db"
        ids.append(ident)
        lines += [
            f"  {ident}:",
            f"    service: {rng.choice(SERVICES)}",
            f"    owner: team-{rng.randrange(TEAMS):03d}",
            f"    environment: {rng.choice(('prod', 'staging', 'dev'))}",
        ]
        if n % 10 == 0:
            lines.append(f"    duties: {{backups: team-{rng.randrange(TEAMS):03d}}}")
        if n % 7 == 0:
            lines.append(f"    aliases: [{WORDS[n % len(WORDS)]} store {n:05d}]")
    (folder / "inventory.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return ids


def org_questions(ids: Sequence[str], rng: random.Random) -> list[str]:
    out = []
    for ident in rng.sample(list(ids), 40):
        word, number, _ = ident.split("-")
        out += [
            f"who patches {ident}?",
            f"backups {ident}",
            ident,
            f"{word[0]}{word[2:]}-{number}-db scaling",  # a typo
            f"{ident}-replica backups",  # an unknown near-duplicate
        ]
    out += [f"what does team-{n:03d} own" for n in range(0, TEAMS, 10)]
    out += ["my databases", "what do i own", "patching aurora and orders-00010-db"]
    return out


def timed(action: Callable[[], object], rounds: int) -> list[float]:
    out = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        action()
        out.append(time.perf_counter() - t0)
    return out


def _per_question(lat: list[float], n: int) -> list[float]:
    """Each question's median over the rounds (``lat`` is rounds x questions, in order): the
    matcher's own cost, without the tail a shared machine adds to single samples."""
    return [statistics.median(lat[i::n]) for i in range(n)]


def cold_start(org: Path | None, runs: int, data: Path) -> float:
    """Median wall milliseconds of ``python -m bot ask "patching aurora"`` (after a first,
    unmeasured run that warms the bytecode and the OS file cache)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("WHOOWNS_")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["WHOOWNS_DATA_DIR"] = str(data)
    if org is not None:
        env["WHOOWNS_ORG_KNOWLEDGE"] = str(org)
    command = [sys.executable, "-m", "bot", "ask", "patching aurora"]
    subprocess.run(command, env=env, cwd=ROOT, capture_output=True, check=True)  # warm
    wall = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run(command, env=env, cwd=ROOT, capture_output=True, check=True)
        wall.append((time.perf_counter() - t0) * 1e3)
    return statistics.median(wall)


def run(load_rounds: int, intent_rounds: int) -> list[str]:
    rng = random.Random(SEED)
    cases = load_cases()
    questions = [c["q"] for c in cases]
    with tempfile.TemporaryDirectory(prefix="whoowns-bench-org-") as tmp:
        org = Path(tmp) / "org"
        org.mkdir()
        ids = org_files(org, rng)
        asked = org_questions(ids, rng)
        rows = []
        for label, folder in (("shipped", None), (f"+{RESOURCES:,} resources", org)):

            def build(folder: Path | None = folder) -> IntentMatcher:
                return IntentMatcher(load_knowledge(org=folder, core_only=True))

            build_times = timed(build, load_rounds)
            matcher = build()
            acc, wrong = accuracy(matcher.parse, cases)
            lat = latencies(matcher.parse, questions + (asked if folder else []), intent_rounds)
            cold = cold_start(folder, max(3, load_rounds), Path(tmp) / f"data-{label[:4]}")
            rows.append(
                (
                    label,
                    statistics.median(build_times),
                    pct(lat, 0.5),
                    pct(lat, 0.99),
                    pct(_per_question(lat, len(lat) // intent_rounds), 0.99),
                    acc,
                    wrong,
                    cold,
                    len(lat) // intent_rounds,
                )
            )
    out = [
        f"whoowns organisation benchmark ({RESOURCES:,} resources, {TEAMS} teams; "
        f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f})",
        f"{'':<22} {'load+build':>11} {'p50':>8} {'p99':>8} {'p99/q':>8} "
        f"{'accuracy':>9} "
        f"{'wrong svc':>9} "
        f"{'cold ask':>9} {'questions':>9}",
    ]
    for label, build, p50, p99, p99q, acc, wrong, cold, n in rows:
        out.append(
            f"{label:<22} {build * 1e3:8.0f} ms {p50:5.2f} ms "
            f"{p99:5.2f} ms {p99q:5.2f} ms {acc:9.1%} "
            f"{wrong:9d} {cold:6.0f} ms {n:9d}"
        )
    out.append(
        "targets: load+build <= 1000 ms, p99 <= 2 ms, accuracy unchanged, cold ask <= 500 ms "
        "(p99/q: p99 of each question's median over the rounds)"
    )
    return out


def cli() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer rounds")
    args = parser.parse_args()
    for line in run(1, 3) if args.quick else run(5, 20):
        print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(cli())
