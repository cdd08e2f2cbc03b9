"""What decides a practice from AWS's settings, by the check's kind (``check:`` of a practice).

A check sees one resource's settings (:class:`Subject`) and says ``ok``, ``attention``,
``unknown`` (the key was not imported, or AWS's API does not show it for this service) or
``not_applicable`` (the practice has no meaning for this service), with the settings it read
(``evidence``, AWS's key names and values as plain data) and a phrase describing what is set —
always the observed configuration, never a claim about AWS's own work. Pure and cheap: every
resource of a fleet is checked on each view.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Literal, NamedTuple

Status = Literal["ok", "attention", "unknown", "not_applicable"]
# the order items are shown in: what needs doing first
STATUSES: tuple[Status, ...] = ("attention", "unknown", "ok", "not_applicable")

# engines with IAM database authentication (RDS for MySQL, MariaDB and PostgreSQL; Aurora
# MySQL and Aurora PostgreSQL), as AWS's Engine values
IAM_AUTH_ENGINES = frozenset(
    ("mysql", "mariadb", "postgres", "aurora", "aurora-mysql", "aurora-postgresql")
)
# services whose every engine has it: Aurora (MySQL or PostgreSQL), provisioned
IAM_AUTH_SERVICES = frozenset(("aurora", "aurora-provisioned"))


class Subject(NamedTuple):
    """One resource, as a check sees it."""

    settings: Mapping[str, object]  # bot.kb.models.Resource.settings
    model: str  # "rds", "redshift" or "dynamodb" (bot.kb.settings.SERVICE_MODELS)
    service: str  # the resource's service or group id
    min_days: int  # the backup bar: the team's for this environment, else 1


class Verdict(NamedTuple):
    status: Status
    evidence: Mapping[str, object] | None  # the settings read, AWS's key names
    said: str  # what is set, in words ("automated backups kept 0 days")


Check = Callable[[Subject], Verdict]
NOT_IMPORTED = "not imported"


def _unknown(said: str = NOT_IMPORTED) -> Verdict:
    return Verdict("unknown", None, said)


def _days(n: int) -> str:
    return f"{n} day" if n == 1 else f"{n} days"


def retention(s: Subject) -> Verdict:
    if s.model == "dynamodb":
        return _pitr(s)
    key = "AutomatedSnapshotRetentionPeriod" if s.model == "redshift" else "BackupRetentionPeriod"
    what = "automated snapshots" if s.model == "redshift" else "automated backups"
    kept = s.settings.get(key)
    if not isinstance(kept, int):
        return _unknown()
    evidence = {key: kept}
    if kept == 0:
        return Verdict("attention", evidence, f"{what} off ({key} 0)")
    if kept < s.min_days:
        said = f"{what} kept {_days(kept)}, under your team's {_days(s.min_days)} here"
        return Verdict("attention", evidence, said)
    return Verdict("ok", evidence, f"{what} kept {_days(kept)}")


def _pitr(s: Subject) -> Verdict:
    found = s.settings.get("PointInTimeRecoveryDescription")
    status = found.get("PointInTimeRecoveryStatus") if isinstance(found, Mapping) else None
    if not isinstance(found, Mapping) or not isinstance(status, str):
        return _unknown()
    evidence = {"PointInTimeRecoveryDescription": dict(found)}
    if status != "ENABLED":
        return Verdict("attention", evidence, "point-in-time recovery: not enabled")
    period = found.get("RecoveryPeriodInDays")
    if isinstance(period, int) and period < s.min_days:
        said = f"point-in-time recovery kept {_days(period)}, under your team's {_days(s.min_days)}"
        return Verdict("attention", evidence, said)
    kept = f" ({_days(period)})" if isinstance(period, int) else ""
    return Verdict("ok", evidence, f"point-in-time recovery: enabled{kept}")


def multi_az(s: Subject) -> Verdict:
    value = s.settings.get("MultiAZ")
    if s.model == "dynamodb":
        return Verdict("not_applicable", None, "no Multi-AZ setting for this service")
    if s.model == "redshift" and isinstance(value, str):  # "Enabled" / "Disabled"
        on = value.strip().lower() == "enabled"
    elif isinstance(value, bool):
        on = value
    else:
        return _unknown()
    said = "Multi-AZ: on" if on else "runs in production without Multi-AZ"
    return Verdict("ok" if on else "attention", {"MultiAZ": value}, said)


def encrypted(s: Subject) -> Verdict:
    if s.model == "dynamodb":
        return _dynamodb_encryption(s)
    key = "Encrypted" if s.model == "redshift" else "StorageEncrypted"
    value = s.settings.get(key)
    if not isinstance(value, bool):
        return _unknown()
    said = "storage encrypted" if value else "storage not encrypted"
    return Verdict("ok" if value else "attention", {key: value}, said)


def _dynamodb_encryption(s: Subject) -> Verdict:
    described = ("SSEDescription", "DeletionProtectionEnabled", "BillingModeSummary")
    if not any(k in s.settings for k in described):  # describe-table not imported
        return _unknown()
    sse = s.settings.get("SSEDescription")
    if not isinstance(sse, Mapping):  # no SSEDescription: an AWS owned key, the default
        said = "encrypted at rest with an AWS owned key (DynamoDB's default)"
        return Verdict("ok", {"SSEDescription": None}, said)
    kind = sse.get("SSEType") or "KMS"
    return Verdict("ok", {"SSEDescription": dict(sse)}, f"encrypted at rest ({kind})")


def not_public(s: Subject) -> Verdict:
    if s.model == "dynamodb":
        return Verdict("not_applicable", None, "no public accessibility setting for this service")
    value = s.settings.get("PubliclyAccessible")
    if not isinstance(value, bool):
        return _unknown()
    said = "publicly accessible" if value else "not publicly accessible"
    return Verdict("attention" if value else "ok", {"PubliclyAccessible": value}, said)


def iam_auth(s: Subject) -> Verdict:
    if s.model != "rds" or s.service == "documentdb":
        return Verdict("not_applicable", None, "no IAM database authentication setting here")
    value = s.settings.get("IAMDatabaseAuthenticationEnabled")
    if not isinstance(value, bool):
        return _unknown()
    evidence: dict[str, object] = {"IAMDatabaseAuthenticationEnabled": value}
    if value:
        return Verdict("ok", evidence, "IAM database authentication: on")
    engine = s.settings.get("Engine")
    if isinstance(engine, str):
        evidence["Engine"] = engine
        supported = engine in IAM_AUTH_ENGINES
    else:  # Aurora Serverless v2 capacity: the provisioned engine mode, which has it
        v2 = "ServerlessV2ScalingConfiguration" in s.settings
        supported = s.service in IAM_AUTH_SERVICES or (s.service == "aurora-serverless" and v2)
    if isinstance(engine, str) and not supported:
        return Verdict("not_applicable", evidence, f"the {engine} engine has no IAM database auth")
    if not supported:
        said = "IAM database authentication: off; the engine was not imported"
        return Verdict("unknown", evidence, said)
    return Verdict("attention", evidence, "IAM database authentication: off")


def logs_exported(s: Subject) -> Verdict:
    if s.model != "rds":
        return _unknown("not in AWS's output for this service")
    value = s.settings.get("EnabledCloudwatchLogsExports")
    if not isinstance(value, tuple | list):
        return _unknown()
    logs = [str(v) for v in value]
    evidence = {"EnabledCloudwatchLogsExports": logs}
    if not logs:
        return Verdict("attention", evidence, "no log type exported")
    return Verdict("ok", evidence, "logs exported: " + ", ".join(logs))


def monitoring(s: Subject) -> Verdict:
    if s.model != "rds":
        return _unknown("not in AWS's output for this service")
    insights = s.settings.get("PerformanceInsightsEnabled")
    interval = s.settings.get("MonitoringInterval")
    evidence: dict[str, object] = {}
    if isinstance(insights, bool):
        evidence["PerformanceInsightsEnabled"] = insights
    if isinstance(interval, int):
        evidence["MonitoringInterval"] = interval
    if insights is True or (isinstance(interval, int) and interval > 0):
        parts = ["Performance Insights: on"] if insights is True else []
        if isinstance(interval, int) and interval > 0:
            parts.append(f"enhanced monitoring every {interval} s")
        return Verdict("ok", evidence, "; ".join(parts))
    if len(evidence) < 2:  # one of the two is off, the other was not imported
        return Verdict("unknown", evidence or None, NOT_IMPORTED)
    return Verdict("attention", evidence, "Performance Insights and enhanced monitoring: off")


CHECKS: Mapping[str, Check] = {
    "retention": retention,
    "multi-az": multi_az,
    "encrypted": encrypted,
    "not-public": not_public,
    "iam-auth": iam_auth,
    "logs-exported": logs_exported,
    "monitoring": monitoring,
}
# checks that apply to production resources only (bot.config: WHOOWNS_PRODUCTION_ENVIRONMENTS)
PRODUCTION_ONLY = frozenset(("multi-az",))
