"""A season's final board through the delivery protocol: posted with its metadata, and when
the outcome of a post is unknown (a 500 after Slack posted, an instance killed between post
and record) the next attempt looks in the channel before posting again; two instances ticking
at once post one board. Clock injected, SQLite and PostgreSQL."""

from __future__ import annotations

import json
import threading
from datetime import datetime, timedelta

import pytest

from bot.store.quiz_seasons import SeasonStore, seasons_to_settle
from bot.web.ticker import build_tick_jobs
from tests.support.bolt import Bot, Clock
from tests.support.seasons import ADMIN, CHANNEL, MONDAY, season_bot

OTHER = "C0PLATFORM"


@pytest.fixture
def bot(knowledge, matcher, slack, db_url):
    from bot.store import open_store

    made = season_bot(knowledge, matcher, slack, open_store(db_url), Clock(MONDAY))
    yield made
    made.deps.store.close()


def boards_in(slack, channel: str = CHANNEL) -> list[dict]:
    """The final boards Slack holds in ``channel``."""
    return [m for m in slack.messages(channel) if "Final board" in json.dumps(m.get("blocks"))]


def tick(bot: Bot, at: datetime) -> None:
    bot.clock.at = at
    build_tick_jobs(bot.deps)[-1](at)


def test_a_500_after_slack_posted_the_board_is_found_not_posted_twice(bot):
    bot.command("quiz season start Spring cup", user=ADMIN, key="start")
    bot.clock.at += timedelta(hours=1)
    bot.slack.fail("chat.postMessage", status=500, times=1, applied=True)
    bot.command("quiz season end", user=ADMIN, key="end")
    [shown] = boards_in(bot.slack)  # Slack posted it, then answered 500
    [reply] = bot.replies("end")
    assert reply["text"] == (
        "Season “Spring cup” has ended. Slack did not take the final board in <#C0DBTEAM> "
        "just now (`internal_error`); I'll try again at the next tick."
    )
    tick(bot, bot.clock.at + timedelta(minutes=1))
    tick(bot, bot.clock.at + timedelta(minutes=5))
    assert boards_in(bot.slack) == [shown]
    looked = [c.args["channel"] for c in bot.slack.calls_to("conversations.history")]
    assert looked == [CHANNEL]  # the tick looked once, found it, posted nothing
    assert SeasonStore(bot.deps.store).unannounced() == []


class Crash(BaseException):
    """The process dies here (not an Exception: nothing handles it)."""


def ended_challenge(store, at: datetime = MONDAY):
    """A challenge across CHANNEL and OTHER, ended at ``at``, its final board not out yet."""
    from bot.quiz import season_ops
    from bot.quiz.seasons import SeasonRequest

    asked = SeasonRequest("Winter", (CHANNEL, OTHER), None)
    season = season_ops.new_season(
        asked, CHANNEL, ADMIN, at - timedelta(days=7), "UTC", "challenge"
    )
    seasons = SeasonStore(store)
    seasons.start(season)
    seasons.end(season.id, at)
    return season


def season_tick(store, client, at: datetime, fault=None) -> int:
    from bot.quiz import season_ops
    from bot.slack.delivery import Courier

    return season_ops.tick(store, Courier(client, fault=fault), at)


@pytest.mark.parametrize("point", ["claimed", "answered"])
def test_a_board_left_by_a_killed_instance_is_taken_over_found_and_not_posted_again(
    store, client, slack, point
):
    from bot.slack.delivery import LEASE

    season = ended_challenge(store)

    def die(at: str, delivery) -> None:
        if at == point and delivery.channel == OTHER:
            raise Crash(at)

    with pytest.raises(Crash):
        season_tick(store, client, MONDAY, fault=die)
    assert len(boards_in(slack, OTHER)) == (0 if point == "claimed" else 1)
    # the scheduler wakes the quiz for the board only once the dead claim can be taken over
    assert seasons_to_settle(store, MONDAY + timedelta(seconds=30), LEASE) == []
    assert season_tick(store, client, MONDAY + timedelta(seconds=30)) == 0  # within the lease
    later = MONDAY + LEASE + timedelta(seconds=30)
    assert [ws for ws, _, _ in seasons_to_settle(store, later, LEASE)] == [store.workspace]
    assert season_tick(store, client, MONDAY + LEASE + timedelta(seconds=30)) == 1
    assert season_tick(store, client, MONDAY + LEASE + timedelta(minutes=30)) == 0
    assert len(boards_in(slack, CHANNEL)) == 1 and len(boards_in(slack, OTHER)) == 1
    looked = [c.args["channel"] for c in slack.calls_to("conversations.history")]
    assert looked == [OTHER]  # the taken-over claim looked first; CHANNEL never needed to
    posts = [c.args["channel"] for c in slack.calls_to("chat.postMessage")]
    assert posts == [CHANNEL, OTHER]  # "answered": found in Slack, recorded, not reposted
    boards = SeasonStore(store).boards(season.id)
    assert {c: b.state for c, b in boards.items()} == {CHANNEL: "posted", OTHER: "posted"}
    assert SeasonStore(store).unannounced() == []


def test_two_instances_ticking_at_once_post_one_board_per_channel(db_url, client, slack):
    from bot.store import open_store

    stores = [open_store(db_url) for _ in range(2)]
    try:
        ended_challenge(stores[0])
        barrier = threading.Barrier(2)
        posted: list[int] = []

        def run(store) -> None:
            barrier.wait()
            posted.append(season_tick(store, client, MONDAY + timedelta(minutes=1)))

        threads = [threading.Thread(target=run, args=(s,)) for s in stores]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        for s in stores:
            s.close()
    assert len(boards_in(slack, CHANNEL)) == 1 and len(boards_in(slack, OTHER)) == 1
    assert sum(posted) == 2
    assert len(slack.calls_to("chat.postMessage")) == 2


# -- a workspace without the scope, or a channel the bot is not in: one clear line -----------


@pytest.mark.parametrize(
    ("error", "says"),
    [
        (
            "missing_scope",
            "Slack won't let me use <#C0PLATFORM>: this workspace's install of whoowns lacks "
            "the `channels:read, groups:read` scope; an admin has to reinstall the app to "
            "grant it. Nothing was started.",
        ),
        (
            "not_in_channel",
            "I'm not in <#C0PLATFORM>: invite me there (`/invite @whoowns`). Nothing was started.",
        ),
        (
            "ratelimited",
            "Slack did not answer about <#C0PLATFORM> just now (`ratelimited`); try again in a "
            "minute. Nothing was started.",
        ),
    ],
)
def test_a_challenge_channel_slack_refuses_is_named_with_what_is_missing(bot, error, says):
    bot.slack.fail("conversations.info", status=200, error=error, channel=OTHER, times=None)
    bot.command(f"quiz challenge start Cup <#{CHANNEL}|db> <#{OTHER}|pl>", user=ADMIN, key="c")
    [reply] = bot.replies("c")
    assert reply["text"] == says
    assert SeasonStore(bot.deps.store).current(CHANNEL) is None


def test_a_season_in_a_private_channel_the_bot_is_not_in_is_refused_with_the_fix(bot):
    bot.slack.fail("conversations.info", status=200, error="channel_not_found", times=None)
    bot.command("quiz season start Spring cup", user=ADMIN, key="s")
    [reply] = bot.replies("s")
    assert reply["text"] == (
        "I can't see <#C0DBTEAM>: it is private and I'm not in it, or it is gone; "
        "invite me there (`/invite @whoowns`). Nothing was started."
    )
    assert SeasonStore(bot.deps.store).current(CHANNEL) is None


def test_a_final_board_slack_refuses_for_good_names_the_channel_and_is_not_retried(bot):
    bot.command(f"quiz challenge start Cup <#{CHANNEL}|db> <#{OTHER}|pl>", user=ADMIN, key="c")
    bot.slack.fail("chat.postMessage", status=200, error="not_in_channel", channel=OTHER)
    bot.command("quiz season end", user=ADMIN, key="end")
    [reply] = bot.replies("end")
    assert reply["text"] == (
        "Challenge “Cup” has ended. No final board there: I'm not in <#C0PLATFORM>: "
        "invite me there (`/invite @whoowns`)."
    )
    tick(bot, bot.clock.at + timedelta(minutes=5))
    assert len(boards_in(bot.slack, CHANNEL)) == 1 and boards_in(bot.slack, OTHER) == []
    assert len(bot.slack.calls_to("chat.postMessage")) == 2  # OTHER was not tried again
    assert SeasonStore(bot.deps.store).unannounced() == []


def test_a_final_board_without_the_post_scope_names_it_and_is_retried(bot):
    bot.command("quiz season start Cup", user=ADMIN, key="s")
    bot.slack.fail("chat.postMessage", status=200, error="missing_scope", times=1)
    bot.command("quiz season end", user=ADMIN, key="end")
    [reply] = bot.replies("end")
    assert reply["text"] == (
        "Season “Cup” has ended. No final board there yet: Slack won't let me use <#C0DBTEAM>: "
        "this workspace's install of whoowns lacks the `chat:write` scope; an admin has to "
        "reinstall the app to grant it. I'll try again at each tick."
    )
    tick(bot, bot.clock.at + timedelta(minutes=1))  # reinstalled meanwhile: posted
    assert len(boards_in(bot.slack, CHANNEL)) == 1
    assert SeasonStore(bot.deps.store).unannounced() == []
