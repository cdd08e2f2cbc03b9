"""Settings naming Slack ids are per workspace: ``T…:C…`` (a bare id: every workspace)."""

from __future__ import annotations

import pytest

from bot.config import ConfigError, Settings


def test_the_onboarding_channel_is_each_workspaces_own():
    conf = Settings.from_env({"WHOOWNS_ONBOARDING_CHANNEL": "T0AAA:C0AAA, T0BBB:C0BBB"})
    assert conf.onboarding_channel_for("T0AAA") == "C0AAA"
    assert conf.onboarding_channel_for("T0BBB") == "C0BBB"
    assert conf.onboarding_channel_for("T0CCC") is None  # not set for that workspace


def test_a_bare_channel_applies_in_every_workspace_and_a_prefixed_one_wins():
    conf = Settings.from_env({"WHOOWNS_ONBOARDING_CHANNEL": "C0ALL,T0BBB:C0BBB"})
    assert conf.onboarding_channel_for("T0AAA") == "C0ALL"
    assert conf.onboarding_channel_for("") == "C0ALL"  # single-token mode before its first start
    assert conf.onboarding_channel_for("T0BBB") == "C0BBB"


def test_a_malformed_per_workspace_channel_says_the_form():
    with pytest.raises(ConfigError, match="T0123ABCD:C0123ABCD"):
        Settings.from_env({"WHOOWNS_ONBOARDING_CHANNEL": "T0AAA-C0AAA"})
