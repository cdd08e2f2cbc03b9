"""Importing what each database is configured to do: AWS's settings under ``settings:``, the
pending maintenance joined by ARN, DynamoDB's point-in-time recovery given per table."""

from __future__ import annotations

import json

import pytest
import yaml

from bot.inventory import ShapeError
from tests.support.inventory import FIXTURES, plan, write

RDS = (("aws-rds-clusters", "rds-clusters.json"), ("aws-rds-instances", "rds-instances.json"))
DYNAMODB = ("aws-dynamodb", "dynamodb-describe.json")
MAINTENANCE = ("aws-rds-maintenance", "rds-maintenance.json")


def instances_with(tmp_path, **settings):
    """rds-instances.json with ``settings`` on Billing_MySQL (the fourth... sixth entry)."""
    data = json.loads((FIXTURES / "rds-instances.json").read_text())
    billing = next(i for i in data["DBInstances"] if i["DBInstanceIdentifier"] == "Billing_MySQL")
    billing.update(settings)
    for key in [k for k, v in settings.items() if v is None]:
        del billing[key]
    path = tmp_path / "instances.json"
    path.write_text(json.dumps(data))
    return ("aws-rds-instances", str(path)), data["DBInstances"].index(billing)


def test_each_resource_keeps_its_settings_with_aws_names_and_types(org, tmp_path):
    given, _ = instances_with(
        tmp_path,
        BackupRetentionPeriod=0,
        StorageEncrypted=True,
        EnabledCloudwatchLogsExports=["error", "slowquery"],
        PreferredMaintenanceWindow="sun:03:00-sun:03:30",
    )
    result = plan(org, given)
    settings = result.outcome.resources["billing-mysql"]["settings"]
    assert settings == {
        "BackupRetentionPeriod": 0,
        "PreferredMaintenanceWindow": "sun:03:00-sun:03:30",
        "MultiAZ": True,
        "StorageEncrypted": True,
        "EnabledCloudwatchLogsExports": ["error", "slowquery"],
    }
    assert "settings" in result.outcome.resources["billing-mysql"]["imported"]
    write(org, result)
    written = yaml.safe_load((org / "inventory.yaml").read_text())
    assert written["resources"]["billing-mysql"]["settings"] == settings


def test_a_key_the_output_lacks_is_absent_never_a_failure(org, tmp_path):
    given, _ = instances_with(tmp_path, MultiAZ=None)
    settings = plan(org, given).outcome.resources["billing-mysql"].get("settings", {})
    assert "MultiAZ" not in settings


def test_a_value_of_the_wrong_type_refuses_the_file_naming_the_key(org, tmp_path):
    given, index = instances_with(tmp_path, MultiAZ="yes")
    with pytest.raises(ShapeError) as refused:
        plan(org, given)
    assert str(refused.value) == (
        f'{given[1]}: DBInstances[{index}].MultiAZ: expected a boolean, got "yes"'
    )


def test_redshift_multi_az_is_text_as_in_redshift_model(org, tmp_path):
    data = json.loads((FIXTURES / "redshift.json").read_text())
    data["Clusters"][0].update(
        MultiAZ="Enabled", Encrypted=True, AutomatedSnapshotRetentionPeriod=1
    )
    path = tmp_path / "redshift.json"
    path.write_text(json.dumps(data))
    settings = plan(org, ("aws-redshift", str(path))).outcome.resources["events-dw"]["settings"]
    assert settings == {
        "AutomatedSnapshotRetentionPeriod": 1,
        "Encrypted": True,
        "MultiAZ": "Enabled",
    }
    data["Clusters"][0]["MultiAZ"] = True
    path.write_text(json.dumps(data))
    with pytest.raises(ShapeError, match=r"Clusters\[0\]\.MultiAZ: expected text, got true"):
        plan(org, ("aws-redshift", str(path)))


def test_a_reimport_refreshes_settings_and_keeps_hand_edits(org, tmp_path):
    given, _ = instances_with(tmp_path, BackupRetentionPeriod=1)
    write(org, plan(org, given))
    data = yaml.safe_load((org / "inventory.yaml").read_text())
    data["resources"]["billing-mysql"]["note"] = "Ask in #billing first"
    data["resources"]["billing-mysql"]["owner"] = "sre"
    data["resources"]["billing-mysql"]["imported"].remove("owner")
    (org / "inventory.yaml").write_text(yaml.safe_dump(data, sort_keys=False))
    given, _ = instances_with(tmp_path, BackupRetentionPeriod=7)
    entry = plan(org, given).outcome.resources["billing-mysql"]
    assert entry["settings"]["BackupRetentionPeriod"] == 7
    assert entry["note"] == "Ask in #billing first"
    assert entry["owner"] == "sre"


def test_settings_a_person_took_over_are_not_overwritten(org, tmp_path):
    given, _ = instances_with(tmp_path, BackupRetentionPeriod=1)
    write(org, plan(org, given))
    data = yaml.safe_load((org / "inventory.yaml").read_text())
    data["resources"]["billing-mysql"]["imported"].remove("settings")
    (org / "inventory.yaml").write_text(yaml.safe_dump(data, sort_keys=False))
    given, _ = instances_with(tmp_path, BackupRetentionPeriod=7)
    entry = plan(org, given).outcome.resources["billing-mysql"]
    assert entry["settings"]["BackupRetentionPeriod"] == 1


def test_a_second_identical_import_with_settings_changes_nothing(org):
    inputs = (
        *RDS,
        DYNAMODB,
        MAINTENANCE,
        ("aws-dynamodb-backups", "carts-eu-central-1=pitr-carts.json"),
    )
    write(org, plan(org, *inputs))
    again = plan(org, *inputs)
    assert again.text == (org / "inventory.yaml").read_text()
    assert again.outcome.changes == []


def test_pending_maintenance_joins_by_arn_and_cluster_members_join_their_cluster(org):
    result = plan(org, *RDS, MAINTENANCE)
    orders = result.outcome.resources["orders-db"]["settings"]["PendingMaintenanceActions"]
    assert [p["ResourceIdentifier"].rsplit(":", 1)[1] for p in orders] == [
        "orders-db",
        "orders-db-writer",
    ]
    assert orders[0]["PendingMaintenanceActionDetails"] == [
        {
            "Action": "system-update",
            "Description": "Upgrade to the latest platform version",
            "AutoAppliedAfterDate": "2026-12-20T00:00:00+00:00",
            "CurrentApplyDate": "2026-12-20T00:00:00+00:00",
        }
    ]
    # imported, and nothing pending: an empty list (not absent, which is "not imported")
    assert result.outcome.resources["billing-mysql"]["settings"]["PendingMaintenanceActions"] == []
    assert (
        "aws-rds-maintenance",
        "arn:aws:rds:eu-central-1:111122223333:db:gone-db",
        "no resource with this ARN in the file or the input (a cluster member? import "
        "--from aws-rds-instances with it)",
    ) in result.outcome.skipped


def test_maintenance_alone_joins_resources_already_in_the_file(org):
    write(org, plan(org, *RDS))
    result = plan(org, MAINTENANCE)
    pending = result.outcome.resources["orders-db"]["settings"]["PendingMaintenanceActions"]
    assert [p["ResourceIdentifier"].rsplit(":", 1)[1] for p in pending] == ["orders-db"]
    assert result.outcome.resources["orders-db"]["settings"]["MultiAZ"] is True  # kept
    assert result.outcome.tally("aws-rds-maintenance").updated >= 1


def test_backups_are_given_per_table(org):
    result = plan(
        org,
        DYNAMODB,
        ("aws-dynamodb-backups", "carts-eu-central-1=pitr-carts.json"),
        (
            "aws-dynamodb-backups",
            "arn:aws:dynamodb:us-east-1:111122223333:table/carts=pitr-carts-us.json",
        ),
    )
    eu = result.outcome.resources["carts-eu-central-1"]["settings"]
    us = result.outcome.resources["carts-us-east-1"]["settings"]
    assert eu["PointInTimeRecoveryDescription"] == {"PointInTimeRecoveryStatus": "DISABLED"}
    assert us["PointInTimeRecoveryDescription"] == {
        "PointInTimeRecoveryStatus": "ENABLED",
        "RecoveryPeriodInDays": 35,
    }
    assert eu["BillingModeSummary"] == {"BillingMode": "PAY_PER_REQUEST"}


def test_a_table_name_in_two_regions_asks_for_the_id(org):
    with pytest.raises(ShapeError) as refused:
        plan(org, DYNAMODB, ("aws-dynamodb-backups", "carts=pitr-carts.json"))
    assert "table 'carts' is carts-eu-central-1, carts-us-east-1" in str(refused.value)


def test_the_new_shapes_are_recognised_and_backups_still_need_their_table(org):
    result = plan(org, *RDS, (None, "rds-maintenance.json"))
    assert "aws-rds-maintenance" in result.kinds
    with pytest.raises(ShapeError, match="does not name its table: give the file as TABLE=PATH"):
        plan(org, DYNAMODB, (None, "pitr-carts.json"))
