"""The organisation the practices tests use: the example folder plus databases chosen so every
practice is ok, needs attention, unknown and not applicable somewhere."""

from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import delete

from bot.store.practices import ConfirmationStore, practice_confirmations
from bot.store.scope import mine

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


def withdraw(confirmations: ConfirmationStore, practice: str, resource: str) -> bool:
    """Forget one confirmation; whether there was one."""
    t = practice_confirmations
    stmt = delete(t).where(
        mine(t, confirmations.store), t.c.practice == practice, t.c.resource == resource
    )
    return bool(confirmations.store.write(lambda conn: conn.execute(stmt).rowcount))
