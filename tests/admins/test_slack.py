"""Who may change a channel's settings, as the people in it find out (both databases)."""

from __future__ import annotations

import logging
from datetime import timedelta

from bot.store.quiz import QuizStore
from tests.support.admins import BOB, CAROL, CHANNEL, DAVE, ERIN, OWEN

SUBSCRIBE = "quiz subscribe 09:00 Europe/Berlin weekdays"


def subscription(team):
    return QuizStore(team.deps.store).subscription(CHANNEL)


def posts(team) -> int:
    return len([c for c in team.slack.calls_to("chat.postMessage") if c.args["channel"] == CHANNEL])


def test_anyone_may_start_a_quiz_but_not_change_someone_elses(team):
    assert "subscribed this channel" in team.say(BOB, SUBSCRIBE)
    for change in (
        "quiz subscribe 10:00 Europe/Berlin daily",
        "quiz unsubscribe",
        "quiz reveal end-of-day",
        "quiz topics mixed",
        "quiz now",
    ):
        reply = team.say(CAROL, change)
        assert reply.startswith(":lock: Only workspace admins and owners, <@U0ERIN> and <@U0BOB>")
        assert "\n" not in reply, change
    sub = subscription(team)
    assert (sub.at, sub.days, sub.reveal, sub.created_by) == ("09:00", "weekdays", "next", BOB)
    assert sub.topics == "course"
    assert posts(team) == 0  # no `quiz now` question
    assert "ours" in team.say(BOB, "quiz topics ours")  # the subscriber may
    assert subscription(team).topics == "ours"


def test_the_subscriber_admins_owners_and_named_admins_may_change_it(team):
    team.say(BOB, SUBSCRIBE)
    assert "subscribed this channel" in team.say(BOB, "quiz subscribe 10:00 Europe/Berlin daily")
    assert "changed the daily quiz" in team.say(DAVE, "quiz reveal end-of-day")
    assert "subscribed this channel" in team.say(OWEN, "quiz subscribe 08:00 Europe/Berlin")
    sub = subscription(team)
    assert (sub.at, sub.reveal, sub.created_by) == ("08:00", "end-of-day", BOB)  # still Bob's
    team.say(ERIN, "quiz now")
    assert posts(team) == 1
    assert "stopped the daily quiz" in team.say(BOB, "quiz unsubscribe")
    assert subscription(team) is None
    assert "subscribed this channel" in team.say(CAROL, SUBSCRIBE)  # free again: anyone
    assert subscription(team).created_by == CAROL


def test_reading_stays_open(team):
    team.say(BOB, SUBSCRIBE)
    assert "Daily quiz here" in team.say(CAROL, "quiz status")
    assert "leaderboard" in team.say(CAROL, "leaderboard").lower()
    assert "Only" not in team.say(CAROL, "progress")


def test_quiz_now_in_a_channel_without_a_quiz_is_for_admins(team):
    assert team.say(CAROL, "quiz now") == (
        ":lock: Only workspace admins and owners and <@U0ERIN> can start `/whoowns quiz now` "
        "in this channel."
    )
    assert posts(team) == 0
    team.say(DAVE, "quiz now")
    assert posts(team) == 1


def test_the_onboarding_channel_is_for_admins_and_owners(team):
    reply = team.say(BOB, "onboarding here")
    assert reply == (
        ":lock: Only workspace admins and owners and <@U0ERIN> can choose the onboarding channel."
    )
    assert "onboarding channel" in team.say(OWEN, "onboarding here")
    assert "Only" not in team.say(BOB, "onboarding time 09:30 Europe/Berlin")  # his own


def test_every_change_is_logged_naming_who(team, caplog):
    with caplog.at_level(logging.INFO, logger="bot.admins"):
        team.say(BOB, SUBSCRIBE)
        team.say(CAROL, "quiz unsubscribe")
        team.say(DAVE, "quiz reveal end-of-day")
        team.say(OWEN, "onboarding here")
    lines = [r.getMessage() for r in caplog.records if r.name.startswith("bot.admins")]
    assert lines == [
        f"settings changed by {BOB} in {CHANNEL}: quiz subscribed: "
        "09:00 Europe/Berlin, weekdays (Mon–Fri), reveal next",
        f"refused: {CAROL} may not change or stop this channel's quiz ({CHANNEL})",
        f"settings changed by {DAVE} in {CHANNEL}: quiz reveal end-of-day",
        f"settings changed by {OWEN} in {CHANNEL}: onboarding channel set here",
    ]


def test_admins_lists_who_can(team):
    team.say(BOB, SUBSCRIBE)
    listing = team.say(CAROL, "admins")
    assert "Workspace admins and owners, and <@U0ERIN> (`WHOOWNS_ADMINS`)" in listing
    assert "<@U0BOB> subscribed this channel's quiz" in listing
    assert listing.endswith("You may not change settings here.")
    assert team.say(BOB, "admins").endswith(
        "You may change this channel's quiz (you subscribed it)."
    )
    assert team.say(DAVE, "admins").endswith("You may change every setting here.")
    assert "anyone may subscribe it" in team.say(CAROL, "admins", channel="C0QUIET")


def test_roles_are_cached_briefly(team, slack):
    team.say(BOB, SUBSCRIBE)
    team.say(DAVE, "quiz reveal end-of-day")
    team.say(DAVE, "quiz reveal next")
    assert team.users_info_calls() == 1  # Dave's role, once (Bob gave his time zone)
    slack.users[DAVE] = {"is_admin": False}  # demoted
    team.clock.now += timedelta(seconds=30)
    assert "changed the daily quiz" in team.say(DAVE, "quiz reveal end-of-day")  # cached
    team.clock.now += timedelta(seconds=31)
    assert team.say(DAVE, "quiz reveal next").startswith(":lock:")
    assert team.users_info_calls() == 2
