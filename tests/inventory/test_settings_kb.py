"""The ``settings`` of a resource in the knowledge: AWS's key names, typed as AWS's models type
them, read-only on the resource; a wrong type is refused with its file and line."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from bot.kb import KnowledgeError, load_knowledge
from tests.support.inventory import FIXTURES

TEAMS = (FIXTURES / "teams.yaml").read_text()


def load(tmp_path, resources: str):
    org = tmp_path / "org"
    org.mkdir(exist_ok=True)
    (org / "teams.yaml").write_text(TEAMS)
    (org / "inventory.yaml").write_text("resources:\n" + resources)
    return load_knowledge(None, org=org, core_only=True)


def problems(tmp_path, resources: str) -> list[str]:
    with pytest.raises(KnowledgeError) as caught:
        load(tmp_path, resources)
    return [str(p) for p in caught.value.problems]


ORDERS = """\
  orders-db:
    service: aurora-provisioned
    owner: platform-db
    settings:
      BackupRetentionPeriod: 7
      MultiAZ: false
      PreferredMaintenanceWindow: "sun:02:00-sun:02:30"
      EnabledCloudwatchLogsExports: [postgresql]
      ServerlessV2ScalingConfiguration: {MinCapacity: 0.5, MaxCapacity: 16}
      PendingMaintenanceActions:
        - {ResourceIdentifier: "arn:aws:rds:eu-central-1:111122223333:cluster:orders-db",
           PendingMaintenanceActionDetails: [{Action: system-update,
           AutoAppliedAfterDate: "2026-12-20T00:00:00+00:00"}]}
"""


def test_settings_are_typed_as_aws_types_them(tmp_path):
    orders = load(tmp_path, ORDERS).resources["orders-db"]
    assert orders.settings["BackupRetentionPeriod"] == 7
    assert orders.settings["MultiAZ"] is False
    assert orders.settings["PreferredMaintenanceWindow"] == "sun:02:00-sun:02:30"
    assert orders.settings["EnabledCloudwatchLogsExports"] == ("postgresql",)
    assert orders.settings["ServerlessV2ScalingConfiguration"] == {
        "MinCapacity": 0.5,
        "MaxCapacity": 16.0,
    }
    (pending,) = orders.settings["PendingMaintenanceActions"]
    (action,) = pending["PendingMaintenanceActionDetails"]
    assert action["AutoAppliedAfterDate"] == datetime(2026, 12, 20, tzinfo=timezone.utc)
    with pytest.raises(TypeError):
        orders.settings["MultiAZ"] = True  # read-only


def test_a_key_not_written_is_absent_not_guessed(tmp_path):
    orders = load(tmp_path, ORDERS).resources["orders-db"]
    assert "StorageEncrypted" not in orders.settings
    plain = load(tmp_path, "  ledger:\n    service: dynamodb\n").resources["ledger"]
    assert dict(plain.settings) == {}


def test_redshift_multi_az_is_text_and_rds_multi_az_a_boolean(tmp_path):
    text = "  warehouse:\n    service: redshift\n    settings: {MultiAZ: Enabled}\n"
    assert load(tmp_path, text).resources["warehouse"].settings["MultiAZ"] == "Enabled"
    text = "  warehouse:\n    service: redshift\n    settings: {MultiAZ: true}\n"
    assert problems(tmp_path, text) == [
        f"{tmp_path}/org/inventory.yaml:4: expected text, got true "
        "(at resources.warehouse.settings.MultiAZ)"
    ]


def test_kb_check_names_the_line_of_a_wrongly_typed_setting(tmp_path):
    text = ORDERS.replace("MultiAZ: false", 'MultiAZ: "yes"')
    assert problems(tmp_path, text) == [
        f'{tmp_path}/org/inventory.yaml:7: expected a boolean, got "yes" '
        "(at resources.orders-db.settings.MultiAZ)"
    ]
    text = ORDERS.replace('"2026-12-20T00:00:00+00:00"', "soon")
    (problem,) = problems(tmp_path, text)
    assert problem.startswith(f"{tmp_path}/org/inventory.yaml:14: expected a date and time")
    assert "AutoAppliedAfterDate" in problem


def test_an_unknown_setting_or_a_service_aws_does_not_describe_is_refused(tmp_path):
    text = "  ledger:\n    service: dynamodb\n    settings: {BackupRetentionPeriod: 7}\n"
    (problem,) = problems(tmp_path, text)
    assert problem.startswith(f"{tmp_path}/org/inventory.yaml:4: unknown dynamodb setting")
    text = "  crm:\n    service: self-managed\n    settings: {MultiAZ: true}\n"
    assert problems(tmp_path, text) == [
        f"{tmp_path}/org/inventory.yaml:4: service 'self-managed' has no settings read from "
        "AWS's API (at resources.crm.settings)"
    ]
