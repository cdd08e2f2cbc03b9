"""Several ``whoowns`` commands in one process (the chat shell, a long-lived tick runner): each
sees the knowledge files as they are when it runs."""

from __future__ import annotations

import json
import shutil

from bot.cli import main
from tests.support.processes import whoowns_env


def _backups_row(capsys, folder) -> dict:
    main(["practices", "--org-knowledge", str(folder), "--resource", "shop-db", "--json"])
    rows = json.loads(capsys.readouterr().out)
    [row] = [r for r in rows if r["practice"] == "backups-configured"]
    return row


def test_an_edit_between_two_commands_is_seen_by_the_second(
    practices_dir, tmp_path, monkeypatch, capsys
):
    folder = tmp_path / "org"
    shutil.copytree(practices_dir, folder)
    for name, value in whoowns_env(tmp_path).items():
        monkeypatch.setenv(name, value)
    assert _backups_row(capsys, folder)["status"] == "attention"
    assert _backups_row(capsys, folder)["status"] == "attention"  # unchanged files
    inventory = next(p for p in folder.iterdir() if "BackupRetentionPeriod: 0" in p.read_text())
    inventory.write_text(
        inventory.read_text().replace("BackupRetentionPeriod: 0", "BackupRetentionPeriod: 14")
    )
    row = _backups_row(capsys, folder)
    assert row["status"] == "ok" and row["evidence"] == {"BackupRetentionPeriod": 14}
