"""Time is a parameter: everything that needs "now" takes a Clock."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timezone

Clock = Callable[[], datetime]  # returns an aware UTC datetime


def system_clock() -> datetime:
    return datetime.now(timezone.utc)


def fixed_clock(at: datetime) -> Clock:
    """A clock stuck at ``at`` (tests, and ``--now`` on the command line)."""
    if at.tzinfo is None:
        raise ValueError("fixed_clock needs an aware datetime")
    at = at.astimezone(timezone.utc)
    return lambda: at
