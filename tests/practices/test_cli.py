"""``whoowns practices`` as CI runs it: JSON rows, filters, and the exit status (0 nothing
needs attention, 3 something does, 1 could not run, 2 a usage error)."""

from __future__ import annotations

import json

from bot.store.practices import ConfirmationStore
from tests.support.practices import T0
from tests.support.processes import run_whoowns, whoowns_env

NOW = "2026-03-10T09:00:00Z"


def test_json_rows_and_exit_3_when_something_needs_attention(practices_dir, tmp_path):
    env = whoowns_env(tmp_path)
    done = run_whoowns(
        "practices",
        "--org-knowledge",
        str(practices_dir),
        "--resource",
        "shop-db",
        "--json",
        env=env,
    )
    assert done.returncode == 3, done.stderr
    rows = json.loads(done.stdout)
    assert len(rows) == 7
    assert rows[0]["status"] == "attention" and rows[0]["practice"] == "backups-configured"
    assert rows[0]["evidence"] == {"BackupRetentionPeriod": 0}
    assert rows[0]["team"] == "web" and rows[0]["team_name"] == "Web"
    assert set(rows[0]) == {
        "resource",
        "service",
        "category",
        "duty",
        "practice",
        "status",
        "team",
        "team_name",
        "evidence",
        "pending",
        "confirmed",
        "course",
        "source",
    }


def test_exit_0_when_nothing_needs_attention(practices_dir, tmp_path):
    env = whoowns_env(tmp_path)
    done = run_whoowns(
        "practices", "--org-knowledge", str(practices_dir), "--resource", "bi-warehouse", env=env
    )
    assert done.returncode == 0, done.stderr
    assert "0 need attention" in done.stdout


def test_team_and_status_filters_in_the_terminal(practices_dir, tmp_path):
    env = whoowns_env(tmp_path)
    done = run_whoowns(
        "practices",
        "--org-knowledge",
        str(practices_dir),
        "--team",
        "platform-db",
        "--status",
        "attention",
        env=env,
    )
    assert done.returncode == 3, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].split()[:3] == ["ATTENTION", "orders-db", "multi-az-in-production"]
    assert '"High Availability Setup: Configuring replication and failover"' in lines[1]
    assert "shop-db" not in done.stdout and "ok " not in done.stdout


def test_confirmations_come_from_the_database(practices_dir, store, db_url, tmp_path):
    ConfirmationStore(store).confirm("backups-configured", "billing-mongo", "U0ALICE", T0)
    env = whoowns_env(tmp_path, db_url=db_url)
    done = run_whoowns(
        "practices",
        "--org-knowledge",
        str(practices_dir),
        "--resource",
        "billing-mongo",
        "--json",
        "--now",
        NOW,
        env=env,
    )
    [row] = [r for r in json.loads(done.stdout) if r["practice"] == "backups-configured"]
    assert row["status"] == "ok"
    assert row["confirmed"] == {
        "by": "U0ALICE",
        "at": "2026-03-02T09:00:00+00:00",
        "expires": "2026-05-31T09:00:00+00:00",
    }


def test_an_unknown_team_is_a_usage_error_and_a_bad_folder_cannot_run(practices_dir, tmp_path):
    env = whoowns_env(tmp_path)
    done = run_whoowns("practices", "--org-knowledge", str(practices_dir), "--team", "x", env=env)
    assert done.returncode == 2
    assert "unknown team 'x'" in done.stderr
    done = run_whoowns("practices", "--org-knowledge", str(tmp_path / "nope"), env=env)
    assert done.returncode == 1
    assert "organisation knowledge folder not found" in done.stderr
