"""Which workspaces have onboarding work at NOW, in a few reads across all of them (asked by
the scheduler before any workspace's tick): a lesson due (a working day, the learner's time
reached, none sent that local day, one left), a daily review DM due (a card due before the
end of the learner's day, their time reached, none sent that day), a DM claim to take over.
A workspace not named has nothing to do: its tick would send and take over nothing."""

from __future__ import annotations

from datetime import date, datetime

from bot.features import TickContext
from bot.onboarding import timing
from bot.onboarding.lessons import track
from bot.slack.delivery import LEASE
from bot.store.onboarding.due import Learner, daily_reviews_sent, onboarding_work


def due(now: datetime, context: TickContext) -> set[str] | None:
    """The workspaces whose onboarding tick has something to do at ``now`` (None: cannot
    tell)."""
    store = context.deps.store
    if store is None:
        return None
    knowledge = context.deps.knowledge
    # the course's lessons, and one about the team's databases when the organisation has some
    most = len(track(knowledge)) + (1 if knowledge.resources else 0)
    work = onboarding_work(store, now, LEASE)
    teams = set(work.busy)
    reviews: dict[tuple[str, str, str], Learner] = {}
    for learner in work.learners:
        if learner.workspace in teams or not _time_reached(learner, now):
            continue
        today = timing.local_date(now, learner.tz)
        if learner.started and _lesson_due(learner, today, most):
            teams.add(learner.workspace)
        elif learner.first_due is not None and learner.first_due < timing.start_of_next_day(
            now, learner.tz
        ):
            reviews[(learner.workspace, learner.user_id, today.isoformat())] = learner
    sent = daily_reviews_sent(store, {slot for _, _, slot in reviews})
    teams |= {ws for (ws, user, slot) in reviews if (ws, user, slot) not in sent}
    return teams


def _time_reached(learner: Learner, now: datetime) -> bool:
    at = timing.parse_time(learner.send_at) or timing.DEFAULT_TIME
    return timing.send_time_reached(now, at, learner.tz)


def _lesson_due(learner: Learner, today: date, most: int) -> bool:
    if not timing.is_working_day(today) or learner.lessons >= most:
        return False
    return learner.last_lesson != today
