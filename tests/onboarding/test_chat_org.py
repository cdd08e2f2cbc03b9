"""The lesson "Your team's databases" in `whoowns chat --org-knowledge DIR`, as a process: the
shell's user (``U0YOU``) gets it when a team of the folder lists them, and not otherwise."""

from __future__ import annotations

import shutil
from pathlib import Path

from bot.localslack.ids import SHELL_USER_ID
from tests.support.processes import run_whoowns, whoowns_env

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "org"


def org_folder(tmp_path: Path, *, with_me: bool) -> Path:
    folder = tmp_path / "org"
    folder.mkdir()
    for f in EXAMPLE.glob("*.yaml"):
        shutil.copy(f, folder / f.name)
    if with_me:
        teams = folder / "teams.yaml"
        members = "members: [U0ALICE, U0BOB]"
        assert members in teams.read_text()
        teams.write_text(teams.read_text().replace(members, f"members: [U0ALICE, {SHELL_USER_ID}]"))
    return folder


def chat(folder: Path, env: dict[str, str], *typed: str) -> str:
    done = run_whoowns(
        "chat", "--org-knowledge", str(folder), env=env, input="".join(f"{t}\n" for t in typed)
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_a_team_member_s_track_ends_with_their_databases(tmp_path):
    folder, env = org_folder(tmp_path, with_me=True), whoowns_env(tmp_path)
    out = chat(folder, env, "/whoowns onboard", "1")  # the welcome, then Start: lesson 1
    assert "6 lessons" in out and "Lesson 1 of 6:" in out
    for number in range(2, 7):  # each run: progress, and its only button, Next lesson
        out = chat(folder, env, "/whoowns progress", "1")
        assert f"Lesson {number} of 6:" in out
    assert "Lesson 6 of 6: Your team's databases" in out
    assert "orders-db (Amazon Aurora Provisioned, Managed, prod)" in out
    assert "Who does the customer side of" in out
    assert "payments-ledger" not in out  # Payments' database, not platform-db's
    assert "Lessons: 0 of 6 done" in chat(folder, env, "/whoowns progress")


def test_without_a_team_the_track_is_the_course(tmp_path):
    folder, env = org_folder(tmp_path, with_me=False), whoowns_env(tmp_path)
    out = chat(folder, env, "/whoowns onboard", "1", "/whoowns progress")
    assert "5 lessons" in out and "Lesson 1 of 5:" in out
    assert "Lessons: 0 of 5 done" in out
