"""Small command-line rough edges: `db current` leaves a missing SQLite file missing, `db upgrade`
says its result once, and the top-level usage names every subcommand and --version."""

from __future__ import annotations

from pathlib import Path

from bot.cli import COMMANDS
from tests.support.processes import run_whoowns, whoowns_env


def test_db_current_does_not_create_a_missing_sqlite_file(tmp_path: Path) -> None:
    db = tmp_path / "nowhere" / "whoowns.db"
    result = run_whoowns("db", "current", env=whoowns_env(tmp_path, db_url=f"sqlite:///{db}"))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (
        f"database at sqlite:///{db}: no database file yet ('whoowns db upgrade' creates it)"
    )
    assert not db.exists() and not db.parent.exists()


def test_db_upgrade_prints_its_result_once(tmp_path: Path) -> None:
    env = whoowns_env(tmp_path, LOG_LEVEL="INFO")
    result = run_whoowns("db", "upgrade", env=env)
    assert result.returncode == 0, result.stderr
    output = (result.stdout + result.stderr).strip().splitlines()
    assert len(output) == 1, output
    assert "upgraded from empty to revision" in output[0]
    current = run_whoowns("db", "current", env=env)
    assert current.stdout.strip().endswith("(head)")


def test_usage_and_help_list_the_subcommands_and_version(tmp_path: Path) -> None:
    env = whoowns_env(tmp_path)
    for args, status in (((), 2), (("--help",), 0)):
        result = run_whoowns(*args, env=env)
        assert result.returncode == status
        usage = result.stdout.splitlines()[0]
        assert usage == f"usage: whoowns [-h] [--version] {{{','.join(COMMANDS)}}} ...", usage
        assert "--version" in result.stdout.split("commands:")[0]
        for name in COMMANDS:
            assert f"\n  {name} " in result.stdout
    assert run_whoowns("--version", env=env).stdout.startswith("whoowns ")
