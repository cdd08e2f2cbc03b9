"""The user's chosen local time, across time zones, DST and weekends."""

from __future__ import annotations

from datetime import date, datetime, time, timezone

from bot.onboarding import timing
from tests.support.onboarding import next_send


def test_ten_oclock_berlin_in_winter_and_summer():
    assert timing.at_local(date(2025, 1, 15), time(10), "Europe/Berlin") == datetime(
        2025, 1, 15, 9, tzinfo=timezone.utc
    )
    assert timing.at_local(date(2025, 7, 15), time(10), "Europe/Berlin") == datetime(
        2025, 7, 15, 8, tzinfo=timezone.utc
    )


def test_unknown_zone_falls_back_to_utc():
    assert timing.at_local(date(2025, 1, 15), time(10), "Mars/Olympus") == datetime(
        2025, 1, 15, 10, tzinfo=timezone.utc
    )
    assert not timing.is_zone("Mars/Olympus") and timing.is_zone("America/New_York")


def test_next_working_day_skips_the_weekend():
    friday_noon = datetime(2025, 3, 7, 12, tzinfo=timezone.utc)  # after 10:00 UTC
    assert next_send(friday_noon, time(10), "UTC", working_days=True) == datetime(
        2025, 3, 10, 10, tzinfo=timezone.utc
    )
    assert next_send(friday_noon, time(10), "UTC", working_days=False) == datetime(
        2025, 3, 8, 10, tzinfo=timezone.utc
    )


def test_local_date_and_send_time():
    # 23:30 UTC on the 3rd is already the 4th in Tokyo
    late = datetime(2025, 3, 3, 23, 30, tzinfo=timezone.utc)
    assert timing.local_date(late, "Asia/Tokyo") == date(2025, 3, 4)
    assert timing.send_time_reached(late, time(8), "Asia/Tokyo")
    assert not timing.send_time_reached(late, time(9), "Asia/Tokyo")


def test_parse_time():
    assert timing.parse_time("09:30") == time(9, 30)
    assert timing.parse_time("25:00") is None
    assert timing.parse_time("nine") is None
