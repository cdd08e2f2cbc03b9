"""An organisation for the practices: the example folder plus databases chosen so every
practice is ok, needs attention, unknown and not applicable somewhere."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path

import pytest

from bot.localslack import LocalSlack

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "org"
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)

MORE = """\
teams:
  web:
    name: Web
    slack: S0WEB
    members: [U0WENDY]
    practices:
      backups-configured: {min_retention_days: {prod: 7}}
resources:
  shop-db:                      # everything off
    service: rds
    owner: web
    environment: production
    settings:
      BackupRetentionPeriod: 0
      MultiAZ: false
      StorageEncrypted: false
      PubliclyAccessible: true
      IAMDatabaseAuthenticationEnabled: false
      EnabledCloudwatchLogsExports: []
      PerformanceInsightsEnabled: false
      MonitoringInterval: 0
  shop-db-staging:
    service: rds
    owner: web
    environment: staging
    settings: {BackupRetentionPeriod: 1, MultiAZ: false}
  carts:
    service: dynamodb
    owner: web
    environment: prod
    settings:
      BillingModeSummary: {BillingMode: PAY_PER_REQUEST}
      SSEDescription: {Status: ENABLED, SSEType: KMS}
      PointInTimeRecoveryDescription: {PointInTimeRecoveryStatus: ENABLED, RecoveryPeriodInDays: 5}
  bi-warehouse:
    service: redshift
    owner: web
    environment: prd
    settings: {MultiAZ: Enabled, AutomatedSnapshotRetentionPeriod: 7}
  sessions-keys:
    service: keyspaces
    owner: web
    environment: prod
  billing-mongo:
    service: mongodb-on-ec2
    owner: platform-db
    environment: prod
"""


@pytest.fixture(scope="session")
def practices_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("org")
    for f in EXAMPLE.glob("*.yaml"):
        shutil.copy(f, folder / f.name)
    (folder / "more.yaml").write_text(MORE)
    return folder


@pytest.fixture(scope="session")
def fleet(practices_dir: Path):
    from bot.features import load_knowledge

    return load_knowledge(org=practices_dir)


@pytest.fixture(scope="session")
def fleet_matcher(fleet):
    from bot.intent import IntentMatcher

    return IntentMatcher(fleet)


@pytest.fixture(scope="module")
def slack() -> Iterator[LocalSlack]:
    with LocalSlack() as server:
        yield server
