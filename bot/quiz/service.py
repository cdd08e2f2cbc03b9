"""The quiz's service (in every request's ``context["quiz"]``) and its minute tick."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import TYPE_CHECKING, Any

from bot.answers.practices import Rules, rules_for
from bot.bank import Question
from bot.quiz import season_ops
from bot.quiz.engine import DEFAULT_CONCURRENCY, QuizEngine, TickReport, full_bank
from bot.slack.client import waiter
from bot.store import StoreUnavailable

if TYPE_CHECKING:
    from bot.deps import Deps
    from bot.features import TickContext

logger = logging.getLogger(__name__)

SERVICE = "quiz"  # the context key


class QuizService:
    """The question bank, built once; an engine per request on that request's client."""

    def __init__(self, deps: Deps) -> None:
        self.deps = deps
        # the course's and the organisation's questions (production: as configured)
        self.bank = _bank(deps.knowledge, rules_for(deps.settings))

    def engine(self, client: Any, *, concurrency: int | None = None) -> QuizEngine:
        """``concurrency``: parallel posts (None: the engine's default)."""
        store = self.deps.store
        if store is None:  # `whoowns chat` whose database could not be opened
            raise RuntimeError("the quiz needs the database; this instance runs without one")
        return QuizEngine(
            self.deps.knowledge,
            store,
            client,
            bank=self.bank,
            concurrency=concurrency or DEFAULT_CONCURRENCY,
            sleep=waiter(self.deps.settings),
        )


def tick(now: datetime, context: TickContext) -> TickReport:
    """The minute job (run by :mod:`bot.scheduler`): due questions are posted and due answers
    revealed, on the context's (background) client."""
    quiz: QuizService = context.services[SERVICE]
    concurrency = context.options.get("quiz_concurrency")
    engine = quiz.engine(context.deps.client, concurrency=concurrency)
    report = engine.tick(now)
    try:  # seasons whose last day has passed end here, and their final board is posted once
        season_ops.tick(engine.quiz.store, engine.courier, now)
    except StoreUnavailable as exc:
        logger.warning("quiz seasons: not settled this tick: %s", exc)
    if report.outcomes or report.errors:
        logger.info("%s", report.summary())
    return report


# Every workspace's service is built from the same knowledge: its bank is built once (read only)
_BUILT: dict[tuple[int, Rules], tuple[Any, tuple[Question, ...]]] = {}


def _bank(knowledge: Any, rules: Rules) -> tuple[Question, ...]:
    known = _BUILT.get((id(knowledge), rules))
    if known is not None and known[0] is knowledge:
        return known[1]
    built = full_bank(knowledge, rules)
    _BUILT.clear()  # the latest knowledge only (a reload replaces it)
    _BUILT[(id(knowledge), rules)] = (knowledge, built)
    return built
