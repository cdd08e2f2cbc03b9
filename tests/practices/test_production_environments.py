"""WHOOWNS_PRODUCTION_ENVIRONMENTS is the organisation's word for production everywhere the
fleet is shown: the practices, the answers' settings lines and the quiz's fleet questions. A
database whose environment is ``live`` runs in production when the setting names ``live``."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.localslack import LocalSlack
from tests.support.bolt import Bot, make_bot, make_deps, settings_for
from tests.support.org_folder import example_org, knowledge_of, matcher_of
from tests.support.payloads import all_text
from tests.support.processes import run_whoowns, whoowns_env

LIVE = """\
resources:
  live-db:
    service: rds
    owner: sre
    environment: live
    settings: {MultiAZ: false, BackupRetentionPeriod: 7}
"""
QUESTION = "who handles high availability for live-db"
FLAGGED = "Multi-AZ: off — setting up failover is High Availability Setup"
TOPIC = "org-fleet:live-db:multi-az-in-production"


@pytest.fixture(scope="module")
def live_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return example_org(tmp_path_factory.mktemp("org"), more=LIVE)


@pytest.fixture(scope="module")
def live_kb(live_dir: Path):
    return knowledge_of(live_dir)


def _bot(live_kb, slack: LocalSlack, **conf) -> Bot:
    settings = settings_for(slack, **conf)
    return make_bot(make_deps(live_kb, matcher_of(live_kb), slack, settings=settings), slack)


@pytest.fixture
def slack() -> Iterator[LocalSlack]:
    with LocalSlack() as server:
        yield server


def test_in_slack_a_live_database_without_multi_az_needs_attention(live_kb, slack):
    text = all_text(_bot(live_kb, slack, production_environments=("live",)).command(QUESTION))
    assert FLAGGED in text


def test_in_slack_by_default_live_is_not_production(live_kb, slack):
    text = all_text(_bot(live_kb, slack).command(QUESTION))
    assert "Multi-AZ: off" in text and FLAGGED not in text


def test_the_cli_answer_reads_the_setting(live_dir, tmp_path):
    env = {**whoowns_env(tmp_path), "WHOOWNS_ORG_KNOWLEDGE": str(live_dir)}
    live = run_whoowns("ask", QUESTION, env={**env, "WHOOWNS_PRODUCTION_ENVIRONMENTS": "live"})
    assert live.returncode == 0, live.stderr
    assert FLAGGED + ", SRE's side" in live.stdout
    default = run_whoowns("ask", QUESTION, env=env)
    assert "Multi-AZ: off" in default.stdout and FLAGGED not in default.stdout


def test_the_cli_answer_refuses_a_malformed_setting(live_dir, tmp_path):
    env = {**whoowns_env(tmp_path), "WHOOWNS_ORG_KNOWLEDGE": str(live_dir)}
    done = run_whoowns("ask", QUESTION, env={**env, "WHOOWNS_PRODUCTION_ENVIRONMENTS": ",,"})
    assert done.returncode == 2 and done.stdout == ""
    assert "WHOOWNS_PRODUCTION_ENVIRONMENTS is malformed" in done.stderr


def test_the_quiz_asks_about_a_live_database_running_without_multi_az(live_kb, slack):
    from bot.quiz.service import QuizService

    def bank(**conf):
        deps = make_deps(live_kb, matcher_of(live_kb), slack, settings=settings_for(slack, **conf))
        return {q.topic: q for q in QuizService(deps).bank}

    assert TOPIC not in bank()
    asked = bank(production_environments=("live",))[TOPIC]
    assert asked.text == (
        "*live-db* runs in production without Multi-AZ. Which team sets up its failover?"
    )
    assert asked.correct.label == "SRE"
