"""Channel schedules: when is a channel's daily question due? Pure: no I/O, no Slack, no SQL.

A subscription is (channel, HH:MM, IANA time zone, days). The question for local day D
is due from its scheduled instant until the end of local day D, so a late tick (the
process was down at 09:00) still posts that day's question, and never the next day.

Daylight saving time, on purpose:

* a time inside the spring-forward gap (02:30 Europe/Berlin on the last Sunday of March)
  does not exist that day; the question is posted at the first instant after the gap
  (03:00 local);
* a time inside the fall-back overlap (02:30 on the last Sunday of October) exists twice;
  the question is posted once, at the FIRST occurrence (``fold=0``, still summer time).

Both come from ``zoneinfo`` with the ``tzdata`` package, so the rules follow the IANA
database and not the host's.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

DAY_NAMES: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_FULL_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
WEEKDAYS = frozenset(range(5))
DAILY = frozenset(range(7))
DEFAULT_TIME = time(9, 0)
DEFAULT_DAYS = WEEKDAYS

TIME_FORM = "HH:MM in 24-hour form, e.g. 09:00 or 17:30"
TZ_FORM = "an IANA time zone, e.g. Europe/Berlin, America/New_York or UTC"
DAYS_FORM = "weekdays, daily, weekends, or days like mon,wed,fri or mon-fri"
REVEAL_NEXT, REVEAL_END_OF_DAY = "next", "end-of-day"
REVEALS = (REVEAL_NEXT, REVEAL_END_OF_DAY)
REVEAL_FORM = "reveal:next (when the next question is posted) or reveal:end-of-day (at midnight)"
USAGE = "[HH:MM] [TIME_ZONE] [weekdays|daily|mon,wed,fri] [reveal:next|end-of-day]"

_DAY_ALIASES = {
    "weekdays": WEEKDAYS,
    "weekday": WEEKDAYS,
    "workdays": WEEKDAYS,
    "daily": DAILY,
    "everyday": DAILY,
    "every-day": DAILY,
    "weekends": frozenset({5, 6}),
    "weekend": frozenset({5, 6}),
}


class ScheduleError(ValueError):
    """Bad schedule input. The message says what was wrong and shows the right form."""


@dataclass(frozen=True)
class Schedule:
    at: time  # local wall time, minutes precision
    tz: str  # IANA key, canonical spelling
    days: frozenset[int]  # 0 = Monday .. 6 = Sunday

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.tz)

    @property
    def time_text(self) -> str:
        return f"{self.at.hour:02d}:{self.at.minute:02d}"

    @property
    def days_text(self) -> str:
        """Canonical spelling, also how the store keeps it: weekdays | daily | mon,wed,fri."""
        return format_days(self.days)

    def describe(self) -> str:
        """``09:00 Europe/Berlin, weekdays (Mon–Fri)``."""
        return f"{self.time_text} {self.tz}, {describe_days(self.days)}"


@dataclass(frozen=True)
class Slot:
    """One scheduled question: local day and the UTC instant it becomes due."""

    local_date: date
    scheduled_utc: datetime


# -- parsing -------------------------------------------------------------------------------


def parse_time(text: str) -> time:
    m = re.fullmatch(r"(\d{1,2}):(\d{2})", text.strip())
    if not m or int(m.group(1)) > 23 or int(m.group(2)) > 59:
        raise ScheduleError(f"`{text}` is not a time of day: use {TIME_FORM}.")
    return time(int(m.group(1)), int(m.group(2)))


@lru_cache(maxsize=1)
def _zones_by_lower() -> dict[str, str]:
    return {name.lower(): name for name in available_timezones()}


def parse_tz(text: str) -> str:
    """The canonical IANA key for ``text`` (case-insensitive), or ScheduleError."""
    name = text.strip()
    canonical = _zones_by_lower().get(name.lower())
    if canonical is None:
        close = difflib.get_close_matches(name, list(_zones_by_lower().values()), n=1)
        hint = f" Did you mean {close[0]}?" if close else ""
        raise ScheduleError(f"`{text}` is not a time zone I know: use {TZ_FORM}.{hint}")
    try:
        ZoneInfo(canonical)
    except (ZoneInfoNotFoundError, ValueError):  # pragma: no cover - listed but unloadable
        raise ScheduleError(f"`{text}` is not a time zone I know: use {TZ_FORM}.") from None
    return canonical


def _day(token: str, whole: str) -> int:
    token = token.strip().lower()
    for i, (short, full) in enumerate(zip(DAY_NAMES, _FULL_NAMES, strict=True)):
        if token in (short, full) or (len(token) >= 3 and full.startswith(token)):
            return i
    raise ScheduleError(f"`{token or whole}` is not a day: use {DAYS_FORM}.")


def parse_days(text: str) -> frozenset[int]:
    """``weekdays`` | ``daily`` | ``weekends`` | ``mon,wed,fri`` | ``mon-fri`` | ``mon-wed,fri``."""
    spec = text.strip().lower()
    if spec in _DAY_ALIASES:
        return _DAY_ALIASES[spec]
    if not spec:
        raise ScheduleError(f"No days given: use {DAYS_FORM}.")
    days: set[int] = set()
    for part in spec.split(","):
        if "-" in part:
            first, _, last = part.partition("-")
            a, b = _day(first, text), _day(last, text)
            days.update((a + i) % 7 for i in range((b - a) % 7 + 1))  # wraps: fri-mon
        else:
            days.add(_day(part, text))
    return frozenset(days)


def format_days(days: frozenset[int]) -> str:
    if days == WEEKDAYS:
        return "weekdays"
    if days == DAILY:
        return "daily"
    return ",".join(DAY_NAMES[d] for d in sorted(days))


def describe_days(days: frozenset[int]) -> str:
    if days == WEEKDAYS:
        return "weekdays (Mon–Fri)"
    if days == DAILY:
        return "every day"
    return ", ".join(DAY_NAMES[d].capitalize() for d in sorted(days))


_REVEAL_ALIASES = {
    "next": REVEAL_NEXT,
    "next-question": REVEAL_NEXT,
    "end-of-day": REVEAL_END_OF_DAY,
    "end_of_day": REVEAL_END_OF_DAY,
    "endofday": REVEAL_END_OF_DAY,
    "eod": REVEAL_END_OF_DAY,
    "midnight": REVEAL_END_OF_DAY,
}


def parse_reveal(text: str) -> str:
    """``next`` | ``end-of-day`` (a few spellings: ``eod``, ``end_of_day``) or ScheduleError.

    When a channel's question is closed and its answer revealed: when the next question is
    posted, or at the end of the question's local day."""
    if not text.strip():
        raise ScheduleError(f"No reveal setting given: use {REVEAL_FORM}.")
    value = _REVEAL_ALIASES.get(text.strip().lower())
    if value is None:
        raise ScheduleError(f"`{text}` is not a reveal setting: use {REVEAL_FORM}.")
    return value


def describe_reveal(reveal: str, tz: str) -> str:
    """``answers revealed at the end of the day (midnight Europe/Berlin)``."""
    if reveal == REVEAL_END_OF_DAY:
        return f"answers revealed at the end of the day (midnight {tz})"
    return "answers revealed when the next question is posted"


def _reveal_token(token: str) -> str | None:
    """The value of a ``reveal:X`` / ``reveal=X`` token (or a bare ``end-of-day``), else None."""
    key, sep, value = token.partition(":") if ":" in token else token.partition("=")
    if sep and key.lower() == "reveal":
        return value
    if token.lower() in ("end-of-day", "end_of_day", "endofday", "eod"):
        return token
    return None


def parse_subscription(tokens: list[str], default_tz: str) -> tuple[Schedule, str | None]:
    """``[HH:MM] [TZ] [days] [reveal:next|end-of-day]`` -> (Schedule, reveal or None when not
    given), or ScheduleError showing the right form."""
    reveal = None
    rest = []
    for token in tokens:
        value = _reveal_token(token)
        if value is None:
            rest.append(token)
            continue
        if reveal is not None:
            raise ScheduleError(f"Reveal given twice: use {USAGE}.")
        reveal = parse_reveal(value)
    return parse_schedule(rest, default_tz), reveal


def _looks_like_time(token: str) -> bool:
    return bool(re.fullmatch(r"\d{1,2}[:.h]?\d{0,2}(am|pm)?", token.lower())) and any(
        c.isdigit() for c in token
    )


def _is_days(token: str) -> bool:
    try:
        parse_days(token)
    except ScheduleError:
        return False
    return True


def parse_schedule(
    tokens: list[str], default_tz: str, default_days: frozenset[int] = DEFAULT_DAYS
) -> Schedule:
    """``[HH:MM] [TZ] [days]`` (any order; each part optional) -> Schedule, or ScheduleError.

    ``default_tz`` is used when no time zone is given (the asker's Slack time zone),
    ``default_days`` when no days are (the quiz: weekdays; the weekly digest: Monday).
    """
    at, tz, days = None, None, None
    for token in tokens:
        if _looks_like_time(token):
            if at is not None:
                raise ScheduleError(f"Two times given: use {USAGE}.")
            at = parse_time(token)
        elif _is_days(token):
            if days is not None:
                raise ScheduleError(f"Days given twice: use {USAGE}.")
            days = parse_days(token)
        elif "/" in token or token.lower() in _zones_by_lower():
            if tz is not None:
                raise ScheduleError(f"Two time zones given: use {USAGE}.")
            tz = parse_tz(token)
        elif "," in token or "-" in token or token.lower()[:3] in DAY_NAMES:
            parse_days(token)  # raises with the offending day named
        else:
            raise ScheduleError(
                f"`{token}` is not a time, a time zone or days. Use {USAGE}, "
                f"e.g. `09:00 Europe/Berlin weekdays`."
            )
    return Schedule(
        at=at or DEFAULT_TIME,
        tz=tz or parse_tz(default_tz),
        days=days if days is not None else default_days,
    )


def make_schedule(at: str, tz: str, days: str) -> Schedule:
    """From the stored / command-line spelling (``09:00``, ``Europe/Berlin``, ``mon-fri``)."""
    return Schedule(at=parse_time(at), tz=parse_tz(tz), days=parse_days(days))


# -- instants ------------------------------------------------------------------------------


def scheduled_instant(local_date: date, at: time, tz: str) -> datetime:
    """The UTC instant of wall time ``at`` on ``local_date`` in ``tz``.

    In a spring-forward gap: the first instant after the gap. In a fall-back overlap:
    the first occurrence.
    """
    zone = ZoneInfo(tz)
    wall = datetime.combine(local_date, at)
    first = wall.replace(tzinfo=zone, fold=0)
    if first.astimezone(timezone.utc).astimezone(zone).replace(tzinfo=None) == wall:
        return first.astimezone(timezone.utc)
    # ``wall`` does not exist (a gap): find the first instant whose wall time is >= ``wall``.
    lo = int(wall.replace(tzinfo=zone, fold=1).astimezone(timezone.utc).timestamp())
    hi = int(first.astimezone(timezone.utc).timestamp())
    lo, hi = min(lo, hi), max(lo, hi)
    while lo < hi:
        mid = (lo + hi) // 2
        local = datetime.fromtimestamp(mid, timezone.utc).astimezone(zone).replace(tzinfo=None)
        if local >= wall:
            hi = mid
        else:
            lo = mid + 1
    return datetime.fromtimestamp(lo, timezone.utc)


def local_date(now: datetime, tz: str) -> date:
    return now.astimezone(ZoneInfo(tz)).date()


def due_slot(schedule: Schedule, now: datetime, starts_at: datetime | None = None) -> Slot | None:
    """The slot due at ``now``: today's (local) question once its instant has passed, unless
    the schedule was set after that instant (``starts_at``: the first slot of a new or changed
    schedule is the first one at or after the moment it was set)."""
    if now.tzinfo is None:
        raise ValueError("due_slot needs an aware datetime")
    today = local_date(now, schedule.tz)
    if today.weekday() not in schedule.days:
        return None
    instant = scheduled_instant(today, schedule.at, schedule.tz)
    if now < instant or (starts_at is not None and instant < starts_at):
        return None
    return Slot(today, instant)


def next_slot(schedule: Schedule, now: datetime, *, at_or_after: bool = False) -> Slot:
    """The next slot whose instant is strictly after ``now`` (``at_or_after``: or at it)."""
    day = local_date(now, schedule.tz)
    for offset in range(8):
        d = day + timedelta(days=offset)
        if d.weekday() in schedule.days:
            instant = scheduled_instant(d, schedule.at, schedule.tz)
            if instant > now or (at_or_after and instant == now):
                return Slot(d, instant)
    raise ValueError("schedule has no days")  # pragma: no cover - parse_days forbids it


def upcoming_slot(
    schedule: Schedule, now: datetime, starts_at: datetime | None, done: Callable[[date], bool]
) -> tuple[Slot, bool]:
    """The slot the next tick will actually post, and whether it is already due (a late
    tick posts it at once). ``done(local_date)``: that day's question exists already."""
    due = due_slot(schedule, now, starts_at)
    if due is not None and not done(due.local_date):
        return due, True
    return next_slot(schedule, max(now, starts_at or now)), False
