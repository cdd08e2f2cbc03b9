"""What a database is set to do, duty by duty, in the words an answer will show; settings that
were not imported are not mentioned."""

from __future__ import annotations

from bot.answers.settings import settings_lines


def texts(fleet, resource: str, duty: str) -> list[str]:
    return [line.text for line in settings_lines(fleet.resources[resource], duty)]


def test_maintenance_window_minor_versions_and_pending(fleet):
    assert texts(fleet, "orders-db", "patching") == [
        "Maintenance window Sun 03:00–03:30 UTC; minor versions applied automatically: on",
        "Engine version 15.4",
        "Pending: system-update, applied after 20 Dec 2026",
    ]


def test_backups_and_point_in_time_recovery(fleet):
    assert texts(fleet, "orders-db", "backups") == [
        "Automated backups kept 14 days",
        "Backup window 01:00–01:30 UTC",
    ]
    assert texts(fleet, "payments-ledger", "backups") == ["Point-in-time recovery: not enabled"]
    assert texts(fleet, "shop-db", "backups") == ["Automated backups: off"]


def test_the_other_duties(fleet):
    assert texts(fleet, "orders-db", "high-availability") == ["Multi-AZ: off"]
    assert texts(fleet, "bi-warehouse", "high-availability") == ["Multi-AZ: enabled"]
    assert texts(fleet, "payments-ledger", "encryption") == [
        "Encrypted at rest with an AWS owned key (no SSEDescription)"
    ]
    assert texts(fleet, "payments-ledger", "disaster-recovery") == ["Deletion protection: on"]
    assert texts(fleet, "shop-db", "network-security") == ["Publicly accessible: on"]
    assert texts(fleet, "shop-db", "performance-tuning") == [
        "Performance Insights: off",
        "Enhanced monitoring: off",
    ]
    assert texts(fleet, "shop-db", "audit-logging") == ["Logs exported: none"]


def test_nothing_imported_says_nothing(fleet):
    assert texts(fleet, "legacy-crm", "backups") == []
    assert texts(fleet, "shop-db-staging", "patching") == []
    assert texts(fleet, "orders-db", "database-design") == []
