"""Org-wide installs (Enterprise Grid): which workspaces of an organisation whoowns serves.

One installation (slack_sdk's store, keyed by the enterprise id) serves every workspace the
org's admins grant. The grants live in :mod:`bot.store.grants`:

* at install, :func:`granted_teams` asks Slack (``auth.teams.list`` with the org token) for the
  workspaces granted so far (the whole list: the others are paused as ``not_granted``);
* ``team_access_granted`` / ``team_access_revoked`` (:class:`GrantEvents`) keep them current;
* :func:`org_requests` (a global middleware) puts the workspace a request comes from into its
  context (``context.team_id``; Slack names only the organisation in an org-wide event's
  ``authorizations``) with a client that adds ``team_id`` where an org token needs it, and
  answers a request from a workspace of the org that is not granted with one line.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from slack_bolt import BoltContext, BoltResponse
from slack_sdk.errors import SlackApiError, SlackClientError

from bot.clock import Clock
from bot.workspaces.revoked import for_team

logger = logging.getLogger(__name__)

# events about the installation itself: handled for the organisation, never routed
ORG_EVENTS = frozenset(
    {"app_uninstalled", "tokens_revoked", "team_access_granted", "team_access_revoked"}
)
NOT_GRANTED = (
    "whoowns is installed for your organisation but not for this workspace: ask an org admin "
    "to add it here (the organisation's app settings)."
)
MAX_PAGES = 50  # auth.teams.list: 1,000 workspaces a page


def granted_teams(client: Any, token: str) -> dict[str, str | None] | None:
    """Team id -> name of every workspace the org token may use (``auth.teams.list``), or
    None when Slack could not say (then the grants arrive as events)."""
    teams: dict[str, str | None] = {}
    cursor = None
    try:
        for _ in range(MAX_PAGES):
            page = client.auth_teams_list(token=token, limit=1000, cursor=cursor)
            for team in page.get("teams") or []:
                if isinstance(team, dict) and isinstance(team.get("id"), str):
                    name = team.get("name")
                    teams[team["id"]] = name if isinstance(name, str) else None
            cursor = (page.get("response_metadata") or {}).get("next_cursor")
            if not cursor:
                return teams
    except (SlackApiError, SlackClientError, OSError) as exc:
        logger.warning("auth.teams.list failed (%s): grants will come as events", exc)
        return None
    logger.warning("auth.teams.list: more than %d pages; the rest come as events", MAX_PAGES)
    return teams


def request_team(body: dict[str, Any]) -> str | None:
    """The workspace a request of an org-wide install comes from: the event's or command's
    ``team_id``, an interaction's ``team.id`` or its user's ``team_id``."""
    for found in (
        body.get("team_id"),
        (body.get("team") or {}).get("id") if isinstance(body.get("team"), dict) else None,
        (body.get("user") or {}).get("team_id") if isinstance(body.get("user"), dict) else None,
        (body.get("view") or {}).get("team_id") if isinstance(body.get("view"), dict) else None,
    ):
        if isinstance(found, str) and found.startswith("T"):
            return found
    return None


def _event_type(body: dict[str, Any]) -> str | None:
    event = body.get("event")
    return event.get("type") if isinstance(event, dict) else None


def org_requests(orgs: Any, installations: Any) -> Callable[..., Any]:
    """The middleware (``orgs``: :class:`bot.store.grants.OrgStore`; ``installations``:
    :class:`bot.oauth.cache.CachedInstallationStore`). A request is the org-wide install's
    when Slack says so (``is_enterprise_install``) or when it names a workspace that has no
    installation of its own, so the organisation's authorized it."""

    def route(
        body: dict[str, Any], context: BoltContext, next: Callable[[], None]
    ) -> BoltResponse | None:
        if not context.enterprise_id or _event_type(body) in ORG_EVENTS:
            next()  # not Enterprise Grid, or about the installation itself
            return None
        team = request_team(body)
        grant = orgs.grant_of(team) if team else None
        org_wide = context.is_enterprise_install or installations.serves_org(
            context.enterprise_id, team
        )
        if grant is None and not org_wide:
            next()  # a Grid workspace with its own install
            return None
        if grant is None or not grant.granted or grant.enterprise_id != context.enterprise_id:
            return _refuse(body, context, team)
        context["team_id"] = team
        if context.client is not None and team:
            context["client"] = for_team(context.client, team)
        next()
        return None

    return route


def _refuse(body: dict[str, Any], context: BoltContext, team: str | None) -> BoltResponse:
    """One line for the person (a command's reply, or an interaction's response URL); an
    event is acknowledged, and logged."""
    logger.info(
        "request from workspace %s of enterprise %s, which has not granted whoowns: refused",
        team,
        context.enterprise_id,
    )
    if body.get("command"):
        return BoltResponse(status=200, body={"response_type": "ephemeral", "text": NOT_GRANTED})
    if context.response_url and context.respond is not None:
        try:
            context.respond(text=NOT_GRANTED, response_type="ephemeral", replace_original=False)
        except Exception as exc:  # the answer is best effort; the ack is what matters
            logger.warning("could not tell workspace %s it is not granted: %s", team, exc)
    return BoltResponse(status=200, body="")


class GrantEvents:
    """``team_access_granted`` / ``team_access_revoked`` for an org-wide install."""

    def __init__(self, orgs: Any, installations: Any, clock: Clock) -> None:
        self._orgs = orgs
        self._installations = installations
        self._clock = clock

    def granted(self, event: dict[str, Any], context: BoltContext) -> None:
        enterprise, teams = self._parse(event, context)
        if enterprise is None:
            return
        names = self._names(context)
        resumed = self._orgs.grant(enterprise, {t: names.get(t) for t in teams}, self._clock())
        logger.info(
            "enterprise %s granted workspace(s) %s: answers, quiz, onboarding and digest "
            "there (%d newly active)",
            enterprise,
            ", ".join(teams),
            len(resumed),
        )

    def revoked(self, event: dict[str, Any], context: BoltContext) -> None:
        enterprise, teams = self._parse(event, context)
        if enterprise is None:
            return
        paused = self._orgs.revoke(enterprise, teams, "team_access_revoked", self._clock())
        for team in teams:
            self._installations.invalidate(enterprise, team)
        logger.info(
            "enterprise %s revoked workspace(s) %s: paused %s (data kept until `whoowns "
            "workspaces forget T…`)",
            enterprise,
            ", ".join(teams),
            ", ".join(paused) or "none (not active)",
        )

    def _parse(self, event: dict[str, Any], context: BoltContext) -> tuple[str | None, list[str]]:
        teams = event.get("team_ids")
        enterprise = context.enterprise_id
        valid = isinstance(teams, list) and all(
            isinstance(t, str) and t.startswith("T") and len(t) <= 32 for t in teams
        )
        if not enterprise or not valid or not teams:
            logger.warning("%s without an enterprise or team ids: ignored", event.get("type"))
            return None, []
        return enterprise, list(dict.fromkeys(teams))

    def _names(self, context: BoltContext) -> dict[str, str | None]:
        """The workspaces' names, when Slack says them (best effort)."""
        if context.client is None or not context.client.token:
            return {}
        return granted_teams(context.client, context.client.token) or {}
