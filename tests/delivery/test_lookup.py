"""A DM whose process died between Slack's answer and the write is found, not sent twice
(lesson and review DMs share the quiz's protocol); LocalSlack's ``conversations.history``
behaves like Slack's (oldest, latest, limit, cursors, metadata only when asked for)."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest
from slack_sdk import WebClient

from bot.localslack import LocalSlack
from bot.slack.delivery import LEASE, PERSON, Courier, Delivery, new_token
from bot.store.onboarding import OnboardingStore

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)


class Crash(BaseException):
    pass


def die_after_answer(point: str, delivery: Delivery) -> None:
    if point == "answered":
        raise Crash


@pytest.fixture
def slack():
    with LocalSlack() as server:
        yield server


def test_a_lesson_dm_whose_record_was_lost_is_found_after_the_lease(store, slack):
    ob = OnboardingStore(store)
    client = WebClient(token="xoxb-test", base_url=slack.base_url, timeout=5)
    values = {"number": 1, "local_date": date(2026, 3, 2)}
    key = ["U1", "intro"]
    assert ob.lesson_claims.claim("t1", NOW, user_id="U1", lesson_id="intro", **values)
    dying = Courier(client, fault=die_after_answer, monotonic=lambda: 0.0)  # claims at NOW
    with pytest.raises(Crash):
        dying.deliver(
            Delivery("lesson", ob.lesson_claims, key, "t1", "U1", PERSON), {"text": "L1"}, NOW
        )
    assert len(slack.messages("U1")) == 1  # Slack has it; the database does not know
    later = NOW + LEASE + timedelta(seconds=1)
    token = new_token()
    assert ob.lesson_claims.take_over(key, "t1", token, later, LEASE)
    again = Delivery("lesson", ob.lesson_claims, key, token, "U1", PERSON, taken_over=True)
    result = Courier(client).deliver(again, {"text": "L1"}, later)
    assert result.status == "posted" and result.ts == slack.messages("U1")[0]["ts"]
    assert len(slack.messages("U1")) == 1
    assert len(slack.calls_to("chat.postMessage")) == 1
    [lookup] = slack.calls_to("conversations.history")
    assert lookup.args["channel"] == "D1"  # the DM, opened with conversations.open
    assert float(lookup.args["oldest"]) == (NOW - timedelta(minutes=5)).timestamp()


def test_conversations_history_pages_newest_first_and_hides_metadata_unless_asked(slack):
    client = WebClient(token="xoxb-test", base_url=slack.base_url, timeout=5)
    meta = {"event_type": "whoowns_delivery", "event_payload": {"kind": "quiz", "key": "k"}}
    posted = [
        client.chat_postMessage(channel="C1", text=f"m{i}", metadata=meta)["ts"] for i in range(5)
    ]
    first = client.conversations_history(channel="C1", limit=2, oldest=posted[0])
    assert [m["text"] for m in first["messages"]] == ["m4", "m3"]  # oldest is exclusive
    assert first["has_more"] is True and "metadata" not in first["messages"][0]
    cursor = first["response_metadata"]["next_cursor"]
    second = client.conversations_history(
        channel="C1", limit=2, oldest=posted[0], cursor=cursor, include_all_metadata=True
    )
    assert [m["text"] for m in second["messages"]] == ["m2", "m1"]
    assert second["messages"][0]["metadata"] == meta
    assert second["has_more"] is False
    inclusive = client.conversations_history(
        channel="C1", oldest=posted[1], latest=posted[3], inclusive=True
    )
    assert [m["text"] for m in inclusive["messages"]] == ["m3", "m2", "m1"]
    assert client.conversations_join(channel="C1")["channel"]["is_member"] is True
