"""Answers about the organisation's databases and teams: data, JSON contract, terminal text."""

from __future__ import annotations

import json

from bot.answers import build_answer
from bot.render.text import render_answer


def _json(org_matcher, org_kb, text, **kwargs):
    return build_answer(org_matcher.parse(text), org_kb, **kwargs).to_json()


def test_shared_duty_names_the_team_for_your_side(org_matcher, org_kb):
    data = _json(org_matcher, org_kb, "patching orders-db")
    assert data["resources"] == ["orders-db"]
    assert data["services"] == ["aurora-provisioned"]
    assert data["team"] is None
    [row] = data["answers"]
    assert row["resource"] == "orders-db"
    assert (row["owner"], row["team"], row["team_name"]) == ("shared", "platform-db", "Platform DB")
    assert "major version upgrades" in row["customer"]


def test_a_per_duty_team_overrides_the_owner(org_matcher, org_kb):
    [row] = _json(org_matcher, org_kb, "backups orders-db")["answers"]
    assert (row["team"], row["team_name"]) == ("sre", "SRE")


def test_aws_owned_duty_is_nothing_for_your_team(org_matcher, org_kb):
    answer = build_answer(org_matcher.parse("hardware provisioning orders-db"), org_kb)
    [row] = answer.to_json()["answers"]
    assert (row["owner"], row["team"], row["team_name"]) == ("aws", None, None)
    assert "AWS — nothing for your team" in render_answer(answer)


def test_aws_owned_with_something_you_still_configure_names_the_team(org_matcher, org_kb):
    # DynamoDB backups: AWS owns them, the course says you still set retention
    [row] = _json(org_matcher, org_kb, "backups payments-ledger")["answers"]
    assert row["owner"] == "aws"
    assert row["customer"]
    assert row["team"] == "payments"


def test_the_aurora_group_resource_answers_both_variants(org_matcher, org_kb):
    data = _json(org_matcher, org_kb, "backups search-aurora")
    assert {a["service"] for a in data["answers"]} == {"aurora-serverless", "aurora-provisioned"}
    assert all(a["resource"] == "search-aurora" for a in data["answers"])
    assert data["group"] == "aurora"


def test_a_resource_and_a_course_service_in_one_question(org_matcher, org_kb):
    data = _json(org_matcher, org_kb, "patching orders-db and dynamodb")
    rows = data["answers"]
    assert [(a.get("resource"), a["service"]) for a in rows] == [
        ("orders-db", "aurora-provisioned"),
        (None, "dynamodb"),
    ]


def test_overview_lists_every_duty_with_the_team_column(org_matcher, org_kb):
    data = _json(org_matcher, org_kb, "orders-db")
    assert data["intent"] == "overview"
    teams = {a["duty"]: a["team"] for a in data["answers"]}
    assert teams["backups"] == "sre"
    assert teams["patching"] == "platform-db"
    assert teams["hardware-provisioning"] is None  # AWS's alone


def test_team_answer_lists_its_resources_and_the_duties_it_holds(org_matcher, org_kb):
    data = _json(org_matcher, org_kb, "what does sre own")
    assert (data["intent"], data["team"], data["resources"]) == ("team", "sre", [])
    held = {a["resource"]: a["duties"] for a in data["answers"]}
    assert set(held) == {"orders-db", "events-warehouse", "legacy-crm"}
    assert held["orders-db"] == ["backups", "disaster-recovery"]  # only its per-duty share


def test_my_databases_from_the_members_list(org_matcher, org_kb):
    data = _json(org_matcher, org_kb, "my databases", my_teams=("payments",))
    assert data["intent"] == "my_resources"
    assert [a["resource"] for a in data["answers"]] == ["payments-ledger"]


def test_someone_in_no_team_is_told_the_teams_and_how_to_join(org_matcher, org_kb):
    text = render_answer(build_answer(org_matcher.parse("my databases"), org_kb, my_teams=()))
    assert "not in any team" in text
    assert "Platform DB" in text and "Payments" in text
    assert "members:" in text


def test_course_answers_keep_their_shape(org_matcher, org_kb):
    data = _json(org_matcher, org_kb, "patching rds")
    assert (data["resources"], data["team"]) == ([], None)
    assert "resource" not in data["answers"][0]


def test_whoowns_ask_json_and_user(org_dir, capsys):
    from bot.cli import main

    assert main(["ask", "--org-knowledge", str(org_dir), "--json", "backups", "orders-db"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["answers"][0]["team"] == "sre"
    assert main(["ask", "--org-knowledge", str(org_dir), "--user", "U0CAROL", "my", "dbs"]) == 0
    out = capsys.readouterr().out
    assert "payments-ledger" in out
    assert "orders-db" not in out


def test_whoowns_ask_answers_from_the_files_as_they_are_now_and_writes_nothing(
    org_dir, tmp_path, capsys
):
    import shutil

    from bot.cli import main

    org = tmp_path / "org"
    shutil.copytree(org_dir, org)
    argv = ["ask", "--org-knowledge", str(org), "--json", "backups", "orders-db"]
    assert main(argv) == 0
    assert json.loads(capsys.readouterr().out)["answers"][0]["team"] == "sre"
    resources = org / "resources.yaml"
    resources.write_text(resources.read_text().replace("{backups: sre,", "{backups: payments,"))
    assert main(argv) == 0
    assert json.loads(capsys.readouterr().out)["answers"][0]["team"] == "payments"
    data = tmp_path / "whoowns-data"  # WHOOWNS_DATA_DIR: no cache of the knowledge kept there
    assert not data.exists() or not any(data.rglob("*"))
