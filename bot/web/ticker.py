"""The background ticker: a :class:`Ticker` calls ``job(now)`` functions every minute (and
once at start, so a restart catches up at once). :func:`build_tick_jobs` makes them: the knowledge
reload (changed knowledge files swapped in, :mod:`bot.org.reload`) and the scheduler
(:mod:`bot.scheduler`: the store's housekeeping and each feature's tick, per workspace). A
tick must be idempotent (claimed in the database), since every worker and every instance
runs it.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from bot.clock import Clock, system_clock

if TYPE_CHECKING:
    from bot.deps import Deps
    from bot.features import Feature

logger = logging.getLogger(__name__)

Job = Callable[[datetime], object]


class Ticker:
    """Calls every job with ``clock()`` once at start, then at each whole minute.

    A job that raises is logged and the others still run; the next tick comes anyway.
    ``stop()`` returns once the current tick (if any) has finished, or after ``timeout``.
    """

    def __init__(
        self,
        jobs: Sequence[Job],
        clock: Clock = system_clock,
        *,
        interval: float = 60.0,
        name: str = "whoowns-ticker",
    ) -> None:
        self.jobs = list(jobs)
        self.clock = clock
        self.interval = interval
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._name = name

    def run_once(self) -> None:
        now = self.clock()
        logger.debug("tick at %s: %d job(s)", now.isoformat(timespec="seconds"), len(self.jobs))
        for job in self.jobs:
            try:
                job(now)
            except Exception:
                logger.exception("background job %s failed at %s", _job_name(job), now)

    def start(self) -> Ticker:
        if self._thread is None:
            self._stop.clear()
            self._thread = threading.Thread(target=self._loop, name=self._name, daemon=True)
            self._thread.start()
        return self

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def _loop(self) -> None:
        delay = 0.0
        while not self._stop.wait(delay):
            self.run_once()
            delay = self.interval - (time.time() % self.interval)  # the next whole minute


def _job_name(job: Job) -> str:
    return getattr(job, "__qualname__", None) or repr(job)


def build_tick_jobs(
    deps: Deps,
    *,
    features: Sequence[Feature] | None = None,
    services: Mapping[str, Any] | None = None,
) -> list[Job]:
    """The knowledge reload, then the scheduler (:mod:`bot.scheduler`: the store's
    housekeeping and every feature's tick, default: all features) on ``deps``' workspace and
    client; ``services`` are built from ``deps`` unless given (``whoowns serve`` shares the
    app's)."""
    from bot.features import TickContext, build_services, installed
    from bot.scheduler import OneWorkspace, Scheduler

    features = installed() if features is None else features
    services = build_services(deps, features) if services is None else services
    from bot.org.reload import KnowledgeReload

    context = TickContext(deps=deps, services=services)
    scheduler = Scheduler(context, features, OneWorkspace(context))
    return [KnowledgeReload(deps), scheduler]  # changed knowledge files, without a restart
