"""Importers on AWS CLI JSON: classification per the course material, joins, owners, shapes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.inventory import ShapeError
from tests.support.inventory import plan

RDS = (("aws-rds-clusters", "rds-clusters.json"), ("aws-rds-instances", "rds-instances.json"))


def resources(result):
    return result.outcome.resources


def test_aurora_clusters_are_classified_from_their_member_instances(org):
    got = resources(plan(org, *RDS))
    assert got["orders-db"]["service"] == "aurora-provisioned"  # r6g writer and reader
    assert got["cart"]["service"] == "aurora-serverless"  # every member db.serverless (v2)
    assert got["reports"]["service"] == "aurora-serverless"  # EngineMode serverless (v1)
    assert got["search"]["service"] == "aurora"  # provisioned writer, serverless reader
    assert "Mixed Aurora cluster" in got["search"]["note"]
    assert got["ledger-maz"]["service"] == "rds"  # a Multi-AZ DB cluster of postgres
    # Aurora instances are parts of their clusters, not resources of their own
    assert not {"orders-db-writer", "orders-db-reader", "cart-v2-1", "search-reader"} & set(got)


def test_clusters_without_their_instances_answer_for_both_aurora_variants(org):
    got = resources(plan(org, ("aws-rds-clusters", "rds-clusters.json")))
    assert got["orders-db"]["service"] == "aurora"
    assert "without its instances" in got["orders-db"]["note"]
    assert got["reports"]["service"] == "aurora-serverless"  # v1 says so on the cluster


def test_a_cluster_known_only_from_its_instances_is_classified_from_them(org):
    got = resources(plan(org, ("aws-rds-instances", "rds-instances.json")))
    assert got["orders-db"]["service"] == "aurora-provisioned"
    assert got["orders-db"]["arn"] == "arn:aws:rds:eu-central-1:111122223333:cluster:orders-db"
    assert got["cart"]["service"] == "aurora-serverless"
    assert got["search"]["service"] == "aurora"


def test_neptune_rds_custom_and_course_names_are_skipped_with_reasons(org):
    result = plan(org, *RDS)
    skipped = {name: reason for _, name, reason in result.outcome.skipped}
    assert "Neptune" in skipped["graph"]
    assert "RDS Custom" in skipped["legacy-sql"]
    assert "course knowledge" in skipped["mysql"]  # an instance called mysql
    assert not {"graph", "graph-1", "legacy-sql", "mysql"} & set(resources(result))
    assert result.outcome.tally("aws-rds-clusters").skipped == 1
    assert result.outcome.tally("aws-rds-instances").skipped == 2


def test_documentdb_clusters_have_no_taglist_and_get_tags_from_the_tagging_api(org):
    result = plan(org, ("aws-rds-clusters", "docdb-clusters.json"), ("aws-tags", "tags.json"))
    docs = resources(result)["catalog-docs"]
    assert docs["service"] == "documentdb"
    assert docs["owner"] == "platform-db"  # joined by ARN
    assert "catalog-docs-1" not in resources(result)


def test_owner_tags_match_teams_ignoring_case_spaces_and_punctuation(org):
    got = plan(org, *RDS)
    assert resources(got)["orders-db"]["owner"] == "platform-db"  # OWNER=platform db
    assert resources(got)["billing-mysql"]["owner"] == "payments"  # Owner=Payments
    assert resources(got)["billing-mysql"]["environment"] == "prod"  # env=prod
    assert resources(got)["cart"]["owner"] == "payments"
    assert "owner" not in resources(got)["erp"]  # team=nobody-we-know
    assert ("erp", "tag team=nobody-we-know matches no team") in got.outcome.no_owner


def test_owner_tag_option_replaces_the_default_keys(org):
    got = resources(plan(org, *RDS, owner_tags=("env",)))
    assert "owner" not in got["orders-db"]  # its OWNER tag is no longer read
    assert "owner" not in got["billing-mysql"]  # env=prod matches no team


def test_ids_are_slugs_with_the_aws_name_kept_as_an_alias(org):
    got = resources(plan(org, *RDS))
    assert got["billing-mysql"]["aliases"] == ["Billing_MySQL"]
    assert "aliases" not in got["orders-db"]


def test_dynamodb_list_and_describe_and_the_same_table_in_two_regions(org):
    result = plan(
        org,
        ("aws-dynamodb", "dynamodb-list.json"),
        ("aws-dynamodb", "dynamodb-describe.json"),
        ("aws-tags", "tags.json"),
    )
    got = resources(result)
    assert got["carts-eu-central-1"]["arn"].startswith("arn:aws:dynamodb:eu-central-1:")
    assert got["carts-us-east-1"]["arn"].startswith("arn:aws:dynamodb:us-east-1:")
    assert "carts" not in got  # the bare name is neither id nor alias of either
    # list-tables has no ARN: the tag's ARN table/Sessions joins it by name
    assert got["sessions"]["owner"] == "sre"
    assert got["sessions"]["arn"] == "arn:aws:dynamodb:eu-central-1:111122223333:table/Sessions"
    assert got["sessions"]["aliases"] == ["Sessions"]
    assert result.outcome.tally("aws-dynamodb").imported == 4
    # LastEvaluatedTableName: the list is one page of several
    assert any("aws-dynamodb" in w and "page" in w for w in result.warnings)


def test_redshift_keyspaces_and_ec2(org):
    result = plan(
        org,
        ("aws-redshift", "redshift.json"),
        ("aws-redshift", "redshift-serverless.json"),
        ("aws-keyspaces", "keyspaces.json"),
        ("aws-ec2", "ec2.json"),
    )
    got = resources(result)
    skipped = {name: reason for _, name, reason in result.outcome.skipped}
    assert got["events-dw"] == {
        "service": "redshift",
        "owner": "analytics",
        "source": "aws redshift describe-clusters, 2026-12-01",
        "imported": ["service", "owner", "source"],
    }
    assert "Redshift Serverless" in skipped["adhoc"]
    assert got["telemetry"]["service"] == "keyspaces"
    assert skipped["system_schema"] == "a system keyspace"
    assert got["legacy-crm"]["service"] == "mysql-on-ec2"  # by its Name tag
    assert got["legacy-crm"]["owner"] == "sre"
    assert got["i-0ccc3333"]["service"] == "mongodb-on-ec2"  # no Name tag: the instance id
    assert "no whoowns:service tag" in skipped["web-1"]
    assert "'redis'" in skipped["cache"]


@pytest.mark.parametrize(
    ("kind", "content", "expected"),
    [
        ("aws-rds-instances", '{"DBClusters": []}', "expected the JSON of `aws rds describe-db"),
        ("aws-rds-clusters", "[1, 2]", "describe-db-clusters"),
        ("aws-dynamodb", '{"Tables": []}', '"TableNames": [...] or "Table"'),
        ("aws-ec2", '{"Reservations": [{"Instances": "no"}]}', 'has no "Instances"'),
        ("aws-tags", "", "the file is empty"),
        ("aws-keyspaces", '{"keyspaces": [{"keyspaceName": "x"}', "not JSON"),
        ("aws-rds-instances", '{"DBInstances": [{"Engine": "mysql"}]}', "DBInstanceIdentifier"),
    ],
)
def test_a_file_of_the_wrong_shape_is_one_line_naming_it(org, tmp_path, kind, content, expected):
    bad = tmp_path / "bad.json"
    bad.write_text(content, encoding="utf-8")
    with pytest.raises(ShapeError) as caught:
        plan(org, (kind, str(bad)))
    message = str(caught.value)
    assert message.startswith(str(bad))
    assert expected in message
    assert "\n" not in message


def test_pages_concatenated_in_one_file_are_all_read(org, tmp_path):
    page = json.loads((Path(__file__).parent / "fixtures" / "rds-instances.json").read_text())
    first = {"DBInstances": page["DBInstances"][:6], "Marker": "token-2"}
    second = {"DBInstances": page["DBInstances"][6:]}
    both = tmp_path / "pages.json"
    both.write_text(json.dumps(first) + "\n" + json.dumps(second), encoding="utf-8")
    result = plan(org, ("aws-rds-instances", str(both)))
    assert {"orders-db", "billing-mysql", "erp"} <= set(resources(result))
    assert result.warnings == []  # the last page has no Marker
