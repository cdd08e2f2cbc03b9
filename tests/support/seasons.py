"""The quiz seasons' bot: the real Bolt app in #db-team (``CHANNEL``) with ``ADMIN`` allowed to
start and end seasons, its clock starting on ``MONDAY``."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from tests.support.bolt import Bot, make_deps, settings_for
from tests.support.bolt import make_bot as harness_bot

MONDAY = datetime(2024, 1, 15, 9, 0, tzinfo=timezone.utc)
CHANNEL = "C0DBTEAM"
ADMIN = "U0ALICE"


def season_bot(knowledge: Any, matcher: Any, slack: Any, store: Any, clock: Any) -> Bot:
    settings = settings_for(slack, admins=(ADMIN,))
    deps = make_deps(knowledge, matcher, slack, store, clock=clock, settings=settings)
    return harness_bot(deps, slack, channel=CHANNEL)
