"""An organisation for the answer tests: the example folder plus near-duplicate names, a
team known only through its Slack user group, and a resource whose name holds a course word."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.org_folder import example_org, knowledge_of, matcher_of

MORE = """\
teams:
  data-eng:
    name: Data Engineering
    slack: S0DATAENG           # no members: membership comes from the user group
  web:
    name: Web <Team> & Co
    slack: U0WEBLEAD
resources:
  orders-rds:
    service: rds
    owner: data-eng
    links: [{title: "Runbook <b>", url: "https://wiki.example.com/orders-rds?a=1&b=2"}]
    note: "Ask <!channel> before failover & friends"
  sessions-table:
    service: dynamodb
    owner: web
"""


@pytest.fixture(scope="session")
def org_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return example_org(tmp_path_factory.mktemp("org"), more=MORE)


@pytest.fixture(scope="session")
def org_kb(org_dir: Path):
    return knowledge_of(org_dir)


@pytest.fixture(scope="session")
def org_matcher(org_kb):
    return matcher_of(org_kb)
