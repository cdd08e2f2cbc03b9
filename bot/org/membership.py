"""Who is in which team: the team's ``members`` list, else its Slack user group.

    memberships = Memberships(deps)          # one per app (a feature service: context["teams"])
    memberships.teams_of("U0ALICE", client, workspace="T0AAA")  # -> ("platform-db",)

Slack ids are per workspace: membership is asked in the request's workspace. A team with
``members`` is exactly those users (a ``T…:U…`` member only in that workspace, a plain ``U…``
in any). A team without, whose ``slack`` is a user group (S…, or ``T…:S…`` in that workspace
only), is the group's members, asked of Slack (``usergroups.users.list``, scope
``usergroups:read``) and kept for :data:`CACHE_SECONDS`. A call that fails (missing scope,
deleted group, Slack down) counts as nobody, is logged once per refresh, and is asked again
after :data:`RETRY_SECONDS`. Times come from ``deps.clock``.
"""

from __future__ import annotations

import logging
import threading
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bot.deps import Deps
    from bot.kb.models import Knowledge, Team

logger = logging.getLogger(__name__)

CACHE_SECONDS = 300  # a user group's members are asked again after this
RETRY_SECONDS = 60  # ... and after this when the call failed


class Memberships:
    def __init__(self, deps: Deps) -> None:
        self._deps = deps
        self._lock = threading.Lock()
        self._groups: dict[str, tuple[datetime, frozenset[str]]] = {}  # S… -> (until, users)

    def teams_of(
        self,
        user: str,
        client: Any,
        knowledge: Knowledge | None = None,
        *,
        workspace: str | None = None,
    ) -> tuple[str, ...]:
        """The ids of the teams ``user`` is in, in ``workspace`` (knowledge order)."""
        kb = knowledge or self._deps.knowledge
        return tuple(t.id for t in kb.teams.values() if self._is_member(user, t, client, workspace))

    def _is_member(self, user: str, team: Team, client: Any, workspace: str | None) -> bool:
        if team.members:
            return team.lists(user, workspace)
        group = team.handle_in(workspace) if team.handle_kind == "usergroup" else None
        if group is not None and client is not None:
            return user in self._group(group, client)
        return False

    def _group(self, group: str, client: Any) -> frozenset[str]:
        now = self._deps.clock()
        with self._lock:
            cached = self._groups.get(group)
        if cached is not None and cached[0] > now:
            return cached[1]
        try:
            response = client.usergroups_users_list(usergroup=group)
            users = frozenset(str(u) for u in response.get("users") or ())
            until = now + timedelta(seconds=CACHE_SECONDS)
        except Exception as exc:
            error = getattr(getattr(exc, "response", None), "get", lambda _k: None)("error")
            logger.warning("usergroups.users.list %s failed (%s): counted as nobody", group, error)
            users, until = frozenset(), now + timedelta(seconds=RETRY_SECONDS)
        with self._lock:
            self._groups[group] = (until, users)
        return users
