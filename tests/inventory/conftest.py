"""Fixtures for the inventory: the JSON the AWS CLI prints (written from the documented shapes),
an organisation folder with teams, and a way to run one import in memory."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from bot.inventory import Input, plan_import
from bot.inventory.importer import Options, Plan, current

FIXTURES = Path(__file__).resolve().parent / "fixtures"
EXAMPLE_ORG = Path(__file__).resolve().parents[2] / "examples" / "org"
TODAY = date(2026, 12, 1)


@pytest.fixture
def org(tmp_path: Path) -> Path:
    """An organisation folder holding only teams.yaml (platform-db, payments, sre, analytics)."""
    folder = tmp_path / "org"
    folder.mkdir()
    shutil.copy(FIXTURES / "teams.yaml", folder / "teams.yaml")
    return folder


def plan(org: Path, *inputs: tuple[str, str], **options: object) -> Plan:
    """One import into ``org/inventory.yaml``, without writing (fixture file names)."""
    now = current(None, org, org / "inventory.yaml")
    given = [Input(kind, FIXTURES / name) for kind, name in inputs]
    return plan_import(given, now.knowledge, now.existing, Options(today=TODAY, **options))  # type: ignore[arg-type]  # test options


def write(org: Path, result: Plan) -> None:
    (org / "inventory.yaml").write_text(result.text, encoding="utf-8")
