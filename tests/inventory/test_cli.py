"""`whoowns inventory import|list|check` and `--org-knowledge` as real processes."""

from __future__ import annotations

import json
import re
import shutil
from datetime import date
from pathlib import Path

import pytest

from tests.support.inventory import EXAMPLE_ORG, FIXTURES
from tests.support.processes import run_whoowns, whoowns_env

pytestmark = pytest.mark.slow
TODAY = date.today().isoformat()


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return whoowns_env(tmp_path)


def fixture(name: str) -> str:
    return str(FIXTURES / name)


def test_import_writes_a_file_kb_check_accepts(org, env):
    result = run_whoowns(
        "inventory", "import", "--org-knowledge", str(org),
        "--from", "aws-rds-clusters", fixture("rds-clusters.json"), fixture("docdb-clusters.json"),
        "--from", "aws-rds-instances", fixture("rds-instances.json"),
        "--from", "aws-tags", fixture("tags.json"),
        env=env,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[:3] == [
        "aws-rds-clusters: 6 imported, 0 updated, 0 unchanged, 1 skipped",
        "aws-rds-instances: 2 imported, 0 updated, 0 unchanged, 2 skipped",
        "aws-tags: 0 imported, 0 updated, 0 unchanged, 0 skipped",
    ]
    assert (
        "  graph (aws-rds-clusters): Amazon Neptune: the course material does not classify it"
        in lines
    )
    assert lines[-1] == f"wrote {org / 'inventory.yaml'}"
    check = run_whoowns("kb", "check", "--org-knowledge", str(org), env=env)
    assert check.returncode == 0, check.stdout
    assert re.search(r", 4 teams, 8 resources,", check.stdout)

    again = run_whoowns(
        "inventory", "import", "--org-knowledge", str(org),
        "--from", "aws-rds-clusters", fixture("rds-clusters.json"), fixture("docdb-clusters.json"),
        env=env,
    )  # fmt: skip
    assert again.stdout.splitlines()[0] == (
        "aws-rds-clusters: 0 imported, 0 updated, 6 unchanged, 1 skipped"
    )


def test_listing_and_answering_from_the_organisation_folder(env):
    listed = run_whoowns(
        "inventory", "list", "--team", "sre", "--json", "--org-knowledge", str(EXAMPLE_ORG), env=env
    )
    assert listed.returncode == 0, listed.stderr
    rows = json.loads(listed.stdout)
    assert rows[0] == {
        "id": "orders-db",
        "service": "aurora-provisioned",
        "owner": "platform-db",
        "environment": "prod",
        "duties": {"backups": "sre", "disaster-recovery": "sre"},
        "arn": "arn:aws:rds:eu-central-1:111122223333:cluster:orders-db",
    }
    assert [r["id"] for r in rows] == ["orders-db", "events-warehouse", "legacy-crm"]
    unknown = run_whoowns(
        "inventory", "list", "--team", "dbas", "--org-knowledge", str(EXAMPLE_ORG), env=env
    )
    assert unknown.returncode == 2
    assert "unknown team 'dbas'" in unknown.stderr


def test_check_lists_resources_without_owner_and_teams_without_handle(org, env):
    (org / "r.yaml").write_text("resources:\n  orders-db:\n    service: rds\n", encoding="utf-8")
    result = run_whoowns("inventory", "check", env={**env, "WHOOWNS_ORG_KNOWLEDGE": str(org)})
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        f"{org / 'r.yaml'}:2: resource 'orders-db' has no owner "
        "(the team holding the customer side)",
        f"{org / 'teams.yaml'}:9: team 'sre' has no Slack handle (slack: S…, C… or U…)",
    ]
    clean = run_whoowns("inventory", "check", "--org-knowledge", str(EXAMPLE_ORG), env=env)
    assert clean.returncode == 0, clean.stdout
    assert clean.stdout.strip() == "inventory OK: 6 resources, 4 teams"


def test_a_malformed_file_writes_nothing(org, env, tmp_path):
    (org / "inventory.yaml").write_text("resources: {}\n", encoding="utf-8")
    result = run_whoowns(
        "inventory", "import", "--org-knowledge", str(org),
        "--from", "aws-rds-clusters", fixture("rds-clusters.json"),
        "--from", "aws-rds-instances", fixture("rds-clusters.json"),
        env=env,
    )  # fmt: skip
    assert result.returncode == 1
    assert result.stderr.strip() == (
        f"whoowns inventory import: {fixture('rds-clusters.json')}: expected the JSON of "
        '`aws rds describe-db-instances` (an object with "DBInstances": [...]); nothing written'
    )
    assert (org / "inventory.yaml").read_text() == "resources: {}\n"


def test_dry_run_and_where_the_file_goes(org, env, tmp_path):
    dry = run_whoowns(
        "inventory", "import", "--dry-run", "--org-knowledge", str(org),
        "--from", "aws-redshift", fixture("redshift.json"),
        env=env,
    )  # fmt: skip
    assert dry.returncode == 0, dry.stderr
    assert dry.stdout.splitlines()[-1] == (
        f"dry run: +events-dw; nothing written to {org / 'inventory.yaml'}"
    )
    assert not (org / "inventory.yaml").exists()
    nowhere = run_whoowns(
        "inventory", "import", "--from", "aws-redshift", fixture("redshift.json"), env=env
    )
    assert nowhere.returncode == 2
    assert "give --out FILE" in nowhere.stderr
    out = tmp_path / "elsewhere" / "db.yaml"
    placed = run_whoowns(
        "inventory", "import", "--out", str(out),
        "--from", "aws-redshift", fixture("redshift.json"),
        env=env,
    )  # fmt: skip
    assert placed.returncode == 0, placed.stderr
    assert "service: redshift" in out.read_text()


def test_never_writes_into_the_installed_package(env):
    from bot.kb import default_knowledge_dir

    target = default_knowledge_dir() / "inventory.yaml"
    result = run_whoowns(
        "inventory", "import", "--out", str(target),
        "--from", "aws-redshift", fixture("redshift.json"),
        env=env,
    )  # fmt: skip
    assert result.returncode == 1
    assert "inside the installed package" in result.stderr
    assert not target.exists()


def test_a_resource_written_by_hand_under_the_aws_name_gains_the_imported_fields(org, env):
    # a hand-written resource in another file already has the instance's name as an alias
    (org / "hand.yaml").write_text(
        "resources:\n  billing:\n    service: rds\n    aliases: [Billing_MySQL]\n", encoding="utf-8"
    )
    result = run_whoowns(
        "inventory", "import", "--org-knowledge", str(org),
        "--from", "aws-rds-instances", fixture("rds-instances.json"), env=env,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert f"  billing ({org / 'hand.yaml'}:2)" in result.stdout.splitlines()
    assert (
        (org / "hand.yaml")
        .read_text()
        .endswith(
            "    owner: payments\n    environment: prod\n"
            '    source: "aws rds describe-db-instances, 2026-12-01"\n'.replace("2026-12-01", TODAY)
            + '    arn: "arn:aws:rds:eu-central-1:111122223333:db:billing-mysql"\n'
            "    settings: {MultiAZ: true}\n"
            "    imported: [owner, environment, source, arn, settings]\n"
        )
    )
    assert run_whoowns("kb", "check", "--org-knowledge", str(org), env=env).returncode == 0


def test_ask_loads_the_organisation_folder(org, env, tmp_path):
    shutil.copy(FIXTURES / "teams.yaml", tmp_path / "teams.yaml")
    (org / "bad.yaml").write_text("resources:\n  rds:\n    service: rds\n", encoding="utf-8")
    result = run_whoowns("ask", "--org-knowledge", str(org), "patching", "rds", env=env)
    assert result.returncode == 1
    assert f"{org / 'bad.yaml'}:2: name 'rds' of resource 'rds' clashes" in result.stderr
    fine = run_whoowns(
        "ask", "patching", "rds", env={**env, "WHOOWNS_ORG_KNOWLEDGE": str(EXAMPLE_ORG)}
    )
    assert fine.returncode == 0, fine.stderr


def test_kb_check_refuses_the_org_folder_with_file_and_line(org, env):
    (org / "r.yaml").write_text(
        "resources:\n  orders-db:\n    service: rds\n    owner: dbas\n", encoding="utf-8"
    )
    result = run_whoowns("kb", "check", "--org-knowledge", str(org), env=env)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        f"{org / 'r.yaml'}:4: unknown team 'dbas' (teams: platform-db, payments, sre, analytics) "
        "(at resources.orders-db.owner)",
        "1 problem; nothing loaded",
        f"(checked {Path('knowledge').resolve()} and {org.resolve()}; "
        "another folder: whoowns kb check DIR)",
    ]


def test_without_from_the_kind_is_recognised_from_each_files_shape(org, env, tmp_path):
    result = run_whoowns(
        "inventory", "import", "--org-knowledge", str(org),
        fixture("rds-clusters.json"), fixture("rds-instances.json"), fixture("tags.json"),
        fixture("catalog-info.yaml"),
        env=env,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert [line.split(":")[0] for line in result.stdout.splitlines()[:4]] == [
        "aws-rds-clusters",
        "aws-rds-instances",
        "aws-tags",
        "backstage",
    ]
    notes = tmp_path / "notes.json"
    notes.write_text('{"Items": []}', encoding="utf-8")
    unknown = run_whoowns("inventory", "import", "--org-knowledge", str(org), str(notes), env=env)
    assert unknown.returncode == 1
    assert unknown.stderr.splitlines() == [
        f"whoowns inventory import: {notes}: not a file the importer knows (the JSON of "
        "an AWS CLI command it reads, or a Backstage catalog): name its kind with --from KIND "
        "FILE; nothing written"
    ]


def test_names_that_differ_only_in_case_are_kept_apart_and_the_summary_says_so(org, env, tmp_path):
    listed = tmp_path / "tables.json"
    listed.write_text('{"TableNames": ["Orders", "orders", "ORDERS_v2"]}', encoding="utf-8")
    result = run_whoowns(
        "inventory", "import", "--org-knowledge", str(org), "--from", "aws-dynamodb", str(listed),
        env=env,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "aws-dynamodb: 3 imported, 0 updated, 0 unchanged, 0 skipped"
    assert "kept apart (different resources whose names differ only in case or punctuation):" in (
        lines
    )
    assert "  Orders (aws-dynamodb) is orders-2 (orders is another resource)" in lines
    assert f"{org / 'inventory.yaml'}: 3 resources, 3 without an owner, 0 teams" in lines


def test_the_kinds_in_import_help_are_whole_words(env):
    result = run_whoowns("inventory", "import", "--help", env={**env, "COLUMNS": "50"})
    assert result.returncode == 0, result.stderr
    words = set(result.stdout.split())
    from bot.inventory import KINDS

    assert set(KINDS) <= words
    assert not [line for line in result.stdout.splitlines() if line.rstrip().endswith("-")]
