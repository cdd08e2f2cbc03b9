"""`whoowns kb check` as a maintainer reads it: the root cause first, the problems it causes in
other files held back (one bad indent in services.yaml gave 26 problems, the real one last),
`./knowledge` checked inside a clone, and `--knowledge DIR` for chat, serve and socket."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from bot.kb import default_knowledge_dir
from bot.kb.problems import Problem
from tests.support.kb import edit, line_of
from tests.support.processes import run_whoowns, whoowns_env

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def clone(tmp_path: Path) -> Path:
    """A folder like a clone: ``knowledge/`` holding all the shipped files (lessons, quiz too)."""
    shutil.copytree(default_knowledge_dir(), tmp_path / "knowledge")
    return tmp_path


def kb_check(*args: str, cwd: Path = REPO) -> tuple[int, list[str]]:
    env = {k: v for k, v in os.environ.items() if k != "WHOOWNS_KNOWLEDGE"}
    env["PYTHONPATH"] = str(REPO)  # this tree's bot, whatever the folder
    done = run_whoowns("kb", "check", *args, env=env, cwd=cwd, timeout=30)
    return done.returncode, done.stdout.splitlines()


def test_a_bad_indent_is_the_one_problem_shown_and_the_rest_is_counted(clone):
    folder = clone / "knowledge"
    text = edit(
        folder, "services.yaml", "    category: fully-managed", "      category: fully-managed"
    )
    status, lines = kb_check(str(folder))
    assert status == 1
    line = line_of(text, "      category: fully-managed")
    assert lines[0] == (
        f"{folder / 'services.yaml'}:{line}: YAML syntax error: mapping values are not allowed "
        "in this context"
    )
    assert len(lines) == 2
    assert lines[1].startswith("nothing loaded: fix the 1 problem above first; ")
    assert "more in other files (not shown) may follow from it" in lines[1]


def test_an_unknown_key_comes_first_then_its_files_other_problems(clone):
    folder = clone / "knowledge"
    text = edit(
        folder, "services.yaml", "    category: fully-managed", "    categroy: fully-managed"
    )
    status, lines = kb_check(str(folder))
    assert status == 1
    services = str(folder / "services.yaml")
    assert lines[0].startswith(f"{services}:{line_of(text, 'categroy')}: unknown key 'categroy'")
    assert lines[1].startswith(f"{services}:") and "missing field 'category'" in lines[1]
    assert not any("lessons.yaml" in line for line in lines)  # what the lessons lost follows
    assert lines[2].startswith("nothing loaded: fix the 2 problems above first; ")


def test_inside_a_clone_without_an_argument_it_checks_its_knowledge_folder(clone):
    edit(clone / "knowledge", "duties.yaml", "\nduties:\n", "\nduties: [\n")
    status, lines = kb_check(cwd=clone)
    assert status == 1
    assert lines[0].startswith(f"{Path('knowledge') / 'duties.yaml'}:")
    assert "YAML syntax error" in lines[0]
    assert lines[-1] == (
        f"(checked {(clone / 'knowledge').resolve()}; another folder: whoowns kb check DIR)"
    )


def test_another_files_unknown_name_is_held_back_when_a_file_could_not_be_read():
    from bot.kb.problems import triage  # (new)

    broken = Problem("services.yaml", 21, "", "YAML syntax error: mapping values are not allowed")
    follows = Problem("lessons.yaml", 9, "lessons.x", "unknown service 'rds' (expected 'x')")
    own = Problem("quiz.yaml", 3, "quiz.q1", "unknown key 'anwser' (expected 'answer')")
    found = triage([follows, own, broken])
    assert found.causes == [own, broken]  # file order among root causes
    assert found.held_back == 1


def test_without_root_causes_every_problem_is_shown_in_order():
    from bot.kb.problems import triage  # (new)

    a = Problem("a.yaml", 2, "", "missing field 'source'")
    b = Problem("b.yaml", 1, "", "alias 'x' names two things")
    assert triage([b, a]).causes == [a, b] and triage([b, a]).held_back == 0


def test_chat_takes_its_knowledge_from_the_folder_given(clone, tmp_path):
    folder = clone / "knowledge"
    edit(
        folder,
        "services.yaml",
        "DynamoDB is Fully Managed",
        "DynamoDB (our folder) is Fully Managed",
    )
    done = run_whoowns(
        "chat",
        "--knowledge",
        str(folder),
        env=whoowns_env(tmp_path),
        input="is dynamodb fully managed\n",
    )
    assert done.returncode == 0, done.stderr
    assert "DynamoDB (our folder) is Fully Managed" in done.stdout


@pytest.mark.parametrize("command", [("serve",), ("socket",), ("chat",)])
def test_serve_socket_and_chat_refuse_a_broken_folder_given_with_knowledge(clone, command):
    folder = clone / "knowledge"
    edit(folder, "services.yaml", "    category: fully-managed", "    category: fully-manged")
    env = whoowns_env(clone, SLACK_APP_TOKEN="xapp-1-A0-1-test")
    done = run_whoowns(*command, "--knowledge", str(folder), env=env, input="", timeout=60)
    assert done.returncode == 1, done.stderr
    assert f"{folder / 'services.yaml'}:" in done.stderr
    assert "unknown category 'fully-manged'" in done.stderr


HELD_BACK = "nothing loaded: fix the 1 problem above first; "


@pytest.mark.parametrize(
    ("command", "second"),
    [
        (("serve",), HELD_BACK),
        (("socket",), HELD_BACK),
        (("chat",), HELD_BACK),
        (("ask", "rds"), "whoowns ask: the knowledge did not load"),  # reads no lessons
    ],
)
def test_serve_socket_chat_and_ask_show_a_bad_indent_first_like_kb_check(clone, command, second):
    """Refusing to start on broken knowledge, they print what kb check prints: the syntax
    error first and alone, the problems it causes in other files only counted."""
    folder = clone / "knowledge"
    edit(folder, "services.yaml", "    category: fully-managed", "      category: fully-managed")
    env = whoowns_env(clone, SLACK_APP_TOKEN="xapp-1-A0-1-test")
    done = run_whoowns(*command, "--knowledge", str(folder), env=env, input="", timeout=60)
    assert done.returncode == 1, done.stderr
    lines = done.stderr.splitlines()
    assert lines[0].startswith(f"{folder / 'services.yaml'}:"), lines
    assert "YAML syntax error" in lines[0]
    assert lines[1].startswith(second), lines
    assert not any("lessons.yaml" in line for line in lines)


def test_another_files_own_problem_is_shown_beside_the_root_cause(tmp_path):
    org = tmp_path / "org"
    org.mkdir()
    (org / "teams.yaml").write_text(
        "teams:\n  payments:\n    name: Payments\n    slack: '@payments'\n", encoding="utf-8"
    )
    (org / "resources.yaml").write_text(
        "resources:\n  ledger:\n    service: dynamo\n    owner: payments\n", encoding="utf-8"
    )
    status, lines = kb_check("--org-knowledge", str(org), cwd=tmp_path)
    assert status == 1
    assert lines[0].startswith(f"{org / 'resources.yaml'}:3: unknown service or group 'dynamo'")
    assert lines[1].startswith(f"{org / 'teams.yaml'}:4: slack '@payments' is not a Slack id")
    assert lines[2] == "2 problems; nothing loaded"


def test_only_what_follows_from_a_root_cause_is_held_back():
    from bot.kb.problems import triage

    broken = Problem("teams.yaml", 3, "", "YAML syntax error: mapping values are not allowed")
    follows = Problem("r.yaml", 4, "resources.x.owner", "unknown team 'sre' (teams: none)")
    own = Problem("r.yaml", 9, "resources.y.arn", "'arm:x' is not an ARN")
    found = triage([follows, own, broken])
    assert found.causes == [broken, own]
    assert found.held_back == 1
