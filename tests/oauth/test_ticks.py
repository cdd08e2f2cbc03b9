"""The quiz tick in OAuth mode posts with the installed workspace's own token, and stops
when that workspace uninstalls (through the real Bolt app and the real quiz engine)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from slack_sdk import WebClient

from bot.features import TickContext, build_services, installed
from bot.oauth.ticks import workspace_tick_jobs
from tests.support import slack_requests as sr


def _nine_utc(days_ahead: int) -> datetime:
    day = datetime.now(timezone.utc) + timedelta(days=days_ahead)
    return day.replace(hour=9, minute=0, second=0, microsecond=0)


def test_the_quiz_posts_with_the_workspaces_token_and_stops_when_it_uninstalls(bot, slack):
    bot.install(slack, "T0SECOND")
    subscribe = sr.slash_command(
        "quiz subscribe 09:00 UTC daily",
        team_id="T0SECOND",
        channel_id="C0QUIZ",
        response_url=slack.response_url("sub"),
    )
    assert bot.event(subscribe).status == 200
    features = installed()
    jobs = workspace_tick_jobs(
        TickContext(bot.deps, build_services(bot.deps, features)),
        bot.installs,
        features,
        lambda token: WebClient(token=token, base_url=slack.base_url),
    )
    slack.clear()
    for job in jobs:
        job(_nine_utc(1))
    [post] = slack.calls_to("chat.postMessage")
    assert post.args["channel"] == "C0QUIZ"
    assert post.args["_auth"]["workspace"] == "T0SECOND"

    bot.event(sr.event_callback({"type": "app_uninstalled"}, team_id="T0SECOND"))
    slack.clear()
    for job in jobs:
        job(_nine_utc(2))
    assert slack.calls_to("chat.postMessage") == []


MONDAY_TEN = datetime(2026, 3, 2, 10, 0, tzinfo=timezone.utc)
LEARNERS = ["U0ANN", "U0BEN", "U0CAT", "U0DAN"]


def _learners(bot, team: str) -> None:
    from bot.store.onboarding import OnboardingStore

    ob = OnboardingStore(bot.deps.store.scoped(team))
    for user in LEARNERS:
        ob.ensure_user(user, MONDAY_TEN - timedelta(days=3), tz="UTC", send_at="10:00")
        ob.start(user, MONDAY_TEN - timedelta(days=3))


def _scheduler(bot, slack):
    features = installed()
    [scheduler] = workspace_tick_jobs(
        TickContext(bot.deps, build_services(bot.deps, features)),
        bot.installs,
        features,
        lambda token: WebClient(token=token, base_url=slack.base_url),
    )
    return scheduler


def test_one_deactivated_learner_is_stopped_and_the_others_get_their_lesson_at_once(bot, slack):
    bot.install(slack, "T0SECOND")
    _learners(bot, "T0SECOND")
    slack.fail("chat.postMessage", status=200, error="account_inactive", channel="U0ANN")
    scheduler = _scheduler(bot, slack)
    summary = scheduler(MONDAY_TEN)
    lessons = [c.args["channel"] for c in slack.calls_to("chat.postMessage", ok=True)]
    assert sorted(lessons) == ["U0BEN", "U0CAT", "U0DAN"]  # in the same tick
    assert "stopped: U0ANN (account_inactive)" in summary.line()
    assert bot.installs.workspaces.get("T0SECOND").active  # the token works: not paused
    for _ in range(9):  # no more attempts to the stopped person, nothing stuck
        scheduler(MONDAY_TEN + timedelta(minutes=1))
    assert [c.args["channel"] for c in slack.calls_to("chat.postMessage")].count("U0ANN") == 1
    from bot.store.onboarding import OnboardingStore

    ob = OnboardingStore(bot.deps.store.scoped("T0SECOND"))
    assert ob.stopped_user("U0ANN").reason == "account_inactive"
    assert ob.pending_lesson_claims() == []
    assert [s.state for s in ob.lessons("U0ANN")] == ["failed"]  # still unsent: next time
    hello = {"type": "message", "channel_type": "im", "user": "U0ANN", "text": "hi"}
    assert (
        bot.event(sr.event_callback({**hello, "channel": "D0ANN"}, team_id="T0SECOND")).status
        == 200
    )
    assert bot.deps.background.flush(5)  # the comeback is written after the ack
    assert ob.stopped_user("U0ANN") is None  # they came back: DMs resume
    scheduler(MONDAY_TEN + timedelta(minutes=20))
    assert [s.state for s in ob.lessons("U0ANN")] == ["posted"]


def test_a_refused_token_during_a_lesson_pauses_the_workspace_and_is_in_the_line(bot, slack):
    bot.install(slack, "T0SECOND")
    _learners(bot, "T0SECOND")
    slack.oauth.uninstall("T0SECOND")  # Slack stops accepting its tokens; no event came
    summary = _scheduler(bot, slack)(MONDAY_TEN)
    assert slack.calls_to("chat.postMessage", ok=True) == []
    paused = bot.installs.workspaces.get("T0SECOND")
    assert (paused.status, paused.paused_reason) == ("paused", "token_revoked")
    assert "T0SECOND: " in summary.line() and "paused: Slack refused the token" in summary.line()


def test_questions_claimed_when_the_app_was_removed_are_not_left_claimed_after_a_reinstall(
    bot, slack
):
    from bot.store.quiz import QuizStore

    bot.install(slack, "T0SECOND")
    quiz = QuizStore(bot.deps.store.scoped("T0SECOND"))
    for channel in ("C0ONE", "C0TWO", "C0THREE"):
        quiz.subscribe(channel, "10:00", "UTC", "daily", None, MONDAY_TEN - timedelta(days=1))
    slack.oauth.uninstall("T0SECOND")  # removed from Slack; no event came
    scheduler = _scheduler(bot, slack)
    scheduler(MONDAY_TEN)  # the questions are claimed, Slack refuses the token: paused
    assert bot.installs.workspaces.get("T0SECOND").paused_reason == "token_revoked"

    bot.install(slack, "T0SECOND")  # two days later
    slack.clear()
    for minutes in range(0, 30, 10):
        scheduler(MONDAY_TEN + timedelta(days=2, minutes=minutes))
    posted = slack.calls_to("chat.postMessage", ok=True)
    assert sorted(p.args["channel"] for p in posted) == ["C0ONE", "C0THREE", "C0TWO"]
    assert [(p.id, p.state) for p in quiz.pending_claims()] == []
    monday = quiz.post_for("C0ONE", "2026-03-02")
    assert (monday.state, monday.error) == ("failed", "expired")
