"""``/whoowns digest …`` through the real Bolt app with signed requests: a team's member sets up
the channel's digest (in the channel, the schedule parsed as the quiz's, Mondays by default),
others are refused, a team not known is named, status and unsubscribe; then the scheduler's
tick posts it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest

from bot.store.digests import DigestStore
from tests.support.bolt import Bot, Clock, make_bot, make_deps, settings_for
from tests.support.payloads import all_text
from tests.support.practices import T0

CHANNEL = "C0OPS"


@pytest.fixture
def bot(fleet, fleet_matcher, slack, store) -> Iterator[Bot]:
    settings = settings_for(slack, admins=("U0KEEPER",))
    deps = make_deps(fleet, fleet_matcher, slack, store, clock=Clock(T0), settings=settings)
    yield make_bot(deps, slack)


def say(bot: Bot, text: str, user: str) -> dict:
    return bot.command(text, user, channel=CHANNEL)


def test_a_member_subscribes_the_channel_mondays_by_default(bot, store):
    reply = say(bot, "digest subscribe web 08:30 Europe/Berlin", "U0WENDY")
    assert reply["response_type"] == "in_channel"
    assert "weekly digest of Web here: 08:30 Europe/Berlin, Mon" in all_text(reply)
    sub = DigestStore(store).subscription(CHANNEL)
    assert (sub.team, sub.at, sub.days) == ("web", "08:30", "mon")
    assert "08:30 Europe/Berlin, Mon" in all_text(say(bot, "digest status", "U0ANYONE"))


def test_someone_outside_the_team_is_refused_an_admin_is_not(bot, store):
    reply = say(bot, "digest subscribe web", "U0STRANGER")
    assert "Only workspace admins and members of Web" in all_text(reply)
    assert DigestStore(store).subscription(CHANNEL) is None
    say(bot, "digest subscribe web daily", "U0KEEPER")
    assert DigestStore(store).subscription(CHANNEL).days == "daily"
    assert "Only workspace admins" in all_text(say(bot, "digest unsubscribe", "U0STRANGER"))
    assert "stopped the weekly digest of Web" in all_text(say(bot, "digest unsubscribe", "U0WENDY"))
    assert "no weekly digest" in all_text(say(bot, "digest status", "U0WENDY"))


def test_an_unknown_team_and_a_bad_time_are_answered_escaped(bot):
    text = all_text(say(bot, "digest subscribe <nobody>", "U0WENDY"))
    assert "`&lt;nobody&gt;` is not a team I know" in text and "`web`" in text
    text = all_text(say(bot, "digest subscribe web 25:00", "U0WENDY"))
    assert "`25:00` is not a time of day" in text


def test_the_team_name_is_escaped_in_the_channel(bot, store, slack):
    reply = say(bot, "digest subscribe search", "U0SAM")
    assert "Search &lt;Team&gt;" in all_text(reply)


def test_the_scheduler_posts_it_on_monday(bot, store, slack):
    say(bot, "digest subscribe web 10:00 UTC", "U0WENDY")
    from bot.digest.engine import due, tick
    from bot.features import TickContext, build_services, installed

    # what the scheduler hands each feature's tick: the deps and every feature's services
    context = TickContext(bot.deps, build_services(bot.deps, installed()))
    monday_ten = T0 + timedelta(hours=1)  # T0 is Monday 09:00 UTC
    assert due(T0, context) == set()
    assert due(monday_ten, context) == {store.workspace}
    report = tick(monday_ten, context)
    assert report.outcomes == [(CHANNEL, "posted")]
    assert "Weekly digest: Web" in all_text(slack.messages(CHANNEL)[-1])
    assert due(monday_ten + timedelta(minutes=1), context) == set()
