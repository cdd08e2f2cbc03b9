"""The practices of one workspace: the knowledge's resources checked against the
confirmations in its database (``context["practices"]``, built per workspace)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from bot.answers.practices import (
    Confirmed,
    Finding,
    Rules,
    attention_counts,
    evaluate,
    rules_for,
)

if TYPE_CHECKING:
    from bot.deps import Deps
    from bot.kb.models import Knowledge

SERVICE = "practices"


def rules_of(deps: Deps) -> Rules:
    return rules_for(deps.settings)


class PracticesService:
    def __init__(self, deps: Deps) -> None:
        self.deps = deps

    def confirmed(self) -> Confirmed:
        """Every confirmation of the workspace ({} without a database)."""
        if self.deps.store is None:
            return {}
        from bot.store.practices import ConfirmationStore

        return ConfirmationStore(self.deps.store).all()

    def findings(
        self,
        resources: Iterable[str] | None = None,
        *,
        knowledge: Knowledge | None = None,
        confirmed: bool = True,
    ) -> list[Finding]:
        """The practices on ``resources`` (default: all), now."""
        return evaluate(
            knowledge or self.deps.knowledge,
            now=self.deps.clock(),
            resources=resources,
            confirmations=self.confirmed() if confirmed else None,
            rules=rules_of(self.deps),
        )

    def confirm(self, practice: str, resource: str, user: str) -> datetime:
        """Record ``user``'s confirmation now; when it expires (WHOOWNS_CONFIRM_DAYS)."""
        from bot.store.practices import ConfirmationStore

        if self.deps.store is None:
            raise RuntimeError("confirmations need the database")
        now = self.deps.clock()
        ConfirmationStore(self.deps.store).confirm(practice, resource, user, now)
        return now + timedelta(days=rules_of(self.deps).confirm_days)

    def attention_counts(self, resources: Iterable[str]) -> dict[str, int]:
        """resource id -> practices needing attention there (Home's "Your databases")."""
        return attention_counts(self.findings(list(resources)))
