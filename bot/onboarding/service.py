"""Onboarding's service (in every request's ``context["onboarding"]``) and its minute tick."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import TYPE_CHECKING, Any

from bot.onboarding.cards import Deck
from bot.onboarding.engine import OnboardingEngine, TickReport

if TYPE_CHECKING:
    from bot.deps import Deps
    from bot.features import TickContext

logger = logging.getLogger(__name__)

SERVICE = "onboarding"  # the context key


class OnboardingService:
    """One deck for the app; an engine per request on that request's client."""

    def __init__(self, deps: Deps) -> None:
        self.deps = deps
        self.deck = Deck(deps.knowledge)

    def engine(self, client: Any) -> OnboardingEngine:
        store = self.deps.store
        if store is None:  # the listeners answer "Onboarding needs the database" before this
            raise RuntimeError("onboarding needs the database; this instance runs without one")
        return OnboardingEngine(
            self.deps.knowledge,
            store,
            client,
            default_channel=getattr(self.deps.settings, "onboarding_channel", None),
            deck=self.deck,
        )


def tick(now: datetime, context: TickContext) -> TickReport:
    """The minute job: due lessons and reviews go out by DM, on the context's client."""
    onboarding: OnboardingService = context.services[SERVICE]
    report = onboarding.engine(context.deps.client).tick(now)
    if report.outcomes:
        logger.info("%s", report.summary())
    return report
