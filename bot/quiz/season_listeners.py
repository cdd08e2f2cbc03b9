"""``/whoowns quiz season start NAME [until DATE]`` | ``season end`` | ``season status`` and
``/whoowns quiz challenge start NAME #a #b … [until DATE]`` (routed here by
:mod:`bot.quiz.listeners`, which asks the admins' permission check first)."""

from __future__ import annotations

from collections.abc import Callable

from bot.listeners.errors import reported
from bot.listeners.registry import SlashRequest
from bot.quiz import render, season_ops
from bot.quiz.schedule import local_date
from bot.quiz.season_access import board_outcome, channel_problems
from bot.quiz.seasons import SeasonError, parse_start
from bot.render.primitives import Message
from bot.slack.client import waiter
from bot.slack.delivery import Courier
from bot.store import Store
from bot.store.quiz_seasons import SeasonStore, SeasonTaken

Refusal = Callable[[], Message | None]

USAGE = (
    "*Seasons*\n"
    "• `/whoowns quiz season start NAME [until YYYY-MM-DD]` — a board that starts again, "
    "in this channel\n"
    "• `/whoowns quiz challenge start NAME #a #b [until YYYY-MM-DD]` — one board across channels\n"
    "• `/whoowns quiz season status` — the season open here\n"
    "• `/whoowns quiz season end` — end it now and post the final board"
)


def handle_season(
    store: Store, request: SlashRequest, word: str, rest: str, refuse: Refusal
) -> None:
    """``word``: ``season`` or ``challenge``; ``rest``: what follows it; ``store``: the
    workspace's."""
    verb, _, tail = rest.strip().partition(" ")
    verb = verb.lower()
    if verb == "status":
        _status(store, request)
        return
    if verb not in ("start", "end", "stop"):
        request.reply(render.notice(USAGE))
        return
    request.ack()  # at once: a start asks Slack about channels, an end posts the final board
    with reported(dict(request.body), request.bolt_context()):
        refusal = refuse()
        if refusal is not None:
            _say(request, refusal)
        elif verb == "start":
            _start(store, request, tail, challenge=word == "challenge")
        else:
            _end(store, request)


def _say(request: SlashRequest, message: Message, *, in_channel: bool = False) -> None:
    kind = "in_channel" if in_channel else "ephemeral"
    request.respond(response_type=kind, **message.kwargs())


def _start(store: Store, request: SlashRequest, text: str, *, challenge: bool) -> None:
    now = request.deps.clock()
    tz = season_ops.season_tz(store, request.channel_id)
    try:
        asked = parse_start(text, local_date(now, tz), challenge=challenge)
    except SeasonError as exc:
        _say(request, render.notice(f"{exc} Nothing was started."))
        return
    problems = channel_problems(request.client, asked.channels or (request.channel_id,))
    if problems:
        _say(request, render.notice(" ".join(problems) + " Nothing was started."))
        return
    kind = "challenge" if challenge else "season"
    season = season_ops.new_season(asked, request.channel_id, request.user_id, now, tz, kind)
    try:
        SeasonStore(store).start(season)
    except SeasonTaken as taken:
        busy = SeasonStore(store).current(str(taken.args[0]))
        name = season_ops.title(busy) if busy else "A season"
        _say(
            request,
            render.notice(
                f"{name} is already open in <#{taken.args[0]}>: end it first with "
                "`/whoowns quiz season end` there. Nothing was started."
            ),
        )
        return
    until = f" until {season.until.isoformat()} ({season.tz})" if season.until else ""
    where = " ".join(f"<#{c}>" for c in season.channels)
    text = (
        f":checkered_flag: <@{request.user_id}> started {season_ops.title(season)}{until} "
        f"in {where}. A fresh board: `/whoowns leaderboard`; all-time scores keep counting."
    )
    _say(request, render.notice(text), in_channel=True)


def _end(store: Store, request: SlashRequest) -> None:
    season = SeasonStore(store).current(request.channel_id)
    courier = Courier(request.client, sleep=waiter(request.deps.settings))
    results = None
    if season is not None:
        results = season_ops.end_and_announce(store, courier, season, request.deps.clock())
    if season is None or results is None:
        _say(request, render.notice("No season is open in this channel."))
        return
    _say(request, render.notice(board_outcome(season_ops.title(season), results)))


def _status(store: Store, request: SlashRequest) -> None:
    season = SeasonStore(store).current(request.channel_id)
    if season is None:
        request.reply(render.notice("No season is open in this channel. " + USAGE))
        return
    until = f"until {season.until.isoformat()} ({season.tz})" if season.until else "no end date"
    scores = season_ops.board(store, season)
    leader = f"<@{scores[0].user}> leads with *{scores[0].points}* pts" if scores else "no answers"
    where = " ".join(f"<#{c}>" for c in season.channels)
    started = season.started_at.date().isoformat()
    request.reply(
        render.notice(
            f"{season_ops.title(season)} · since {started}, {until} · in {where} · {leader}"
        )
    )
