"""A short-lived cache around an installation store's lookups.

Bolt looks the installation up on every request; :class:`CachedInstallationStore` answers
the same lookup from memory for at most ``ttl`` seconds (:data:`INSTALLATION_TTL_S`, 10 s).
Every save and delete for a workspace drops its cached answers first, so an uninstall or a
token rotation takes effect at once in the process that handled it; other processes see it
within ``ttl``. ``monotonic`` is the clock (injectable for tests).

An Enterprise Grid organisation's org-wide installation is stored under the enterprise id
alone. Slack may still name a workspace of it, not as an enterprise install
(``authorizations[0]`` of ``team_access_granted``, for one): a workspace lookup that finds
nothing then answers with the organisation's org-wide installation, if there is one
(:meth:`CachedInstallationStore.serves_org` tells the two apart). Whether that workspace may
use it is the org's grants' business (:mod:`bot.oauth.grid`).
"""

from __future__ import annotations

import copy
import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar

from slack_sdk.oauth.installation_store import Bot, Installation
from slack_sdk.oauth.installation_store.installation_store import InstallationStore

INSTALLATION_TTL_S = 10.0
MAX_ENTRIES = 10_000  # past this, expired answers are dropped (then everything, if need be)

T = TypeVar("T")
# (kind, enterprise_id, team_id, user_id, is_enterprise_install)
Key = tuple[str, str | None, str | None, str | None, bool]


class CachedInstallationStore(InstallationStore):
    def __init__(
        self,
        inner: InstallationStore,
        *,
        ttl: float = INSTALLATION_TTL_S,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        if not 0 <= ttl <= INSTALLATION_TTL_S:
            raise ValueError(f"ttl must be 0..{INSTALLATION_TTL_S} s, got {ttl}")
        self.inner = inner
        self.ttl = ttl
        self._monotonic = monotonic
        self._lock = threading.Lock()
        self._entries: dict[Key, tuple[float, Any]] = {}

    @property
    def logger(self) -> Any:
        return self.inner.logger

    # -- lookups (cached) ------------------------------------------------------------
    def find_installation(
        self,
        *,
        enterprise_id: str | None,
        team_id: str | None,
        user_id: str | None = None,
        is_enterprise_install: bool | None = False,
    ) -> Installation | None:
        key: Key = ("installation", enterprise_id, team_id, user_id, bool(is_enterprise_install))

        def load() -> Installation | None:
            found = self.inner.find_installation(
                enterprise_id=enterprise_id,
                team_id=team_id,
                user_id=user_id,
                is_enterprise_install=is_enterprise_install,
            )
            if found is not None or user_id is not None:
                return found
            return _org_wide(
                self.inner.find_installation, enterprise_id, team_id, bool(is_enterprise_install)
            )

        return self._cached(key, load)

    def find_bot(
        self,
        *,
        enterprise_id: str | None,
        team_id: str | None,
        is_enterprise_install: bool | None = False,
    ) -> Bot | None:
        key: Key = ("bot", enterprise_id, team_id, None, bool(is_enterprise_install))

        def load() -> Bot | None:
            found = self.inner.find_bot(
                enterprise_id=enterprise_id,
                team_id=team_id,
                is_enterprise_install=is_enterprise_install,
            )
            if found is not None:
                return found
            return _org_wide(
                self.inner.find_bot, enterprise_id, team_id, bool(is_enterprise_install)
            )

        return self._cached(key, load)

    def serves_org(self, enterprise_id: str | None, team_id: str | None) -> bool:
        """True when what a request from ``team_id`` of ``enterprise_id`` is authorized with
        is the organisation's org-wide installation (the workspace has none of its own)."""
        if not enterprise_id or not team_id:
            return False
        found = self.find_installation(enterprise_id=enterprise_id, team_id=team_id)
        if found is None:
            bot = self.find_bot(enterprise_id=enterprise_id, team_id=team_id)
            return bot is not None and bool(bot.is_enterprise_install)
        return bool(found.is_enterprise_install)

    def _cached(self, key: Key, load: Callable[[], T]) -> T:
        now = self._monotonic()
        with self._lock:
            hit = self._entries.get(key)
            if hit is not None and now - hit[0] < self.ttl:
                return copy.copy(hit[1])  # Bolt may change what it is given
        value = load()
        with self._lock:
            if len(self._entries) >= MAX_ENTRIES:
                self._prune(now)
            self._entries[key] = (now, value)
        return copy.copy(value)

    def _prune(self, now: float) -> None:
        for key in [k for k, (at, _) in self._entries.items() if now - at >= self.ttl]:
            del self._entries[key]
        if len(self._entries) >= MAX_ENTRIES:
            self._entries.clear()

    # -- writes (drop the workspace's cached answers) ----------------------------------
    def invalidate(self, enterprise_id: str | None, team_id: str | None) -> None:
        """Forget every cached answer about this workspace (org-wide ones included); with
        ``team_id`` None, every answer about the organisation ``enterprise_id``."""
        with self._lock:
            for key in list(self._entries):
                _kind, ent, team, _user, _org = key
                if ent == enterprise_id and (team_id is None or team in (team_id, None)):
                    del self._entries[key]

    def save(self, installation: Installation) -> None:
        self.invalidate(installation.enterprise_id, installation.team_id)
        self.inner.save(installation)
        self.invalidate(installation.enterprise_id, installation.team_id)

    def save_bot(self, bot: Bot) -> None:
        self.invalidate(bot.enterprise_id, bot.team_id)
        self.inner.save_bot(bot)
        self.invalidate(bot.enterprise_id, bot.team_id)

    def delete_bot(self, *, enterprise_id: str | None, team_id: str | None) -> None:
        self.invalidate(enterprise_id, team_id)
        self.inner.delete_bot(enterprise_id=enterprise_id, team_id=team_id)
        self.invalidate(enterprise_id, team_id)

    def delete_installation(
        self,
        *,
        enterprise_id: str | None,
        team_id: str | None,
        user_id: str | None = None,
    ) -> None:
        self.invalidate(enterprise_id, team_id)
        self.inner.delete_installation(
            enterprise_id=enterprise_id, team_id=team_id, user_id=user_id
        )
        self.invalidate(enterprise_id, team_id)


def _org_wide(
    find: Callable[..., T | None], enterprise_id: str | None, team_id: str | None, org: bool
) -> T | None:
    """The organisation's org-wide installation (or bot) for a workspace lookup that found
    nothing; None when the lookup was already the organisation's, or there is none."""
    if org or not enterprise_id or not team_id:
        return None
    found = find(enterprise_id=enterprise_id, team_id=None, is_enterprise_install=True)
    return found if found is not None and getattr(found, "is_enterprise_install", False) else None
