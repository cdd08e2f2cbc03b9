"""Pure units of OAuth mode: scopes, settings, the cached lookup, the pages, the ticks."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
import yaml
from slack_sdk.oauth.installation_store import Bot

from bot.config import ConfigError, Settings
from bot.features import Feature, TickContext
from bot.oauth.cache import CachedInstallationStore
from bot.oauth.scopes import BOT_SCOPES
from bot.render.install_pages import failure_page, install_page, success_page
from bot.scheduler import InstalledWorkspaces, Scheduler
from bot.store.workspaces import Workspace

MANIFEST = Path(__file__).resolve().parents[2] / "manifest.yml"
OAUTH = {
    "SLACK_CLIENT_ID": "1111.2222",
    "SLACK_CLIENT_SECRET": "0123456789abcdef0123456789abcdef",
    "SLACK_SIGNING_SECRET": "0123456789abcdef0123456789abcdef",
}
NOW = datetime(2026, 12, 1, 9, 0, tzinfo=timezone.utc)


def test_the_scopes_asked_for_are_the_manifests():
    manifest = yaml.safe_load(MANIFEST.read_text())
    assert list(BOT_SCOPES) == manifest["oauth_config"]["scopes"]["bot"]
    assert "user" not in manifest["oauth_config"]["scopes"]


# -- settings ------------------------------------------------------------------------------


def test_client_id_and_secret_without_a_bot_token_is_oauth_mode():
    settings = Settings.from_env(OAUTH)
    assert settings.oauth_mode
    assert settings.http_requirements() == [
        "SLACK_CLIENT_ID",
        "SLACK_CLIENT_SECRET",
        "SLACK_SIGNING_SECRET",
    ]
    settings.require(settings.http_requirements())
    assert settings.authorize_url == "https://slack.com/oauth/v2/authorize"
    assert OAUTH["SLACK_CLIENT_SECRET"] in settings.secrets()
    assert OAUTH["SLACK_CLIENT_SECRET"] not in repr(settings)


def test_a_bot_token_with_the_oauth_client_is_one_clear_line():
    env = {**OAUTH, "SLACK_BOT_TOKEN": "xoxb-1-2-abc"}
    settings = Settings.from_env(env)
    assert not settings.oauth_mode
    with pytest.raises(ConfigError) as err:
        settings.require(settings.http_requirements())
    message = str(err.value)
    assert message.startswith("SLACK_BOT_TOKEN and SLACK_CLIENT_ID/SLACK_CLIENT_SECRET are both")
    assert "\n" not in message
    Settings.from_env(env).require([])  # `whoowns ask` and the other commands don't care


def test_socket_mode_and_the_cli_stay_single_workspace():
    with pytest.raises(ConfigError, match=r"^SLACK_BOT_TOKEN is missing: this command runs in one"):
        Settings.from_env(OAUTH).require(["SLACK_BOT_TOKEN", "SLACK_APP_TOKEN"])


def test_half_an_oauth_client_names_what_is_missing():
    env = {k: v for k, v in OAUTH.items() if k != "SLACK_CLIENT_SECRET"}
    settings = Settings.from_env(env)
    with pytest.raises(ConfigError, match=r"^SLACK_CLIENT_SECRET is missing"):
        settings.require(settings.http_requirements())


@pytest.mark.parametrize(
    "env",
    [
        {"SLACK_CLIENT_ID": "my-app"},
        {"SLACK_REDIRECT_URI": "whoowns.example.com/slack/oauth_redirect"},
        {"SLACK_AUTHORIZE_URL": "slack.com"},
    ],
)
def test_malformed_oauth_settings_are_named(env):
    [name] = env
    with pytest.raises(ConfigError, match=rf"^{name} is malformed"):
        Settings.from_env(env)


# -- the cached installation lookup -------------------------------------------------------


class CountingStore:
    def __init__(self) -> None:
        self.finds = 0
        self.bots: dict[str, Bot] = {}

    def find_bot(self, *, enterprise_id, team_id, is_enterprise_install=False):
        self.finds += 1
        return self.bots.get(team_id)

    def find_installation(self, **kwargs):
        self.finds += 1
        return None

    def delete_bot(self, *, enterprise_id, team_id):
        self.bots.pop(team_id, None)

    def delete_installation(self, *, enterprise_id, team_id, user_id=None):
        pass


def _bot(team: str) -> Bot:
    return Bot(
        app_id="A1",
        team_id=team,
        bot_token=f"xoxb-{team}",
        bot_id="B1",
        bot_user_id="U1",
        installed_at=NOW.timestamp(),
    )


def test_lookups_are_cached_for_at_most_the_ttl_and_deletes_take_effect_at_once():
    inner, now = CountingStore(), [100.0]
    inner.bots = {"T1": _bot("T1"), "T2": _bot("T2")}
    cached = CachedInstallationStore(inner, ttl=10.0, monotonic=lambda: now[0])
    for _ in range(3):
        assert cached.find_bot(enterprise_id=None, team_id="T1").bot_token == "xoxb-T1"
    assert inner.finds == 1
    now[0] += 9.9
    cached.find_bot(enterprise_id=None, team_id="T1")
    assert inner.finds == 1
    now[0] += 0.1  # 10 s after the lookup: asked again
    cached.find_bot(enterprise_id=None, team_id="T1")
    assert inner.finds == 2
    cached.find_bot(enterprise_id=None, team_id="T2")
    cached.delete_all(enterprise_id=None, team_id="T1")  # the uninstall, in this process
    assert cached.find_bot(enterprise_id=None, team_id="T1") is None
    finds = inner.finds
    cached.find_bot(enterprise_id=None, team_id="T2")  # the other workspace stays cached
    assert inner.finds == finds


def test_the_cache_never_holds_longer_than_10_seconds():
    with pytest.raises(ValueError):
        CachedInstallationStore(CountingStore(), ttl=30)


# -- pages ------------------------------------------------------------------------------------


def test_pages_escape_what_they_show_and_load_nothing():
    page = install_page('https://slack.example/authorize?a=1&state="><script>')
    assert 'href="https://slack.example/authorize?a=1&amp;state=&quot;&gt;&lt;script&gt;"' in page
    assert "<script" not in page
    done = success_page("<b>Acme</b>", "T1", "A1")
    assert "&lt;b&gt;Acme&lt;/b&gt;" in done and "<b>Acme" not in done
    assert 'href="slack://app?team=T1&amp;id=A1"' in done
    for html in (page, done, failure_page("invalid_state", "/slack/install")):
        assert html.startswith("<!DOCTYPE html>") and '<html lang="en">' in html
        assert "<h1" in html and "<title>" in html
        assert "src=" not in html and '<link rel="stylesheet"' not in html


# -- ticks per workspace ------------------------------------------------------------------


@dataclass(frozen=True)
class FakeDeps:
    client: Any = None
    store: Any = None


def _ws(team: str, status: str = "active") -> Workspace:
    return Workspace(team, team, "U0BOT", NOW, status, None, NOW)  # type: ignore[arg-type]


class FakeInstalls:
    def __init__(self, *workspaces: Workspace) -> None:
        self.listed = list(workspaces)
        self.workspaces = SimpleNamespace(active=lambda: [w for w in self.listed if w.active])
        self.tokens = SimpleNamespace(resolve=lambda team: (f"xoxb-{team}", ""))


TICKS: dict[str, Any] = {}  # the feature ticks the fake features name (module:attribute)


def scheduler(tick: Any, installs: FakeInstalls) -> Scheduler:
    """The scheduler over ``installs`` with one feature whose tick is ``tick``."""
    TICKS["quiz"] = tick
    feature = Feature(name="quiz", tick=f"{__name__}:fake_tick")
    context = TickContext(FakeDeps())  # type: ignore[arg-type]
    return Scheduler(context, [feature], InstalledWorkspaces(context, installs, lambda t: t))


def fake_tick(now: datetime, context: TickContext) -> None:
    TICKS["quiz"](now, context)


def test_a_tick_runs_with_the_active_workspaces_token_and_skips_paused_ones():
    ran: list[tuple[str, datetime]] = []

    def quiz_tick(now, context):
        ran.append((context.deps.client, now))

    installs = FakeInstalls(_ws("T1"), _ws("T2", "paused"))
    scheduler(quiz_tick, installs)(NOW)
    assert ran == [("xoxb-T1", NOW)]


def test_every_active_workspace_ticks_with_its_own_token():
    ran: list[str] = []
    installs = FakeInstalls(_ws("T1"), _ws("T2"))
    scheduler(lambda now, context: ran.append(context.deps.client), installs)(NOW)
    assert sorted(ran) == ["xoxb-T1", "xoxb-T2"]  # side by side, in any order
