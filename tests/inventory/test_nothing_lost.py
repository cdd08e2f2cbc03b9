"""The importer loses nothing: different AWS resources stay different entries, the summary tells
the file as it is after the merge, hand-written entries are matched, and any file is named."""

from __future__ import annotations

import json

import pytest
import yaml

from bot.inventory import ShapeError
from tests.support.inventory import plan, write

RDS = (("aws-rds-clusters", "rds-clusters.json"), ("aws-rds-instances", "rds-instances.json"))


def tables(tmp_path, *names, name="tables.json"):
    path = tmp_path / name
    path.write_text(json.dumps({"TableNames": list(names)}), encoding="utf-8")
    return str(path)


def edit_entry(org, ident, **fields):
    path = org / "inventory.yaml"
    data = yaml.safe_load(path.read_text())
    data["resources"][ident].update(fields)
    path.write_text(yaml.safe_dump(data, sort_keys=False))


def test_tables_whose_names_differ_only_in_case_are_three_resources(org, tmp_path):
    result = plan(org, ("aws-dynamodb", tables(tmp_path, "Orders", "orders", "ORDERS_v2")))
    got = result.outcome.resources
    assert set(got) == {"orders", "orders-2", "orders-v2"}
    assert "aliases" not in got["orders"]  # the table called exactly orders
    assert "'Orders'" in got["orders-2"]["note"]
    assert got["orders-v2"]["aliases"] == ["ORDERS_v2"]
    assert result.outcome.tally("aws-dynamodb").imported == 3
    assert result.outcome.apart == [("aws-dynamodb", "Orders", "orders-2", "orders")]


def test_names_kept_apart_keep_their_ids_on_a_second_import(org, tmp_path):
    given = tables(tmp_path, "Orders", "orders")
    write(org, plan(org, ("aws-dynamodb", given)))
    again = plan(org, ("aws-dynamodb", given))
    assert again.outcome.tally("aws-dynamodb").unchanged == 2
    assert again.text == (org / "inventory.yaml").read_text()


def test_an_instance_and_a_cluster_of_the_same_name_are_two_resources(org, tmp_path):
    arn = "arn:aws:rds:eu-central-1:111122223333"
    instance = {"DBInstanceIdentifier": "ledger", "DBInstanceArn": f"{arn}:db:ledger",
                "DBInstanceClass": "db.m6g.large", "Engine": "postgres"}  # fmt: skip
    cluster = {"DBClusterIdentifier": "ledger", "DBClusterArn": f"{arn}:cluster:ledger",
               "Engine": "postgres", "DBClusterMembers": []}  # fmt: skip
    (tmp_path / "i.json").write_text(json.dumps({"DBInstances": [instance]}))
    (tmp_path / "c.json").write_text(json.dumps({"DBClusters": [cluster]}))
    result = plan(
        org,
        ("aws-rds-clusters", str(tmp_path / "c.json")),
        ("aws-rds-instances", str(tmp_path / "i.json")),
    )
    got = result.outcome.resources
    assert {got["ledger"]["arn"], got["ledger-2"]["arn"]} == {
        f"{arn}:db:ledger",
        f"{arn}:cluster:ledger",
    }


def test_an_owner_set_by_hand_is_not_reported_missing(org, tmp_path):
    given = tables(tmp_path, "Orders")
    write(org, plan(org, ("aws-dynamodb", given)))
    edit_entry(org, "orders", owner="payments", imported=["service", "source"])
    again = plan(org, ("aws-dynamodb", given))
    assert again.outcome.no_owner == []


def test_a_reimport_of_instances_only_reports_the_file_after_the_merge(org):
    write(org, plan(org, *RDS))
    instances_only = plan(org, ("aws-rds-instances", "rds-instances.json"))
    without = [ident for ident, _ in instances_only.outcome.no_owner]
    # orders-db and cart have owners from their clusters' tags; reports and ledger-maz were
    # not in this run's input and still lack one
    assert without == ["reports", "search", "ledger-maz", "erp"]
    reasons = dict(instances_only.outcome.no_owner)
    assert reasons["erp"] == "tag team=nobody-we-know matches no team"
    assert reasons["reports"] == "no owner (not in this run's input)"


def test_a_hand_written_entry_with_the_same_slug_gains_the_imported_fields(org, tmp_path):
    hand = org / "resources.yaml"
    hand.write_text(
        "# written by hand\nresources:\n"
        "  payments-ledger:\n"
        "    service: dynamodb\n"
        "    owner: payments   # ask in #payments\n"
        "    aliases: [ledger table]\n"
        "  sessions-by-hand:\n"
        "    service: dynamodb\n",
        encoding="utf-8",
    )
    arn = "arn:aws:dynamodb:eu-central-1:111122223333:table/payments_ledger"
    describe = tmp_path / "describe.json"
    describe.write_text(json.dumps({"Table": {"TableName": "payments_ledger", "TableArn": arn}}))
    result = plan(org, ("aws-dynamodb", str(describe)))
    assert result.outcome.skipped == []
    assert result.outcome.tally("aws-dynamodb").updated == 1
    assert "payments-ledger" not in result.outcome.resources  # it stays in its own file
    text = result.edits[hand]
    entry = yaml.safe_load(text)["resources"]["payments-ledger"]
    assert entry["owner"] == "payments"
    assert entry["arn"] == arn
    assert entry["aliases"] == ["ledger table", "payments_ledger"]
    assert entry["imported"] == ["source", "arn"]
    assert text.startswith("# written by hand\n")
    assert "    owner: payments   # ask in #payments\n" in text
    assert text.endswith("  sessions-by-hand:\n    service: dynamodb\n")
    hand.write_text(text, encoding="utf-8")
    write(org, result)
    again = plan(org, ("aws-dynamodb", str(describe)))
    assert again.edits == {}
    assert again.outcome.tally("aws-dynamodb").unchanged == 1


def test_a_truncated_json_file_gives_the_whole_reason_with_line_and_column(org, tmp_path):
    bad = tmp_path / "cut.json"
    bad.write_text('{\n  "keyspaces": [{"keyspaceName": "tel', encoding="utf-8")
    with pytest.raises(ShapeError) as caught:
        plan(org, ("aws-keyspaces", str(bad)))
    assert str(caught.value) == (
        f"{bad}:2:34: not JSON: unterminated string starting at line 2, column 34 (the file "
        "ends before the JSON does: is it cut short?); expected the output of an AWS CLI "
        "command run with --output json"
    )
