"""A running server picks changed knowledge files up through its ticker, without a restart."""

from __future__ import annotations

import logging
import shutil
from datetime import datetime, timezone
from pathlib import Path

from bot.answers import build_answer
from bot.clock import fixed_clock
from bot.deps import Deps
from bot.web.ticker import Ticker, build_tick_jobs

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=timezone.utc)


def _deps(org: Path) -> Deps:
    from bot.features import load_knowledge
    from bot.intent import IntentMatcher

    kb = load_knowledge(org=org)
    return Deps(knowledge=kb, matcher=IntentMatcher(kb), store=None)


def _team_for_backups(deps: Deps) -> str | None:
    answer = build_answer(deps.matcher.parse("backups orders-db"), deps.knowledge)
    return answer.to_json()["answers"][0]["team"]


def test_a_changed_file_is_picked_up_and_a_broken_one_keeps_the_old(org_dir, tmp_path, caplog):
    org = tmp_path / "org"
    shutil.copytree(org_dir, org)
    deps = _deps(org)
    ticker = Ticker(build_tick_jobs(deps, features=[]), fixed_clock(NOW))
    ticker.run_once()
    assert _team_for_backups(deps) == "sre"

    resources = org / "resources.yaml"
    original = resources.read_text()
    resources.write_text(original.replace("duties: {backups: sre,", "duties: {backups: payments,"))
    ticker.run_once()
    assert _team_for_backups(deps) == "payments"

    resources.write_text(original.replace("service: aurora-provisioned", "service: oracle-xyz"))
    with caplog.at_level(logging.ERROR, logger="bot.org.reload"):
        ticker.run_once()
        ticker.run_once()  # logged once per change, not every minute
    assert _team_for_backups(deps) == "payments"  # the old knowledge is kept
    lines = [r for r in caplog.records if r.name == "bot.org.reload"]
    assert len(lines) == 1
    assert "do not load" in lines[0].getMessage()
    assert "oracle-xyz" in lines[0].getMessage()

    resources.write_text(original.replace("legacy-crm:", "legacy-crm-2:"))
    ticker.run_once()
    assert "legacy-crm-2" in deps.knowledge.resources
    assert deps.matcher.parse("legacy-crm-2").resources == ("legacy-crm-2",)
