"""Onboarding's service (in every request's ``context["onboarding"]``) and its minute tick."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from bot.onboarding.cards import Deck
from bot.onboarding.engine import OnboardingEngine, TickReport
from bot.slack.client import waiter
from bot.store.onboarding import OnboardingStore

if TYPE_CHECKING:
    from bot.config import Settings
    from bot.deps import Deps
    from bot.features import TickContext

logger = logging.getLogger(__name__)

SERVICE = "onboarding"  # the context key
TEAMS = "teams"  # the organisation's memberships service (bot.org.membership.Memberships)


class OnboardingService:
    """One deck for the app; an engine per request on that request's client."""

    def __init__(self, deps: Deps) -> None:
        self.deps = deps
        self.deck = _deck(deps.knowledge)

    def engine(
        self, client: Any, teams: Mapping[str, Sequence[str]] | None = None
    ) -> OnboardingEngine:
        """``teams``: users' team ids (:meth:`teams_of`), for the lesson about their databases."""
        store = self.deps.store
        if store is None:  # the listeners answer "Onboarding needs the database" before this
            raise RuntimeError("onboarding needs the database; this instance runs without one")
        return OnboardingEngine(
            self.deps.knowledge,
            store,
            client,
            default_channel=_channel(self.deps.settings, store.workspace),
            deck=self.deck,
            teams=teams,
            sleep=waiter(self.deps.settings),
        )

    def teams_of(
        self, users: Iterable[str], memberships: Any, client: Any
    ) -> dict[str, tuple[str, ...]]:
        """The team ids of each user in this service's workspace (members lists, else Slack
        user groups through ``memberships``): asked only when the organisation has databases."""
        knowledge = self.deps.knowledge
        if memberships is None or not knowledge.resources:
            return {}
        workspace = self.deps.store.workspace if self.deps.store is not None else None
        return {
            u: memberships.teams_of(u, client, knowledge, workspace=workspace)
            for u in dict.fromkeys(users)
        }


def _channel(settings: Settings | None, workspace: str) -> str | None:
    """WHOOWNS_ONBOARDING_CHANNEL for this workspace (``T…:C…``, or one for all)."""
    return settings.onboarding_channel_for(workspace) if settings is not None else None


def tick(now: datetime, context: TickContext) -> TickReport:
    """The minute job: due lessons and reviews go out by DM, on the context's client."""
    onboarding: OnboardingService = context.services[SERVICE]
    client = context.deps.client
    teams: dict[str, tuple[str, ...]] = {}
    if context.deps.store is not None and context.deps.knowledge.resources:
        users = [u.user_id for u in OnboardingStore(context.deps.store).users()]
        teams = onboarding.teams_of(users, context.services.get(TEAMS), client)
    report = onboarding.engine(client, teams).tick(now)
    if report.outcomes:
        logger.info("%s", report.summary())
    return report


# Every workspace's service is built from the same knowledge: its deck is built once (read only)
_BUILT: dict[int, tuple[Any, Deck]] = {}


def _deck(knowledge: Any) -> Deck:
    known = _BUILT.get(id(knowledge))
    if known is not None and known[0] is knowledge:
        return known[1]
    built = Deck(knowledge)
    _BUILT.clear()  # the latest knowledge only (a reload replaces it)
    _BUILT[id(knowledge)] = (knowledge, built)
    return built
