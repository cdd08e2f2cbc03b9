"""Helpers for the inventory tests: the fixture files (the JSON the AWS CLI prints, written from
the documented shapes), the example organisation folder, and one import run in memory."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from bot.inventory import Input, plan_import
from bot.inventory.importer import Options, Plan, current
from bot.inventory.merge import DEFAULT_OWNER_TAGS

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "inventory" / "fixtures"
EXAMPLE_ORG = ROOT / "examples" / "org"
TODAY = date(2026, 12, 1)


def plan(
    org: Path,
    *inputs: tuple[str, str],
    prune: bool = False,
    owner_tags: tuple[str, ...] = DEFAULT_OWNER_TAGS,
) -> Plan:
    """One import into ``org/inventory.yaml``, without writing (fixture file names, or
    ``TABLE=name`` for aws-dynamodb-backups; an absolute path is used as it is)."""
    now = current(None, org, org / "inventory.yaml")
    given = [
        Input(kind, FIXTURES / name.partition("=")[2], table=name.partition("=")[0])
        if "=" in name
        else Input(kind, FIXTURES / name)
        for kind, name in inputs
    ]
    options = Options(owner_tags, prune=prune, today=TODAY)
    return plan_import(given, now.knowledge, now.existing, options)


def write(org: Path, result: Plan) -> None:
    (org / "inventory.yaml").write_text(result.text, encoding="utf-8")
