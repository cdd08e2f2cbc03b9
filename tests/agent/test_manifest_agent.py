"""manifest.yml turns the agent view on, with what the Messages tab's calls need."""

from __future__ import annotations

from pathlib import Path

import yaml

from bot.agent.calls import SCOPES

MANIFEST = Path(__file__).resolve().parents[2] / "manifest.yml"


def test_the_messages_tab_is_an_agent_view_with_its_scopes():
    manifest = yaml.safe_load(MANIFEST.read_text())
    features = manifest["features"]
    assert "assistant_view" not in features  # to be deprecated: agent_view replaces it
    assert features["agent_view"]["agent_description"].strip()
    assert features["app_home"]["messages_tab_enabled"] is True
    assert set(SCOPES.values()) <= set(manifest["oauth_config"]["scopes"]["bot"])
    events = manifest["settings"]["event_subscriptions"]["bot_events"]
    assert {"app_home_opened", "message.im"} <= set(events)
