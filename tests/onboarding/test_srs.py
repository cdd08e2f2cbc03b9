"""FSRS scheduling as a learner sees it: wrong answers come back soon, right ones space out."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from fsrs import Rating

from bot.onboarding import srs

T0 = datetime(2025, 3, 3, 10, 0, tzinfo=timezone.utc)


def test_ratings_follow_the_documented_thresholds():
    assert srs.rating_for(False, timedelta(seconds=3)) == Rating.Again
    assert srs.rating_for(True, timedelta(seconds=5)) == Rating.Easy
    assert srs.rating_for(True, timedelta(seconds=15)) == Rating.Easy
    assert srs.rating_for(True, timedelta(seconds=30)) == Rating.Good
    assert srs.rating_for(True, timedelta(seconds=90)) == Rating.Hard
    assert srs.rating_for(True, timedelta(seconds=5), hinted=True) == Rating.Hard
    # untimed (lesson questions) and "was away" count as a plain right answer
    assert srs.rating_for(True, None) == Rating.Good
    assert srs.rating_for(True, timedelta(hours=3)) == Rating.Good


def test_a_wrong_answer_comes_back_the_next_day():
    scheduler = srs.make_scheduler()
    first = srs.review(None, "cell:rds:patching", Rating.Again, T0, scheduler)
    assert first.due - T0 == timedelta(days=1)
    assert not first.mastered
    # wrong again after having known it: still the next day
    good = srs.review(None, "cell:rds:patching", Rating.Good, T0, scheduler)
    lapse = srs.review(good.card_json, "cell:rds:patching", Rating.Again, good.due, scheduler)
    assert lapse.due - good.due == timedelta(days=1)


def test_a_run_of_right_answers_spaces_out_until_mastered():
    scheduler = srs.make_scheduler()
    card_json, now, gaps, mastered_after = None, T0, [], None
    for n in range(1, 6):
        result = srs.review(card_json, "category:dynamodb", Rating.Good, now, scheduler)
        gaps.append(result.due - now)
        if result.mastered and mastered_after is None:
            mastered_after = n
        card_json, now = result.card_json, result.due
    assert gaps == sorted(gaps) and len(set(gaps)) == len(gaps), gaps
    assert gaps[0] >= timedelta(days=1)
    assert mastered_after is not None and mastered_after <= 3


def test_card_ids_are_stable_and_distinct():
    a = srs.fsrs_card_id("cell:rds:patching")
    assert a == srs.fsrs_card_id("cell:rds:patching")
    assert a != srs.fsrs_card_id("cell:rds:backups")
    assert 0 < a < 2**53


def test_naive_datetimes_are_refused():
    import pytest

    with pytest.raises(ValueError):
        srs.review(None, "x", Rating.Good, datetime(2025, 1, 1), srs.make_scheduler())
