"""`whoowns kb check [DIR]` as a maintainer runs it."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest

from bot.cli import main
from tests.support.kb import edit
from tests.support.processes import run_whoowns

REPO = Path(__file__).resolve().parents[2]
SUMMARY = re.compile(
    r"knowledge OK: 11 services, 1 group, 3 categories, \d+ duties \(8 in the table\), "
    r"4 exam points, 5 security items(, .*)? — (?P<dir>.+)"
)


def run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return run_whoowns(*args, env={**os.environ, **(env or {})}, cwd=REPO, timeout=30)


def test_shipped_knowledge_passes_as_a_process():
    result = run_cli("kb", "check")
    assert result.returncode == 0, result.stdout + result.stderr
    match = SUMMARY.fullmatch(result.stdout.strip())
    assert match, result.stdout
    assert Path(match["dir"]).name in ("knowledge", "_knowledge")


def test_broken_knowledge_fails_as_a_process(kb_copy):
    edit(kb_copy, "services.yaml", "category: managed", "category: semi-managed")
    result = run_cli("kb", "check", str(kb_copy))
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert re.fullmatch(
        rf"{re.escape(str(kb_copy / 'services.yaml'))}:\d+: unknown category 'semi-managed' "
        r"\(expected 'fully-managed', 'managed' or 'unmanaged'\) "
        r"\(at services\.aurora-provisioned\.category\)",
        lines[0],
    )
    assert lines[-1] == "1 problem; nothing loaded"


def test_dir_argument(kb_copy, capsys):
    assert main(["kb", "check", str(kb_copy)]) == 0
    out = capsys.readouterr().out.strip()
    assert SUMMARY.fullmatch(out)
    assert out.endswith(f"— {kb_copy.resolve()}")


def test_knowledge_option_is_the_same_as_dir(kb_copy, capsys):
    assert main(["kb", "check", "--knowledge", str(kb_copy)]) == 0
    assert capsys.readouterr().out.strip().endswith(str(kb_copy.resolve()))


def test_the_environment_names_the_folder_when_no_dir_is_given(kb_copy, monkeypatch, capsys):
    (kb_copy / "duties.yaml").write_text("duties: [\n", encoding="utf-8")
    monkeypatch.setenv("WHOOWNS_KNOWLEDGE", str(kb_copy))
    assert main(["kb", "check"]) == 1
    out = capsys.readouterr().out
    assert f"{kb_copy / 'duties.yaml'}:2: YAML syntax error" in out


@pytest.mark.parametrize(
    "argv",
    [
        ["kb"],
        ["kb", "lint"],
        ["kb", "check", "--bogus"],
        ["kb", "check", "a", "b"],
        ["kb", "check", "one", "--knowledge", "other"],
    ],
)
def test_bad_usage_exits_2(argv, capsys):
    assert main(argv) == 2
    assert capsys.readouterr().out == ""
