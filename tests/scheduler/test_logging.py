"""What the scheduler's one line per tick tells an operator reading the server's log at INFO."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any

from bot.features import Feature, TickContext
from bot.scheduler import OneWorkspace, Scheduler

NOW = datetime(2026, 3, 2, 3, 0, tzinfo=timezone.utc)
RAN: list[datetime] = []


@dataclass(frozen=True)
class NoSlack:
    client: Any = None
    store: Any = None


def nothing_due(now: datetime, context: TickContext) -> set[str]:
    return set()


def tick(now: datetime, context: TickContext) -> None:
    RAN.append(now)


def test_the_first_tick_is_logged_even_when_nothing_is_due_then_idle_ticks_are_quiet(caplog):
    feature = Feature(name="quiz", tick=f"{__name__}:tick", due=f"{__name__}:nothing_due")
    context = TickContext(deps=NoSlack())  # type: ignore[arg-type]
    scheduler = Scheduler(context, [feature], OneWorkspace(context), housekeeping=False)
    with caplog.at_level(logging.INFO, logger="bot.scheduler"):
        scheduler.run(NOW)
        scheduler.run(NOW + timedelta(minutes=1))
    lines = [r.getMessage() for r in caplog.records if r.name.startswith("bot.scheduler")]
    # the ticker is alive from its first minute, whatever is scheduled; then one line per
    # tick only when something happened
    assert lines == ["tick 2026-03-02T03:00Z: nothing due in any workspace"]
    assert RAN == []
