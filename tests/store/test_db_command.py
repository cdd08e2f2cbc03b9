"""`whoowns db upgrade` / `whoowns db current`, run as a user would."""

from __future__ import annotations

import os

from bot.store.migrate import head_revision
from tests.support.processes import run_whoowns


def whoowns(*args, env=None):
    full_env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DATABASE"))}
    full_env.update(env or {})
    return run_whoowns(*args, env=full_env)


def test_upgrade_then_current(db_url):
    head = head_revision()
    first = whoowns("db", "upgrade", env={"DATABASE_URL": db_url})
    assert first.returncode == 0, first.stderr
    assert f"upgraded from empty to revision {head} (head)" in first.stdout
    current = whoowns("db", "current", "--database-url", db_url)
    assert current.stdout.endswith(f": revision {head} (head)\n")


def test_default_database_is_a_sqlite_file_in_the_data_dir(tmp_path):
    result = whoowns("db", "upgrade", env={"WHOOWNS_DATA_DIR": str(tmp_path / "data")})
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "data" / "whoowns.db").exists()
    assert f"sqlite:///{tmp_path}/data/whoowns.db" in result.stdout


def test_unreachable_database_is_one_line_exit_1():
    result = whoowns(
        "db", "upgrade", env={"DATABASE_URL": "postgresql://me:s3cretpw@127.0.0.1:1/whoowns"}
    )
    assert result.returncode == 1
    assert result.stderr.strip() == (
        "whoowns: database at postgresql://me:***@127.0.0.1:1/whoowns is not reachable: "
        "connection refused"
    )
    assert "s3cretpw" not in result.stdout + result.stderr
