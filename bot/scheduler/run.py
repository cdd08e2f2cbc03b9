"""Run what is due at NOW in every workspace (see :mod:`bot.scheduler`)."""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Collection, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from typing import Any

from bot.features import Feature, TickContext, TickJob, resolve
from bot.scheduler.summary import TickSummary, WorkspaceRun
from bot.scheduler.workspaces import Target, Workspaces
from bot.slack.delivery import TokenRefused
from bot.store import StoreUnavailable
from bot.workspaces.revoked import revoked_reason

logger = logging.getLogger(__name__)

WORKSPACES_AT_ONCE = 8  # workspaces ticking at the same time (each posts with its own pool)


class Scheduler:
    """Each feature's tick in each workspace ``workspaces`` gives, isolated from the others.

    ``housekeeping``: run the store's own minute job first (``store.tick``)."""

    def __init__(
        self,
        context: TickContext,
        features: Sequence[Feature],
        workspaces: Workspaces,
        *,
        housekeeping: bool = True,
    ) -> None:
        self.context = context
        self.features = [f for f in features if f.tick]
        self.workspaces = workspaces
        self.housekeeping = housekeeping
        self._first = True  # the first run's line is logged at INFO: the ticker is alive
        self.__qualname__ = "Scheduler"  # for the ticker's log

    def __call__(self, now: datetime) -> TickSummary:
        return self.run(now)

    def run(
        self,
        now: datetime,
        *,
        features: Collection[str] | None = None,
        teams: Collection[str] | None = None,
        options: Mapping[str, Any] | None = None,
    ) -> TickSummary:
        """Everything due at ``now`` (only ``features`` / ``teams`` when given; ``options``
        for this run's ticks, :attr:`TickContext.options`); one line logged, the summary
        returned."""
        summary = TickSummary(now)
        store = self.context.deps.store
        if self.housekeeping and store is not None:
            try:
                store.tick(now)
            except Exception as exc:
                logger.exception("the store's housekeeping failed at %s", now)
                summary.errors.append(f"housekeeping failed ({type(exc).__name__})")
        chosen = [f for f in self.features if features is None or f.name in features]
        ticks = [(f.name, resolve(f.tick)) for f in chosen if f.tick]
        targets = self.workspaces.targets(self._due(now, chosen, teams))
        summary.skipped = [(t.team, t.skipped or "") for t in targets if t.context is None]
        ready = [t for t in targets if t.context is not None]
        if options:
            ready = [_with_options(t, options) for t in ready]
        if len(ready) <= 1:
            summary.runs = [self._workspace(t, ticks, now) for t in ready]
        else:
            with ThreadPoolExecutor(min(WORKSPACES_AT_ONCE, len(ready))) as pool:
                futures = [pool.submit(self._workspace, t, ticks, now) for t in ready]
            summary.runs = [future.result() for future in futures]
        busy = any(
            r.errors or r.paused or any(map(_did_something, r.reports.values()))
            for r in summary.runs
        )
        quiet = not (busy or summary.skipped or summary.errors or self._first)
        self._first = False
        level = logging.DEBUG if quiet else logging.INFO
        logger.log(level, "%s", summary.line())
        return summary

    def _due(
        self, now: datetime, chosen: Sequence[Feature], teams: Collection[str] | None
    ) -> Collection[str] | None:
        """The workspaces of ``teams`` (None: all) where a feature has something to do, asked
        of each feature at once across the database; ``teams`` when some feature cannot tell."""
        found: set[str] = set()
        for feature in chosen:
            if feature.due is None:
                return teams
            try:
                named = resolve(feature.due)(now, self.context)
            except StoreUnavailable:  # the database is gone: no workspace can go on
                raise
            except Exception:
                logger.exception("finding what %s has due at %s failed", feature.name, now)
                return teams
            if named is None:
                return teams
            found |= named
        return sorted(found) if teams is None else [t for t in teams if t in found]

    def _workspace(
        self, target: Target, ticks: list[tuple[str, TickJob]], now: datetime
    ) -> WorkspaceRun:
        """One workspace's ticks: a feature that fails is reported and the next one runs; a
        token Slack refuses ends the workspace's run and pauses it."""
        run = WorkspaceRun(target.team)
        context = target.context
        assert context is not None
        refused: str | None = None
        for name, tick in ticks:
            try:
                report = tick(now, context)
            except TokenRefused as exc:
                refused = exc.error
                break
            except StoreUnavailable:  # the database is gone: no workspace can go on
                raise
            except Exception as exc:
                logger.exception("%s failed in workspace %s at %s", name, target.team or "-", now)
                run.errors[name] = type(exc).__name__
                continue
            if report is not None:
                run.reports[name] = report
        reason = revoked_reason(context.deps.client) or (refused if refused else None)
        if reason is not None:
            run.paused = reason
            if self.workspaces.pause(target.team, reason, now):
                logger.warning(
                    "workspace %s paused: Slack refused its token (%s)", target.team, reason
                )
        return run


def _with_options(target: Target, options: Mapping[str, Any]) -> Target:
    assert target.context is not None
    return dataclasses.replace(target, context=dataclasses.replace(target.context, options=options))


def _did_something(report: object) -> bool:
    """A feature's report says something happened (an outcome, an error)."""
    return any(bool(getattr(report, name, None)) for name in ("outcomes", "errors"))
