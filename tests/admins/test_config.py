"""WHOOWNS_ADMINS and WHOOWNS_GAPS_RETENTION_DAYS: read by bot.config, one clear line if bad."""

from __future__ import annotations

import pytest

from bot.config import ConfigError, Settings


def test_admins_are_comma_separated_user_ids():
    settings = Settings.from_env({"WHOOWNS_ADMINS": " U0ERIN, W0GRID ,U0ERIN,"})
    assert settings.admins == ("U0ERIN", "W0GRID")
    assert Settings.from_env({}).admins == ()


@pytest.mark.parametrize(
    ("env", "name"),
    [
        ({"WHOOWNS_ADMINS": "@erin"}, "WHOOWNS_ADMINS"),
        ({"WHOOWNS_ADMINS": "U0ERIN;U0DAVE"}, "WHOOWNS_ADMINS"),
        ({"WHOOWNS_GAPS_RETENTION_DAYS": "forever"}, "WHOOWNS_GAPS_RETENTION_DAYS"),
        ({"WHOOWNS_GAPS_RETENTION_DAYS": "0"}, "WHOOWNS_GAPS_RETENTION_DAYS"),
    ],
)
def test_a_malformed_value_is_named_in_one_line(env, name):
    with pytest.raises(ConfigError) as err:
        Settings.from_env(env)
    assert str(err.value).startswith(f"{name} is malformed") and "\n" not in str(err.value)


def test_the_retention_defaults_to_90_days():
    assert Settings.from_env({}).gaps_retention_days == 90
    assert Settings.from_env({"WHOOWNS_GAPS_RETENTION_DAYS": "30"}).gaps_retention_days == 30
