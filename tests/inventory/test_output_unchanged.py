"""``whoowns inventory import`` writes the same bytes and prints the same report as the
versions before it: every kind of input at once, and a generated fleet with every setting the
practices read imported, then imported again with changes (the re-import path). A speed-up of
the importer must not change a byte of what it writes.

The expected texts are in tests/inventory/fixtures/golden/ (the date of the import and the
temporary folder replaced by placeholders)."""

from __future__ import annotations

import io
import json
import shutil
from contextlib import redirect_stdout
from datetime import date
from pathlib import Path

import pytest

from bot.cli import main
from tests.support.inventory import FIXTURES

GOLDEN = FIXTURES / "golden"
EVERY_KIND = [
    *("--from", "aws-rds-clusters", "rds-clusters.json", "docdb-clusters.json"),
    *("--from", "aws-rds-instances", "rds-instances.json"),
    *("--from", "aws-tags", "tags.json"),
    *("--from", "aws-dynamodb", "dynamodb-describe.json"),
    *("--from", "aws-redshift", "redshift.json", "redshift-serverless.json"),
    *("--from", "aws-keyspaces", "keyspaces.json"),
    *("--from", "aws-ec2", "ec2.json"),
    *("--from", "aws-rds-maintenance", "rds-maintenance.json"),
    *("--from", "aws-dynamodb-backups"),
    *("carts-eu-central-1=pitr-carts.json", "carts-us-east-1=pitr-carts-us.json"),
    *("--from", "backstage", "catalog-info.yaml"),
]
ENGINES = ("mysql", "postgres", "mariadb", "oracle-se2", "sqlserver-se")
TEAMS = ("Platform DB", "Payments", "SRE", "Analytics")


def _arg(word: str, folder: Path) -> str:
    if word.startswith("--") or word.startswith("aws-") or word == "backstage":
        return word
    table, sep, name = word.partition("=")
    return f"{table}={folder / name}" if sep else str(folder / word)


def _import(org: Path, folder: Path, words: list[str]) -> tuple[str, str]:
    """One import: the file written and the report printed, with placeholders."""
    argv = ["inventory", "import", "--org-knowledge", str(org)]
    argv += [_arg(w, folder) for w in words]
    out = io.StringIO()
    with redirect_stdout(out):
        assert main(argv) == 0

    def fixed(text: str) -> str:
        for real, placeholder in ((str(org), "ORG"), (str(folder), "IN")):
            text = text.replace(real, placeholder)
        return text.replace(date.today().isoformat(), "TODAY")

    return fixed((org / "inventory.yaml").read_text(encoding="utf-8")), fixed(out.getvalue())


def _instance(n: int, week: int) -> dict:
    """One RDS instance with every setting the practices read (``week`` changes some)."""
    return {
        "DBInstanceIdentifier": f"app-{n:03d}-db",
        "DBInstanceArn": f"arn:aws:rds:eu-central-1:111122223333:db:app-{n:03d}-db",
        "DBInstanceClass": "db.r6g.large",
        "Engine": ENGINES[n % len(ENGINES)],
        "EngineVersion": "8.0.35" if week == 0 or n % 3 else "8.0.36",
        "MultiAZ": n % 5 < 3,
        "BackupRetentionPeriod": (0, 1, 7, 14)[(n + week) % 4],
        "PreferredBackupWindow": "01:00-01:30",
        "PreferredMaintenanceWindow": "sun:02:00-sun:02:30",
        "AutoMinorVersionUpgrade": True,
        "StorageEncrypted": n % 10 != 0,
        "PubliclyAccessible": n % 20 == 0,
        "IAMDatabaseAuthenticationEnabled": n % 3 == 0,
        "EnabledCloudwatchLogsExports": ([], ["error"], ["postgresql"])[n % 3],
        "PerformanceInsightsEnabled": n % 2 == 0,
        "MonitoringInterval": (0, 60)[n % 2],
        "DeletionProtection": True,
        "TagList": [
            {"Key": "env", "Value": ("prod", "staging", "dev")[n % 3]},
            {"Key": "Owner", "Value": TEAMS[n % len(TEAMS)]},
        ],
    }


def _fleet(folder: Path, week: int) -> list[str]:
    count = 60 - 5 * week  # the second week: five instances gone
    instances = {"DBInstances": [_instance(n, week) for n in range(count)]}
    arn = "arn:aws:rds:eu-central-1:111122223333:db:app-{:03d}-db"
    actions = {
        "PendingMaintenanceActions": [
            {
                "ResourceIdentifier": arn.format(n),
                "PendingMaintenanceActionDetails": [
                    {
                        "Action": "system-update",
                        "Description": "New Operating System update is available",
                        "AutoAppliedAfterDate": "2026-12-20T00:00:00Z",
                    }
                ],
            }
            for n in range(week, count, 7)
        ]
    }
    (folder / f"instances-{week}.json").write_text(json.dumps(instances), encoding="utf-8")
    (folder / f"pending-{week}.json").write_text(json.dumps(actions), encoding="utf-8")
    return [
        *("--from", "aws-rds-instances", f"instances-{week}.json"),
        *("--from", "aws-rds-maintenance", f"pending-{week}.json"),
    ]


@pytest.fixture
def org(tmp_path: Path) -> Path:
    folder = tmp_path / "org"
    folder.mkdir()
    shutil.copy(FIXTURES / "teams.yaml", folder / "teams.yaml")
    return folder


def _expect(name: str, got: str) -> None:
    assert got == (GOLDEN / name).read_text(encoding="utf-8"), name


def test_every_kind_at_once_writes_the_same_bytes(org):
    text, report = _import(org, FIXTURES, EVERY_KIND)
    _expect("every-kind.yaml", text)
    _expect("every-kind.txt", report)


def test_a_fleet_imported_then_reimported_writes_the_same_bytes(org, tmp_path):
    first, report = _import(org, tmp_path, _fleet(tmp_path, 0))
    _expect("fleet-first.yaml", first)
    _expect("fleet-first.txt", report)
    again, report = _import(org, tmp_path, [*_fleet(tmp_path, 1), "--prune"])
    _expect("fleet-again.yaml", again)
    _expect("fleet-again.txt", report)
