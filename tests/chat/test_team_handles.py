"""The chat shell shows an organisation's team by its name where Slack would show the team's
handle: ``<!subteam^S…>`` reads ``@Platform DB`` (as Slack shows a user group), never
``@subteam``."""

from __future__ import annotations

from pathlib import Path

from tests.support.processes import run_whoowns, whoowns_env

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "org"


def test_a_team_s_user_group_reads_as_its_name(tmp_path):
    done = run_whoowns(
        "chat",
        "--org-knowledge",
        str(EXAMPLE),
        env=whoowns_env(tmp_path),
        input="who patches orders-db\nbackups for payments-ledger\n",
    )
    assert done.returncode == 0, done.stderr
    assert "@subteam" not in done.stdout
    assert "→ @Platform DB" in done.stdout  # orders-db's team, by its user group S0PLATFORMDB
    assert "@Payments" in done.stdout
