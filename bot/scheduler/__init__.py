"""The scheduler: everything that is due at NOW, run once, for every workspace.

    scheduler = Scheduler(context, features, workspaces)   # workspaces: who to tick, tokens
    summary = scheduler.run(now)                             # or only=("quiz",)
    summary.line()   # "tick 2026-03-02T09:00Z: T1 quiz 1 due, 1 posted … · T9 skipped: …"

Every path that runs scheduled work calls it: the web server's and Socket Mode's ticker (each
minute), ``whoowns tick`` / ``quiz tick`` / ``reviews tick`` (cron), the chat shell's ``/tick``.

For each workspace (:mod:`.workspaces`: its own bot token, rotated when due; single-token mode
has one) it runs the store's housekeeping once, then each feature's tick
(:class:`bot.features.Feature`) on that workspace's context and client. A feature that fails
in one workspace is reported and the rest goes on; a DM Slack refuses for one person stops
that person only (:func:`bot.slack.delivery.judge`); a channel Slack refuses pauses that channel
only. A workspace whose token Slack refuses during its tick is paused (OAuth mode) and named
in the summary; so is every workspace skipped for any reason (its token could not be
rotated, it has none).
"""

from bot.scheduler.run import Scheduler
from bot.scheduler.summary import TickSummary
from bot.scheduler.workspaces import (
    InstalledWorkspaces,
    OneWorkspace,
    Target,
    Workspaces,
)

__all__ = [
    "InstalledWorkspaces",
    "OneWorkspace",
    "Scheduler",
    "Target",
    "TickSummary",
    "Workspaces",
]
