"""Local times for onboarding DMs: the user's chosen time of day, in their time zone. Pure.

A user's lesson and review DMs go out at their chosen local time (default 10:00 in the time
zone Slack reports for them; UTC when unknown). Lessons arrive on working days (Monday to
Friday); reviews on any day with due cards. Times inside a DST gap resolve forward (zoneinfo's
``fold=0`` rule: 02:30 on a spring-forward day is 03:30 local); inside a repeated hour the first
occurrence counts. A tick that runs late (the process was down at the chosen time) still sends
that day's DM on the same local day.
"""

from __future__ import annotations

import difflib
import re
from datetime import date, datetime, time, timedelta, timezone
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

DEFAULT_TIME = time(10, 0)
DEFAULT_TZ = "UTC"
WORKING_DAYS = frozenset(range(5))  # Monday..Friday


def zone(name: str | None) -> ZoneInfo:
    """The time zone called ``name``; UTC when empty or unknown."""
    try:
        return ZoneInfo(name or DEFAULT_TZ)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(DEFAULT_TZ)


def is_zone(name: str) -> bool:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


@lru_cache(maxsize=1)
def _zones_by_lower() -> dict[str, str]:
    return {name.lower(): name for name in available_timezones()}


def canonical_zone(text: str) -> str | None:
    """The IANA key ``text`` names (case does not matter) in its own spelling, or None."""
    name = _zones_by_lower().get(text.strip().lower())
    return name if name is not None and is_zone(name) else None


def close_zone(text: str) -> str | None:
    """The known zone spelled most like ``text`` (``Europe/Berln``: Europe/Berlin), or None."""
    close = difflib.get_close_matches(text.strip(), sorted(_zones_by_lower().values()), n=1)
    return close[0] if close else None


def parse_time(text: str) -> time | None:
    """``HH:MM`` (24 h) or None."""
    match = re.fullmatch(r"([01]?\d|2[0-3]):([0-5]\d)", text.strip())
    return time(int(match.group(1)), int(match.group(2))) if match else None


def local_date(now: datetime, tz: str | None) -> date:
    return now.astimezone(zone(tz)).date()


def at_local(day: date, at: time, tz: str | None) -> datetime:
    """The UTC instant of ``at`` on ``day`` in ``tz``."""
    local = datetime.combine(day, at, tzinfo=zone(tz))
    # round-trip through UTC normalises a wall time inside a DST gap
    return local.astimezone(timezone.utc)


def start_of_next_day(now: datetime, tz: str | None) -> datetime:
    """The UTC instant local midnight after ``now`` starts."""
    day = local_date(now, tz) + timedelta(days=1)
    return datetime.combine(day, time(0), tzinfo=zone(tz)).astimezone(timezone.utc)


def is_working_day(day: date) -> bool:
    return day.weekday() in WORKING_DAYS


def send_time_reached(now: datetime, at: time, tz: str | None) -> bool:
    """Has today's chosen time passed (in the user's zone)?"""
    return now >= at_local(local_date(now, tz), at, tz)
