"""The sections teams and resources: loaded after the course knowledge, refused with FILE:LINE."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.config import Settings
from bot.features import load_knowledge
from bot.kb import KnowledgeError
from tests.support.inventory import EXAMPLE_ORG


def problems(org: Path) -> list[str]:
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(org=org)
    return [str(p) for p in caught.value.problems]


def write(tmp_path: Path, text: str, name: str = "org.yaml") -> Path:
    folder = tmp_path / "org"
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    return folder


TEAMS = """\
teams:
  platform-db:
    name: Platform DB
    slack: S0PLATFORM
    members: [U0ALICE]
  sre:
    name: SRE
"""


def test_the_example_org_loads_with_its_teams_and_resources():
    k = load_knowledge(org=EXAMPLE_ORG)
    assert k.org_dir == EXAMPLE_ORG.resolve()
    orders = k.resources["orders-db"]
    assert orders.service == "aurora-provisioned"
    assert orders.links[0].url == "https://wiki.example.com/orders-db"
    assert k.customer_team("orders-db", "backups").id == "sre"  # the per-duty team
    assert k.customer_team("orders-db", "patching").id == "platform-db"  # else the owner
    assert [s.id for s in k.resource_services("search-aurora")] == [
        "aurora-serverless",
        "aurora-provisioned",
    ]
    assert k.duties_held("sre", "orders-db") == ("backups", "disaster-recovery")
    assert {r.id for r in k.resources_of("sre")} == {"orders-db", "events-warehouse", "legacy-crm"}
    assert [t.id for t in k.teams_of_user("U0ALICE")] == ["platform-db"]
    assert k.teams["platform-db"].handle_kind == "usergroup"
    assert k.teams["sre"].handle_kind == "channel"
    assert len(k.services) == 11  # the course knowledge is still there


def test_without_an_org_folder_there_are_no_teams_or_resources():
    k = load_knowledge()
    assert k.teams == {} and k.resources == {} and k.org_dir is None


def test_sections_may_sit_in_any_file_of_either_folder(tmp_path):
    org = write(tmp_path, TEAMS, "a.yaml")
    write(tmp_path, "resources:\n  orders-db:\n    service: rds\n    owner: sre\n", "b.yml")
    assert load_knowledge(org=org).resources["orders-db"].owner == "sre"


def test_org_folder_from_the_environment():
    settings = Settings.from_env({"WHOOWNS_ORG_KNOWLEDGE": "/srv/org"})
    assert settings.org_knowledge_dir == Path("/srv/org")
    assert Settings.from_env({}).org_knowledge_dir is None


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        (
            "  orders-db:\n    service: aurora-classic\n",
            10,
            "unknown service or group 'aurora-classic'",
        ),
        ("  orders-db:\n    service: rds\n    owner: dbas\n", 11, "unknown team 'dbas'"),
        (
            "  orders-db:\n    service: rds\n    duties: {backups: nobody}\n",
            11,
            "unknown team 'nobody'",
        ),
        (
            "  orders-db:\n    service: rds\n    duties: {flossing: sre}\n",
            11,
            "unknown duty 'flossing'",
        ),
        (
            "  rds:\n    service: rds\n",
            9,
            "name 'rds' of resource 'rds' clashes with service 'rds'",
        ),
        ("  aurora:\n    service: aurora\n", 9, "clashes with group 'aurora'"),
        ("  provisioned:\n    service: rds\n", 9, "is a word of service"),
        ("  mysql:\n    service: rds\n", 9, "clashes with engine 'mysql'"),
        (
            "  orders-db:\n    service: rds\n    aliases: [Backups]\n",
            11,
            "clashes with duty 'backups'",
        ),
        ("  orders-db:\n    service: rds\n    aliases: [SRE]\n", 11, "clashes with team 'sre'"),
        (
            "  orders-db:\n    service: rds\n    links: [{title: x, url: 'javascript:alert(1)'}]\n",
            11,
            "link 'javascript:alert(1)' is not http(s)",
        ),
        ("  orders-db:\n    service: rds\n    arn: orders\n", 11, "'orders' is not an ARN"),
        ("  orders-db:\n    service: rds\n  orders-db:\n    service: rds\n", 11, "duplicate key"),
    ],
)
def test_bad_resources_are_refused_with_file_and_line(tmp_path, text, line, message):
    org = write(tmp_path, TEAMS + "resources:\n" + text)
    found = problems(org)
    assert any(p.startswith(f"{org / 'org.yaml'}:{line}: ") and message in p for p in found), found


@pytest.mark.parametrize(
    ("team", "message"),
    [
        ("    name: X\n    slack: '@dba'\n", "slack '@dba' is not a Slack id"),
        ("    name: X\n    slack: dba-team\n", "is not a Slack id"),
        ("    name: X\n    members: [alice]\n", "member 'alice' is not a Slack user id"),
        ("    name: Platform DB\n", "clashes with team 'platform-db'"),
        ("    name: Serverless\n", "is a word of service"),
    ],
)
def test_bad_teams_are_refused_with_file_and_line(tmp_path, team, message):
    org = write(tmp_path, TEAMS + "  dbas:\n" + team)
    found = problems(org)
    assert any(p.startswith(f"{org / 'org.yaml'}:") and message in p for p in found), found


def test_a_duplicate_id_in_another_file_names_the_first(tmp_path):
    org = write(tmp_path, TEAMS, "a.yaml")
    write(tmp_path, "teams:\n  sre:\n    name: Site Reliability\n", "b.yaml")
    found = problems(org)
    assert found == [
        f"{org / 'b.yaml'}:2: duplicate team id 'sre' (first defined at {org / 'a.yaml'}:6) "
        "(at teams.sre)"
    ]


def test_a_missing_org_folder_is_a_problem(tmp_path):
    found = problems(tmp_path / "nowhere")
    assert found == [
        f"{tmp_path / 'nowhere'}: organisation knowledge folder not found (or not a folder)"
    ]


def test_refusal_is_all_or_nothing(tmp_path):
    org = write(
        tmp_path, TEAMS + "resources:\n  orders-db:\n    service: rds\n  rds:\n    service: rds\n"
    )
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(org=org)
    assert len(caught.value.problems) == 1
    assert re.search(r"org\.yaml:11: name 'rds'", str(caught.value))
