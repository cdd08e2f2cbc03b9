"""``app_uninstalled`` and ``tokens_revoked``: tokens deleted, the workspace paused.

Bolt's token-revocation listeners delete the tokens (``delete_all`` on uninstall; the bot's
or the users' on revocation); then the workspace is marked paused with the event as the
reason, so the quiz and onboarding ticks skip it. Its data stays (until ``workspaces
forget``); a reinstall makes it active again. One log line each.

For an org-wide install (Enterprise Grid) Bolt's listeners would look the tokens up under the
event's ``team_id``: null when ``authorizations[0]`` names the organisation (then slack_sdk's
store matches the org's rows, ``team_id IS NULL``), a workspace's id in Slack's other shape
(then nothing matches). So the organisation's rows are deleted here under its own key: its
bot and its installation (which holds the bot token too, and would otherwise still be found),
and every one of its workspaces is paused.
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
        org = self._org_of(context)
        self._delete_all(context=context)
        if org is not None:
            self._installations.delete_all(enterprise_id=org, team_id=None)
        self._pause(context, "app_uninstalled", "uninstalled: tokens deleted", org)

    def tokens_revoked(self, event: dict[str, Any], context: BoltContext) -> None:
        org = self._org_of(context)
        self._delete_revoked(event=event, context=context)
        tokens = event.get("tokens") or {}
        if tokens.get("bot"):
            if org is not None:  # the org's bot token lives in both of its rows
                self._installations.delete_bot(enterprise_id=org, team_id=None)
                self._installations.delete_installation(enterprise_id=org, team_id=None)
            self._pause(context, "tokens_revoked", "bot token revoked and deleted", org)
        else:
            logger.info(
                "workspace %s: %d user token(s) revoked and deleted",
                context.team_id,
                len(tokens.get("oauth") or []),
            )

    def _org_of(self, context: BoltContext) -> str | None:
        """The enterprise id when the event is about an org-wide install: Slack names the
        organisation (``is_enterprise_install``, or no workspace), or names a workspace
        whose only installation is its organisation's. None: a workspace's own install."""
        enterprise, team = context.enterprise_id, context.team_id
        if not enterprise:
            return None
        if context.is_enterprise_install or team is None:
            return enterprise
        return enterprise if self._installations.serves_org(enterprise, team) else None

    def _pause(self, context: BoltContext, reason: str, what: str, org: str | None) -> None:
        team_id = context.team_id
        self._installations.invalidate(context.enterprise_id, team_id)
        if org is not None or team_id is None:
            self._installations.invalidate(org or context.enterprise_id, None)
            self._pause_org(org or context.enterprise_id, reason, what)
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
