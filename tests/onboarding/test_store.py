"""The onboarding store, one suite on SQLite and PostgreSQL (the ``db_url`` fixture)."""

from __future__ import annotations

import threading
from datetime import date, datetime, timedelta, timezone

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from fsrs import Rating

from bot.onboarding import srs
from bot.store import open_store
from bot.store.onboarding import (
    CHANNEL_KEY,
    DAILY,
    NOW,
    OnboardingStore,
    send_id_for,
)
from bot.store.schema import load_all_tables
from tests.support.onboarding import review_log

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)  # a Monday
SCHEDULER = srs.make_scheduler()


def schedule(card_id: str):
    def run(current, rating):
        return srs.row_values(current.fsrs if current else None, card_id, rating, T0, SCHEDULER)

    return run


@pytest.fixture
def ob(store):
    return OnboardingStore(store)


def race(n: int, fn) -> list:
    results: list = []
    lock = threading.Lock()
    barrier = threading.Barrier(n)

    def worker():
        barrier.wait()
        got = fn()
        with lock:
            results.append(got)

    threads = [threading.Thread(target=worker) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def test_migration_matches_the_table_declarations(db_url):
    store = open_store(db_url)
    try:
        metadata = load_all_tables()
        with store.engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), metadata)
        mine = [d for d in diff if "onboarding" in repr(d)]
        assert mine == []
    finally:
        store.close()


def test_a_user_is_invited_once_even_when_asked_at_once(ob):
    ob.ensure_user("U1", T0, tz="Europe/Berlin", send_at="10:00")
    again = ob.ensure_user("U1", T0, tz="UTC", send_at="09:00")
    assert (again.tz, again.send_at) == ("Europe/Berlin", "10:00")  # first row kept
    won = race(6, lambda: ob.claim_invite("U1", None, T0))
    assert won.count(True) == 1
    assert ob.user("U1").invited_at == T0


def test_start_stop_and_resume(ob):
    ob.ensure_user("U1", T0, tz="UTC", send_at="10:00")
    assert ob.start("U1", T0) is True
    assert ob.start("U1", T0 + timedelta(hours=1)) is False  # already started
    assert ob.stop("U1", T0 + timedelta(days=1)) is True
    assert ob.stop("U1", T0 + timedelta(days=1)) is False
    assert not ob.user("U1").active
    ob.start("U1", T0 + timedelta(days=2))  # resume
    user = ob.user("U1")
    assert user.active and user.started_at == T0


def test_a_lesson_is_claimed_once_and_a_stale_claim_is_taken_over(ob):
    def claim():
        values = {"number": 1, "local_date": date(2026, 3, 2)}
        return ob.lesson_claims.claim("t", T0, user_id="U1", lesson_id="the-model", **values)

    won = race(5, claim)
    assert won.count(True) == 1
    [pending] = ob.pending_lesson_claims()
    lease = timedelta(minutes=2)
    key = ["U1", "the-model"]
    fresh = T0 + timedelta(minutes=1)
    assert not ob.lesson_claims.take_over(key, pending.claim_token, "t2", fresh, lease)
    later = T0 + timedelta(minutes=5)
    won = race(4, lambda: ob.lesson_claims.take_over(key, pending.claim_token, "t2", later, lease))
    assert won.count(True) == 1
    assert not ob.lesson_claims.posted(key, "t", later, channel="D1", message_ts="1.1")  # old
    assert ob.lesson_claims.posted(key, "t2", later, channel="D1", message_ts="1.2")
    [sent] = ob.lessons("U1")
    assert (sent.state, sent.message_ts) == ("posted", "1.2")


def test_the_first_lesson_answer_counts_and_reviews_its_card(ob):
    card = "category:rds"

    def answer(option, correct):
        rating = Rating.Good if correct else Rating.Again
        return ob.record_lesson_answer(
            "U1",
            "managed",
            card,
            option,
            correct,
            T0,
            card_id=card,
            schedule=schedule(card),
            rating=rating,
        )

    first = answer("fully-managed", False)
    assert first.first and first.card.reps == 1 and first.card.lapses == 1
    assert first.card.due == T0 + timedelta(days=1)  # wrong: tomorrow
    second = answer("managed", True)
    assert not second.first and second.previous_option == "fully-managed"
    assert [a.option for a in ob.lesson_answers("U1")] == ["fully-managed"]
    assert len(review_log(ob, "U1")) == 1


def test_cards_are_added_once(ob):
    rows = [("category:rds", srs.new_row_values("category:rds", T0))]
    assert ob.add_cards("U1", rows, T0, "lesson") == ["category:rds"]
    assert ob.add_cards("U1", rows, T0, "quiz-me") == []
    assert [c.added_via for c in ob.cards("U1")] == ["lesson"]


def test_one_daily_review_dm_per_user_and_day_across_threads(ob):
    cards = ["category:rds", "exam:rds-managed"]

    def claim():
        return ob.claim_review(
            user="U1",
            slot="2026-03-02",
            kind=DAILY,
            local_date=date(2026, 3, 2),
            cards=cards,
            token=f"t{threading.get_ident()}",
            now=T0,
        )

    assert [send is not None for send in race(8, claim)].count(True) == 1
    send = ob.review_send(send_id_for("U1", "2026-03-02"))
    assert send.cards == tuple(cards)
    assert [i.card_id for i in ob.review_items(send.id)] == cards
    # "Review now" uses its own slots and never takes the daily one
    assert ob.claim_review(
        user="U1",
        slot="now-ab12",
        kind=NOW,
        local_date=date(2026, 3, 2),
        cards=cards[:1],
        token="x",
        now=T0,
    )


def test_a_review_answer_counts_once_and_is_timed_from_the_dm(ob):
    card = "category:rds"
    ob.ensure_user("U1", T0, tz="UTC", send_at="10:00")
    ob.add_cards("U1", [(card, srs.new_row_values(card, T0))], T0, "lesson")
    ob.claim_review(
        user="U1",
        slot="2026-03-02",
        kind=DAILY,
        local_date=date(2026, 3, 2),
        cards=[card],
        token="t",
        now=T0,
    )
    ob.review_claims.posted(
        [send_id_for("U1", "2026-03-02")], "t", T0, channel="D1", message_ts="1.1"
    )
    send = ob.review_send(send_id_for("U1", "2026-03-02"))
    assert ob.mark_hinted(send.id, card)
    seen = []

    def rating_for(item, asked_at):
        seen.append((item.hinted, asked_at))
        return int(Rating.Hard)

    clicked = T0 + timedelta(seconds=12)
    results = race(
        4,
        lambda: ob.record_review_answer(
            send, card, "managed", True, clicked, schedule=schedule(card), rating_for=rating_for
        ),
    )
    assert [r.first for r in results].count(True) == 1
    assert seen == [(True, T0)]
    [log] = review_log(ob, "U1")
    assert (log["rating"], log["response_ms"], log["hinted"]) == (int(Rating.Hard), 12000, True)
    assert not ob.mark_hinted(send.id, card)  # answered: no more hints


def test_users_with_due_cards_leave_out_stopped_users(ob):
    for user in ("U1", "U2"):
        ob.ensure_user(user, T0, tz="UTC", send_at="10:00")
        ob.add_cards(user, [("category:rds", srs.new_row_values("category:rds", T0))], T0, "lesson")
    ob.stop("U2", T0)
    assert ob.users_with_due_cards(T0 + timedelta(seconds=1)) == ["U1"]
    assert ob.users_with_due_cards(T0) == []


def test_the_onboarding_channel_setting(ob):
    assert ob.setting(CHANNEL_KEY) is None
    ob.set_setting(CHANNEL_KEY, "C1", "U1", T0)
    ob.set_setting(CHANNEL_KEY, "C2", "U2", T0)
    assert ob.setting(CHANNEL_KEY) == "C2"


def test_a_claim_left_for_a_stopped_person_keeps_no_tick_busy_until_they_come_back(ob):
    """A lesson claim whose process died is taken over by the next tick, unless Slack cannot
    reach the person meanwhile: then it waits for them (no tick would send it), and their
    workspace is not worth a tick for it every minute."""
    from bot.store.onboarding.due import onboarding_work

    ob.start("U1", T0)
    values = {"number": 1, "local_date": date(2026, 3, 2)}
    assert ob.lesson_claims.claim("t", T0, user_id="U1", lesson_id="the-model", **values)
    later, lease = T0 + timedelta(minutes=5), timedelta(minutes=2)
    workspace = ob.store.workspace
    assert onboarding_work(ob.store, later, lease).busy == {workspace}
    ob.stop_delivery("U1", "user_not_found", later)
    assert onboarding_work(ob.store, later, lease).busy == set()
    assert ob.came_back("U1")
    assert onboarding_work(ob.store, later, lease).busy == {workspace}
