"""The one delivery protocol (bot.slack.delivery): what a claimed message becomes after Slack
answers — posted and recorded, retried, or failed for good — on SQLite and PostgreSQL,
against LocalSlack. The clock and the 429 waits are injected; nothing sleeps."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta, timezone

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.web import SlackResponse

from bot.localslack import LocalSlack
from bot.slack.delivery import CHANNEL, PERSON, Courier, Delivery, slack_error
from bot.store.onboarding import OnboardingStore

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)
MESSAGE = {"text": "Lesson 1 of 5"}
LEASE_ZERO = timedelta(0)


@pytest.fixture(scope="module")
def slack_server() -> Iterator[LocalSlack]:
    with LocalSlack() as server:
        yield server


@pytest.fixture
def slack(slack_server: LocalSlack) -> LocalSlack:
    slack_server.clear()
    return slack_server


@pytest.fixture
def ob(store) -> OnboardingStore:
    return OnboardingStore(store)


def courier(slack: LocalSlack, waits: list[float]) -> Courier:
    client = WebClient(token="xoxb-delivery-test", base_url=slack.base_url, timeout=5)
    return Courier(client, sleep=waits.append)


def lesson(ob: OnboardingStore, token: str = "t1", *, to=PERSON) -> Delivery:
    values = {"number": 1, "local_date": date(2026, 3, 2)}
    assert ob.lesson_claims.claim(token, NOW, user_id="U1", lesson_id="intro", **values)
    return Delivery("lesson", ob.lesson_claims, ["U1", "intro"], token, "U1", to)


def row(ob: OnboardingStore):
    [sent] = ob.lessons("U1")
    return sent


def test_a_posted_dm_is_recorded_with_its_channel_and_ts(ob, slack):
    result = courier(slack, []).deliver(lesson(ob), MESSAGE, NOW)
    assert result.status == "posted" and result.ts
    sent = row(ob)
    assert (sent.state, sent.channel, sent.message_ts) == ("posted", result.channel, result.ts)
    assert [c.args["text"] for c in slack.calls_to("chat.postMessage", ok=True)] == [
        "Lesson 1 of 5"
    ]


def test_429s_wait_retry_after_then_the_message_goes_out_once(ob, slack):
    slack.fail("chat.postMessage", status=429, retry_after=3, times=2)
    waits: list[float] = []
    result = courier(slack, waits).deliver(lesson(ob), MESSAGE, NOW)
    assert result.status == "posted"
    assert waits == [3.0, 3.0]
    assert len(slack.calls_to("chat.postMessage", ok=True)) == 1


def test_a_person_slack_cannot_reach_is_stopped_and_the_dm_fails_for_good(ob, slack):
    slack.fail("chat.postMessage", status=200, error="user_not_found", times=1)
    result = courier(slack, []).deliver(lesson(ob), MESSAGE, NOW)
    assert (result.status, result.error) == ("stopped", "user_not_found")
    assert (row(ob).state, row(ob).error) == ("failed", "user_not_found")


def test_an_error_about_a_person_is_retried_when_posting_to_a_channel(ob, slack):
    # posting to a channel, account_inactive means the bot's token: a retry may outlive it
    slack.fail("chat.postMessage", status=200, error="account_inactive", times=1)
    result = courier(slack, []).deliver(lesson(ob, to=CHANNEL), MESSAGE, NOW)
    assert (result.status, result.error) == ("retry", "account_inactive")
    sent = row(ob)
    assert (sent.state, sent.claimed_at, sent.error) == ("claimed", None, "account_inactive")


def test_a_server_error_releases_the_claim_for_the_next_tick(ob, slack):
    slack.fail("chat.postMessage", status=500, times=1)
    result = courier(slack, []).deliver(lesson(ob), MESSAGE, NOW)
    assert result.status == "retry"
    released = row(ob)
    assert released.claimed_at is None  # released: a later tick takes it, after the backoff
    assert not ob.lesson_claims.take_over(["U1", "intro"], "t1", "t2", NOW, LEASE_ZERO)
    later = NOW + timedelta(minutes=1, seconds=1)
    again = courier(slack, []).deliver(lesson_taken_over(ob, later), MESSAGE, later)
    assert again.status == "posted"


def lesson_taken_over(ob: OnboardingStore, at: datetime = NOW) -> Delivery:
    sent = row(ob)
    key = ["U1", "intro"]
    assert ob.lesson_claims.take_over(key, sent.claim_token, "t2", at, LEASE_ZERO)
    return Delivery("lesson", ob.lesson_claims, key, "t2", "U1", PERSON)


def test_a_claim_taken_over_while_posting_is_reported_lost(ob, slack):
    first = lesson(ob, "slow")
    key = ["U1", "intro"]
    ob.lesson_claims.release(key, "slow", "timeout")  # as if the lease had run out
    assert ob.lesson_claims.take_over(key, "slow", "fast", NOW, LEASE_ZERO)
    result = courier(slack, []).deliver(first, MESSAGE, NOW)
    assert result.status == "lost"
    assert row(ob).state == "claimed"  # the holder of the claim records its own post


def test_an_http_error_without_a_slack_code_is_reported_as_http_status():
    response = SlackResponse(
        client=None,
        http_verb="POST",
        api_url="https://slack.com/api/chat.postMessage",
        req_args={},
        data={"ok": False},
        headers={},
        status_code=503,
    )
    assert slack_error(SlackApiError("unavailable", response)) == "http_503"
    assert slack_error(TimeoutError()) == "TimeoutError"


def test_an_error_raised_without_a_call_is_reported_not_a_crash():
    # a client that remembers a refused token raises with a plain dict as the response
    from bot.slack.delivery import call

    def refused(**_: object) -> None:
        raise SlackApiError("account_inactive", {"ok": False, "error": "account_inactive"})

    with pytest.raises(SlackApiError) as raised:
        call(refused, sleep=lambda _s: None)
    assert slack_error(raised.value) == "account_inactive"
