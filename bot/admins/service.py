"""The rule (in every request's ``context["admins"]``): who may change what.

* Anyone may subscribe a channel that has no quiz.
* Changing or stopping a channel's quiz (time, days, zone, reveal) and ``quiz now``: the
  workspace's admins and owners, the ``WHOOWNS_ADMINS`` user ids, and whoever subscribed it.
* The workspace-wide onboarding channel: the workspace's admins and owners and
  ``WHOOWNS_ADMINS``.

Whether someone is a workspace admin or owner comes from ``users.info`` (``is_admin``,
``is_owner``), remembered for :data:`CACHE_FOR` by the injectable clock (``deps.clock``); a
``users.info`` that fails counts as "no" and is not remembered.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from slack_sdk.errors import SlackApiError, SlackClientError

if TYPE_CHECKING:
    from bot.deps import Deps

logger = logging.getLogger(__name__)

SERVICE = "admins"  # the context key
CACHE_FOR = timedelta(seconds=60)  # how long a users.info answer about a user's role holds


def may_change(
    user_id: str,
    *,
    configured: tuple[str, ...],
    subscriber: str | None,
    workspace_admin: Callable[[], bool],
) -> bool:
    """The rule. ``subscriber``: who subscribed the channel's quiz (None for workspace-wide
    settings); ``workspace_admin`` is asked last (it may cost a ``users.info``)."""
    if user_id in configured or (subscriber is not None and user_id == subscriber):
        return True
    return workspace_admin()


class AdminsService:
    def __init__(
        self,
        deps: Deps,
        *,
        cache_for: timedelta = CACHE_FOR,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        # the service is built per workspace (bot.workspaces.scopes; single-token mode: the
        # store scoped to the token's workspace at start), so this workspace's admins only
        workspace = deps.store.workspace if deps.store is not None else ""
        self.workspace = workspace
        self._settings = deps.settings
        self._store = deps.store
        self._configured: tuple[str, ...] | None = None
        self._clock = clock or deps.clock
        self._cache_for = cache_for
        self._cache: dict[str, tuple[bool, datetime]] = {}
        self._lock = threading.Lock()

    @property
    def configured(self) -> tuple[str, ...]:
        """The WHOOWNS_ADMINS ids of this workspace (its organisation's ``E…:U…`` included:
        the organisation is looked up once, when the setting names one)."""
        if self._configured is not None:
            return self._configured
        settings = self._settings
        if settings is None or not settings.admins:
            self._configured = ()
            return ()
        known, enterprise = True, None
        if any(a.startswith("E") for a in settings.admins):
            known, enterprise = self._enterprise()
        found = settings.admins_for(self.workspace, enterprise)
        if known:
            self._configured = found  # a failed lookup is tried again next time
        return found

    def _enterprise(self) -> tuple[bool, str | None]:
        """(looked up, the Enterprise Grid organisation of this workspace or None)."""
        if self._store is None or not self.workspace:
            return True, None
        from bot.store.workspaces import WorkspaceStore

        try:
            found = WorkspaceStore(self._store).get(self.workspace)
        except Exception as exc:  # the database: the plain and T… ids still count
            logger.warning("could not look up the organisation of %s: %s", self.workspace, exc)
            return False, None
        return True, (found.enterprise_id if found is not None else None)

    def workspace_admin(self, client: Any, user_id: str) -> bool:
        """Is ``user_id`` an admin or owner of the workspace (``users.info``, cached)?"""
        now = self._clock()
        with self._lock:
            cached = self._cache.get(user_id)
        if cached is not None and now < cached[1]:
            return cached[0]
        if client is None:
            return False
        try:
            user = client.users_info(user=user_id)["user"]
        except (SlackApiError, SlackClientError, OSError, KeyError, TypeError) as exc:
            logger.warning("users.info failed for %s (%s): treated as no admin", user_id, exc)
            return False
        answer = bool(user.get("is_admin") or user.get("is_owner"))
        with self._lock:
            self._cache[user_id] = (answer, now + self._cache_for)
        return answer

    def is_admin(self, client: Any, user_id: str) -> bool:
        """A workspace admin or owner, or named in ``WHOOWNS_ADMINS``."""
        return self.may_change(client, user_id, subscriber=None)

    def may_change(self, client: Any, user_id: str, *, subscriber: str | None) -> bool:
        return may_change(
            user_id,
            configured=self.configured,
            subscriber=subscriber,
            workspace_admin=lambda: self.workspace_admin(client, user_id),
        )
