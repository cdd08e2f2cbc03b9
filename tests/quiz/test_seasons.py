"""Quiz seasons and challenges through the real Bolt app: signed slash commands and clicks
against LocalSlack, on SQLite and PostgreSQL, with a clock the test sets."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest

from bot.quiz.seasons import season_board
from bot.store.quiz import QuizStore
from bot.store.quiz_seasons import SeasonAnswer, SeasonStore
from bot.web.ticker import build_tick_jobs
from tests.support.bolt import Bot, Clock
from tests.support.seasons import ADMIN, CHANNEL, MONDAY, season_bot

OTHER = "C0PLATFORM"
BOB = "U0BOB"


@pytest.fixture
def bot(knowledge, matcher, slack, db_url):
    from bot.store import open_store

    made = season_bot(knowledge, matcher, slack, open_store(db_url), Clock(MONDAY))
    yield made
    made.deps.store.close()


def shown(payload) -> str:
    return json.dumps(payload, ensure_ascii=False)


def said(bot: Bot, text: str) -> dict:
    """The one reply to ``/whoowns TEXT`` (its response_url)."""
    [reply] = bot.replies(f"cmd-{text}")
    return reply


def answer_right(bot: Bot, user: str, channel: str = CHANNEL) -> None:
    post = QuizStore(bot.deps.store).latest_post(channel)
    call = [c for c in bot.slack.calls_to("chat.postMessage") if c.args["channel"] == channel][-1]
    buttons = next(b for b in call.json_arg("blocks") if b["type"] == "actions")["elements"]
    right = next(b for b in buttons if b["value"].endswith("|" + post.question["answer"]))
    bot.click(right, user, channel=channel)


def final_boards(bot: Bot) -> list:
    return [
        c
        for c in bot.slack.calls_to("chat.postMessage")
        if "is over" in c.args.get("text", "") and "Final board" in shown(c.json_arg("blocks"))
    ]


def test_a_season_has_its_own_board_and_ends_with_the_three_best(bot):
    bot.command("quiz now", user=ADMIN)
    answer_right(bot, BOB)  # before the season: all time only
    bot.clock.at += timedelta(hours=1)
    bot.command("quiz season start Spring cup until 2024-01-31", user=ADMIN)
    started = said(bot, "quiz season start Spring cup until 2024-01-31")
    assert "started Season “Spring cup” until 2024-01-31 (UTC)" in started["text"]
    bot.clock.at += timedelta(hours=1)
    bot.command("quiz now", user=ADMIN, key="now-2")
    answer_right(bot, ADMIN)

    board = shown(bot.command("leaderboard"))
    assert "This season: Season “Spring cup”, until 2024-01-31" in board
    season_part = board.split("This season")[1].split("All time")[0]
    assert "<@U0ALICE> — *10* pts" in season_part and BOB not in season_part
    all_time = board.split("All time")[1]  # a table: people as rich-text user elements
    assert '"user_id": "U0BOB"' in all_time  # scores recorded before keep counting

    bot.clock.at += timedelta(hours=1)
    bot.command("quiz season end", user=ADMIN)
    assert "has ended: the final board is out" in said(bot, "quiz season end")["text"]
    [final] = final_boards(bot)
    assert final.args["channel"] == CHANNEL
    assert (
        ":first_place_medal: <@U0ALICE> — *10* pts" in final.json_arg("blocks")[1]["text"]["text"]
    )
    after = shown(bot.command("leaderboard"))
    assert "Last season: Season “Spring cup”" in after and "This season" not in after


def test_only_admins_start_or_end_a_season(bot):
    bot.command("quiz season start Spring cup", user=BOB)
    assert said(bot, "quiz season start Spring cup")["text"].startswith(":lock: Only ")
    assert SeasonStore(bot.deps.store).current(CHANNEL) is None


@pytest.mark.parametrize(
    ("args", "says"),
    [
        ("", "Give the season a name"),
        ("x" * 200, "at most 80 characters; that one has 200"),
        ("Cup until 2024-01-14", "2024-01-14 has passed (today is 2024-01-15)"),
        ("Cup until soon", "`soon` is not a date"),
        ("Cup #general", "A season is for this channel"),
    ],
)
def test_bad_seasons_get_one_clear_line_and_nothing_starts(bot, args, says):
    bot.command(f"quiz season start {args}", user=ADMIN, key="bad")
    [reply] = bot.replies("bad")
    assert says in reply["text"]
    assert SeasonStore(bot.deps.store).current(CHANNEL) is None


def test_a_name_is_repeated_escaped(bot):
    bot.command("quiz season start <!channel> & <https://evil|cup>", user=ADMIN, key="s")
    [reply] = bot.replies("s")
    assert "“&lt;!channel&gt; &amp; &lt;https://evil|cup&gt;”" in reply["text"]
    assert "<!channel>" not in shown(reply) and "<https://evil" not in shown(reply)


def test_a_second_season_in_the_channel_is_refused(bot):
    bot.command("quiz season start First", user=ADMIN, key="one")
    bot.command("quiz season start Second", user=ADMIN, key="two")
    [reply] = bot.replies("two")
    assert "Season “First” is already open in <#C0DBTEAM>" in reply["text"]
    assert SeasonStore(bot.deps.store).current(CHANNEL).name == "First"


@pytest.mark.parametrize(
    ("args", "says"),
    [
        ("Cup #platform <#C0OTHER|other>", "I don't know the channel `#platform`"),
        ("Cup <#C0ONE|one>", "A challenge needs at least two channels"),
        ("<b>Cup</b> <#C0ONE|a> <#nope|<https://evil>>", "I don't know the channel `&lt;#nope"),
    ],
)
def test_challenge_channels_come_only_from_slack_mentions(bot, args, says):
    bot.command(f"quiz challenge start {args}", user=ADMIN, key="bad")
    [reply] = bot.replies("bad")
    assert says in reply["text"]
    assert "<https://evil" not in shown(reply) and "<b>" not in shown(reply)


def test_a_channel_slack_does_not_show_is_named_and_nothing_starts(bot):
    bot.slack.fail("conversations.info", status=200, error="channel_not_found", channel=OTHER)
    bot.command(f"quiz challenge start Cup <#{CHANNEL}|db> <#{OTHER}|pl>", user=ADMIN, key="c")
    [reply] = bot.replies("c")
    assert reply["text"] == (
        "I can't see <#C0PLATFORM>: it is private and I'm not in it, or it is gone; "
        "invite me there (`/invite @whoowns`). Nothing was started."
    )
    assert SeasonStore(bot.deps.store).current(CHANNEL) is None


def test_a_challenge_spans_channels_and_its_date_ends_it_once_with_two_instances(
    knowledge, matcher, slack, db_url, bot
):
    from bot.store import open_store

    text = f"quiz challenge start Winter <#{CHANNEL}|db> <#{OTHER}|pl> until 2024-01-16"
    bot.command(text, user=ADMIN)
    assert "started Challenge “Winter” until 2024-01-16" in said(bot, text)["text"]
    bot.command("quiz now", user=ADMIN)
    answer_right(bot, BOB)
    bot.command("quiz now", user=ADMIN, channel=OTHER, key="other")
    answer_right(bot, BOB, channel=OTHER)
    second = season_bot(knowledge, matcher, slack, open_store(db_url), bot.clock)
    try:
        ticks = [build_tick_jobs(b.deps)[-1] for b in (bot, second)]
        bot.clock.at = datetime(2024, 1, 16, 23, 59, tzinfo=timezone.utc)
        for tick in ticks:
            tick(bot.clock.at)
        assert final_boards(bot) == []  # the 16th is still the challenge's
        bot.clock.at = datetime(2024, 1, 17, 0, 1, tzinfo=timezone.utc)
        for tick in ticks + ticks:
            tick(bot.clock.at)
    finally:
        second.deps.store.close()
    finals = final_boards(bot)
    assert sorted(c.args["channel"] for c in finals) == [CHANNEL, OTHER]
    podium = finals[0].json_arg("blocks")[1]["text"]["text"]
    assert "<@U0BOB> — *20* pts" in podium  # one board across the two channels
    assert SeasonStore(bot.deps.store).current(OTHER) is None


def test_a_question_in_two_channels_of_a_challenge_counts_once_the_first_answer():
    at = MONDAY
    answers = [
        SeasonAnswer(BOB, "q-rds", False, at),
        SeasonAnswer(BOB, "q-rds", True, at + timedelta(hours=1)),  # the same, elsewhere
        SeasonAnswer(ADMIN, "q-rds", True, at),
    ]
    board = season_board(answers)
    assert [(s.user, s.points, s.answered) for s in board] == [(ADMIN, 10, 1), (BOB, 1, 1)]


def test_app_home_shows_the_seasons_open_where_the_person_plays_and_their_rank(bot):
    from tests.support.slack_requests import app_home_opened

    bot.command("quiz season start Spring <b>cup</b> until 2024-01-31", user=ADMIN, key="s")
    bot.clock.at += timedelta(minutes=1)
    bot.command("quiz now", user=ADMIN)
    answer_right(bot, ADMIN)
    answer_right(bot, BOB)  # the same points: ADMIN ranks first (a tie goes by user id)
    bot.command(
        f"quiz challenge start Elsewhere <#{OTHER}|pl> <#C0NOBODY|x>", user=ADMIN, key="c"
    )  # not a channel BOB plays in: not on his Home

    bot.event(app_home_opened(BOB), event_id="EvHomeBob")
    [publish] = bot.slack.calls_to("views.publish")
    view = shown(publish.json_arg("view"))
    assert "Seasons on now" in view
    assert (
        "Season “Spring &lt;b&gt;cup&lt;/b&gt;” in <#C0DBTEAM> · until 2024-01-31 · "
        "you're *#2* of 2 with *10* pts"
    ) in view
    assert "Elsewhere" not in view and "<b>" not in view


def test_app_home_without_an_open_season_has_no_seasons_part(bot):
    from tests.support.slack_requests import app_home_opened

    bot.command("quiz now", user=ADMIN)
    answer_right(bot, BOB)
    bot.event(app_home_opened(BOB), event_id="EvHomeBob")
    [publish] = bot.slack.calls_to("views.publish")
    view = shown(publish.json_arg("view"))
    assert "Your quiz stats" in view and "Seasons on now" not in view
