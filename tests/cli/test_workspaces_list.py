"""`whoowns workspaces list` after only the chat shell ran: no talk of a time "before
workspaces" that this install never had."""

from __future__ import annotations

import pytest

from tests.support.processes import run_whoowns, whoowns_env

pytestmark = pytest.mark.slow


def test_list_after_only_the_chat_shell_ran(tmp_path):
    env = whoowns_env(tmp_path)
    chat = run_whoowns("chat", env=env, input="/whoowns quiz subscribe\n/whoowns onboard\n")
    assert chat.returncode == 0, chat.stderr
    result = run_whoowns("workspaces", "list", env=env)
    assert result.returncode == 0, result.stderr
    assert "before workspaces" not in result.stdout
    assert result.stdout.splitlines() == [
        "No workspace is installed yet.",
        "The chat shell keeps its own rows apart: add --workspace local-chat to a command to "
        "read them (e.g. whoowns quiz list --workspace local-chat)",
    ]
    listed = run_whoowns("quiz", "list", "--workspace", "local-chat", env=env)
    assert listed.returncode == 0, listed.stderr
    assert listed.stdout.startswith("C0LOCAL ")  # the shell's channel, subscribed above
