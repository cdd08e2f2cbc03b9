"""What the Slack app and the schedulers are built from: passed in, never global."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from bot.background.writes import BackgroundWrites
from bot.clock import Clock, system_clock

if TYPE_CHECKING:
    from slack_sdk import WebClient

    from bot.config import Settings
    from bot.intent import IntentMatcher
    from bot.kb.models import Knowledge
    from bot.store import Store


class LiveKnowledge:
    """The knowledge and its matcher, swapped together when a running server reloads changed
    knowledge files (:mod:`bot.org.reload`). One reference, so a reader of :attr:`pair` never
    sees a new knowledge with an old matcher; copies of a :class:`Deps` share it."""

    def __init__(self, knowledge: Knowledge, matcher: IntentMatcher) -> None:
        self._pair = (knowledge, matcher)

    @property
    def pair(self) -> tuple[Knowledge, IntentMatcher]:
        return self._pair

    def swap(self, knowledge: Knowledge, matcher: IntentMatcher) -> None:
        self._pair = (knowledge, matcher)


@dataclass(frozen=True, init=False)
class Deps:
    live: LiveKnowledge  # the knowledge and matcher (``deps.knowledge``, ``deps.matcher``)
    # None: the chat shell without a database (it answers, remembers nothing). Store is
    # imported for the type checker only: the ask path never loads SQLAlchemy.
    store: Store | None
    client: WebClient | None = None  # None: Bolt builds one from the settings
    clock: Clock = system_clock
    settings: Settings | None = None  # e.g. Settings.onboarding_channel (env default)
    # one worker for writes that may wait (gaps, comebacks); copies of a Deps share it
    background: BackgroundWrites = field(default_factory=BackgroundWrites)

    def __init__(
        self,
        knowledge: Knowledge | None = None,
        matcher: IntentMatcher | None = None,
        store: Store | None = None,
        client: WebClient | None = None,
        clock: Clock = system_clock,
        settings: Settings | None = None,
        *,
        live: LiveKnowledge | None = None,
        background: BackgroundWrites | None = None,
    ) -> None:
        if live is None:
            if knowledge is None or matcher is None:
                raise TypeError("Deps needs knowledge and matcher (or live)")
            live = LiveKnowledge(knowledge, matcher)
        for name, value in (
            ("live", live),
            ("store", store),
            ("client", client),
            ("clock", clock),
            ("settings", settings),
            ("background", background or BackgroundWrites()),
        ):
            object.__setattr__(self, name, value)  # frozen: set once, here

    @property
    def knowledge(self) -> Knowledge:
        return self.live.pair[0]

    @property
    def matcher(self) -> IntentMatcher:
        return self.live.pair[1]
