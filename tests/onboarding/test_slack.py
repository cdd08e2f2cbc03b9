"""Onboarding through the real Bolt app: signed events and clicks against LocalSlack.

Everything the bot sends is checked against slack_sdk's models (messages and the Home view);
the store is checked for what each click changed. Both databases (``store`` fixture).
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

from bot.features import TickContext
from bot.localslack.ids import dm_channel_for
from bot.onboarding.render import parse_lesson_answer, parse_review_answer
from bot.onboarding.service import SERVICE, OnboardingService, tick
from bot.store.onboarding import OnboardingStore
from tests.support.bolt import Bot, Clock, make_bot, make_deps, settings_for
from tests.support.onboarding import buttons, dms, review_log
from tests.support.payloads import all_text, assert_valid_message, assert_valid_view
from tests.support.slack_requests import app_home_opened, member_joined_channel

NEWBIE = "U0NEWBIE"
CHANNEL = "C0ONBOARD"


@pytest.fixture
def bot(knowledge, matcher, store, slack) -> Bot:
    clock = Clock(datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc))  # Monday
    deps = make_deps(knowledge, matcher, slack, store, clock=clock, settings=settings_for(slack))
    return make_bot(deps, slack)


def click_in_dm(bot: Bot, element: dict[str, Any], user: str = NEWBIE) -> dict[str, Any]:
    """A click on a button of a message in ``user``'s DM with the bot."""
    return bot.click(element, user, channel=dm_channel_for(user))


def test_a_join_in_the_onboarding_channel_sends_one_welcome_dm(bot):
    bot.slack.users["U0ALICE"] = {"is_admin": True}  # the workspace-wide channel: an admin's
    reply = bot.command("onboarding here", channel=CHANNEL)
    assert "onboarding channel" in all_text(reply)
    bot.event(member_joined_channel(NEWBIE, channel=CHANNEL))
    bot.event(member_joined_channel(NEWBIE, channel=CHANNEL))  # left and joined again
    bot.event(member_joined_channel("U0OTHER", channel="C0RANDOM"))  # not the channel
    [welcome] = dms(bot.slack, NEWBIE)
    assert "AWS secures the cloud" in welcome["text"]
    assert dms(bot.slack, "U0OTHER") == []


def test_the_env_channel_works_without_the_command(bot, knowledge, matcher, store, slack):
    import dataclasses

    settings = dataclasses.replace(bot.deps.settings, onboarding_channel=CHANNEL)
    deps = dataclasses.replace(bot.deps, settings=settings)
    make_bot(deps, slack).event(member_joined_channel(NEWBIE, channel=CHANNEL))
    assert len(dms(slack, NEWBIE)) == 1


def test_start_lesson_answers_and_review_answers_update_the_store(bot):
    ob = OnboardingStore(bot.deps.store)
    bot.command(f"onboard <@{NEWBIE}|newbie>", user="U0BOSS")
    [welcome] = dms(bot.slack, NEWBIE)
    assert "<@U0BOSS> signed you up" in all_text(welcome)
    [start] = buttons(welcome)
    click_in_dm(bot, start)
    lesson = dms(bot.slack, NEWBIE)[-1]
    assert lesson["text"].startswith("Lesson 1 of 5")
    assert [s.lesson_id for s in ob.lessons(NEWBIE)] == ["the-model"]

    answers = [b for b in buttons(lesson) if parse_lesson_answer(b.get("value", ""))]
    right = next(
        b
        for b in answers
        if (parsed := parse_lesson_answer(b["value"]))[1] == 0
        and parsed[2] == _right_option(bot, parsed)
    )
    click_in_dm(bot, right)
    [feedback] = bot.replies()
    assert feedback["text"].startswith(":white_check_mark: Right:")
    [answer] = ob.lesson_answers(NEWBIE)
    assert answer.question == "exam-category:unmanaged-most"

    bot.clock.at = datetime(2026, 3, 3, 10, 0, tzinfo=timezone.utc)  # Tuesday 10:00 (UTC user)
    services = {SERVICE: OnboardingService(bot.deps)}
    tick(bot.clock(), TickContext(deps=bot.deps, services=services))
    review = dms(bot.slack, NEWBIE)[-1]
    assert review["text"].startswith("Review:")
    card_button = next(b for b in buttons(review) if parse_review_answer(b.get("value", "")))
    click_in_dm(bot, card_button)
    send_id, card_id, _ = parse_review_answer(card_button["value"])
    [item] = [i for i in ob.review_items(send_id) if i.card_id == card_id]
    assert item.answered_at is not None
    assert [r["via"] for r in review_log(ob, NEWBIE)][-1] == "review"


def test_app_home_shows_the_progress(bot):
    bot.command("onboard", user=NEWBIE)
    click_in_dm(bot, buttons(dms(bot.slack, NEWBIE)[0])[0])  # Start
    lesson = dms(bot.slack, NEWBIE)[-1]
    for element in buttons(lesson):
        parsed = parse_lesson_answer(element.get("value", ""))
        if parsed and parsed[2] == _right_option(bot, parsed):
            click_in_dm(bot, element)
    bot.slack.clear()
    bot.event(app_home_opened(NEWBIE))
    [publish] = bot.slack.calls_to("views.publish")
    view = assert_valid_view(publish.json_arg("view"))
    text = all_text(view)
    assert "Your onboarding" in text
    assert "1 of 5 done" in text
    assert "Next lesson" in text
    # every answer was right: no card is due before tomorrow, so no Review now (it would only
    # say there is nothing to review) ...
    assert "0 due" in text and "Review now" not in text
    # ... until the day the first card is due
    [next_review] = [line for line in text.splitlines() if line.startswith("*Next review:*")]
    bot.clock.at += timedelta(days=_days_until(next_review, bot.clock.at))
    bot.slack.clear()
    bot.event(app_home_opened(NEWBIE))
    [publish] = bot.slack.calls_to("views.publish")
    assert "Review now" in all_text(assert_valid_view(publish.json_arg("view")))


def _days_until(next_review: str, now: datetime) -> int:
    """Days from ``now`` to the day a ``*Next review:* Tue 3 Mar, 10:00 (UTC)`` line names."""
    day = datetime.strptime(f"{next_review.split(' ', 3)[3].split(',')[0]} {now.year}", "%d %b %Y")
    return (day.date() - now.date()).days


def _right_option(bot, parsed):
    from bot.onboarding.cards import Deck
    from bot.onboarding.lessons import track

    lesson = next(x for x in track(bot.deps.knowledge) if x.id == parsed[0])
    return Deck(bot.deps.knowledge).question(lesson.questions[parsed[1]]).answer


def test_next_lesson_and_review_now_from_app_home(bot):
    bot.command("onboard", user=NEWBIE)
    click_in_dm(bot, buttons(dms(bot.slack, NEWBIE)[0])[0])  # Start: lesson 1
    bot.click({"action_id": "onb_next_lesson", "value": "home"}, NEWBIE, home=True)
    assert dms(bot.slack, NEWBIE)[-1]["text"].startswith("Lesson 2 of 5")
    assert bot.slack.calls_to("views.publish")  # Home refreshed with the new progress
    bot.clock.at += timedelta(days=1)
    bot.click({"action_id": "onb_review_now", "value": "home"}, NEWBIE, home=True)
    assert dms(bot.slack, NEWBIE)[-1]["text"].startswith("Review:")


def test_quiz_me_on_this_adds_the_answers_cards(bot):
    reply = bot.command("patching aurora", user="U0ALICE")
    [quiz_me] = [b for b in buttons(reply) if b["action_id"] == "onb_quiz_me"]
    click_in_dm(bot, quiz_me, user="U0ALICE")
    cards = {c.card_id for c in OnboardingStore(bot.deps.store).cards("U0ALICE")}
    assert cards == {"owner:aurora-serverless:patching", "owner:aurora-provisioned:patching"}
    [added] = bot.replies()
    assert "Added 2 cards" in added["text"]
    click_in_dm(bot, quiz_me, user="U0ALICE")
    assert "2 already in your deck" in bot.replies()[-1]["text"]


def test_progress_for_a_manager_and_from_a_slash_command(bot):
    bot.slack.users["U0BOSS"] = {"is_admin": True}  # another person's progress: admins only
    bot.command(f"onboard <@{NEWBIE}>", user="U0BOSS")
    reply = bot.command(f"progress <@{NEWBIE}>", user="U0BOSS")
    assert_valid_message(reply)
    assert reply.get("response_type") == "ephemeral"
    text = all_text(reply)
    assert f"<@{NEWBIE}>" in text and "0 of 5 done" in text


def test_progress_of_someone_who_never_started_names_them_outside_the_header(bot):
    bot.slack.users["U0BOSS"] = {"is_admin": True}
    reply = bot.command("progress <@U0NEVER>", user="U0BOSS")
    assert_valid_message(reply)
    [head] = [b for b in reply["blocks"] if b["type"] == "header"]
    assert "<@" not in head["text"]["text"]  # plain text: a mention would show as "<@U0NEVER>"
    text = all_text(reply)
    assert "<@U0NEVER> has not started onboarding" in text
    assert "`/whoowns onboard` with an @-mention" in text


def test_another_persons_progress_is_for_admins_and_themselves_only(bot):
    bot.command(f"onboard <@{NEWBIE}>", user="U0BOSS")
    bot.slack.users["U0CAROL"] = {"is_admin": False}
    reply = bot.command(f"progress <@{NEWBIE}>", user="U0CAROL")
    assert_valid_message(reply)
    assert reply.get("response_type") == "ephemeral"
    assert reply["text"] == (
        ":lock: Only workspace admins and owners can see another person's onboarding progress "
        "(everyone can see their own: `/whoowns progress`)."
    )
    assert "0 of 5 done" not in all_text(reply)

    own = bot.command("progress", user=NEWBIE)  # the person themselves: no admin needed
    assert "0 of 5 done" in all_text(own)
    named = bot.command(f"progress <@{NEWBIE}>", user=NEWBIE)
    assert "0 of 5 done" in all_text(named)


def test_progress_of_a_name_slack_could_not_resolve_is_not_your_own(bot):
    for text in ("progress @bob", "progress <!channel>"):
        reply = bot.command(text, user="U0BOSS")
        assert "Name the person with an @-mention" in all_text(reply)
        assert "Your onboarding" not in all_text(reply)


def test_onboarding_a_bot_or_a_deactivated_account_is_refused_plainly(bot):
    bot.slack.users["U0HELPBOT"] = {"is_bot": True}
    bot.slack.users["U0GONE"] = {"deleted": True}
    bot.command("onboard <@U0HELPBOT>", user="U0BOSS")
    bot.command("onboard <@U0GONE|gone>", user="U0BOSS")
    bot.command("onboarding here", channel=CHANNEL)
    bot.event(member_joined_channel("U0HELPBOT", channel=CHANNEL))  # an app added to it
    assert dms(bot.slack, "U0HELPBOT") == [] and dms(bot.slack, "U0GONE") == []
    replies = [r["text"] for r in bot.replies("cmd-onboard")]
    assert replies == [
        "<@U0HELPBOT> is a bot or a deactivated account: onboarding is for people.",
        "<@U0GONE> is a bot or a deactivated account: onboarding is for people.",
    ]


def test_onboard_names_several_people_each_gets_one_welcome(bot):
    bot.command(f"onboard <@{NEWBIE}|newbie> <@U0SECOND> <@{NEWBIE}>", user="U0BOSS")
    assert len(dms(bot.slack, NEWBIE)) == 1 and len(dms(bot.slack, "U0SECOND")) == 1
    [reply] = [r["text"] for r in bot.replies("cmd-onboard")]
    assert reply.splitlines() == [
        f":envelope_with_arrow: Sent <@{NEWBIE}> the onboarding welcome DM with a Start button.",
        ":envelope_with_arrow: Sent <@U0SECOND> the onboarding welcome DM with a Start button.",
    ]


def test_onboarding_someone_who_stopped_keeps_their_mention_intact(bot):
    bot.command(f"onboard <@{NEWBIE}>", user="U0BOSS")
    click_in_dm(bot, buttons(dms(bot.slack, NEWBIE)[0])[0])  # Start
    bot.command("onboarding stop", user=NEWBIE)
    bot.command(f"onboard <@{NEWBIE}>", user="U0BOSS")
    assert bot.replies("cmd-onboard")[-1]["text"].startswith(f"<@{NEWBIE}> stopped onboarding")


def test_onboarding_stop(bot):
    bot.command("onboard", user=NEWBIE)
    click_in_dm(bot, buttons(dms(bot.slack, NEWBIE)[0])[0])
    reply = bot.command("onboarding stop", user=NEWBIE)
    assert "Stopped" in all_text(reply)
    assert not OnboardingStore(bot.deps.store).user(NEWBIE).active
    bot.event(app_home_opened(NEWBIE))
    home = all_text(bot.slack.calls_to("views.publish")[-1].json_arg("view"))
    assert "Stopped" in home and "Resume" in home
    bot.click({"action_id": "onb_start", "value": "home"}, NEWBIE, home=True)
    assert "Welcome back" in dms(bot.slack, NEWBIE)[-1]["text"]
    assert OnboardingStore(bot.deps.store).user(NEWBIE).active


def test_without_a_database_onboarding_commands_say_so(knowledge, matcher, slack):
    clock = Clock(datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc))
    deps = make_deps(knowledge, matcher, slack, None, clock=clock, settings=settings_for(slack))
    bot = make_bot(deps, slack)
    reply = bot.command("onboard")
    assert "needs the database" in all_text(reply)
    assert not [b for b in buttons(bot.command("patching rds")) if b["action_id"] == "onb_quiz_me"]


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("onboarding time 25:00", "`25:00` is not a time of day"),
        (
            "onboarding time 09:30 Europe/Berln",
            "`Europe/Berln` is not a time zone I know. Did you mean Europe/Berlin?",
        ),
        ("onboarding time 09:30 <!channel>&", "`&lt;!channel&gt;&amp;` is not a time zone I know"),
        ("onboarding time 09:30 UTC soon", "I don't know what `soon` means here"),
    ],
)
def test_a_bad_onboarding_time_names_what_is_wrong_and_stores_nothing(bot, text, says):
    bot.command("onboard", user=NEWBIE)
    reply = bot.command(text, user=NEWBIE)
    assert_valid_message(reply)
    assert says in all_text(reply)
    assert "`/whoowns onboarding time 09:30 Europe/Berlin`" in all_text(reply)
    row = OnboardingStore(bot.deps.store).user(NEWBIE)
    assert (row.send_at, row.tz) != ("09:30", "UTC")  # nothing stored


def test_an_onboarding_time_zone_in_any_case_is_stored_in_its_own_spelling(bot):
    bot.command("onboard", user=NEWBIE)
    reply = bot.command("onboarding time 09:30 europe/berlin", user=NEWBIE)
    assert "09:30" in all_text(reply) and "(Europe/Berlin)" in all_text(reply)
    assert OnboardingStore(bot.deps.store).user(NEWBIE).tz == "Europe/Berlin"


def test_admins_see_who_onboarding_cannot_reach_and_why_others_do_not(bot):
    bot.slack.users["U0BOSS"] = {"is_admin": True}
    bot.slack.users["U0CAROL"] = {"is_admin": False}
    bot.command("onboard", user=NEWBIE)
    click_in_dm(bot, buttons(dms(bot.slack, NEWBIE)[0])[0])  # Start: lesson 1
    bot.slack.unreachable.set(NEWBIE, "user_not_found")  # then their account goes
    bot.clock.at = datetime(2026, 3, 3, 10, 0, tzinfo=timezone.utc)  # Tuesday: lesson 2 due
    try:
        services = {SERVICE: OnboardingService(bot.deps)}
        tick(bot.clock(), TickContext(deps=bot.deps, services=services))
    finally:
        bot.slack.unreachable.clear(NEWBIE)  # the server is the module's

    stopped = (
        "*Stopped:* Slack cannot reach them (user_not_found) since 3 Mar; cleared when they "
        "use the bot again"
    )
    assert stopped in all_text(bot.command(f"progress <@{NEWBIE}>", user="U0BOSS"))
    bot.slack.clear()
    bot.event(app_home_opened("U0BOSS"))
    [publish] = bot.slack.calls_to("views.publish")
    home = all_text(assert_valid_view(publish.json_arg("view")))
    assert "Onboarding cannot reach" in home
    assert f"• <@{NEWBIE}>: user_not_found since 3 Mar" in home

    bot.slack.clear()
    bot.event(app_home_opened("U0CAROL"))
    [publish] = bot.slack.calls_to("views.publish")
    assert "Onboarding cannot reach" not in all_text(publish.json_arg("view"))


def _stopped_reads(bot: Bot) -> list[str]:
    """The names of the store reads about stopped people from now on."""
    reads: list[str] = []
    store = bot.deps.store
    real_read = store.read
    store.read = lambda fn, **kw: reads.append(fn.__qualname__) or real_read(fn, **kw)
    return reads


def test_someone_never_stopped_asks_away_without_a_database_call_for_the_comeback(bot):
    bot.command("onboard", user=NEWBIE)
    assert bot.deps.background.flush(5)
    reads = _stopped_reads(bot)
    for _ in range(3):
        assert "Aurora" in all_text(bot.command("patching aurora", user=NEWBIE))
    assert bot.deps.background.flush(5)
    assert [r for r in reads if r.startswith("Stopped.")] == []


def test_someone_stopped_while_the_bot_runs_is_back_with_their_next_command(bot):
    bot.command("onboard", user=NEWBIE)
    assert bot.deps.background.flush(5)  # who is stopped is known in memory from here on
    ob = OnboardingStore(bot.deps.store)
    ob.stop_delivery(NEWBIE, "user_not_found", datetime(2026, 3, 3, tzinfo=timezone.utc))
    assert ob.stopped_user(NEWBIE) is not None
    bot.command("patching aurora", user=NEWBIE)
    assert bot.deps.background.flush(5)
    assert ob.stopped_user(NEWBIE) is None  # DMs resume
