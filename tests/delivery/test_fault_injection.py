"""Two tick processes on one PostgreSQL database, Slack failing at random (429 with
Retry-After, 500s, some applied), two people Slack will not let the bot reach, and one
process killed with SIGKILL once a simulated day: every question, lesson and review DM due
reaches Slack exactly once, and no claim is left behind. A small run of
bench/bench_faults.py, counted from what the local stand-in for Slack received."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.databases import fresh_postgres_schema

BENCH = Path(__file__).resolve().parents[2] / "bench" / "bench_faults.py"
SMALL = [
    *("--workspaces", "3", "--channels", "12", "--users", "9", "--days", "2"),
    *("--step-minutes", "60", "--kills", "1", "--seed", "7"),
]


@pytest.mark.slow
@pytest.mark.postgres
def test_two_tick_processes_through_faults_and_kills_post_everything_once():
    with fresh_postgres_schema() as url:
        run = subprocess.run(
            [sys.executable, str(BENCH), *SMALL, "--database-url", url, "--json"],
            capture_output=True,
            text=True,
            timeout=300,
        )
    assert run.stdout.startswith("{"), run.stderr[-3000:]
    found = json.loads(run.stdout)
    judged = found["judged"]
    assert found["kills"] == 2  # one a simulated day
    assert found["faults"]["429"] > 0 and found["faults"]["500"] > 0
    assert judged["due"] > 0 and found["extra"] == 0
    assert (judged["twice"], judged["never"], found["stuck"]) == (
        0,
        0,
        {"quiz_posts": 0, "onboarding_lessons": 0, "onboarding_review_sends": 0},
    ), json.dumps(found, indent=1)
    assert judged["once"] == judged["due"]
    assert run.returncode == 0  # the bench's own verdict: the targets are met
