"""What the Slack app and the schedulers are built from: passed in, never global."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.clock import Clock, system_clock

if TYPE_CHECKING:
    from slack_sdk import WebClient

    from bot.config import Settings
    from bot.intent import IntentMatcher
    from bot.kb.models import Knowledge
    from bot.store import Store


@dataclass(frozen=True)
class Deps:
    knowledge: Knowledge
    matcher: IntentMatcher
    # None: the chat shell without a database (it answers, remembers nothing). Store is
    # imported for the type checker only: the ask path never loads SQLAlchemy.
    store: Store | None
    client: WebClient | None = None  # None: Bolt builds one from the settings
    clock: Clock = system_clock
    settings: Settings | None = None  # e.g. Settings.onboarding_channel (env default)
