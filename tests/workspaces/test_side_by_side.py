"""Two workspaces installed through OAuth on ONE database (SQLite, PostgreSQL), using the same
channel and user ids, through the real Bolt app: nothing of one shows in the other.

Both workspaces have a channel ``C0SAME`` and a person ``U0SAME`` (Slack ids are only unique
within a workspace)."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from slack_sdk import WebClient

from bot.features import TickContext, build_services, installed
from bot.localslack.oauth import bot_user_for
from bot.oauth.ticks import workspace_tick_jobs
from bot.store.quiz import QuizStore
from tests.support import slack_requests as sr
from tests.support.payloads import all_text

A, B = "T0LOCAL", "T0SECOND"
CHANNEL, USER = "C0SAME", "U0SAME"


class Two:
    """Requests to the one OAuth bot, from either workspace."""

    def __init__(self, bot: Any, slack: Any) -> None:
        self.bot, self.slack = bot, slack
        self.sent = 0

    def command(self, team: str, text: str, user: str = USER) -> str:
        """``/whoowns TEXT`` in ``team``'s C0SAME: every text it answered with."""
        self.sent += 1
        key = f"{team}-{self.sent}"
        request = sr.slash_command(
            text,
            team_id=team,
            channel_id=CHANNEL,
            user_id=user,
            response_url=self.slack.response_url(key),
        )
        page = self.bot.event(request)
        assert page.status == 200, page.text
        said = [page.text] if page.text else []
        said += [json.dumps(c.args) for c in self.slack.calls_to("response_url") if c.key == key]
        return "\n".join(said)

    def posts(self, team: str) -> list[Any]:
        """chat.postMessage calls made with ``team``'s token to C0SAME."""
        return [
            c
            for c in self.slack.calls_to("chat.postMessage")
            if c.args.get("channel") == CHANNEL and c.args.get("_auth", {}).get("workspace") == team
        ]

    def answer_right(self, team: str, user: str = USER) -> None:
        post = QuizStore(self.bot.deps.store.scoped(team)).latest_post(CHANNEL)
        message = self.posts(team)[-1]
        blocks = message.json_arg("blocks")
        buttons = next(b for b in blocks if b["type"] == "actions")["elements"]
        right = next(b for b in buttons if b["value"].endswith("|" + post.question["answer"]))
        action = sr.button_action(right["action_id"], value=right["value"])
        self.sent += 1
        request = sr.block_actions(
            [action],
            team_id=team,
            user_id=user,
            channel_id=CHANNEL,
            message={"ts": message.response["ts"], "blocks": blocks},
            response_url=self.slack.response_url(f"click-{self.sent}"),
        )
        assert self.bot.event(request).status == 200

    def home(self, team: str, user: str = USER) -> str:
        self.slack.clear()
        self.sent += 1
        event = sr.app_home_opened(user)
        assert self.bot.event(sr.event_callback(event, team_id=team, event_id=f"EvH{self.sent}"))
        [publish] = self.slack.calls_to("views.publish")
        assert publish.args["_auth"]["workspace"] == team
        return all_text(publish.json_arg("view"))


@pytest.fixture
def two(bot, slack):
    slack.users[USER] = {"is_admin": True}  # may change the channels' quiz settings (bot.admins)
    bot.install(slack, A)
    bot.install(slack, B)
    return Two(bot, slack)


def test_quiz_scores_leaderboards_and_home_stay_in_their_workspace(two):
    two.command(A, "quiz now")
    two.command(B, "quiz now")
    assert len(two.posts(A)) == 1 and len(two.posts(B)) == 1
    two.answer_right(A)
    assert f"<@{USER}>" in two.command(A, "leaderboard")
    board_b = two.command(B, "leaderboard")
    assert f"<@{USER}>" not in board_b
    assert "1/1 right" in two.home(A)
    home_b = two.home(B)
    assert "You haven't answered a quiz question yet" in home_b and "1/1 right" not in home_b


def test_subscriptions_of_the_same_channel_are_two_schedules(two, bot, slack):
    two.command(A, "quiz subscribe 09:00 UTC daily")
    two.command(B, "quiz subscribe 17:30 UTC daily")
    assert "09:00" in two.command(A, "quiz status") and "17:30" not in two.command(A, "quiz status")
    assert "17:30" in two.command(B, "quiz status")
    two.command(B, "quiz unsubscribe")
    assert "09:00" in two.command(A, "quiz status")  # A's schedule untouched
    assert "no daily quiz" in two.command(B, "quiz status")


def test_each_workspaces_tick_posts_with_its_own_token_once(two, bot, slack):
    two.command(A, "quiz subscribe 09:00 UTC daily")
    two.command(B, "quiz subscribe 09:00 UTC daily")
    features = installed()
    jobs = workspace_tick_jobs(
        TickContext(bot.deps, build_services(bot.deps, features)),
        bot.installs,
        features,
        lambda token: WebClient(token=token, base_url=slack.base_url),
    )
    day = (datetime.now(timezone.utc) + timedelta(days=1)).replace(hour=9, minute=0)
    slack.clear()
    for _ in range(2):  # a second tick in the same minute posts nothing more
        for job in jobs:
            job(day)
    assert len(two.posts(A)) == 1 and len(two.posts(B)) == 1


def test_a_revoked_token_pauses_its_workspace_and_the_other_goes_on(two, bot, slack):
    two.command(A, "quiz subscribe 09:00 UTC daily")
    two.command(B, "quiz subscribe 09:00 UTC daily")
    features = installed()
    jobs = workspace_tick_jobs(
        TickContext(bot.deps, build_services(bot.deps, features)),
        bot.installs,
        features,
        lambda token: WebClient(token=token, base_url=slack.base_url),
    )
    slack.oauth.uninstall(A)  # Slack stops accepting A's tokens; no event reached the bot
    day = (datetime.now(timezone.utc) + timedelta(days=1)).replace(hour=9, minute=0)
    slack.clear()
    for job in jobs:
        job(day)
    assert len(two.posts(B)) == 1
    paused = bot.installs.workspaces.get(A)
    assert (paused.status, paused.paused_reason) == ("paused", "token_revoked")
    assert bot.installs.workspaces.get(B).active


def test_onboarding_progress_is_per_workspace(two, slack):
    slack.users["U0BOSS"] = {"is_admin": True}  # another person's progress: admins only
    two.command(A, f"onboard <@{USER}>", user="U0BOSS")
    assert "0 of 5 done" in two.command(A, f"progress <@{USER}>", user="U0BOSS")
    assert f"<@{USER}> has not started onboarding" in two.command(
        B, f"progress <@{USER}>", user="U0BOSS"
    )


def test_the_same_event_id_in_two_workspaces_is_handled_in_each(two, bot, slack):
    def mention(team: str) -> int:
        text = f"<@{bot_user_for(team)}> who patches aurora?"
        event = sr.app_mention(text, channel=CHANNEL)
        return bot.event(sr.event_callback(event, team_id=team, event_id="Ev0SAME")).status

    slack.clear()
    assert mention(A) == 200 and mention(B) == 200
    assert mention(A) == 200  # a retry of A's copy: dropped
    answered = [c.args["_auth"]["workspace"] for c in slack.calls_to("chat.postMessage")]
    assert sorted(answered) == [A, B]


def test_quiz_topics_are_each_workspaces_own(two):
    two.command(A, "quiz subscribe 09:00 UTC weekdays")
    two.command(B, "quiz subscribe 09:00 UTC weekdays")
    assert "on the course and on your databases, in turn" in two.command(A, "quiz topics mixed")
    assert "on the course and on your databases, in turn" in two.command(A, "quiz status")
    status_b = two.command(B, "quiz status")
    assert "questions on the AWS course" in status_b and "in turn" not in status_b


def test_each_workspaces_gaps_are_its_own(two, bot, db_url, capsys, monkeypatch):
    from bot.cli import main
    from tests.support.oauth import oauth_env

    two.command(A, "what is qldb")
    two.command(B, "memcached backups")
    for name, value in oauth_env(two.slack, db_url).items():
        monkeypatch.setenv(name, value)
    listed = {}
    for team in (A, B):
        assert main(["gaps", "--json", "--workspace", team, "--database-url", db_url]) == 0
        listed[team] = [g["text"] for g in json.loads(capsys.readouterr().out)]
    assert listed == {A: ["what is qldb"], B: ["memcached backups"]}
