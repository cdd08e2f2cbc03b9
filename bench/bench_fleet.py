"""Fleet benchmark: a fleet of databases with AWS's settings, checked against the practices.

    python bench/bench_fleet.py            # 5 rounds (settings lines: 20,000 calls)
    python bench/bench_fleet.py --quick    # 1 round, for a smoke check

Generated in a temporary folder (deterministic seed): one ``aws rds describe-db-instances``
output of 5,000 instances with every setting the practices read (retention, Multi-AZ,
encryption, public access, IAM auth, log exports, monitoring) and one
``describe-pending-maintenance-actions`` output of 500 pending actions, imported into an
organisation of 200 teams. Measured:
- the import of both files (``whoowns inventory import``, the whole command). Target <= 2 s;
- all practices on all 5,000 resources (``bot.answers.practices.evaluate``). Target <= 200 ms;
- one resource's settings lines for one duty (``settings_lines``, what an answer adds), p99
  over every resource and the maintenance and backups duties. Target <= 1 ms.
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
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.bench_inventory import _quiet, row, teams_yaml, timed  # noqa: E402
from bot.answers.practices import evaluate  # noqa: E402
from bot.answers.settings import settings_lines  # noqa: E402
from bot.cli import main  # noqa: E402
from bot.features import load_knowledge  # noqa: E402

SEED = 20261207
INSTANCES = 5_000
PENDING = 500
TEAMS = 200
ENGINES = ("mysql", "postgres", "mariadb", "oracle-se2", "sqlserver-se")
REGION = "eu-central-1"
COMMAND = "python bench/bench_fleet.py"


def arn(n: int) -> str:
    return f"arn:aws:rds:{REGION}:111122223333:db:app-{n:05d}-db"


def instances_json(rng: random.Random) -> str:
    items = []
    for n in range(INSTANCES):
        tags = [{"Key": "env", "Value": rng.choice(("prod", "staging", "dev"))}]
        tags.append({"Key": "Owner", "Value": f"Team {rng.randrange(TEAMS):03d}"})
        items.append(
            {
                "DBInstanceIdentifier": f"app-{n:05d}-db",
                "DBInstanceArn": arn(n),
                "DBInstanceClass": "db.r6g.large",
                "Engine": rng.choice(ENGINES),
                "EngineVersion": "8.0.35",
                "MultiAZ": rng.random() < 0.6,
                "BackupRetentionPeriod": rng.choice((0, 1, 7, 14)),
                "PreferredBackupWindow": "01:00-01:30",
                "PreferredMaintenanceWindow": "sun:02:00-sun:02:30",
                "AutoMinorVersionUpgrade": True,
                "StorageEncrypted": rng.random() < 0.9,
                "PubliclyAccessible": rng.random() < 0.05,
                "IAMDatabaseAuthenticationEnabled": rng.random() < 0.3,
                "EnabledCloudwatchLogsExports": rng.choice(([], ["error"], ["postgresql"])),
                "PerformanceInsightsEnabled": rng.random() < 0.5,
                "MonitoringInterval": rng.choice((0, 60)),
                "DeletionProtection": True,
                "TagList": tags,
            }
        )
    return json.dumps({"DBInstances": items})


def maintenance_json(rng: random.Random) -> str:
    picked = rng.sample(range(INSTANCES), PENDING)
    actions = [
        {
            "ResourceIdentifier": arn(n),
            "PendingMaintenanceActionDetails": [
                {
                    "Action": "system-update",
                    "Description": "New Operating System update is available",
                    "AutoAppliedAfterDate": "2026-12-20T00:00:00Z",
                }
            ],
        }
        for n in picked
    ]
    return json.dumps({"PendingMaintenanceActions": actions})


def run(rounds: int) -> list[str]:
    rng = random.Random(SEED)
    with tempfile.TemporaryDirectory(prefix="whoowns-bench-") as tmp:
        org = Path(tmp) / "org"
        org.mkdir()
        (org / "teams.yaml").write_text(teams_yaml(TEAMS), encoding="utf-8")
        instances, pending = Path(tmp) / "instances.json", Path(tmp) / "pending.json"
        instances.write_text(instances_json(rng), encoding="utf-8")
        pending.write_text(maintenance_json(rng), encoding="utf-8")
        argv = ["inventory", "import", "--org-knowledge", str(org)]
        argv += ["--from", "aws-rds-instances", str(instances)]
        argv += ["--from", "aws-rds-maintenance", str(pending)]

        def fresh_import() -> None:
            (org / "inventory.yaml").unlink(missing_ok=True)
            _quiet(lambda: main(argv))

        import_times = timed(fresh_import, rounds)
        knowledge = load_knowledge(org=org)
    now = datetime(2026, 12, 7, tzinfo=timezone.utc)
    resources = [r for r in knowledge.resources.values() if r.settings]
    assert len(resources) >= INSTANCES * 0.9, len(resources)
    waiting = sum(1 for r in resources if r.settings.get("PendingMaintenanceActions"))
    assert waiting == PENDING, waiting
    findings = evaluate(knowledge, now=now)
    practice_times = timed(lambda: evaluate(knowledge, now=now), rounds)
    lines_p99, lines_p50 = _lines(resources, rounds)
    attention = sum(1 for f in findings if f.status == "attention")
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    ms = 1000
    return [
        f"$ {COMMAND}",
        f"whoowns fleet benchmark ({rounds} round(s); {len(resources):,} resources with "
        f"settings, {PENDING} pending actions, {TEAMS} teams; {os.cpu_count()} CPUs, load "
        f"average {load:.1f})",
        f"{'':<46} {'wall':>9} {'worst':>9} {'CPU':>9}  target (median wall)",
        row(f"import {INSTANCES:,} instances + {PENDING} pending", import_times, 2.0),
        row(
            f"all practices ({len(findings):,} items, {attention:,} attention)", practice_times, 0.2
        ),
        f"{'one resource settings lines, p50 / p99':<46} {lines_p50 * ms:7.4f} ms "
        f"{lines_p99 * ms:7.4f} ms {'':>9}  <= 1 ms p99"
        + ("  ok" if lines_p99 <= 0.001 else "  OVER TARGET"),
    ]


def _lines(resources: list, rounds: int) -> tuple[float, float]:
    samples = []
    for _ in range(rounds):
        for resource in resources[:2000]:
            for duty in ("patching", "backups"):
                start = time.perf_counter()
                settings_lines(resource, duty)
                samples.append(time.perf_counter() - start)
    samples.sort()
    return samples[int(len(samples) * 0.99)], statistics.median(samples)


def cli() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="one round")
    args = parser.parse_args()
    for line in run(1 if args.quick else 5):
        print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(cli())
