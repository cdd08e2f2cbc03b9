"""An organisation for the answer tests: the example folder plus near-duplicate names, a
team known only through its Slack user group, and a resource whose name holds a course word."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "org"

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
    folder = tmp_path_factory.mktemp("org")
    for f in EXAMPLE.glob("*.yaml"):
        shutil.copy(f, folder / f.name)
    (folder / "more.yaml").write_text(MORE)
    return folder


@pytest.fixture(scope="session")
def org_kb(org_dir: Path):
    from bot.features import load_knowledge

    return load_knowledge(org=org_dir)


@pytest.fixture(scope="session")
def org_matcher(org_kb):
    from bot.intent import IntentMatcher

    return IntentMatcher(org_kb)
