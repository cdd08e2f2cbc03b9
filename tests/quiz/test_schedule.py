"""When a channel's question is due: winter, summer, both DST switch days, days of the week."""

from __future__ import annotations

from datetime import date, datetime, time, timezone

import pytest

from bot.quiz.schedule import (
    DAILY,
    WEEKDAYS,
    Schedule,
    ScheduleError,
    due_slot,
    make_schedule,
    next_slot,
    parse_days,
    parse_schedule,
    scheduled_instant,
)


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=timezone.utc)


BERLIN_9 = make_schedule("09:00", "Europe/Berlin", "weekdays")
NY_9 = make_schedule("09:00", "America/New_York", "weekdays")


@pytest.mark.parametrize(
    ("schedule", "day", "expected"),
    [
        (BERLIN_9, date(2024, 1, 15), utc(2024, 1, 15, 8, 0)),  # winter: CET = UTC+1
        (BERLIN_9, date(2024, 7, 15), utc(2024, 7, 15, 7, 0)),  # summer: CEST = UTC+2
        (NY_9, date(2024, 1, 15), utc(2024, 1, 15, 14, 0)),  # EST = UTC-5
        (NY_9, date(2024, 7, 15), utc(2024, 7, 15, 13, 0)),  # EDT = UTC-4
        # the switch days themselves: 09:00 is outside the gap/overlap, new offset applies
        (BERLIN_9, date(2024, 3, 31), utc(2024, 3, 31, 7, 0)),
        (BERLIN_9, date(2024, 10, 27), utc(2024, 10, 27, 8, 0)),
        (NY_9, date(2024, 3, 10), utc(2024, 3, 10, 13, 0)),
        (NY_9, date(2024, 11, 3), utc(2024, 11, 3, 14, 0)),
    ],
)
def test_nine_o_clock_local_in_winter_summer_and_on_switch_days(schedule, day, expected):
    assert scheduled_instant(day, schedule.at, schedule.tz) == expected


@pytest.mark.parametrize(
    ("tz", "day", "expected"),
    [
        # spring forward: 02:00 -> 03:00 local; 02:30 does not exist -> first instant after
        ("Europe/Berlin", date(2024, 3, 31), utc(2024, 3, 31, 1, 0)),  # 03:00 CEST
        ("America/New_York", date(2024, 3, 10), utc(2024, 3, 10, 7, 0)),  # 03:00 EDT
    ],
)
def test_time_in_spring_forward_gap_posts_when_the_gap_ends(tz, day, expected):
    instant = scheduled_instant(day, time(2, 30), tz)
    assert instant == expected
    assert instant.astimezone(make_schedule("02:30", tz, "daily").zone).strftime("%H:%M") == "03:00"


@pytest.mark.parametrize(
    ("tz", "day", "first", "second"),
    [
        # fall back: 01:30 (NY) / 02:30 (Berlin) happens twice; we take the first one
        ("Europe/Berlin", date(2024, 10, 27), utc(2024, 10, 27, 0, 30), utc(2024, 10, 27, 1, 30)),
        ("America/New_York", date(2024, 11, 3), utc(2024, 11, 3, 5, 30), utc(2024, 11, 3, 6, 30)),
    ],
)
def test_time_in_fall_back_overlap_posts_once_at_first_occurrence(tz, day, first, second):
    at = time(2, 30) if tz == "Europe/Berlin" else time(1, 30)
    sched = Schedule(at, tz, DAILY)
    assert scheduled_instant(day, at, tz) == first
    # due at the first occurrence, and still the same single slot at the second one
    assert due_slot(sched, first).scheduled_utc == first
    assert due_slot(sched, second) == due_slot(sched, first)
    assert due_slot(sched, first.replace(minute=29)) is None


def test_due_from_the_instant_until_the_end_of_the_local_day():
    monday = date(2024, 1, 15)
    assert due_slot(BERLIN_9, utc(2024, 1, 15, 7, 59)) is None
    slot = due_slot(BERLIN_9, utc(2024, 1, 15, 8, 0))
    assert slot is not None and slot.local_date == monday
    # a late tick (the process was down at 09:00) still posts that day's question
    late = due_slot(BERLIN_9, utc(2024, 1, 15, 22, 59))  # 23:59 Berlin
    assert late is not None and late.local_date == monday
    # ... but not after local midnight: Tuesday's slot is not due before 09:00 Tuesday
    assert due_slot(BERLIN_9, utc(2024, 1, 15, 23, 0)) is None  # 00:00 Tuesday Berlin


def test_local_day_not_utc_day_decides():
    # 23:30 UTC Sunday is 09:30 Monday in Sydney
    sched = make_schedule("09:00", "Australia/Sydney", "weekdays")
    slot = due_slot(sched, utc(2024, 1, 14, 23, 30))
    assert slot is not None and slot.local_date == date(2024, 1, 15)


@pytest.mark.parametrize(
    ("days", "posting"),
    [
        ("weekdays", {"Mon", "Tue", "Wed", "Thu", "Fri"}),
        ("daily", {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"}),
        ("mon,wed,fri", {"Mon", "Wed", "Fri"}),
        ("mon-fri", {"Mon", "Tue", "Wed", "Thu", "Fri"}),
        ("sat,sun", {"Sat", "Sun"}),
    ],
)
def test_days_of_the_week(days, posting):
    sched = make_schedule("09:00", "UTC", days)
    week = [date(2024, 1, 15 + i) for i in range(7)]  # Mon 15 .. Sun 21
    due = {d.strftime("%a") for d in week if due_slot(sched, utc(d.year, d.month, d.day, 10))}
    assert due == posting


def test_next_slot_skips_the_weekend():
    friday_after = utc(2024, 1, 19, 9, 0)  # Friday 10:00 Berlin
    nxt = next_slot(BERLIN_9, friday_after)
    assert nxt.local_date == date(2024, 1, 22)
    assert nxt.scheduled_utc == utc(2024, 1, 22, 8, 0)


@pytest.mark.parametrize(
    ("tokens", "expected"),
    [
        ([], ("09:00", "America/Chicago", "weekdays")),
        (["08:30"], ("08:30", "America/Chicago", "weekdays")),
        (["9:05", "europe/berlin", "daily"], ("09:05", "Europe/Berlin", "daily")),
        (["17:00", "UTC", "mon,wed,fri"], ("17:00", "UTC", "mon,wed,fri")),
        (["Asia/Tokyo", "mon-fri"], ("09:00", "Asia/Tokyo", "weekdays")),
        (["friday"], ("09:00", "America/Chicago", "fri")),
    ],
)
def test_parse_subscribe_arguments(tokens, expected):
    sched = parse_schedule(tokens, default_tz="America/Chicago")
    assert (sched.time_text, sched.tz, sched.days_text) == expected


@pytest.mark.parametrize(
    ("tokens", "says"),
    [
        (["25:00"], "HH:MM"),
        (["09:60"], "HH:MM"),
        (["9am"], "HH:MM"),
        (["09:00", "Europe/Berln"], "Did you mean Europe/Berlin?"),
        (["09:00", "Mars/Olympus"], "IANA time zone"),
        (["09:00", "UTC", "mon,wd"], "`wd` is not a day"),
        (["09:00", "UTC", "mon-xyz"], "mon,wed,fri"),
        (["tomorrow"], "e.g. `09:00 Europe/Berlin weekdays`"),
    ],
)
def test_bad_input_says_what_is_wrong_and_the_right_form(tokens, says):
    with pytest.raises(ScheduleError) as err:
        parse_schedule(tokens, default_tz="UTC")
    assert says in str(err.value)


def test_days_ranges_and_canonical_spelling():
    assert parse_days("mon-fri") == WEEKDAYS
    assert parse_days("Monday,Wednesday") == frozenset({0, 2})
    assert parse_days("fri-mon") == frozenset({4, 5, 6, 0})
    assert make_schedule("07:00", "UTC", "mon-fri").describe() == "07:00 UTC, weekdays (Mon–Fri)"
