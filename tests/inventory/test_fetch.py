"""`whoowns inventory fetch`: the same import, read from AWS (moto where it implements the call,
botocore's Stubber where it does not: RDS's pending maintenance)."""

from __future__ import annotations

import sys
from datetime import datetime, timezone

import boto3
import pytest
from botocore.stub import Stubber
from moto import mock_aws

from bot.inventory import plan_import
from bot.inventory.fetch import FetchError, fetch_inputs, regions_of, session
from bot.inventory.importer import Options, current
from tests.support.inventory import TODAY

REGION = "eu-central-1"
ARN = f"arn:aws:rds:{REGION}:111122223333:db:billing"


class StubbedRds:
    """A boto3 session whose RDS client answers from documented shapes (Stubber)."""

    def __init__(self, real: boto3.Session) -> None:
        self.real, self.region_name, self.stubbers = real, REGION, []

    def client(self, name: str, region_name: str):
        client = self.real.client(name, region_name=region_name)
        if name != "rds":
            return client
        stub = Stubber(client)
        stub.add_response("describe_db_clusters", {"DBClusters": []})
        instance = {
            "DBInstanceIdentifier": "billing",
            "DBInstanceArn": ARN,
            "DBInstanceClass": "db.m5.large",
            "Engine": "mysql",
            "MultiAZ": False,
            "BackupRetentionPeriod": 0,
            "TagList": [{"Key": "owner", "Value": "payments"}],
        }
        stub.add_response("describe_db_instances", {"DBInstances": [instance]})
        action = {
            "Action": "system-update",
            "AutoAppliedAfterDate": datetime(2026, 12, 20, tzinfo=timezone.utc),
        }
        stub.add_response(
            "describe_pending_maintenance_actions",
            {"PendingMaintenanceActions": [
                {"ResourceIdentifier": ARN, "PendingMaintenanceActionDetails": [action]}
            ]},
        )  # fmt: skip
        stub.activate()
        self.stubbers.append(stub)
        return client


@pytest.fixture
def aws(monkeypatch):
    for key in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
        monkeypatch.setenv(key, "testing")
    with mock_aws():
        dynamodb = boto3.client("dynamodb", region_name=REGION)
        for name in ("sessions", "carts"):
            dynamodb.create_table(
                TableName=name,
                KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
                AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
                BillingMode="PAY_PER_REQUEST",
                Tags=[{"Key": "owner", "Value": "payments"}],
            )
        dynamodb.update_continuous_backups(
            TableName="sessions",
            PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True},
        )
        yield StubbedRds(boto3.Session(region_name=REGION))


def fetched(org, aws, prune=False):
    now = current(None, org, org / "inventory.yaml")
    options = Options(prune=prune, today=TODAY, regions=frozenset([REGION]))
    return plan_import(fetch_inputs(aws, [REGION]), now.knowledge, now.existing, options)


def test_a_fetch_imports_resources_settings_maintenance_and_backups(org, aws):
    result = fetched(org, aws)
    billing = result.outcome.resources["billing"]
    assert billing["owner"] == "payments"
    assert billing["settings"]["BackupRetentionPeriod"] == 0
    assert billing["settings"]["MultiAZ"] is False
    (pending,) = billing["settings"]["PendingMaintenanceActions"]
    assert pending["PendingMaintenanceActionDetails"] == [
        {"Action": "system-update", "AutoAppliedAfterDate": "2026-12-20T00:00:00+00:00"}
    ]
    sessions = result.outcome.resources["sessions"]
    assert sessions["owner"] == "payments"  # tags read with list-tags-of-resource
    pitr = sessions["settings"]["PointInTimeRecoveryDescription"]
    assert pitr["PointInTimeRecoveryStatus"] == "ENABLED"
    carts = result.outcome.resources["carts"]["settings"]["PointInTimeRecoveryDescription"]
    assert carts["PointInTimeRecoveryStatus"] == "DISABLED"
    assert all(not stub._queue for stub in aws.stubbers)  # every page asked for, once


def test_prune_removes_only_the_fetched_regions_resources(org, aws):
    (org / "inventory.yaml").write_text(
        "resources:\n"
        '  old-db:\n    service: rds\n    source: "aws rds describe-db-instances, 2026-11-01"\n'
        f'    arn: "arn:aws:rds:{REGION}:111122223333:db:old-db"\n'
        "    imported: [service, source, arn]\n"
        '  far-db:\n    service: rds\n    source: "aws rds describe-db-instances, 2026-11-01"\n'
        '    arn: "arn:aws:rds:us-east-1:111122223333:db:far-db"\n'
        "    imported: [service, source, arn]\n"
    )
    result = fetched(org, aws, prune=True)
    assert result.outcome.pruned == ["old-db"]
    assert "far-db" in result.outcome.resources


def test_without_credentials_one_line(monkeypatch):
    for key in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_PROFILE"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent")
    monkeypatch.setenv("AWS_CONFIG_FILE", "/nonexistent")
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    with pytest.raises(FetchError, match=r"^no AWS credentials found"):
        fetch_inputs(boto3.Session(region_name=REGION), [REGION])


def test_without_boto3_the_extra_is_named(monkeypatch):
    monkeypatch.setitem(sys.modules, "boto3", None)
    with pytest.raises(FetchError) as refused:
        session(None)
    assert str(refused.value) == "reading from AWS needs boto3: pip install 'whoowns[aws]'"


def test_which_region_must_be_said(monkeypatch):
    monkeypatch.delenv("AWS_DEFAULT_REGION", raising=False)
    monkeypatch.delenv("AWS_REGION", raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", "/nonexistent")
    with pytest.raises(FetchError, match="give --region R"):
        regions_of(boto3.Session(), [], every=False)
