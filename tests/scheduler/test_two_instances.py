"""Two instances tick the same database with overlapping fan-outs that run longer than the
claim lease plus a Retry-After: every lesson goes out once, none is lost (injected clocks and
sleeps: no real waiting)."""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta, timezone

from slack_sdk import WebClient

from bot.localslack.ids import BOT_TOKEN
from bot.onboarding.engine import OnboardingEngine
from bot.slack.delivery import Courier
from bot.store.onboarding import OnboardingStore

MONDAY_TEN = datetime(2026, 3, 2, 10, 0, tzinfo=timezone.utc)
USERS = [f"U0{n:02d}" for n in range(1, 13)]
POST_TAKES = 20.0  # seconds each of the first instance's posts takes (its monotonic clock)


class Instance:
    """An engine whose monotonic clock only moves when the test says so."""

    def __init__(self, knowledge, store, slack, *, sleep=None, fault=None) -> None:
        self.elapsed = 0.0
        client = WebClient(token=BOT_TOKEN, base_url=slack.base_url, timeout=5)
        self.engine = OnboardingEngine(knowledge, store, client)
        self.engine.courier = Courier(
            client,
            sleep=sleep or (lambda s: None),
            fault=fault,
            monotonic=lambda: self.elapsed,
        )


def test_overlapping_fan_outs_past_the_lease_post_every_lesson_once(knowledge, store, slack):
    ob = OnboardingStore(store)
    for user in USERS:
        ob.ensure_user(user, MONDAY_TEN - timedelta(days=3), tz="UTC", send_at="10:00")
        ob.start(user, MONDAY_TEN - timedelta(days=3))
    answered = []

    def slow_posts(point, delivery) -> None:
        if point == "answered":
            first.elapsed += POST_TAKES
            answered.append(delivery.channel)
        if point == "claimed" and len(answered) == 7:  # 140 s in: Slack says wait 3 s
            slack.fail("chat.postMessage", status=429, retry_after=3, times=1)

    def wait(seconds: float) -> None:  # while the first waits, the second ticks
        first.elapsed += seconds
        second = Instance(knowledge, store, slack)
        second.engine.tick(MONDAY_TEN + timedelta(seconds=first.elapsed))

    first = Instance(knowledge, store, slack, sleep=wait, fault=slow_posts)
    first.engine.tick(MONDAY_TEN)

    posted = Counter(c.args["channel"] for c in slack.calls_to("chat.postMessage", ok=True))
    assert posted == Counter({u: 1 for u in USERS})  # none twice, none missing
    assert ob.pending_lesson_claims() == []  # nothing left claimed
    assert {s.state for u in USERS for s in ob.lessons(u)} == {"posted"}
