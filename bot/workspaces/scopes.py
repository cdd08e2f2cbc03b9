"""Per-workspace dependencies and services, built once per workspace and kept.

    scopes = WorkspaceScopes(deps, features)
    scopes.deps_for("T123").store.workspace       # "T123": a view of the one database
    scopes.services_for("T123")["quiz"]           # the quiz service on that view

The feature services (quiz, onboarding …) are built by :func:`bot.features.build_services`
from the workspace's :class:`bot.deps.Deps`, so every store they open reads and writes only
that workspace's rows. Thread-safe: requests of many workspaces arrive at once.
"""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from bot.features import build_services

if TYPE_CHECKING:
    from bot.deps import Deps
    from bot.features import Feature


class WorkspaceScopes:
    def __init__(self, deps: Deps, features: Sequence[Feature]) -> None:
        self.root = deps  # its store: the whole database (housekeeping, installs)
        self.features = tuple(features)
        self._lock = threading.Lock()
        self._scoped: dict[str, tuple[Deps, Mapping[str, Any]]] = {}

    def _get(self, workspace: str) -> tuple[Deps, Mapping[str, Any]]:
        known = self._scoped.get(workspace)
        if known is not None:
            return known
        with self._lock:
            known = self._scoped.get(workspace)
            if known is None:
                store = self.root.store
                deps = dataclasses.replace(
                    self.root, store=store.scoped(workspace) if store is not None else None
                )
                known = (deps, build_services(deps, self.features))
                self._scoped[workspace] = known
            return known

    def deps_for(self, workspace: str) -> Deps:
        """The dependencies of ``workspace`` (Slack's team id): its store view."""
        return self._get(workspace)[0]

    def services_for(self, workspace: str) -> Mapping[str, Any]:
        """Every feature's service for ``workspace``, built on first use."""
        return self._get(workspace)[1]

    def forget(self, workspace: str) -> None:
        """Drop what was built for ``workspace`` (after ``workspaces forget``)."""
        with self._lock:
            self._scoped.pop(workspace, None)
