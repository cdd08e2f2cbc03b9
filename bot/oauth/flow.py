"""The install flow: Bolt's OAuthFlow with whoowns's pages, workspace records and refusals.

- ``GET /slack/install``: :func:`bot.render.install_pages.install_page` with the Add to Slack
  link (scopes, redirect URI, a fresh single-use state; the state cookie marks the browser).
- ``GET /slack/oauth_redirect``: Bolt checks the browser and consumes the state, exchanges the
  code (``oauth.v2.access``), then :meth:`InstallFlow.store_installation` saves the tokens and
  records the workspace as active (a reinstall resumes a paused one), logged in one line.
  An org-wide (Enterprise Grid) install is stored once for the organisation (slack_sdk keys
  it by the enterprise id), the organisation recorded as active, and the workspaces its
  admins granted so far asked of Slack (``auth.teams.list``, :mod:`bot.oauth.grid`).
- :func:`callback_options`: the success, failure and cancel (``error=access_denied``) pages.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from slack_bolt.error import BoltError
from slack_bolt.oauth import OAuthFlow
from slack_bolt.oauth.callback_options import CallbackOptions, FailureArgs, SuccessArgs
from slack_bolt.request import BoltRequest
from slack_bolt.response import BoltResponse
from slack_sdk.oauth.installation_store import Installation

from bot.clock import Clock
from bot.oauth.grid import granted_teams
from bot.render.install_pages import (
    PAGE_HEADERS,
    cancelled_page,
    failure_page,
    install_page,
    org_success_page,
    success_page,
)

logger = logging.getLogger(__name__)

CANCELLED = "access_denied"  # Slack's error when the person presses Cancel


class InstallFlow(OAuthFlow):
    """Bolt's flow; ``workspaces`` is a :class:`bot.store.workspaces.WorkspaceStore`."""

    def __init__(self, *, workspaces: Any, orgs: Any, clock: Clock, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.workspaces = workspaces
        self.orgs = orgs  # bot.store.grants.OrgStore
        self.clock = clock

    def handle_installation(self, request: BoltRequest) -> BoltResponse:
        response = super().handle_installation(request)
        return with_page_headers(response)

    def build_install_page_html(self, url: str, request: BoltRequest) -> str:
        return install_page(url)

    def store_installation(self, request: BoltRequest, installation: Installation) -> None:
        if installation.is_enterprise_install:
            self._store_org(request, installation)
            return
        try:
            super().store_installation(request, installation)
            workspace, before = self.workspaces.record_install(
                str(installation.team_id),
                name=installation.team_name,
                bot_user_id=installation.bot_user_id,
                now=self.clock(),
                enterprise_id=installation.enterprise_id,
            )
        except BoltError:
            raise
        except Exception as exc:  # the database: the failure page, never a traceback
            logger.exception("could not store the install for %s", installation.team_id)
            raise BoltError("the installation could not be stored") from exc
        if before is None:
            logger.info("installed in workspace %s (%s)", workspace.team_id, workspace.name)
        elif not before.active:
            logger.info(
                "reinstalled in workspace %s (%s): quiz posts and onboarding DMs resume "
                "(paused since %s: %s)",
                workspace.team_id,
                workspace.name,
                before.updated_at.isoformat(timespec="seconds"),
                before.paused_reason,
            )
        else:
            logger.info("reinstalled in workspace %s (%s)", workspace.team_id, workspace.name)

    def _store_org(self, request: BoltRequest, installation: Installation) -> None:
        """The organisation's one installation, and the workspaces granted so far."""
        enterprise = str(installation.enterprise_id)
        try:
            super().store_installation(request, installation)
            org, before = self.orgs.record_install(
                enterprise,
                name=installation.enterprise_name,
                bot_user_id=installation.bot_user_id,
                now=self.clock(),
            )
        except Exception as exc:  # the database: the failure page, never a traceback
            logger.exception("could not store the org-wide install for %s", enterprise)
            raise BoltError("the installation could not be stored") from exc
        teams = granted_teams(self.client, str(installation.bot_token))
        request.context["org_workspaces"] = list((teams or {}).values()) or None
        if teams is not None:
            try:
                self.orgs.sync(enterprise, teams, self.clock())
            except Exception:  # the install is stored; the grants also come as events
                logger.exception("could not record the workspaces granted by %s", enterprise)
        logger.info(
            "%s org-wide for Enterprise Grid %s (%s): %s",
            "installed" if before is None else "reinstalled",
            enterprise,
            org.name,
            f"{len(teams)} workspace(s) granted" if teams is not None else "grants to come",
        )


def with_page_headers(
    response: BoltResponse, extra: Mapping[str, str] | None = None
) -> BoltResponse:
    for name, value in {**PAGE_HEADERS, **(extra or {})}.items():
        response.headers[name.lower()] = [value]
    return response


def callback_options(install_path: str) -> CallbackOptions:
    """Success, failure and cancel pages; each forgets the state cookie."""

    def success(args: SuccessArgs) -> BoltResponse:
        installation = args.installation
        if installation.is_enterprise_install:
            granted = args.request.context.get("org_workspaces")
            return _page(args, 200, org_success_page(installation.enterprise_name, granted))
        body = success_page(installation.team_name, installation.team_id, installation.app_id)
        return _page(args, 200, body)

    def failure(args: FailureArgs) -> BoltResponse:
        reason = args.reason
        if reason == CANCELLED:
            logger.info("install cancelled on Slack's page")
            return _page(args, 200, cancelled_page(install_path))
        logger.warning("install failed: %r", reason[:64])
        return _page(args, args.suggested_status_code, failure_page(reason, install_path))

    return CallbackOptions(success=success, failure=failure)


def _page(args: SuccessArgs | FailureArgs, status: int, body: str) -> BoltResponse:
    cookie = args.settings.state_utils.build_set_cookie_for_deletion()
    return with_page_headers(BoltResponse(status=status, body=body), {"Set-Cookie": cookie})
