"""The digest's organisation: the practices' fleet (team Web, every practice somewhere) plus a
database with maintenance pending inside the next 14 days and one beyond."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from slack_sdk import WebClient

from bot.localslack import LocalSlack
from bot.localslack.ids import BOT_TOKEN
from bot.slack.client import retry_handlers
from tests.support.org_folder import example_org, knowledge_of, matcher_of
from tests.support.practices import MORE

MAINTENANCE = """\
teams:
  search:
    name: Search <Team>
    members: [U0SAM]
resources:
  shop-orders:
    service: rds
    owner: web
    environment: staging
    settings:
      PendingMaintenanceActions:
        - ResourceIdentifier: "arn:aws:rds:eu-west-1:1:db:shop-orders"
          PendingMaintenanceActionDetails:
            - {Action: system-update, AutoAppliedAfterDate: "2026-03-10T00:00:00+00:00"}
            - {Action: db-upgrade, ForcedApplyDate: "2026-06-01T00:00:00+00:00"}
"""


@pytest.fixture(scope="session")
def org_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return example_org(tmp_path_factory.mktemp("digest-org"), more=MORE, maintenance=MAINTENANCE)


@pytest.fixture(scope="session")
def fleet(org_dir: Path):
    return knowledge_of(org_dir)


@pytest.fixture(scope="session")
def fleet_matcher(fleet):
    return matcher_of(fleet)


@pytest.fixture
def slack() -> Iterator[LocalSlack]:
    with LocalSlack() as server:
        yield server


@pytest.fixture
def client(slack):
    return WebClient(
        token=BOT_TOKEN,
        base_url=slack.base_url,
        timeout=10,
        retry_handlers=retry_handlers(rate_limit_retries=0),
    )


@pytest.fixture
def findings(fleet, fleet_matcher, slack, store):
    """The practices feature's service, as the scheduler hands it to the digest."""
    from bot.practices.service import PracticesService
    from tests.support.bolt import Clock, make_deps
    from tests.support.practices import T0

    return PracticesService(make_deps(fleet, fleet_matcher, slack, store, clock=Clock(T0))).findings
