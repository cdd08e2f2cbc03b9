"""The "Start onboarding for a person" step, run by Workflow Builder: the person gets the same
welcome DM and the same onboarding record as with ``/whoowns onboard @person``, once; Slack
gets ``functions.completeSuccess`` with the status, or ``functions.completeError`` saying who
could not be onboarded. Both databases (``store`` fixture)."""

from __future__ import annotations

import pytest

from bot.store.onboarding import OnboardingStore
from tests.support.onboarding import dms
from tests.support.payloads import all_text
from tests.support.steps import bot_on, ended, function_executed

NEWBIE = "U0NEWBIE"


@pytest.fixture
def bot(org_knowledge, org_matcher, slack, store):
    return bot_on(org_knowledge, org_matcher, slack, store)


def run(bot, **inputs) -> tuple[str, object]:
    bot.slack.clear()
    bot.event(function_executed("start_onboarding", inputs))
    return ended(bot.slack)


def test_the_step_enrols_the_person_as_the_slash_command_does(bot):
    assert run(bot, user=NEWBIE, signed_up_by="U0BOSS") == (
        "success",
        {
            "status": "invited",
            "user": NEWBIE,
            "message": f"Sent {NEWBIE} the onboarding welcome DM with a Start button.",
        },
    )
    [welcome] = dms(bot.slack, NEWBIE)
    assert "<@U0BOSS> signed you up" in all_text(welcome)
    assert OnboardingStore(bot.deps.store).user(NEWBIE) is not None
    # the slash command sees the same enrolment: nothing sent twice
    bot.command(f"onboard <@{NEWBIE}>", user="U0BOSS")
    assert "already started" in bot.replies("cmd-onboard")[-1]["text"]
    assert len(dms(bot.slack, NEWBIE)) == 1


def test_a_second_run_for_the_same_person_sends_nothing_and_says_so(bot):
    run(bot, user=NEWBIE)
    kind, outputs = run(bot, user=NEWBIE)
    assert (kind, outputs["status"]) == ("success", "already_enrolled")
    assert dms(bot.slack, NEWBIE) == []


def test_without_signed_up_by_the_welcome_names_nobody(bot):
    run(bot, user=NEWBIE)
    [welcome] = dms(bot.slack, NEWBIE)
    assert "signed you up" not in all_text(welcome)


def test_someone_slack_does_not_know_fails_naming_them(bot):
    bot.slack.unreachable.set("U0GHOST", "user_not_found")
    assert run(bot, user="U0GHOST") == ("error", "I don't know the user U0GHOST in this workspace.")
    assert OnboardingStore(bot.deps.store).user("U0GHOST") is None


@pytest.mark.parametrize(
    "profile", [{"is_bot": True}, {"deleted": True}], ids=["bot", "deactivated"]
)
def test_a_bot_or_a_deactivated_account_fails(bot, profile):
    bot.slack.users["U0ODD"] = profile
    assert run(bot, user="U0ODD") == (
        "error",
        "U0ODD is a bot or a deactivated account: onboarding is for people.",
    )
    assert dms(bot.slack, "U0ODD") == []


@pytest.mark.parametrize(
    ("user", "error"),
    [
        ("", "The step needs a person to onboard."),
        ("bob", "'bob' is not a Slack user; pick a person in the step."),
        ("<!channel>", "'&lt;!channel&gt;' is not a Slack user; pick a person in the step."),
    ],
)
def test_an_input_that_is_no_user_id_fails(bot, user, error):
    assert run(bot, user=user) == ("error", error)


def test_a_dm_slack_refuses_fails_the_run(bot):
    bot.slack.unreachable.set("U0LOCKED", "cannot_dm_bot")
    kind, error = run(bot, user="U0LOCKED")
    assert kind == "error"
    assert error.startswith("I couldn't send U0LOCKED the welcome DM (cannot_dm_bot)")


def test_without_a_database_the_step_fails_saying_so(org_knowledge, org_matcher, slack):
    bot = bot_on(org_knowledge, org_matcher, slack, None)
    assert run(bot, user=NEWBIE) == (
        "error",
        "Onboarding needs whoowns' database, and this instance runs without one.",
    )
