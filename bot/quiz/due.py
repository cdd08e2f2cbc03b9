"""Which workspaces have quiz work at NOW, in a few reads across all of them (asked by the
scheduler before any workspace's tick): a question due and not yet posted, a claim to take
over (released, stale, a ``quiz now`` to retry or to drop), a close never applied, an
``end-of-day`` question whose day has ended. A workspace not named has nothing to do: its
tick would post, close and take over nothing."""

from __future__ import annotations

from datetime import datetime

from bot.features import TickContext
from bot.quiz.engine import LEASE
from bot.quiz.schedule import REVEAL_END_OF_DAY, ScheduleError, due_slot, local_date, make_schedule
from bot.store.quiz import post_id_for
from bot.store.quiz_due import quiz_work, settled
from bot.store.quiz_seasons import seasons_to_settle


def due(now: datetime, context: TickContext) -> set[str] | None:
    """The workspaces whose quiz tick has something to do at ``now`` (None: cannot tell)."""
    store = context.deps.store
    if store is None:
        return None
    work = quiz_work(store, now, LEASE, REVEAL_END_OF_DAY)
    teams = set(work.busy)
    teams |= {ws for ws, tz, day in work.open_ends if local_date(now, tz) > day}
    # seasons past their last day, and final boards left to post (tz "")
    ends = seasons_to_settle(store, now, LEASE)
    teams |= {ws for ws, tz, day in ends if not tz or local_date(now, tz) > day}
    wanted: dict[tuple[str, str], str] = {}  # (workspace, post id) -> slot
    for sub in work.schedules:
        if sub.workspace in teams:
            continue
        try:
            slot = due_slot(make_schedule(sub.at, sub.tz, sub.days), now, sub.starts_at)
        except ScheduleError:  # the tick reports it
            teams.add(sub.workspace)
            continue
        if slot is not None:
            key = slot.local_date.isoformat()
            wanted[(sub.workspace, post_id_for(sub.channel, key))] = key
    done = settled(store, set(wanted.values()))
    teams |= {ws for ws, post_id in wanted if (ws, post_id) not in done}
    return teams
