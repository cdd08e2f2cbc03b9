"""Settings: one clear line naming a bad variable; secrets never in repr or logs."""

from __future__ import annotations

import logging

import pytest

from bot.config import ConfigError, RedactingFilter, Settings

TOKEN = "xoxb-1111-2222-abcdefghijkl"
SECRET = "0123456789abcdef0123456789abcdef"


def test_defaults_need_nothing(tmp_path):
    settings = Settings.from_env({"WHOOWNS_DATA_DIR": str(tmp_path)})
    assert settings.port == 3000
    assert settings.slack_api_url == "https://slack.com/api/"
    assert settings.effective_database_url == f"sqlite:///{tmp_path / 'whoowns.db'}"
    assert settings.knowledge_dir is None


@pytest.mark.parametrize(
    ("env", "names"),
    [
        ({"PORT": "eighty"}, "PORT"),
        ({"PORT": "70000"}, "PORT"),
        ({"LOG_LEVEL": "LOUD"}, "LOG_LEVEL"),
        ({"SLACK_BOT_TOKEN": "xoxp-user-token"}, "SLACK_BOT_TOKEN"),
        ({"SLACK_APP_TOKEN": "xoxb-not-an-app-token"}, "SLACK_APP_TOKEN"),
        ({"SLACK_API_URL": "slack.example"}, "SLACK_API_URL"),
        ({"DATABASE_URL": "mysql://root@localhost/db"}, "DATABASE_URL"),
        ({"WHOOWNS_ONBOARDING_CHANNEL": "#new-engineers"}, "WHOOWNS_ONBOARDING_CHANNEL"),
    ],
)
def test_malformed_variable_is_named_in_one_line(env, names):
    with pytest.raises(ConfigError) as err:
        Settings.from_env(env)
    message = str(err.value)
    assert message.startswith(names)
    assert "\n" not in message


def test_malformed_secret_is_not_echoed():
    with pytest.raises(ConfigError) as err:
        Settings.from_env({"SLACK_BOT_TOKEN": "xoxp-my-real-user-token"})
    assert "xoxp-my-real-user-token" not in str(err.value)


def test_require_names_the_missing_variable():
    settings = Settings.from_env({"SLACK_BOT_TOKEN": TOKEN})
    settings.require(["SLACK_BOT_TOKEN"])
    with pytest.raises(ConfigError, match=r"^SLACK_SIGNING_SECRET is missing"):
        settings.require(["SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET"])


def test_a_bot_token_together_with_the_oauth_client_is_refused_where_slack_is_needed():
    # Both ways of running would fit: which one is meant is not guessed (Bolt would silently
    # switch to OAuth installs). One of the two client variables alone is harmless.
    env = {
        "SLACK_BOT_TOKEN": TOKEN,
        "SLACK_CLIENT_ID": "111.222",
        "SLACK_CLIENT_SECRET": "abcdef0123",
    }
    with pytest.raises(ConfigError, match=r"^SLACK_BOT_TOKEN and SLACK_CLIENT_ID/SLACK_CLI"):
        Settings.from_env(env).require(["SLACK_BOT_TOKEN"])
    Settings.from_env({**env, "SLACK_CLIENT_SECRET": ""}).require(["SLACK_BOT_TOKEN"])
    Settings.from_env(env).require([])  # `whoowns ask` and the other commands don't care


def test_heroku_style_postgres_url_is_accepted():
    settings = Settings.from_env({"DATABASE_URL": "postgres://u@db.example/app"})
    assert settings.effective_database_url == "postgresql://u@db.example/app"


def test_secrets_stay_out_of_repr():
    settings = Settings.from_env({"SLACK_BOT_TOKEN": TOKEN, "SLACK_SIGNING_SECRET": SECRET})
    assert TOKEN not in repr(settings)
    assert SECRET not in repr(settings)


def test_redacting_filter_hides_secrets_and_token_shapes(caplog):
    logger = logging.getLogger("whoowns.test.redact")
    logger.addFilter(RedactingFilter([SECRET]))
    try:
        with caplog.at_level(logging.DEBUG, logger="whoowns.test.redact"):
            logger.debug("calling with %s and %s", TOKEN, SECRET)
            try:
                raise RuntimeError(f"boom {TOKEN}")
            except RuntimeError:
                logger.exception("failed")
    finally:
        logger.filters.clear()
    text = caplog.text + "".join(r.exc_text or "" for r in caplog.records)
    assert TOKEN not in text
    assert SECRET not in text
    assert "[redacted]" in text


class _Recording(dict):
    """An environment that remembers every variable asked for."""

    def __init__(self) -> None:
        super().__init__()
        self.asked: set[str] = set()

    def get(self, key, default=None):  # type: ignore[override]
        self.asked.add(key)
        return super().get(key, default)

    def __getitem__(self, key):
        self.asked.add(key)
        return super().__getitem__(key)


def _variables_the_bot_reads() -> set[str]:
    from bot.config import data_dir_from_env, knowledge_dirs_from_env

    env = _Recording()
    Settings.from_env(env)
    knowledge_dirs_from_env(env)
    data_dir_from_env(env)
    return env.asked


def test_the_readme_and_env_example_name_every_variable_the_bot_reads():
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    readme = (root / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n### Configuration\n", 1)[1].split("\n#", 1)[0]
    listed = set(re.findall(r"^\| `([A-Z_]+)` \|", section, flags=re.MULTILINE))
    read = _variables_the_bot_reads()
    assert {"WHOOWNS_ORG_KNOWLEDGE", "WHOOWNS_ADMINS", "WHOOWNS_GAPS_RETENTION_DAYS"} <= read
    assert listed == read
    example = (root / ".env.example").read_text(encoding="utf-8")
    assigned = set(re.findall(r"^([A-Z_]+)=", example, flags=re.MULTILINE))
    assert assigned == read - {"XDG_DATA_HOME"}  # the system's own, named in a comment there
    assert "XDG_DATA_HOME" in example
