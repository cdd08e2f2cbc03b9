"""The Messages tab: prompts that fit the person, a status while the answer is worked on, and
every prompt answered in the DM; Slack refusing either call never costs the answer."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest

from bot.localslack import ids
from tests.support.bolt import make_bot, make_deps
from tests.support.payloads import all_text, assert_valid_message
from tests.support.slack_requests import app_home_opened, event_callback, im_message

MANAGED_VS_UNMANAGED = "What changes between Managed and Unmanaged?"


def prompts_set(bot) -> list[dict]:
    [call] = bot.slack.calls_to("assistant.threads.setSuggestedPrompts")
    assert call.response == {"ok": True}  # LocalSlack checked it as Slack does
    assert "thread_ts" not in call.args  # agent view: a thread_ts makes the call fail silently
    return call.json_arg("prompts")


def open_tab(bot, user: str) -> None:
    bot.event(app_home_opened(user, tab="messages"))


def dm(bot, text: str, user: str = "U0ALICE", thread_ts: str | None = None, **kwargs) -> None:
    event = im_message(text, user=user, channel=ids.dm_channel_for(user), **kwargs)
    if thread_ts:
        event["thread_ts"] = thread_ts
    bot.event(event)


def answers(bot, user: str = "U0ALICE") -> list[dict]:
    out = []
    for call in bot.slack.calls_to("chat.postMessage", ok=True):
        if call.args["channel"] in (user, ids.dm_channel_for(user)):
            payload = {"text": call.args.get("text", ""), "blocks": call.json_arg("blocks") or []}
            assert_valid_message(payload)
            out.append(payload)
    return out


def test_a_member_of_a_team_with_databases_is_offered_one_of_them(bot):
    open_tab(bot, "U0ALICE")
    [call] = bot.slack.calls_to("assistant.threads.setSuggestedPrompts")
    assert call.args["channel_id"] == ids.dm_channel_for("U0ALICE")
    assert call.args["title"] == "Ask me who owns what:"
    assert prompts_set(bot) == [
        {"title": t, "message": t}
        for t in ("Who patches orders-db?", MANAGED_VS_UNMANAGED, "Quiz me", "My onboarding")
    ]
    assert bot.slack.calls_to("views.publish") == []  # the Home tab is not republished


def test_someone_in_no_team_gets_no_database_prompt(bot):
    open_tab(bot, "U0NORA")
    assert [p["title"] for p in prompts_set(bot)] == [
        MANAGED_VS_UNMANAGED,
        "Quiz me",
        "My onboarding",
    ]


def test_without_a_database_the_onboarding_prompts_are_not_offered(
    org_knowledge, org_matcher, local_slack
):
    bot = make_bot(make_deps(org_knowledge, org_matcher, local_slack), local_slack)
    open_tab(bot, "U0ALICE")
    assert [p["title"] for p in prompts_set(bot)] == [
        "Who patches orders-db?",
        MANAGED_VS_UNMANAGED,
    ]


def test_the_home_tab_still_publishes_home(bot):
    bot.event(app_home_opened("U0ALICE"))
    [call] = bot.slack.calls_to("views.publish")
    assert call.args["user_id"] == "U0ALICE"
    assert bot.slack.calls_to("assistant.threads.setSuggestedPrompts") == []


def test_the_status_is_shown_before_the_answer_and_on_the_message(bot):
    dm(bot, "who patches orders-db?", ts="1700000000.000100")
    methods = [c.method for c in bot.slack.calls]
    assert methods.index("assistant.threads.setStatus") < methods.index("chat.postMessage")
    [status] = bot.slack.calls_to("assistant.threads.setStatus")
    assert status.response == {"ok": True}
    assert status.args["channel_id"] == ids.dm_channel_for("U0ALICE")
    assert status.args["thread_ts"] == "1700000000.000100"
    assert status.args["status"] == "is looking that up…"


def test_in_a_thread_the_status_goes_on_the_thread(bot):
    dm(bot, "rds", thread_ts="1700000000.000001", ts="1700000000.000200")
    [status] = bot.slack.calls_to("assistant.threads.setStatus")
    assert status.args["thread_ts"] == "1700000000.000001"


def test_each_prompt_is_answered_in_the_dm(bot):
    open_tab(bot, "U0ALICE")
    for prompt in prompts_set(bot):
        dm(bot, prompt["message"])
    patches, compared, quiz, onboarding = answers(bot)
    assert "orders-db" in all_text(patches) and "Platform DB" in all_text(patches)
    assert "Managed vs Unmanaged" in all_text(compared)
    assert "don't cover" not in all_text(compared)
    # nothing learned yet: the review deck is empty, and it says how to fill it
    assert "review deck is empty" in all_text(quiz) and "/whoowns onboard" in all_text(quiz)
    assert "Your onboarding" in all_text(onboarding)
    assert "0/" in onboarding["text"]  # no lesson done yet


def test_quiz_me_sends_the_cards_due_once_the_track_has_started(bot):
    bot.command("onboard", user="U0ALICE")  # the welcome DM; lessons add cards
    welcome = answers(bot)[-1]
    start = next(
        e
        for b in welcome["blocks"]
        if b.get("type") == "actions"
        for e in b["elements"]
        if "start" in e["action_id"]
    )
    bot.click(start, "U0ALICE", channel=ids.dm_channel_for("U0ALICE"))
    bot.clock.at += timedelta(days=3)
    bot.slack.clear()
    dm(bot, "quiz me!")
    said = [all_text(a) for a in answers(bot)]
    assert any("Your review is in our DM" in s for s in said), said


@pytest.mark.parametrize("error", ["missing_scope", "not_allowed_token_type", "team_not_allowed"])
def test_a_refused_status_still_lets_the_answer_arrive(bot, caplog, error):
    bot.slack.fail("assistant.threads.setStatus", error=error, times=None)
    with caplog.at_level(logging.WARNING):
        dm(bot, "who patches orders-db?")
        dm(bot, "rds")
    assert len(answers(bot)) == 2  # both answered
    # refused once: remembered for the workspace, not asked again for the second message
    assert len(bot.slack.calls_to("assistant.threads.setStatus")) == 1
    [line] = [r.getMessage() for r in caplog.records if "setStatus" in r.getMessage()]
    assert error in line
    if error == "missing_scope":
        assert "chat:write" in line
    assert ids.BOT_TOKEN not in caplog.text


def test_the_status_is_asked_again_an_hour_after_a_refusal(bot):
    bot.slack.fail("assistant.threads.setStatus", error="missing_scope", times=1)
    dm(bot, "rds")
    bot.clock.at += timedelta(minutes=61)
    dm(bot, "rds")
    ok = [c.response.get("ok") for c in bot.slack.calls_to("assistant.threads.setStatus")]
    assert ok == [False, True]


def test_slack_down_for_the_status_still_answers(bot):
    bot.slack.fail("assistant.threads.setStatus", status=500, times=None)
    dm(bot, "rds")
    dm(bot, "rds")
    assert len(answers(bot)) == 2
    assert len(bot.slack.calls_to("assistant.threads.setStatus")) == 2  # not remembered


def test_refused_prompts_are_logged_once_and_the_tab_still_opens(bot, caplog):
    bot.slack.fail("assistant.threads.setSuggestedPrompts", error="missing_scope", times=None)
    with caplog.at_level(logging.WARNING):
        response = bot.send(event_callback(app_home_opened("U0ALICE", tab="messages")))
        open_tab(bot, "U0BOB")
    assert response.status == 200
    [line] = [r.getMessage() for r in caplog.records if "setSuggestedPrompts" in r.getMessage()]
    assert "missing_scope" in line and "assistant:write" in line
    assert ids.BOT_TOKEN not in caplog.text
    dm(bot, "rds")  # and DMs are answered as before
    assert len(answers(bot)) == 1


def test_with_the_database_down_my_onboarding_says_so_in_the_dm(
    org_knowledge, org_matcher, local_slack
):
    from bot.store import Store
    from bot.store.connect import create_store_engine

    url = "postgresql://postgres@127.0.0.1:9/whoowns"  # nothing listens: refused at once
    down = Store(create_store_engine(url), url)
    bot = make_bot(make_deps(org_knowledge, org_matcher, local_slack, down), local_slack)
    dm(bot, "My onboarding")
    dm(bot, "Quiz me")
    said = [all_text(a) for a in answers(bot)]
    assert len(said) == 2
    assert all("database isn't answering" in s for s in said), said
