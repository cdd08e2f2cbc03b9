"""manifest.yml asks Slack for exactly what the app handles, with the scopes it needs."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
import yaml

from bot.listeners.commands import COMMAND
from tests.support.slack_requests import (
    app_home_opened,
    app_mention,
    event_callback,
    im_message,
    member_joined_channel,
)
from tests.support.steps import function_executed

MANIFEST = Path(__file__).resolve().parents[2] / "manifest.yml"

# event subscription -> (scope it needs, a sample event)
EVENTS = {
    "app_mention": ("app_mentions:read", app_mention("<@U0BOT> rds")),
    "message.im": ("im:history", im_message("rds")),
    "app_home_opened": (None, app_home_opened()),
    "member_joined_channel": ("channels:read", member_joined_channel()),
    "app_uninstalled": (None, {"type": "app_uninstalled"}),
    "tokens_revoked": (None, {"type": "tokens_revoked", "tokens": {"oauth": [], "bot": ["U0BOT"]}}),
    "function_executed": (
        None,
        function_executed("who_owns", {"duty": "backups", "service": "rds"}),
    ),
    # org-wide installs: an org admin grants or takes away workspaces (no scope needed)
    "team_access_granted": (None, {"type": "team_access_granted", "team_ids": ["T0SECOND"]}),
    "team_access_revoked": (None, {"type": "team_access_revoked", "team_ids": ["T0SECOND"]}),
}
# Slack sends these to an app for what it declares (its `functions:`); they are not
# subscriptions (Slack's function_executed event reference)
DELIVERED_WITHOUT_SUBSCRIBING = ("function_executed",)


@pytest.fixture(scope="module")
def manifest() -> dict:
    return yaml.safe_load(MANIFEST.read_text())


def test_the_slash_command_is_the_one_the_app_listens_to(manifest):
    [command] = manifest["features"]["slash_commands"]
    assert command["command"] == COMMAND
    assert command["usage_hint"] and command["description"]
    assert len(command["description"]) <= 100


def test_one_request_url_for_commands_interactivity_and_events(manifest):
    settings = manifest["settings"]
    urls = {
        manifest["features"]["slash_commands"][0]["url"],
        settings["event_subscriptions"]["request_url"],
        settings["interactivity"]["request_url"],
    }
    assert len(urls) == 1 and urls.pop().endswith("/slack/events")
    assert settings["interactivity"]["is_enabled"] is True
    assert settings["socket_mode_enabled"] is False


def test_the_redirect_url_is_the_one_the_install_flow_answers(manifest):
    from bot.oauth.installs import REDIRECT_PATH

    [url] = manifest["oauth_config"]["redirect_urls"]
    assert url.startswith("https://") and url.endswith(REDIRECT_PATH)


def test_home_and_messages_tabs(manifest):
    home = manifest["features"]["app_home"]
    assert home["home_tab_enabled"] and home["messages_tab_enabled"]
    assert home["messages_tab_read_only_enabled"] is False


def test_every_subscribed_event_has_its_scope(manifest):
    scopes = set(manifest["oauth_config"]["scopes"]["bot"])
    assert {"commands", "chat:write"} <= scopes
    subscribed = set(manifest["settings"]["event_subscriptions"]["bot_events"])
    assert subscribed == set(EVENTS) - set(DELIVERED_WITHOUT_SUBSCRIBING)
    for scope, _ in EVENTS.values():
        assert scope is None or scope in scopes


@pytest.mark.parametrize("name", EVENTS)
def test_the_app_handles_every_subscribed_event(bot, name, caplog):
    with caplog.at_level(logging.WARNING):
        response = bot.send(event_callback(EVENTS[name][1], event_id=f"Ev0{name}"))
    assert response.status == 200
    assert "Unhandled request" not in caplog.text


def test_the_workflow_steps_are_the_ones_the_app_registers_in_an_org_ready_app(manifest):
    from bot.steps.listeners import START_ONBOARDING, WHO_OWNS

    functions = manifest["functions"]
    assert set(functions) == {WHO_OWNS, START_ONBOARDING}
    for step in functions.values():
        assert 0 < len(step["title"]) <= 255 and step["description"]
        for side in ("input_parameters", "output_parameters"):
            params = step[side]
            assert set(params["required"]) <= set(params["properties"])
            for param in params["properties"].values():
                assert param["type"] in ("string", "slack#/types/user_id") and param["title"]
    assert functions[WHO_OWNS]["input_parameters"]["required"] == ["duty", "service"]
    assert functions[START_ONBOARDING]["input_parameters"]["required"] == ["user"]
    settings = manifest["settings"]
    assert settings["org_deploy_enabled"] is True  # custom steps need an org-ready app
    assert settings["function_runtime"] == "remote"
