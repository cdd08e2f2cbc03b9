"""OAuth mode assembled: "Add to Slack" installs in any number of workspaces (HTTP mode).

    installs = OAuthInstalls.build(settings, store, client, clock)
    app = App(..., **installs.app_kwargs())     # Bolt's OAuthFlow + authorize
    installs.register(app)                      # app_uninstalled / tokens_revoked, org grants
    installs.workspaces.active()                # what scheduled work covers
    installs.orgs.grants("E123")                # the workspaces an org-wide install serves
    installs.tokens.bot_token("T123")           # that workspace's bot token (rotated if due)

Everything lives in the bot's own database (:mod:`bot.store.oauth`, :mod:`bot.store.workspaces`).
Token lookups go through :class:`bot.oauth.cache.CachedInstallationStore` (≤ 10 s).
An org-wide Enterprise Grid install serves the workspaces its admins grant
(:mod:`bot.oauth.grid`); Socket Mode stays single-workspace.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from slack_bolt.authorization.authorize import InstallationStoreAuthorize
from slack_bolt.oauth.oauth_settings import OAuthSettings
from slack_sdk.oauth.token_rotation import TokenRotator

from bot.clock import Clock
from bot.oauth.cache import INSTALLATION_TTL_S, CachedInstallationStore
from bot.oauth.flow import InstallFlow, callback_options
from bot.oauth.grid import GrantEvents, org_requests
from bot.oauth.revocation import Revocation
from bot.oauth.scopes import BOT_SCOPES
from bot.oauth.tokens import WorkspaceTokens

if TYPE_CHECKING:
    from slack_bolt import App
    from slack_sdk import WebClient

    from bot.config import Settings
    from bot.store import Store
    from bot.store.grants import OrgStore
    from bot.store.workspaces import WorkspaceStore

logger = logging.getLogger(__name__)

INSTALL_PATH = "/slack/install"
REDIRECT_PATH = "/slack/oauth_redirect"
STATE_EXPIRATION_S = 600  # an install link works for 10 minutes, once
# Bolt rotates a bot token this long before it expires (Slack's tokens last 12 h)
TOKEN_ROTATION_MINUTES = 120


@dataclass
class OAuthInstalls:
    settings: Settings
    installations: CachedInstallationStore
    workspaces: WorkspaceStore
    orgs: OrgStore
    tokens: WorkspaceTokens
    flow: InstallFlow
    authorize: InstallationStoreAuthorize
    clock: Clock

    @classmethod
    def build(
        cls,
        settings: Settings,
        store: Store | None,
        client: WebClient,
        clock: Clock,
        *,
        cache_ttl: float = INSTALLATION_TTL_S,
    ) -> OAuthInstalls:
        """``client`` (token-less, honouring SLACK_API_URL) exchanges codes, rotates tokens
        and checks them with auth.test. The installations live in ``store`` (required)."""
        from bot.store.grants import OrgStore
        from bot.store.oauth import installation_store, state_store
        from bot.store.workspaces import WorkspaceStore

        if store is None or not (settings.client_id and settings.client_secret):
            raise ValueError("OAuth mode needs the database and the client id and secret")
        installations = CachedInstallationStore(
            installation_store(store, settings.client_id), ttl=cache_ttl
        )
        bolt_logger = logging.getLogger("bot.slack")
        oauth_settings = OAuthSettings(
            client_id=settings.client_id,
            client_secret=settings.client_secret,
            scopes=list(BOT_SCOPES),
            user_scopes=[],
            redirect_uri=settings.redirect_uri,
            install_path=INSTALL_PATH,
            redirect_uri_path=REDIRECT_PATH,
            callback_options=callback_options(INSTALL_PATH),
            authorization_url=settings.authorize_url,
            installation_store=installations,
            token_rotation_expiration_minutes=TOKEN_ROTATION_MINUTES,
            state_store=state_store(store, expiration_seconds=STATE_EXPIRATION_S),
            state_expiration_seconds=STATE_EXPIRATION_S,
            logger=bolt_logger,
        )
        authorize = _authorize(settings, installations, client, bolt_logger)
        oauth_settings.authorize = authorize
        workspaces, orgs = WorkspaceStore(store), OrgStore(store)
        flow = InstallFlow(
            client=client,
            logger=bolt_logger,
            settings=oauth_settings,
            workspaces=workspaces,
            orgs=orgs,
            clock=clock,
        )
        rotator = TokenRotator(
            client_id=settings.client_id, client_secret=settings.client_secret, client=client
        )
        tokens = WorkspaceTokens(installations, rotator, TOKEN_ROTATION_MINUTES)
        return cls(settings, installations, workspaces, orgs, tokens, flow, authorize, clock)

    def app_kwargs(self) -> dict[str, Any]:
        """What ``slack_bolt.App(...)`` takes to run the install flow and authorize requests
        per workspace."""
        return {"oauth_flow": self.flow, "authorize": self.authorize}

    def register(self, app: App) -> None:
        """``app_uninstalled`` and ``tokens_revoked``: Bolt deletes the tokens, then the
        workspace (every workspace of an organisation) is paused; ``team_access_granted`` /
        ``team_access_revoked``: an org-wide install's workspaces; the middleware routing an
        org-wide install's requests to their workspace. Register before the features."""
        revocation = Revocation(
            delete_all=app.default_app_uninstalled_event_listener(),
            delete_revoked=app.default_tokens_revoked_event_listener(),
            workspaces=self.workspaces,
            installations=self.installations,
            clock=self.clock,
            orgs=self.orgs,
        )
        app.event("app_uninstalled")(revocation.app_uninstalled)
        app.event("tokens_revoked")(revocation.tokens_revoked)
        grants = GrantEvents(self.orgs, self.installations, self.clock)
        app.event("team_access_granted")(grants.granted)
        app.event("team_access_revoked")(grants.revoked)
        app.use(org_requests(self.orgs, self.installations))


def _authorize(
    settings: Settings, installations: Any, client: WebClient, bolt_logger: logging.Logger
) -> InstallationStoreAuthorize:
    """Bolt's own authorize would rotate tokens through a client on slack.com: this one uses
    SLACK_API_URL, and caches auth.test per token (the token itself comes from the cached
    installation lookup, so a deleted one is never used)."""
    return InstallationStoreAuthorize(
        logger=bolt_logger,
        installation_store=installations,
        client_id=settings.client_id,
        client_secret=settings.client_secret,
        token_rotation_expiration_minutes=TOKEN_ROTATION_MINUTES,
        cache_enabled=True,
        client=client,
    )
