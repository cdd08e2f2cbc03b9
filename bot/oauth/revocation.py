"""``app_uninstalled`` and ``tokens_revoked``: tokens deleted, the workspace paused.

Bolt's token-revocation listeners delete the tokens (``delete_all`` on uninstall; the bot's
or the users' on revocation); then the workspace is marked paused with the event as the
reason, so the quiz and onboarding ticks skip it. Its data stays (until ``workspaces
forget``); a reinstall makes it active again. One log line each.

For an org-wide install (Enterprise Grid; the event names the organisation, not a workspace)
the organisation's one installation is deleted and every one of its workspaces paused.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from slack_bolt import BoltContext

from bot.clock import Clock

logger = logging.getLogger(__name__)


class Revocation:
    def __init__(
        self,
        *,
        delete_all: Callable[..., Any],
        delete_revoked: Callable[..., Any],
        workspaces: Any,  # bot.store.workspaces.WorkspaceStore
        installations: Any,  # bot.oauth.cache.CachedInstallationStore
        clock: Clock,
        orgs: Any = None,  # bot.store.grants.OrgStore
    ) -> None:
        self._orgs = orgs
        self._delete_all = delete_all
        self._delete_revoked = delete_revoked
        self._workspaces = workspaces
        self._installations = installations
        self._clock = clock

    def app_uninstalled(self, event: dict[str, Any], context: BoltContext) -> None:
        self._delete_all(context=context)
        self._pause(context, "app_uninstalled", "uninstalled: tokens deleted")

    def tokens_revoked(self, event: dict[str, Any], context: BoltContext) -> None:
        self._delete_revoked(event=event, context=context)
        tokens = event.get("tokens") or {}
        if tokens.get("bot"):
            self._pause(context, "tokens_revoked", "bot token revoked and deleted")
        else:
            logger.info(
                "workspace %s: %d user token(s) revoked and deleted",
                context.team_id,
                len(tokens.get("oauth") or []),
            )

    def _pause(self, context: BoltContext, reason: str, what: str) -> None:
        team_id = context.team_id
        self._installations.invalidate(context.enterprise_id, team_id)
        if context.is_enterprise_install or team_id is None:
            self._pause_org(context.enterprise_id, reason, what)
            return
        was_active = self._workspaces.pause(team_id, reason, self._clock())
        logger.info(
            "workspace %s %s; quiz posts and onboarding DMs %s (data kept until "
            "`whoowns workspaces forget %s`)",
            team_id,
            what,
            "paused" if was_active else "stay paused",
            team_id,
        )

    def _pause_org(self, enterprise_id: str | None, reason: str, what: str) -> None:
        if not enterprise_id or self._orgs is None:
            logger.info("an event without a workspace or an organisation: %s", what)
            return
        paused = self._orgs.pause(enterprise_id, reason, self._clock())
        logger.info(
            "enterprise %s %s; paused its workspace(s) %s (data kept until `whoowns "
            "workspaces forget T…`)",
            enterprise_id,
            what,
            ", ".join(paused) or "none (none active)",
        )
