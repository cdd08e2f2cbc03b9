"""Inventory benchmark: importing a large ``describe-db-instances`` file, and loading a large
organisation folder on top of the shipped knowledge.

    python bench/bench_inventory.py            # 5 rounds each
    python bench/bench_inventory.py --quick    # 1 round, for a smoke check

Both inputs are generated in a temporary folder (deterministic seed):
- import: one ``aws rds describe-db-instances`` output of 5,000 instances (MySQL, PostgreSQL,
  MariaDB, Oracle, SQL Server; owner tags on most), imported into an organisation folder of
  200 teams: the whole ``whoowns inventory import`` work (reading the knowledge, parsing,
  classifying, merging, the kb-check of the result, writing). Target <= 2 s.
- load: ``load_knowledge`` of the shipped knowledge + 5,000 resources and 200 teams (the
  file the import wrote). Target: load + matcher build <= 1 s (the matcher does not know
  resources yet; its build is shown separately).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bot.cli import main  # noqa: E402
from bot.features import load_knowledge as load_everything  # noqa: E402
from bot.intent import IntentMatcher  # noqa: E402
from bot.kb import load_knowledge  # noqa: E402

SEED = 20261201
INSTANCES = 5_000
TEAMS = 200
ENGINES = ("mysql", "postgres", "mariadb", "oracle-se2", "sqlserver-se")
CLASSES = ("db.t3.medium", "db.m5.large", "db.r6g.large", "db.r6g.xlarge")
REGIONS = ("eu-central-1", "eu-west-1", "us-east-1")


def teams_yaml(count: int) -> str:
    lines = ["teams:"]
    for n in range(count):
        lines += [
            f"  team-{n:03d}:",
            f"    name: Team {n:03d}",
            f"    slack: S0TEAM{n:04d}",
            f"    aliases: [squad {n:03d}]",
        ]
    return "\n".join(lines) + "\n"


def instances_json(count: int, teams: int, rng: random.Random) -> str:
    items = []
    for n in range(count):
        ident = f"app-{n:05d}-db"
        region = REGIONS[n % len(REGIONS)]
        tags = [{"Key": "env", "Value": rng.choice(("prod", "staging", "dev"))}]
        if rng.random() < 0.9:
            tags.append({"Key": "Owner", "Value": f"Team {rng.randrange(teams):03d}"})
        items.append(
            {
                "DBInstanceIdentifier": ident,
                "DBInstanceArn": f"arn:aws:rds:{region}:111122223333:db:{ident}",
                "DBInstanceClass": rng.choice(CLASSES),
                "Engine": rng.choice(ENGINES),
                "EngineVersion": "8.0.35",
                "MultiAZ": rng.random() < 0.5,
                "BackupRetentionPeriod": 7,
                "PreferredMaintenanceWindow": "sun:02:00-sun:02:30",
                "AutoMinorVersionUpgrade": True,
                "TagList": tags,
            }
        )
    return json.dumps({"DBInstances": items}, indent=1)


Times = list[tuple[float, float]]  # (wall, CPU of this process) per round


def timed(action: Callable[[], object], rounds: int) -> Times:
    times = []
    for _ in range(rounds):
        wall, cpu = time.perf_counter(), time.process_time()
        action()
        times.append((time.perf_counter() - wall, time.process_time() - cpu))
    return times


def row(label: str, times: Times, target: float | None) -> str:
    """Median and worst wall time, median CPU time; the target is checked on the median wall
    time (the machine may be shared: CPU time shows what the work itself costs)."""
    wall = [w for w, _ in times]
    median, worst = statistics.median(wall), max(wall)
    cpu = statistics.median(c for _, c in times)
    verdict = "" if target is None else ("  ok" if median <= target else "  OVER TARGET")
    goal = f"<= {target:.1f} s" if target is not None else ""
    return f"{label:<46} {median:7.3f} s {worst:7.3f} s {cpu:7.3f} s  {goal:<9}{verdict}"


def run(rounds: int) -> list[str]:
    rng = random.Random(SEED)
    with tempfile.TemporaryDirectory(prefix="whoowns-bench-") as tmp:
        org = Path(tmp) / "org"
        org.mkdir()
        (org / "teams.yaml").write_text(teams_yaml(TEAMS), encoding="utf-8")
        source = Path(tmp) / "instances.json"
        source.write_text(instances_json(INSTANCES, TEAMS, rng), encoding="utf-8")
        out = org / "inventory.yaml"
        argv = [
            "inventory",
            "import",
            "--org-knowledge",
            str(org),
            "--from",
            "aws-rds-instances",
            str(source),
        ]

        def fresh_import() -> None:
            out.unlink(missing_ok=True)
            _quiet(lambda: main(argv))

        import_times = timed(fresh_import, rounds)
        reimport_times = timed(lambda: _quiet(lambda: main(argv)), rounds)
        knowledge = load_everything(org=org)
        assert len(knowledge.resources) == INSTANCES, len(knowledge.resources)
        assert len(knowledge.teams) == TEAMS
        load_times = timed(lambda: load_everything(org=org), rounds)
        core_times = timed(lambda: load_knowledge(org=org, core_only=True), rounds)
        shipped_times = timed(lambda: load_knowledge(core_only=True), rounds)
        matcher_times = timed(lambda: IntentMatcher(knowledge), rounds)
        size = out.stat().st_size
    both = [(a[0] + b[0], a[1] + b[1]) for a, b in zip(core_times, matcher_times, strict=True)]
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return [
        f"whoowns inventory benchmark ({rounds} round(s); {INSTANCES:,} instances, "
        f"{TEAMS} teams; generated file {size / 1e6:.1f} MB; {os.cpu_count()} CPUs, load "
        f"average {load:.1f} at the end)",
        f"{'':<46} {'wall':>9} {'worst':>9} {'CPU':>9}  target (median wall)",
        row(f"import {INSTANCES:,} describe-db-instances (new)", import_times, 2.0),
        row("re-import the same file (all unchanged)", reimport_times, 2.0),
        row("load: shipped knowledge only (ask path)", shipped_times, None),
        row(f"load: + {INSTANCES:,} resources, {TEAMS} teams (ask path)", core_times, None),
        row(f"load: + {INSTANCES:,} resources, {TEAMS} teams (full)", load_times, None),
        row("matcher build (does not index resources yet)", matcher_times, None),
        row("load (ask path) + matcher build", both, 1.0),
    ]


def _quiet(action: Callable[[], int]) -> None:
    import contextlib
    import io

    with contextlib.redirect_stdout(io.StringIO()):
        status = action()
    if status != 0:
        raise SystemExit(f"import failed with status {status}")


def cli() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="one round")
    args = parser.parse_args()
    for line in run(1 if args.quick else 5):
        print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(cli())
