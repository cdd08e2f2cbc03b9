"""``whoowns serve`` in OAuth mode: the app, the per-workspace minute jobs, a start-up line."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from bot.oauth.installs import INSTALL_PATH, OAuthInstalls
from bot.oauth.ticks import Job, workspace_tick_jobs

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from slack_bolt import App

    from bot.config import Settings
    from bot.deps import Deps
    from bot.features import Feature

logger = logging.getLogger(__name__)


def oauth_runtime(
    settings: Settings, deps: Deps, features: Sequence[Feature], services: Mapping[str, Any]
) -> tuple[App, list[Job]]:
    """The Bolt app (install flow, authorize per workspace, uninstall listeners) and the
    minute jobs, each feature's tick run per active workspace with a patient client."""
    from bot.app import create_app
    from bot.features import TickContext
    from bot.slack.client import make_background_client, make_web_client
    from bot.workspaces.scopes import WorkspaceScopes

    client = deps.client or make_web_client(settings)
    installs = OAuthInstalls.build(settings, deps.store, client, deps.clock)
    scopes = WorkspaceScopes(deps, features)  # one per workspace, shared by app and ticks
    app = create_app(
        settings, deps, features=features, services=services, oauth=installs, scopes=scopes
    )

    def client_for(token: str) -> Any:
        background = make_background_client(settings)
        background.token = token
        return background

    context = TickContext(deps=deps, services=services)
    return app, workspace_tick_jobs(context, installs, features, client_for, scopes)


def describe(store: Any) -> str:
    """For the start-up line: how many workspaces are installed, where the install page is."""
    from bot.store.grants import OrgStore
    from bot.store.workspaces import WorkspaceStore

    workspaces = WorkspaceStore(store).all()
    active = sum(1 for w in workspaces if w.active)
    orgs = len(OrgStore(store).all())
    return (
        f"installs in several workspaces (OAuth; {len(workspaces)} installed, {active} active, "
        f"{orgs} Enterprise Grid organisation(s) org-wide; install page {INSTALL_PATH})"
    )
