"""What features plug into the Slack surfaces: subcommands, help lines, Home sections.

    def register(app, deps, registry):             # a feature's listeners module
        registry.add_subcommand("quiz", handler=handle_quiz, help=HELP)
        registry.add_answer_button(quiz_me_button)     # (context, answer) -> ButtonElement | None
        registry.add_answer_observer(record_gap)       # (context, answer) -> None, every answer

A feature's Home section (``Feature.home``: ``(context, user_id) -> list of block dicts``) is
added by :func:`bot.listeners.register_all`. Handlers, Home sections and buttons find the
feature's service in the request context (``request.context["quiz"]``, ``context["quiz"]``).

``/whoowns WORD …`` goes to the handler registered for WORD (lower-cased); the handler gets a
:class:`SlashRequest` and must acknowledge (``request.reply(message)`` or ``request.ack()``)
within 3 s — answer in the ack when the work is quick, otherwise ack first and ``respond``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from slack_bolt import BoltContext

from bot.answers import Answer
from bot.deps import Deps
from bot.listeners.answer_cache import LastUsed
from bot.listeners.errors import STORE_DOWN
from bot.render.help_blocks import CORE_HELP, HelpEntry
from bot.render.primitives import Message, notice_message
from bot.store import StoreUnavailable

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class SlashRequest:
    """One ``/whoowns`` invocation, as a subcommand handler sees it."""

    word: str  # the subcommand ("quiz"), lower-cased; "" for none
    args: str  # the text after the subcommand word
    text: str  # everything the user typed after /whoowns (raw)
    user_id: str
    channel_id: str
    body: Mapping[str, Any]  # the slash command payload
    ack: Callable[..., Any]
    respond: Callable[..., Any]
    client: Any  # slack_sdk.WebClient
    deps: Deps
    registry: Registry
    context: BoltContext  # the request's: deps, registry, every feature service

    def reply(self, message: Message, *, in_channel: bool = False) -> None:
        """Answer in the acknowledgement itself (ephemeral unless ``in_channel``). Passed as
        the whole body: Bolt's ``ack(blocks=, attachments=)`` keeps only the attachments, and a
        table travels in the attachments beside the blocks."""
        response_type = "in_channel" if in_channel else "ephemeral"
        self.ack({"response_type": response_type, **message.kwargs()})

    def bolt_context(self) -> BoltContext:
        """What ``bot.listeners.errors.reported`` needs to apologise after the ack."""
        context = BoltContext()
        context["respond"] = self.respond
        context["client"] = self.client
        return context


SubcommandHandler = Callable[[SlashRequest], None]
# (context, user_id) -> blocks; the context carries deps and the feature services
HomeSection = Callable[[BoltContext, str], Sequence[Mapping[str, Any]]]
AnswerButton = Callable[[BoltContext, Answer], Any]  # -> a ButtonElement under the card, or None
# sees every question typed to the bot (slash command, mention, DM) and its answer; must be quick
AnswerObserver = Callable[[BoltContext, Answer], None]


@dataclass
class Registry:
    subcommands: dict[str, SubcommandHandler] = field(default_factory=dict)
    help_entries: list[HelpEntry] = field(default_factory=list)
    home_sections: list[HomeSection] = field(default_factory=list)
    answer_buttons: list[AnswerButton] = field(default_factory=list)
    answer_observers: list[AnswerObserver] = field(default_factory=list)
    # answers and cards given lately (bot.listeners.core): the same question costs one lookup
    answers: LastUsed[tuple[Any, Answer]] = field(default_factory=LastUsed)
    cards: LastUsed[tuple[Answer, Message]] = field(default_factory=LastUsed)

    def add_subcommand(
        self, *words: str, handler: SubcommandHandler, help: Sequence[HelpEntry] = ()
    ) -> None:
        for word in words:
            key = word.lower()
            if key in self.subcommands:
                raise ValueError(f"/whoowns {key} is registered twice")
            self.subcommands[key] = handler
        self.help_entries.extend(help)

    def subcommand(self, word: str) -> SubcommandHandler | None:
        return self.subcommands.get(word.lower())

    def add_home_section(self, section: HomeSection) -> None:
        self.home_sections.append(section)

    def add_answer_button(self, button: AnswerButton) -> None:
        """A feature's button under every ``/whoowns`` answer card (e.g. "Quiz me on this")."""
        self.answer_buttons.append(button)

    def buttons_for(self, context: BoltContext, answer: Answer) -> list[Any]:
        made = (make(context, answer) for make in self.answer_buttons)
        return [b for b in made if b is not None]

    def add_answer_observer(self, observer: AnswerObserver) -> None:
        """A feature's look at every answered question (e.g. recording knowledge gaps)."""
        self.answer_observers.append(observer)

    def observe(self, context: BoltContext, answer: Answer) -> None:
        """Every observer sees ``answer``; one that fails is logged, never the user's problem."""
        for observer in self.answer_observers:
            try:
                observer(context, answer)
            except Exception:
                logger.exception("answer observer %s failed", getattr(observer, "__name__", "?"))

    def help(self) -> tuple[HelpEntry, ...]:
        """Core examples, then the features' examples, ``/whoowns help`` last."""
        core = [e for e in CORE_HELP if e.example != "/whoowns help"]
        last = [e for e in CORE_HELP if e.example == "/whoowns help"]
        return (*core, *self.help_entries, *last)

    def home_extras(self, context: BoltContext, user_id: str) -> list[Sequence[Mapping[str, Any]]]:
        """Every feature's Home section for ``user_id``; one that fails is left out (logged)."""
        extras = []
        store_down = False
        for section in self.home_sections:
            try:
                extras.append(section(context, user_id))
            except StoreUnavailable as exc:  # said once on the tab, logged in one line
                logger.warning(
                    "Home section %s left out for %s: %s", section.__name__, user_id, exc
                )
                store_down = True
            except Exception:
                logger.exception("Home section %s failed for %s", section.__name__, user_id)
        if store_down:
            extras.append(notice_message(STORE_DOWN).blocks)
        return extras
