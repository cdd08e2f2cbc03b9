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
