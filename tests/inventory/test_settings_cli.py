"""`whoowns inventory import` of settings as a user runs it: one line when a file is refused."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.support.inventory import FIXTURES
from tests.support.processes import run_whoowns, whoowns_env

pytestmark = pytest.mark.slow


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return whoowns_env(tmp_path)


def test_a_wrongly_typed_setting_refuses_the_file_and_writes_nothing(org, env, tmp_path):
    data = json.loads((FIXTURES / "rds-instances.json").read_text())
    data["DBInstances"][3]["MultiAZ"] = "yes"
    instances = tmp_path / "instances.json"
    instances.write_text(json.dumps(data))
    result = run_whoowns(
        "inventory", "import", "--org-knowledge", str(org),
        "--from", "aws-rds-instances", str(instances), env=env,
    )  # fmt: skip
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        f"whoowns inventory import: {instances}: DBInstances[3].MultiAZ: expected a boolean, "
        'got "yes"; nothing written'
    ]
    assert not (org / "inventory.yaml").exists()


def test_backups_need_table_equals_path(org, env):
    result = run_whoowns(
        "inventory", "import", "--org-knowledge", str(org),
        "--from", "aws-dynamodb-backups", "sessions", env=env,
    )  # fmt: skip
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "whoowns inventory import: --from aws-dynamodb-backups: 'sessions' is not TABLE=PATH "
        "(the output of `aws dynamodb describe-continuous-backups` does not name its table), "
        "e.g. sessions=pitr-sessions.json"
    ]


def test_backups_given_per_table_are_written(org, env):
    result = run_whoowns(
        "inventory", "import", "--org-knowledge", str(org),
        "--from", "aws-dynamodb", str(FIXTURES / "dynamodb-describe.json"),
        "--from", "aws-dynamodb-backups",
        f"carts-eu-central-1={FIXTURES / 'pitr-carts.json'}",
        f"carts-us-east-1={FIXTURES / 'pitr-carts-us.json'}", env=env,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "aws-dynamodb-backups: 0 imported, 2 updated, 0 unchanged, 0 skipped" in result.stdout
    text = (org / "inventory.yaml").read_text()
    assert "PointInTimeRecoveryDescription: {PointInTimeRecoveryStatus: DISABLED}" in text
