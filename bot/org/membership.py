"""Who is in which team: the team's ``members`` list, else its Slack user group.

    memberships = Memberships(deps)          # one per app (a feature service: context["teams"])
    memberships.teams_of("U0ALICE", client)  # -> ("platform-db",)

A team with ``members`` is exactly those users. A team without, whose ``slack`` is a user group
(S…), is the group's members, asked of Slack (``usergroups.users.list``, scope
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
        self, user: str, client: Any, knowledge: Knowledge | None = None
    ) -> tuple[str, ...]:
        """The ids of the teams ``user`` is in (knowledge order)."""
        kb = knowledge or self._deps.knowledge
        return tuple(t.id for t in kb.teams.values() if self._is_member(user, t, client))

    def _is_member(self, user: str, team: Team, client: Any) -> bool:
        if team.members:
            return user in team.members
        if team.slack and team.handle_kind == "usergroup" and client is not None:
            return user in self._group(team.slack, client)
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
