"""Each practice on databases of every kind: ok, attention, unknown, not applicable — decided
from what AWS's settings say and where the customer has work, routed to the right team."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.answers.practices import Rules, evaluate
from tests.support.practices import T0


def status(fleet, resource: str, practice: str, **kwargs) -> tuple[str, str | None, str]:
    [f] = [
        f
        for f in evaluate(fleet, now=T0, resources=[resource], **kwargs)
        if f.practice.id == practice
    ]
    return f.status, (f.team.id if f.team else None), f.said


@pytest.mark.parametrize(
    ("resource", "practice", "expected"),
    [
        ("shop-db", "backups-configured", ("attention", "web", "automated backups off")),
        ("orders-db", "backups-configured", ("ok", "sre", "automated backups kept 14 days")),
        ("carts", "backups-configured", ("attention", "web", "point-in-time recovery kept 5")),
        ("payments-ledger", "backups-configured", ("attention", "payments", "point-in-time")),
        ("shop-db", "multi-az-in-production", ("attention", "web", "without Multi-AZ")),
        ("bi-warehouse", "multi-az-in-production", ("ok", "web", "Multi-AZ: on")),
        ("shop-db-staging", "multi-az-in-production", ("not_applicable", None, "not a prod")),
        ("carts", "multi-az-in-production", ("not_applicable", None, "no customer work")),
        ("shop-db", "encrypted-at-rest", ("attention", "web", "storage not encrypted")),
        ("payments-ledger", "encrypted-at-rest", ("ok", "payments", "AWS owned key")),
        ("carts", "encrypted-at-rest", ("ok", "web", "encrypted at rest (KMS)")),
        ("shop-db", "not-publicly-accessible", ("attention", "web", "publicly accessible")),
        ("orders-db-replica", "not-publicly-accessible", ("ok", "platform-db", "not publicly")),
        ("carts", "not-publicly-accessible", ("not_applicable", None, "no public")),
        ("orders-db", "iam-database-auth", ("attention", "platform-db", "IAM database auth")),
        ("shop-db", "iam-database-auth", ("unknown", "web", "the engine was not imported")),
        ("bi-warehouse", "iam-database-auth", ("not_applicable", None, "no IAM database")),
        ("shop-db", "audit-logs-exported", ("attention", "web", "no log type exported")),
        ("orders-db", "audit-logs-exported", ("ok", "platform-db", "logs exported: postgresql")),
        ("shop-db", "performance-monitoring", ("attention", "web", "Performance Insights")),
        ("orders-db", "performance-monitoring", ("unknown", "platform-db", "not imported")),
        ("sessions-keys", "encrypted-at-rest", ("unknown", "web", "not visible in AWS's API")),
        ("billing-mongo", "backups-configured", ("unknown", "platform-db", "not visible")),
        ("events-warehouse", "multi-az-in-production", ("unknown", "analytics", "no environm")),
    ],
)
def test_each_practice_on_each_kind_of_database(fleet, resource, practice, expected):
    got_status, got_team, said = status(fleet, resource, practice)
    assert (got_status, got_team) == expected[:2]
    assert expected[2] in said


def test_the_per_duty_team_does_the_backups(fleet):
    # orders-db: Platform DB owns it, SRE does its backups (duties: {backups: sre})
    assert status(fleet, "orders-db", "backups-configured")[1] == "sre"
    assert status(fleet, "orders-db", "encrypted-at-rest")[1] == "platform-db"


def test_a_team_minimum_raises_the_bar_in_its_environment_only(fleet):
    # Web wants 7 days in prod; shop-db-staging keeps 1 day and staging has no bar
    assert status(fleet, "shop-db-staging", "backups-configured")[0] == "ok"
    assert status(fleet, "carts", "backups-configured")[0] == "attention"


def test_production_environments_are_configurable(fleet):
    rules = Rules(production=frozenset(("staging",)))
    assert status(fleet, "shop-db-staging", "multi-az-in-production", rules=rules)[0] == (
        "attention"
    )
    assert status(fleet, "shop-db", "multi-az-in-production", rules=rules)[0] == "not_applicable"


def test_a_confirmation_turns_unknown_into_ok_until_it_expires(fleet):
    confirmed = {("backups-configured", "billing-mongo"): ("U0ALICE", T0)}
    rules = Rules(confirm_days=90)
    [f] = [
        f
        for f in evaluate(
            fleet,
            now=T0 + timedelta(days=89),
            resources=["billing-mongo"],
            confirmations=confirmed,
            rules=rules,
        )
        if f.practice.id == "backups-configured"
    ]
    assert f.status == "ok" and f.confirmed is not None
    assert f.confirmed.expires == T0 + timedelta(days=90)
    later = evaluate(
        fleet,
        now=T0 + timedelta(days=90),
        resources=["billing-mongo"],
        confirmations=confirmed,
        rules=rules,
    )
    assert {f.status for f in later if f.practice.id == "backups-configured"} == {"unknown"}


def test_a_confirmation_never_overrides_what_aws_says(fleet):
    confirmed = {("backups-configured", "shop-db"): ("U0WENDY", T0)}
    got = status(fleet, "shop-db", "backups-configured", confirmations=confirmed)
    assert got[0] == "attention"


def test_attention_comes_first(fleet):
    statuses = [f.status for f in evaluate(fleet, now=T0)]
    order = ["attention", "unknown", "ok", "not_applicable"]
    assert statuses == sorted(statuses, key=order.index)


def test_json_rows_have_exactly_the_documented_keys(fleet):
    [row] = [
        f.to_json()
        for f in evaluate(fleet, now=T0, resources=["orders-db"])
        if f.practice.id == "multi-az-in-production"
    ]
    assert row == {
        "resource": "orders-db",
        "service": "aurora-provisioned",
        "category": "managed",
        "duty": "high-availability",
        "practice": "multi-az-in-production",
        "status": "attention",
        "team": "platform-db",
        "team_name": "Platform DB",
        "evidence": {"MultiAZ": False},
        "pending": [
            {
                "ResourceIdentifier": "arn:aws:rds:eu-central-1:111122223333:cluster:orders-db",
                "Action": "system-update",
                "Description": "New Operating System update is available",
                "AutoAppliedAfterDate": "2026-12-20T00:00:00+00:00",
            }
        ],
        "confirmed": None,
        "course": ["High Availability Setup: Configuring replication and failover"],
        "source": "Managed Database Services",
    }
