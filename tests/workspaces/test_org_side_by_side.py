"""An Enterprise Grid organisation installed org-wide (two workspaces granted) beside a
standalone workspace, on ONE database (SQLite, PostgreSQL), through the real Bolt app: each
granted workspace answers with its own data, one the org revoked gets one clear line, the
ticks post in both with the org's token, and the org's uninstall pauses both."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.features import TickContext, build_services, installed
from bot.localslack.oauth import ENTERPRISE_ID
from bot.oauth.grid import NOT_GRANTED
from bot.oauth.ticks import workspace_tick_jobs
from tests.support import slack_requests as sr
from tests.support.grid import (
    SHAPES,
    access_event,
    org_click,
    org_command,
    org_event,
    org_uninstalled,
)
from tests.support.oauth import OAuthBot
from tests.support.payloads import all_text

ORG_A, ORG_B, ALONE = "T0ORGA", "T0ORGB", "T0LOCAL"
CHANNELS = {ORG_A: "C0ORGA", ORG_B: "C0ORGB", ALONE: "C0SAME"}  # unique within an org
USER, BOSS = "W0SAME", "U0BOSS"


class Grid:
    def __init__(self, bot: Any, slack: Any) -> None:
        self.bot, self.slack = bot, slack
        self.sent = 0

    def command(self, team: str, text: str, user: str = USER) -> str:
        self.sent += 1
        key = f"{team}-{self.sent}"
        fields = dict(
            channel_id=CHANNELS.get(team, "C0OTHER"),
            user_id=user,
            response_url=self.slack.response_url(key),
        )
        if team == ALONE:
            request = sr.slash_command(text, team_id=team, **fields)
        else:
            request = org_command(text, team_id=team, **fields)
        page = self.bot.event(request)
        assert page.status == 200, page.text
        said = [page.text] if page.text else []
        said += [json.dumps(c.args) for c in self.slack.calls_to("response_url") if c.key == key]
        return "\n".join(said)

    def event(self, request: Any) -> None:
        assert self.bot.event(request).status == 200

    def posts(self, team: str) -> list[Any]:
        return [
            c
            for c in self.slack.calls_to("chat.postMessage")
            if c.args.get("channel") == CHANNELS[team]
        ]

    def ticks(self) -> list[Any]:
        features = installed()
        return workspace_tick_jobs(
            TickContext(self.bot.deps, build_services(self.bot.deps, features)),
            self.bot.installs,
            features,
            lambda token: WebClient(token=token, base_url=self.slack.base_url),
        )


def _nine(days: int) -> datetime:
    day = datetime.now(timezone.utc) + timedelta(days=days)
    return day.replace(hour=9, minute=0, second=0, microsecond=0)


@pytest.fixture
def grid(knowledge, matcher, slack, db_url):
    slack.users[USER] = {"is_admin": True}
    slack.oauth.workspaces[ALONE] = "Standalone"
    bot = OAuthBot.start(
        knowledge, matcher, slack, db_url, WHOOWNS_ADMINS=f"{ENTERPRISE_ID}:{BOSS}"
    )
    slack.oauth.enterprise_install = True
    slack.oauth.org_workspaces = {ORG_A: "Grid A", ORG_B: "Grid B"}
    assert bot.install(slack, ORG_A).status == 200
    slack.oauth.enterprise_install = False
    assert bot.install(slack, ALONE).status == 200
    yield Grid(bot, slack)
    bot.close()


def test_each_granted_workspace_and_the_standalone_one_keep_their_own_schedules(grid):
    grid.command(ORG_A, "quiz subscribe 09:00 UTC daily")
    grid.command(ORG_B, "quiz subscribe 17:30 UTC daily")
    status_a = grid.command(ORG_A, "quiz status")
    assert "09:00" in status_a and "17:30" not in status_a
    assert "17:30" in grid.command(ORG_B, "quiz status")
    assert "no daily quiz" in grid.command(ALONE, "quiz status")


def test_home_of_a_granted_workspace_is_published_with_the_org_token(grid, slack):
    grid.command(ORG_A, "quiz now")
    slack.clear()
    grid.event(org_event(sr.app_home_opened(USER), team_id=ORG_B, event_id="EvHOME1"))
    [publish] = slack.calls_to("views.publish")
    assert publish.args["_auth"]["enterprise"] == ENTERPRISE_ID
    assert "You haven't answered a quiz question yet" in all_text(publish.json_arg("view"))
    now = datetime.now(timezone.utc)
    assert not grid.bot.deps.store.scoped(ORG_B).claim_event("EvHOME1", now)  # B's event
    assert grid.bot.deps.store.scoped(ORG_A).claim_event("EvHOME1", now)


@pytest.mark.parametrize("shape", SHAPES)
def test_a_revoked_workspace_gets_one_clear_line_and_a_regranted_one_answers_again(
    grid, bot, shape
):
    grid.event(access_event("team_access_revoked", [ORG_B], event_id="EvREV1", shape=shape))
    assert grid.command(ORG_B, "who patches aurora").count(NOT_GRANTED) == 1
    assert NOT_GRANTED not in grid.command(ORG_A, "who patches aurora")
    paused = bot.installs.workspaces.get(ORG_B)
    assert (paused.status, paused.paused_reason) == ("paused", "team_access_revoked")
    grid.event(access_event("team_access_granted", [ORG_B], event_id="EvGRANT1", shape=shape))
    assert NOT_GRANTED not in grid.command(ORG_B, "who patches aurora")
    assert bot.installs.workspaces.get(ORG_B).active


def test_a_workspace_of_the_org_never_granted_gets_the_line(grid):
    assert NOT_GRANTED in grid.command("T0ORGC", "who patches aurora")


def test_ticks_post_in_both_granted_workspaces_with_the_org_token_once(grid, slack):
    for team in (ORG_A, ORG_B, ALONE):
        grid.command(team, "quiz subscribe 09:00 UTC daily")
    jobs = grid.ticks()
    slack.clear()
    for _ in range(2):  # a second tick in the same minute posts nothing more
        for job in jobs:
            job(_nine(1))
    for team in (ORG_A, ORG_B):
        [post] = grid.posts(team)
        assert post.args["_auth"]["enterprise"] == ENTERPRISE_ID
    [alone] = grid.posts(ALONE)
    assert alone.args["_auth"]["workspace"] == ALONE


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("kind", ["app_uninstalled", "tokens_revoked"])
def test_the_orgs_uninstall_pauses_both_workspaces_and_the_standalone_one_goes_on(
    grid, bot, slack, kind, shape
):
    for team in (ORG_A, ORG_B, ALONE):
        grid.command(team, "quiz subscribe 09:00 UTC daily")
    jobs = grid.ticks()
    grid.event(org_uninstalled(kind, shape=shape))
    org = dict(enterprise_id=ENTERPRISE_ID, team_id=None, is_enterprise_install=True)
    assert bot.installs.installations.find_bot(**org) is None
    for team in (ORG_A, ORG_B):
        found = bot.installs.workspaces.get(team)
        assert (found.status, found.paused_reason) == ("paused", kind)
    assert bot.installs.workspaces.get(ALONE).active
    slack.clear()
    for job in jobs:
        job(_nine(1))
    assert grid.posts(ORG_A) == [] and grid.posts(ORG_B) == [] and len(grid.posts(ALONE)) == 1


def test_an_org_admin_named_by_enterprise_may_change_settings_in_its_workspaces_only(grid):
    assert f"<@{BOSS}>" in grid.command(ORG_A, "admins", user=BOSS)
    assert "You may change every setting here." in grid.command(ORG_B, "admins", user=BOSS)
    assert "You may not change settings here." in grid.command(ALONE, "admins", user=BOSS)


def test_workspaces_list_shows_the_org_install_its_grants_and_why_one_is_paused(
    grid, db_url, capsys, monkeypatch
):
    from bot.cli import main
    from tests.support.oauth import oauth_env

    grid.event(access_event("team_access_revoked", [ORG_B], event_id="EvREV2"))
    for name, value in oauth_env(grid.slack, db_url).items():
        monkeypatch.setenv(name, value)
    assert main(["workspaces", "list", "--database-url", db_url]) == 0
    lines = capsys.readouterr().out.splitlines()
    [org] = [line for line in lines if line.startswith(ENTERPRISE_ID)]
    assert "org-wide install" in org and "granted: T0ORGA; revoked: T0ORGB" in org
    [b] = [line for line in lines if line.startswith(ORG_B)]
    assert "PAUSED (team_access_revoked)" in b and f"via org {ENTERPRISE_ID}" in b
    [alone] = [line for line in lines if line.startswith(ALONE)]
    assert "active" in alone and "via org" not in alone
    assert main(["workspaces", "list", "--json", "--database-url", db_url]) == 0
    listed = {r["workspace"]: r["org_wide"] for r in json.loads(capsys.readouterr().out)}
    assert listed == {ORG_A: True, ORG_B: True, ALONE: False}


def test_an_org_token_names_the_workspace_where_slack_needs_it(slack):
    from bot.workspaces.revoked import for_team, watched

    client = for_team(watched(WebClient(token=sr.BOT_TOKEN, base_url=slack.base_url)), ORG_A)
    with pytest.raises(SlackApiError):  # no such group in the stand-in: the call is what counts
        client.usergroups_users_list(usergroup="S0DBA")
    client.users_info(user=USER)
    [listing] = slack.calls_to("usergroups.users.list")
    assert listing.args["team_id"] == ORG_A
    [info] = slack.calls_to("users.info")
    assert "team_id" not in info.args


@pytest.mark.parametrize("shape", SHAPES)
def test_the_orgs_revoked_bot_token_is_deleted_so_no_request_or_tick_uses_it(
    grid, bot, slack, shape
):
    installations = bot.installs.installations
    assert NOT_GRANTED not in grid.command(ORG_A, "who patches aurora")  # now cached
    grid.event(org_uninstalled("tokens_revoked", event_id="EvORGREV", shape=shape))
    # (Slack refuses the token too; the stand-in still takes it, so only the deletion counts)
    org = dict(enterprise_id=ENTERPRISE_ID, team_id=None, is_enterprise_install=True)
    assert installations.find_installation(**org) is None
    assert installations.find_bot(**org) is None
    assert bot.installs.tokens.resolve(ORG_A, ENTERPRISE_ID, org=True)[0] is None
    said = grid.command(ORG_A, "who patches aurora")
    assert "no longer available" in said and "blocks" not in said  # Bolt's line, no answer
    assert bot.installs.tokens.resolve(ALONE)[0] is not None


@pytest.mark.parametrize("shape", SHAPES)
def test_a_workspace_the_org_grants_later_is_served_whichever_way_slack_names_the_install(
    grid, bot, slack, shape
):
    new = "T0ORGC"
    assert NOT_GRANTED in grid.command(new, "who patches aurora")
    grid.event(access_event("team_access_granted", [new], event_id="EvGRANTC", shape=shape))
    assert bot.installs.workspaces.get(new).active
    assert NOT_GRANTED not in grid.command(new, "who patches aurora")
    slack.clear()
    grid.event(org_event(sr.app_home_opened(USER), team_id=new, event_id="EvHOMEC", shape=shape))
    [publish] = slack.calls_to("views.publish")
    assert publish.args["_auth"]["enterprise"] == ENTERPRISE_ID


def test_an_event_named_for_a_workspace_the_org_never_granted_is_not_served(grid, slack):
    slack.clear()
    home = sr.app_home_opened(USER)
    grid.event(org_event(home, team_id="T0ORGC", event_id="EvHOMEX", shape="team"))
    assert slack.calls_to("views.publish") == []
    grid.event(org_event(home, team_id=ORG_A, event_id="EvHOMEA", shape="team"))
    assert len(slack.calls_to("views.publish")) == 1


def test_a_dead_org_token_in_a_tick_pauses_every_workspace_of_the_org_at_once(grid, bot, slack):
    grid.command(ORG_A, "quiz subscribe 09:00 UTC daily")  # only A has work due
    grid.command(ALONE, "quiz subscribe 09:00 UTC daily")
    jobs = grid.ticks()
    slack.oauth.uninstall(ENTERPRISE_ID)  # Slack no longer accepts the org token
    slack.clear()
    for job in jobs:
        job(_nine(1))
    for team in (ORG_A, ORG_B):
        found = bot.installs.workspaces.get(team)
        assert (found.status, found.paused_reason) == ("paused", "token_revoked")
    org = bot.installs.orgs.get(ENTERPRISE_ID)
    assert (org.status, org.paused_reason) == ("paused", "token_revoked")
    assert bot.installs.workspaces.get(ALONE).active and len(grid.posts(ALONE)) == 1


@pytest.mark.parametrize("team", ["T0ORGC", ORG_B])
def test_a_click_from_a_workspace_not_granted_gets_the_one_line_through_its_response_url(
    grid, slack, team
):
    grid.event(access_event("team_access_revoked", [ORG_B], event_id="EvREVCLICK"))
    slack.clear()
    click = sr.button_action("share_answer", value="patching aurora")
    url = slack.response_url(f"click-{team}")
    page = grid.bot.event(org_click(click, team_id=team, user_id=USER, response_url=url))
    assert page.status == 200
    [said] = [c.args for c in slack.calls_to("response_url") if c.key == f"click-{team}"]
    assert said["text"] == NOT_GRANTED and said["response_type"] == "ephemeral"
    assert slack.calls_to("chat.postMessage") == []
