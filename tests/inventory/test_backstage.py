"""A Backstage catalog file: Groups become teams, Resources resources."""

from __future__ import annotations

import pytest

from bot.inventory import ShapeError
from tests.support.inventory import plan


@pytest.fixture
def empty_org(tmp_path):
    folder = tmp_path / "org"
    folder.mkdir()
    return folder


def test_groups_become_teams_with_their_slack_annotation(empty_org):
    result = plan(empty_org, ("backstage", "catalog-info.yaml"))
    teams = result.outcome.teams
    assert teams["platform-db"]["name"] == "Platform DB"
    assert teams["platform-db"]["slack"] == "S0PLATFORMDB"
    assert teams["payments"] == {"name": "Payments", "imported": ["name"]}


def test_resources_from_annotation_or_type_and_owner_from_the_entity_reference(empty_org):
    result = plan(empty_org, ("backstage", "catalog-info.yaml"))
    got = result.outcome.resources
    ledger = got["payments-ledger"]
    assert ledger["service"] == "dynamodb"  # spec.type dynamodb-table
    assert ledger["owner"] == "payments"  # group:default/payments
    assert ledger["links"] == [
        {"title": "Dashboard", "url": "https://grafana.example.com/d/ledger"}
    ]
    assert ledger["note"] == "The <ledger> of record & its history"  # escaped when shown
    assert got["inventory-db"]["service"] == "aurora-provisioned"  # whoowns/service
    assert got["inventory-db"]["owner"] == "platform-db"
    # rds-instance whose metadata says Aurora: both variants, with a note
    assert got["search-cluster"]["service"] == "aurora"
    assert "owner" not in got["search-cluster"]  # owned by a user, not a group
    skipped = {name: reason for _, name, reason in result.outcome.skipped}
    assert "spec.type 'database'" in skipped["old-thing"]
    assert "orders-service" not in got and "orders-service" not in skipped  # a Component


def test_the_result_loads_as_knowledge(empty_org):
    from bot.inventory.importer import check_written

    result = plan(empty_org, ("backstage", "catalog-info.yaml"))
    assert check_written(result.text, None, empty_org, empty_org / "inventory.yaml") == []


def test_a_catalog_that_is_not_entities_is_refused(empty_org, tmp_path):
    bad = tmp_path / "catalog.yaml"
    bad.write_text("---\nkind: Resource\nspec: {}\n---\n- just a list\n", encoding="utf-8")
    with pytest.raises(ShapeError, match=r"catalog.yaml: document 1 \(Resource\) has no metadata"):
        plan(empty_org, ("backstage", str(bad)))
    bad.write_text("kind: Group\nmetadata: {name: [unclosed\n", encoding="utf-8")
    with pytest.raises(ShapeError, match=r"catalog.yaml:\d+: not valid YAML"):
        plan(empty_org, ("backstage", str(bad)))


def test_a_group_defined_by_hand_is_kept_and_still_owns(org):
    result = plan(org, ("backstage", "catalog-info.yaml"))
    assert result.outcome.teams == {}  # both groups are in teams.yaml already
    reasons = {name: reason for _, name, reason in result.outcome.skipped}
    assert reasons["group platform-db"] == (
        f"its name is taken by team 'platform-db' ({org / 'teams.yaml'}:2), which is kept as it is"
    )
    assert result.outcome.resources["inventory-db"]["owner"] == "platform-db"
    assert result.outcome.resources["payments-ledger"]["owner"] == "payments"
