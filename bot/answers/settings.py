"""What a resource is set to do for one duty, in words: the lines an answer shows under the
owner lines ("Maintenance window Sun 03:00–03:30 UTC; minor versions applied automatically:
on"). Pure and quick (an answer calls it per resource and duty). Only imported settings are
mentioned: an absent key says nothing, never a guess.

    settings_lines(resource, "patching")   # -> [SettingLine("patching", "Maintenance …", (…))]
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import NamedTuple

from bot.kb.models import Resource
from bot.kb.settings import SERVICE_MODELS, to_plain


class SettingLine(NamedTuple):
    duty: str
    text: str  # plain text (AWS's values only; escape like any text when shown)
    keys: tuple[str, ...]  # AWS's setting names it was read from


class SettingNote(NamedTuple):
    """A setting line as an answer shows it: with the practice it needs attention for."""

    text: str  # plain text (AWS's values only; escape like any text when shown)
    keys: tuple[str, ...]
    attention: str | None  # the practice id whose check flags these keys, else None


def noted(lines: list[SettingLine], flagged: dict[str, str]) -> tuple[SettingNote, ...]:
    """``lines`` with ``flagged`` (AWS's key -> the practice needing attention on it)."""
    return tuple(
        SettingNote(
            line.text, line.keys, next((flagged[k] for k in line.keys if k in flagged), None)
        )
        for line in lines
    )


def _on(value: object) -> str:
    return "on" if value is True else "off"


_WINDOW = re.compile(r"(?:([a-z]{3}):)?(\d\d:\d\d)-(?:([a-z]{3}):)?(\d\d:\d\d)")


def window(text: str) -> str:
    """``sun:03:00-sun:03:30`` -> ``Sun 03:00–03:30 UTC``; ``01:00-01:30`` -> ``01:00–01:30
    UTC`` (daily); another day at the end is named. Anything else is shown as given."""
    match = _WINDOW.fullmatch(text.strip().lower())
    if match is None:
        return text
    day1, time1, day2, time2 = match.groups()
    start = f"{day1.capitalize()} {time1}" if day1 else time1
    end = f"{day2.capitalize()} {time2}" if day2 and day2 != day1 else time2
    return f"{start}–{end} UTC"


def _date(value: object) -> str | None:
    when = value if isinstance(value, datetime) else None
    if when is None and isinstance(value, str):
        from bot.kb.settings import parse_time

        when = parse_time(value)
    return f"{when.day} {when.strftime('%b %Y')}" if when is not None else None


def pending_actions(resource: Resource) -> tuple[Mapping[str, object], ...]:
    """The resource's pending maintenance actions, one mapping each (AWS's keys, plain data,
    ``ResourceIdentifier`` added): information, not a practice."""
    listed = resource.settings.get("PendingMaintenanceActions")
    if not isinstance(listed, tuple):
        return ()
    out: list[Mapping[str, object]] = []
    for entry in listed:
        if not isinstance(entry, Mapping):
            continue
        arn = entry.get("ResourceIdentifier")
        for detail in entry.get("PendingMaintenanceActionDetails") or ():
            plain = to_plain(detail)
            if isinstance(plain, dict):
                out.append({"ResourceIdentifier": arn, **plain} if arn else plain)
    return tuple(out)


def _pending(resource: Resource) -> list[str]:
    out = []
    for action in pending_actions(resource):
        name = str(action.get("Action") or "maintenance")
        forced = _date(action.get("ForcedApplyDate"))
        after = _date(action.get("AutoAppliedAfterDate"))
        current = _date(action.get("CurrentApplyDate"))
        when = (
            f", applied on {current}"
            if current
            else f", applied after {after}"
            if after
            else f", forced on {forced}"
            if forced
            else ", applied when you choose"
        )
        out.append(name + when)
    return out


def _patching(s: Mapping[str, object], resource: Resource) -> list[SettingLine]:
    parts, keys = [], []
    if isinstance(s.get("PreferredMaintenanceWindow"), str):
        parts.append(f"Maintenance window {window(str(s['PreferredMaintenanceWindow']))}")
        keys.append("PreferredMaintenanceWindow")
    for key, label in (
        ("AutoMinorVersionUpgrade", "minor versions applied automatically"),
        ("AllowVersionUpgrade", "version upgrades allowed"),
    ):
        if isinstance(s.get(key), bool):
            parts.append(f"{label}: {_on(s[key])}")
            keys.append(key)
    out = [SettingLine("patching", "; ".join(parts), tuple(keys))] if parts else []
    for key in ("EngineVersion", "ClusterVersion"):
        if isinstance(s.get(key), str):
            out.append(SettingLine("patching", f"Engine version {s[key]}", (key,)))
    pending = _pending(resource)
    if pending:
        text = "Pending: " + "; ".join(pending)
        out.append(SettingLine("patching", text, ("PendingMaintenanceActions",)))
    elif isinstance(s.get("PendingMaintenanceActions"), tuple):
        out.append(SettingLine("patching", "Pending: nothing", ("PendingMaintenanceActions",)))
    return out


def _backups(s: Mapping[str, object], resource: Resource) -> list[SettingLine]:
    out = []
    for key, what in (
        ("BackupRetentionPeriod", "Automated backups"),
        ("AutomatedSnapshotRetentionPeriod", "Automated snapshots"),
    ):
        kept = s.get(key)
        if isinstance(kept, int):
            text = f"{what}: off" if kept == 0 else f"{what} kept {kept} day" + "s" * (kept != 1)
            out.append(SettingLine("backups", text, (key,)))
    if isinstance(s.get("PreferredBackupWindow"), str):
        text = f"Backup window {window(str(s['PreferredBackupWindow']))}"
        out.append(SettingLine("backups", text, ("PreferredBackupWindow",)))
    pitr = s.get("PointInTimeRecoveryDescription")
    if isinstance(pitr, Mapping) and isinstance(pitr.get("PointInTimeRecoveryStatus"), str):
        on = pitr["PointInTimeRecoveryStatus"] == "ENABLED"
        days = pitr.get("RecoveryPeriodInDays")
        kept = f", {days} days" if on and isinstance(days, int) else ""
        text = f"Point-in-time recovery: {'enabled' if on else 'not enabled'}{kept}"
        out.append(SettingLine("backups", text, ("PointInTimeRecoveryDescription",)))
    return out


def _flag(duty: str, key: str, label: str) -> Callable[[Mapping[str, object], Resource], list]:
    def lines(s: Mapping[str, object], resource: Resource) -> list[SettingLine]:
        value = s.get(key)
        if isinstance(value, bool):
            return [SettingLine(duty, f"{label}: {_on(value)}", (key,))]
        if isinstance(value, str):  # Redshift's MultiAZ: "Enabled" / "Disabled"
            return [SettingLine(duty, f"{label}: {value.lower()}", (key,))]
        return []

    return lines


def _deletion(s: Mapping[str, object], resource: Resource) -> list[SettingLine]:
    for key in ("DeletionProtection", "DeletionProtectionEnabled"):  # RDS, DynamoDB
        found = _flag("disaster-recovery", key, "Deletion protection")(s, resource)
        if found:
            return found
    return []


def _encryption(s: Mapping[str, object], resource: Resource) -> list[SettingLine]:
    for key in ("StorageEncrypted", "Encrypted"):
        if isinstance(s.get(key), bool):
            return [SettingLine("encryption", f"Storage encrypted: {_on(s[key])}", (key,))]
    sse = s.get("SSEDescription")
    if isinstance(sse, Mapping):
        text = f"Encrypted at rest: {sse.get('SSEType') or 'KMS'} ({sse.get('Status', '')})"
        return [SettingLine("encryption", text.replace(" ()", ""), ("SSEDescription",))]
    if SERVICE_MODELS.get(resource.service) == "dynamodb" and (
        "DeletionProtectionEnabled" in s or "BillingModeSummary" in s
    ):
        text = "Encrypted at rest with an AWS owned key (no SSEDescription)"
        return [SettingLine("encryption", text, ("SSEDescription",))]
    return []


def _logs(s: Mapping[str, object], resource: Resource) -> list[SettingLine]:
    logs = s.get("EnabledCloudwatchLogsExports")
    if not isinstance(logs, tuple):
        return []
    text = "Logs exported: " + (", ".join(str(x) for x in logs) if logs else "none")
    return [SettingLine("audit-logging", text, ("EnabledCloudwatchLogsExports",))]


def _monitoring(s: Mapping[str, object], resource: Resource) -> list[SettingLine]:
    out = _flag("performance-tuning", "PerformanceInsightsEnabled", "Performance Insights")(
        s, resource
    )
    interval = s.get("MonitoringInterval")
    if isinstance(interval, int):
        text = f"every {interval} s" if interval else "off"
        out.append(
            SettingLine(
                "performance-tuning", f"Enhanced monitoring: {text}", ("MonitoringInterval",)
            )
        )
    return out


def _capacity(s: Mapping[str, object], resource: Resource) -> list[SettingLine]:
    scaling = s.get("ServerlessV2ScalingConfiguration")
    if not isinstance(scaling, Mapping):
        return []
    low, high = scaling.get("MinCapacity"), scaling.get("MaxCapacity")
    text = f"Serverless v2 capacity {low}–{high} ACUs"
    return [SettingLine("scaling", text, ("ServerlessV2ScalingConfiguration",))]


_LINES: Mapping[str, Callable[[Mapping[str, object], Resource], list[SettingLine]]] = {
    "patching": _patching,
    "backups": _backups,
    "high-availability": _flag("high-availability", "MultiAZ", "Multi-AZ"),
    "disaster-recovery": _deletion,
    "encryption": _encryption,
    "network-security": _flag("network-security", "PubliclyAccessible", "Publicly accessible"),
    "access-control": _flag(
        "access-control", "IAMDatabaseAuthenticationEnabled", "IAM database authentication"
    ),
    "audit-logging": _logs,
    "performance-tuning": _monitoring,
    "scaling": _capacity,
}


def settings_lines(resource: Resource, duty: str) -> list[SettingLine]:
    """What ``resource`` is set to do for ``duty``, as imported ([] when nothing is)."""
    if not resource.settings:
        return []
    make = _LINES.get(duty)
    return make(resource.settings, resource) if make is not None else []
