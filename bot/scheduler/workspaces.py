"""Which workspaces a run of the scheduler covers, each with its context and client.

* :class:`OneWorkspace`: single-token mode (``SLACK_BOT_TOKEN``): the one workspace of the
  context's store, on the context's client.
* :class:`InstalledWorkspaces`: OAuth mode: every active installed workspace, each with its
  own bot token (rotated when due, :class:`bot.oauth.tokens.WorkspaceTokens`), on a client made
  for that token. A workspace an Enterprise Grid organisation granted to its org-wide install
  (``installs.orgs``, :class:`bot.store.grants.OrgStore`) uses the org's token, on a client
  that names the workspace where the org token needs it. A workspace whose token cannot be
  had is a :class:`Target` with the reason it is skipped. A workspace whose token Slack
  refuses during its tick is paused; when that token is an organisation's, every workspace
  of the organisation is paused at once, with the same reason.

Every client is watched (:mod:`bot.workspaces.revoked`), so a refused token is noticed.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from slack_sdk import WebClient

from bot.features import TickContext
from bot.workspaces.revoked import for_team, watched
from bot.workspaces.scopes import WorkspaceScopes

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Target:
    """A workspace to tick (``context``), or to skip (``skipped``: why)."""

    team: str
    context: TickContext | None = None
    skipped: str | None = None


class Workspaces(Protocol):
    def targets(self, only: Collection[str] | None = None) -> list[Target]: ...

    def pause(self, team: str, reason: str, now: datetime) -> bool: ...


def with_client(context: TickContext, client: Any) -> TickContext:
    """``context`` whose deps carry ``client`` (watched, when it is a Web API client)."""
    if isinstance(client, WebClient):
        client = watched(client)
    return dataclasses.replace(context, deps=dataclasses.replace(context.deps, client=client))


class OneWorkspace:
    """Single-token mode: the context's workspace and client. A refused token is reported,
    not stored: a new ``SLACK_BOT_TOKEN`` works at once."""

    def __init__(self, context: TickContext) -> None:
        self._context = with_client(context, context.deps.client)
        store = context.deps.store
        self.team = store.workspace if store is not None else ""

    def targets(self, only: Collection[str] | None = None) -> list[Target]:
        if only is not None and self.team not in only:
            return []
        return [Target(self.team, self._context)]

    def pause(self, team: str, reason: str, now: datetime) -> bool:
        return False


class InstalledWorkspaces:
    """OAuth mode: every active installed workspace, each on its own token."""

    def __init__(
        self,
        context: TickContext,
        installs: Any,  # .workspaces (bot.store.workspaces.WorkspaceStore), .tokens
        client_for: Callable[[str], Any],  # token -> client
        scopes: WorkspaceScopes | None = None,  # None: every workspace gets ``context``
    ) -> None:
        self._context = context
        self._installs = installs
        self._client_for = client_for
        self._scopes = scopes
        self._contexts: dict[str, tuple[str, TickContext]] = {}  # team -> (token, context)
        self._org_tokens: dict[str, str] = {}  # team -> the enterprise whose token it uses

    def targets(self, only: Collection[str] | None = None) -> list[Target]:
        out = []
        listed = self._installs.workspaces.active() if only is None else self._named(only)
        for workspace in listed:
            team = workspace.team_id
            if not workspace.active:
                out.append(Target(team, skipped=f"paused ({workspace.paused_reason})"))
                continue
            org = self._org_of(workspace)
            if org is not None and not org.granted:
                out.append(Target(team, skipped="its organisation revoked access"))
                continue
            if org is not None:
                self._org_tokens[team] = org.enterprise_id
                token, problem = self._installs.tokens.resolve(team, org.enterprise_id, org=True)
            else:
                self._org_tokens.pop(team, None)
                token, problem = self._installs.tokens.resolve(team)
            if token is None:
                out.append(Target(team, skipped=problem or "no bot token: reinstall the app"))
                continue
            out.append(Target(team, self._context_for(team, token, org is not None)))
        return out

    def _org_of(self, workspace: Any) -> Any:
        """The org grant of ``workspace`` when its organisation's install serves it (an
        Enterprise Grid workspace with an org-wide install), else None."""
        orgs = getattr(self._installs, "orgs", None)
        if orgs is None or not workspace.enterprise_id:
            return None
        return orgs.grant_of(workspace.team_id)

    def _named(self, only: Collection[str]) -> list[Any]:
        found = [self._installs.workspaces.get(team) for team in only]
        return [w for w in found if w is not None]

    def pause(self, team: str, reason: str, now: datetime) -> bool:
        self._contexts.pop(team, None)
        enterprise = self._org_tokens.get(team)
        if enterprise is None:
            return bool(self._installs.workspaces.pause(team, reason, now))
        paused = self._installs.orgs.pause(enterprise, reason, now)  # one token for them all
        for other in paused:
            self._contexts.pop(other, None)
        if paused:
            logger.warning(
                "enterprise %s: Slack refused its org-wide token (%s); paused its workspace(s) %s",
                enterprise,
                reason,
                ", ".join(paused),
            )
        return team in paused

    def _context_for(self, team: str, token: str, org: bool = False) -> TickContext:
        known = self._contexts.get(team)
        if known is not None and known[0] == token:
            return known[1]
        base = self._context
        if self._scopes is not None:
            base = TickContext(self._scopes.deps_for(team), self._scopes.services_for(team))
        client = self._client_for(token)
        if org and isinstance(client, WebClient):  # one org token: it names the workspace
            client = for_team(client, team)
        context = with_client(base, client)
        self._contexts[team] = (token, context)
        return context
