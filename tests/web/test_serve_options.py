"""`whoowns serve` takes its database and address from the command line like `whoowns chat`,
and says at start (and in /health) what it knows of the organisation, not only the course."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.localslack import LocalSlack
from tests.support.processes import (
    free_port,
    run_whoowns,
    spawn_whoowns,
    stop,
    wait_for_health,
    whoowns_env,
)

pytestmark = pytest.mark.slow
EXAMPLE_ORG = Path(__file__).resolve().parents[2] / "examples" / "org"


def test_serve_with_database_url_host_and_the_organisation(tmp_path):
    port = free_port()
    chosen = tmp_path / "chosen" / "bot.db"
    chosen.parent.mkdir()
    with LocalSlack() as slack:
        env = whoowns_env(tmp_path, api_url=slack.base_url, LOG_LEVEL="INFO")
        proc = spawn_whoowns(
            tmp_path,
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--database-url",
            f"sqlite:///{chosen}",
            "--org-knowledge",
            str(EXAMPLE_ORG),
            env=env,
        )
        try:
            health = wait_for_health(f"http://127.0.0.1:{port}/health", proc)
        finally:
            [log] = stop(proc, timeout=15)
    assert health["knowledge"] == {
        "services": 11,
        "duties": health["knowledge"]["duties"],
        "categories": 3,
        "teams": 4,
        "resources": 6,
    }
    assert f"database sqlite:///{chosen}" in log
    assert "11 services, 4 teams, 6 resources" in log
    assert f"listening on 127.0.0.1:{port}" in log
    assert chosen.exists()
    assert not (tmp_path / "db" / "whoowns.db").exists()  # DATABASE_URL was not used


def test_socket_takes_database_url_too(tmp_path):
    with LocalSlack() as slack:
        env = whoowns_env(tmp_path, api_url=slack.base_url, SLACK_APP_TOKEN="xapp-1-A1-1-abc")
        result = run_whoowns(
            "socket", "--database-url", "postgresql://nobody@127.0.0.1:1/none", env=env
        )
    assert result.returncode == 1
    assert "127.0.0.1:1" in result.stderr, result.stderr
