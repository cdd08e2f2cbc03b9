"""The organisation's teams per workspace (Slack ids are only unique within one): a handle
``T0AAA:S0ALPHADBA`` is mentioned in T0AAA and shown by the team's name in T0BBB; a member
``T0AAA:U0ANNA`` is in the team in T0AAA only. Two workspaces installed through OAuth on one
database, through the real Bolt app."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.cli import main
from bot.features import load_knowledge
from bot.intent import IntentMatcher
from tests.support import slack_requests as sr
from tests.support.oauth import OAuthBot

A, B = "T0AAA", "T0BBB"
ANNA, CHANNEL = "U0ANNA", "C0SAME"

ORG = f"""\
teams:
  alpha-dba:
    name: Alpha DBA
    slack: {A}:S0ALPHADBA
    members: [{A}:{ANNA}]
  everyone-sre:
    name: Everyone SRE
    slack: S0EVERYSRE
resources:
  ledger-store:
    service: rds
    owner: alpha-dba
    duties: {{backups: everyone-sre}}
"""


def write_org(folder: Path, text: str) -> Path:
    folder.mkdir(exist_ok=True)
    (folder / "org.yaml").write_text(text, encoding="utf-8")
    return folder


@pytest.fixture
def bot(slack, db_url, tmp_path):
    knowledge = load_knowledge(org=write_org(tmp_path / "org", ORG))
    slack.oauth.workspaces[A] = "Alpha"
    slack.oauth.workspaces[B] = "Beta"
    made = OAuthBot.start(knowledge, IntentMatcher(knowledge), slack, db_url)
    made.install(slack, A)
    made.install(slack, B)
    yield made
    made.close()


def command(bot, slack, team: str, text: str, user: str = ANNA) -> str:
    key = f"{team}-{text}"
    request = sr.slash_command(
        text, team_id=team, channel_id=CHANNEL, user_id=user, response_url=slack.response_url(key)
    )
    page = bot.event(request)
    assert page.status == 200, page.text
    said = [page.text] if page.text else []
    said += [json.dumps(c.args) for c in slack.calls_to("response_url") if c.key == key]
    return "\n".join(said)


def test_a_handle_is_a_mention_in_its_own_workspace_and_the_name_elsewhere(bot, slack):
    in_a = command(bot, slack, A, "who patches ledger-store")
    assert "<!subteam^S0ALPHADBA>" in in_a and "*Alpha DBA*" not in in_a
    in_b = command(bot, slack, B, "who patches ledger-store")
    assert "*Alpha DBA*" in in_b and "subteam^S0ALPHADBA" not in in_b and A not in in_b


def test_a_plain_handle_is_a_mention_in_every_workspace(bot, slack):
    for team in (A, B):
        assert "<!subteam^S0EVERYSRE>" in command(bot, slack, team, "who backs up ledger-store")


def test_a_workspace_member_is_in_the_team_in_that_workspace_only(bot, slack):
    in_a = command(bot, slack, A, "my databases")
    assert "Your teams: <!subteam^S0ALPHADBA>" in in_a and "ledger-store" in in_a
    in_b = command(bot, slack, B, "my databases")
    assert "You're not in any team I know." in in_b and "ledger-store" not in in_b


def test_kb_check_accepts_workspace_ids_and_refuses_malformed_ones(tmp_path, capsys):
    assert main(["kb", "check", "--org-knowledge", str(write_org(tmp_path / "ok", ORG))]) == 0
    assert "2 teams" in capsys.readouterr().out
    bad = ORG.replace(f"{A}:S0ALPHADBA", "alpha:S0ALPHADBA").replace(f"[{A}:", "[T0AAA-")
    assert main(["kb", "check", "--org-knowledge", str(write_org(tmp_path / "bad", bad))]) == 1
    out = capsys.readouterr().out
    assert "slack 'alpha:S0ALPHADBA' is not a Slack id" in out
    assert "T0123ABCD:S0123ABCD" in out
    assert f"member 'T0AAA-{ANNA}' is not a Slack user id (U…, or T…:U… for one workspace)" in out
