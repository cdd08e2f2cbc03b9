"""The install flow through the real Bolt app (WSGI) against LocalSlack: install page, Slack's
approval, the redirect; forged, reused, expired and cancelled installs; org-wide refusal."""

from __future__ import annotations

import json
import logging
from datetime import datetime, timedelta, timezone

from sqlalchemy import func, select, update

from bot.oauth.scopes import BOT_SCOPES
from bot.store.oauth import slack_bots, slack_installations, slack_oauth_states
from tests.support import slack_requests as sr
from tests.support.oauth import CLIENT_ID, REDIRECT_URI, OAuthBot, query_of


def _count(bot: OAuthBot, table) -> int:
    return bot.deps.store.read(
        lambda c: c.execute(select(func.count()).select_from(table)).scalar()
    )


def test_the_install_page_links_to_slack_with_the_scopes_a_state_and_the_redirect(bot, slack):
    page = bot.get("/slack/install")
    assert page.status == 200
    assert page.header("Content-Type") == "text/html; charset=utf-8"
    assert "default-src 'none'" in page.header("Content-Security-Policy")
    link = page.link("add-to-slack")
    assert link.startswith(slack.oauth.authorize_url + "?")
    query = query_of(link)
    assert query["client_id"] == CLIENT_ID
    assert query["scope"].split(",") == list(BOT_SCOPES)
    assert query["redirect_uri"] == REDIRECT_URI
    assert query["state"] and bot.cookies["slack-app-oauth-state"] == query["state"]
    assert "<script" not in page.text and "src=" not in page.text  # nothing loaded from elsewhere


def test_an_admin_installs_and_the_workspace_can_use_whoowns(bot, slack, caplog):
    with caplog.at_level(logging.INFO, logger="bot.oauth"):
        page = bot.install(slack, "T0SECOND")
    assert page.status == 200
    assert "whoowns is installed" in page.text
    assert "<strong>Second &amp; &lt;Co&gt;</strong>" in page.text  # escaped
    for step in ("/whoowns help", "/whoowns quiz subscribe", "/whoowns onboarding here"):
        assert step in page.text
    assert "slack-app-oauth-state" not in bot.cookies  # the state cookie is forgotten
    [line] = [r.getMessage() for r in caplog.records if "installed in" in r.getMessage()]
    assert line == "installed in workspace T0SECOND (Second & <Co>)"
    workspace = bot.installs.workspaces.get("T0SECOND")
    assert workspace.active and workspace.bot_user_id == "U0SECONDBOT"
    assert _count(bot, slack_installations) == 1 and _count(bot, slack_bots) == 1

    # a slash command from that workspace is answered, with that workspace's token
    slack.clear()
    reply = bot.event(
        sr.slash_command("patching aurora", team_id="T0SECOND", response_url=slack.response_url())
    )
    assert reply.status == 200 and json.loads(reply.text)["blocks"]
    [check] = slack.calls_to("auth.test")
    assert check.args["_auth"]["workspace"] == "T0SECOND"
    # a workspace that never installed gets no answer (there is no token for it)
    never = sr.slash_command(
        "patching aurora", team_id="T0NEVER", response_url=slack.response_url("n")
    )
    assert "blocks" not in bot.event(never).text


def test_a_reused_or_forged_state_shows_the_failure_page_and_stores_nothing(bot, slack):
    redirect = OAuthBot.approve(bot.get("/slack/install").link("add-to-slack"), "T0LOCAL")
    cookie = dict(bot.cookies)
    assert bot.follow(redirect).status == 200
    assert _count(bot, slack_installations) == 1
    exchanges = len(slack.calls_to("oauth.v2.access"))

    again = bot.follow(redirect)  # back button: the browser no longer has the cookie
    assert again.status == 400 and "already used" in again.text
    bot.cookies.update(cookie)  # even with the cookie, the state was consumed
    reused = bot.follow(redirect)
    assert reused.status == 401 and "expired" in reused.text
    assert reused.link("start-again") == "/slack/install"

    state = "forged-" + query_of(redirect)["state"][7:]
    bot.cookies["slack-app-oauth-state"] = state
    forged = bot.follow(f"{REDIRECT_URI}?code={query_of(redirect)['code']}&state={state}")
    assert forged.status == 401 and "install link has expired" in forged.text
    assert _count(bot, slack_installations) == 1  # nothing new stored
    assert len(slack.calls_to("oauth.v2.access")) == exchanges  # no code was exchanged


def test_an_expired_state_is_refused(bot, slack):
    link = bot.get("/slack/install").link("add-to-slack")
    past = datetime.now(timezone.utc).replace(tzinfo=None) - timedelta(seconds=1)
    bot.deps.store.write(lambda c: c.execute(update(slack_oauth_states).values(expire_at=past)))
    page = bot.follow(OAuthBot.approve(link, "T0LOCAL"))
    assert page.status == 401 and "install link has expired" in page.text
    assert _count(bot, slack_installations) == 0


def test_cancel_on_slacks_page_shows_a_friendly_page(bot, slack):
    link = bot.get("/slack/install").link("add-to-slack")
    page = bot.follow(OAuthBot.approve(link, "T0LOCAL", decision="deny"))
    assert page.status == 200
    assert "Install cancelled" in page.text and "nothing was stored" in page.text
    assert page.link("start-again") == "/slack/install"
    assert _count(bot, slack_installations) == 0


def test_a_slack_error_code_is_shown_escaped(bot):
    bot.get("/slack/install")
    page = bot.get("/slack/oauth_redirect", error="<b>weird</b>", state="x")
    assert "&lt;b&gt;weird&lt;/b&gt;" in page.text and "<b>weird" not in page.text


def test_an_org_wide_install_is_stored_once_for_the_organisation(bot, slack):
    slack.oauth.enterprise_install = True
    slack.oauth.org_workspaces = {"T0ORGA": "Grid <A>", "T0ORGB": "Grid B"}
    page = bot.install(slack, "T0LOCAL")
    assert page.status == 200
    assert "installed for the whole of <strong>whoowns grid</strong>" in page.text
    assert "Grid &lt;A&gt;" in page.text and "Grid B" in page.text
    assert _count(bot, slack_installations) == 1 and not slack.calls_to("auth.revoke")
    stored = bot.installs.installations.find_installation(
        enterprise_id="E0LOCAL", team_id="T0ORGA", is_enterprise_install=True
    )
    assert stored is not None and stored.team_id is None
    listed = {w.team_id: (w.enterprise_id, w.status) for w in bot.installs.workspaces.all()}
    assert listed == {"T0ORGA": ("E0LOCAL", "active"), "T0ORGB": ("E0LOCAL", "active")}


def test_an_org_wide_install_slack_cannot_list_waits_for_the_grant_events(bot, slack):
    slack.oauth.enterprise_install = True
    slack.fail("auth.teams.list", status=500)
    page = bot.install(slack, "T0LOCAL")
    assert page.status == 200 and "No workspace has been given access yet." in page.text
    assert bot.installs.workspaces.all() == []
    assert [e.enterprise_id for e in bot.installs.orgs.all()] == ["E0LOCAL"]


def test_only_get_reaches_the_install_routes(bot):
    assert bot.call("POST", "/slack/install").status == 405
    assert bot.call("POST", "/slack/oauth_redirect").status == 405


def test_single_workspace_mode_has_no_install_routes(knowledge, slack):
    from slack_bolt import App
    from slack_sdk import WebClient

    from bot.web.wsgi import WebApp

    app = App(
        signing_secret=sr.SIGNING_SECRET,
        client=WebClient(token=sr.BOT_TOKEN, base_url=slack.base_url),
    )
    single = OAuthBot(None, None, None, WebApp(app, knowledge=knowledge))  # type: ignore[arg-type]
    assert single.get("/slack/install").status == 404
    assert single.get("/slack/oauth_redirect").status == 404
