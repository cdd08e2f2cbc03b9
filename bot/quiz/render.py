"""Quiz messages as Block Kit (``slack_sdk.models`` via :mod:`bot.render.primitives`). Pure.

Every message has a text fallback and stays far below 50 blocks. Question texts and option
labels come from the knowledge (or a team's ``knowledge/quiz*.yaml``), so they are escaped
like user text: only ``*bold*`` survives, never a ``<!channel>``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from slack_sdk.models.blocks import ActionsBlock, Block, DividerBlock

from bot.bank import Option, Question
from bot.quiz.scores import Leaderboard, Score
from bot.render.mrkdwn import escape_mrkdwn
from bot.render.primitives import Message, button, context, header, section, to_dicts
from bot.render.tables import Mention, Table, table_block

ANSWER_ACTION = "quiz_answer"  # buttons are quiz_answer_0 … quiz_answer_4
LEADERBOARD_SIZE = 10


def _plain(text: str) -> str:
    return text.replace("*", "")


def _day(d: date) -> str:
    return f"{d:%a} {d.day} {d:%b}"


def answer_value(post_id: str, key: str) -> str:
    return f"{post_id}|{key}"


def parse_answer_value(value: str) -> tuple[str, str]:
    post_id, _, key = value.rpartition("|")
    return post_id, key


def _title(local_date: date, scheduled: bool) -> str:
    return f":brain: Daily quiz · {_day(local_date)}" if scheduled else ":brain: Quiz question"


def _answered(n: int) -> str:
    return f"{n} answered" if n != 1 else "1 answered"


def question_message(
    post_id: str,
    question: Question,
    options: Sequence[Option],
    *,
    answered: int,
    local_date: date,
    scheduled: bool = True,
    reveal_at_end_of_day: bool = False,
) -> Message:
    """The open question in the channel: the buttons and a live "N answered" count."""
    reveal = (
        "the answer is revealed at the end of the day"
        if reveal_at_end_of_day
        else "the next question reveals this one's answer"
    )
    buttons = [
        button(o.label, f"{ANSWER_ACTION}_{i}", answer_value(post_id, o.key))
        for i, o in enumerate(options)
    ]
    blocks: list[Block] = [
        header(_title(local_date, scheduled)),
        section(escape_mrkdwn(question.text)),
        ActionsBlock(block_id="quiz_answers", elements=buttons),
        context(
            f":busts_in_silhouette: *{_answered(answered)}* · your answer is private; {reveal}"
        ),
    ]
    labels = " / ".join(o.label for o in options)
    text = f"Quiz: {_plain(question.text)} ({labels})"
    return Message(text=text, blocks=to_dicts(blocks))


def closed_message(
    question: Question,
    options: Sequence[Option],
    counts: Mapping[str, int],
    *,
    local_date: date,
    scheduled: bool = True,
) -> Message:
    """The question once closed: no buttons, the correct answer and how people answered."""
    total = sum(counts.values())
    lines = []
    for o in options:
        n = counts.get(o.key, 0)
        share = round(100 * n / total) if total else 0
        mark = ":white_check_mark:" if o.key == question.answer else ":x:"
        bar = "█" * round(share / 10)
        lines.append(f"{mark} *{escape_mrkdwn(o.label)}* — {n} ({share}%) {bar}".rstrip())
    correct = escape_mrkdwn(question.correct.label)
    blocks: list[Block] = [
        header(_title(local_date, scheduled) + " · closed"),
        section(escape_mrkdwn(question.text)),
        section(f"*Answer:* {correct}\n{escape_mrkdwn(question.explanation)}"),
        section("\n".join(lines)),
        context(f"{_answered(total)} · :books: Source: {escape_mrkdwn(question.source)}"),
    ]
    text = f"Quiz closed: {_plain(question.text)} Answer: {question.correct.label}"
    return Message(text=text, blocks=to_dicts(blocks))


def feedback_message(
    question: Question,
    chosen: str,
    *,
    first: bool,
    streak: int | None = None,
    note: str | None = None,
) -> Message:
    """Private feedback for the clicker (ephemeral); ``note``: one more line (mrkdwn)."""
    right = chosen == question.answer
    chosen_label = escape_mrkdwn(question.option(chosen).label)
    correct = escape_mrkdwn(question.correct.label)
    if not first:
        verdict = "right" if right else "not right"
        head = f":memo: You already answered: *{chosen_label}* ({verdict}). Only the first counts."
    elif right:
        head = f":white_check_mark: *Right!* The answer is *{correct}*."
    else:
        head = f":x: *Not quite.* You chose *{chosen_label}*; the answer is *{correct}*."
    blocks: list[Block] = [section(head)]
    if not first and not right:
        blocks.append(section(f"The answer is *{correct}*."))
    blocks.append(section(escape_mrkdwn(question.explanation)))
    extra = f" · :fire: streak {streak}" if streak else ""
    blocks.append(context(f":books: Source: {escape_mrkdwn(question.source)}{extra}"))
    if note:
        blocks.append(context(note))
    if not first:
        text = f"You already answered: {question.option(chosen).label}"
    elif right:
        text = f"Right! The answer is {question.correct.label}."
    else:
        text = f"Not quite: the answer is {question.correct.label}."
    return Message(text=text, blocks=to_dicts(blocks))


def closed_feedback(question: Question, chosen: str | None) -> Message:
    """A click on a question that is already closed (an old client still shows buttons)."""
    correct = escape_mrkdwn(question.correct.label)
    head = f":lock: This question is closed. The answer was *{correct}*."
    if chosen is not None:
        head += f" You answered *{escape_mrkdwn(question.option(chosen).label)}*."
    blocks = [section(head), section(escape_mrkdwn(question.explanation))]
    return Message(
        text=f"This question is closed. The answer was {question.correct.label}.",
        blocks=to_dicts(blocks),
    )


def notice(text: str) -> Message:
    return Message(text=_plain(text), blocks=to_dicts([section(text)]))


def when(instant: datetime, tz: str) -> str:
    """``Mon 4 Mar 09:00 Europe/Berlin``."""
    local = instant.astimezone(ZoneInfo(tz))
    return f"{_day(local.date())} {local:%H:%M} {tz}"


def plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _rows(scores: Sequence[Score], names: bool = True, *, streaks: bool = True) -> str:
    lines = []
    for i, s in enumerate(scores[:LEADERBOARD_SIZE]):
        who = f"<@{s.user}>" if names else s.user
        streak = f" · :fire: {s.streak}" if s.streak and streaks else ""
        lines.append(
            f"{i + 1}. {who} — *{s.points}* {'pt' if s.points == 1 else 'pts'} · "
            f"{s.correct}/{s.answered} right "
            f"({round(100 * s.accuracy)}%){streak}"
        )
    return "\n".join(lines) if lines else "_Nobody has answered yet._"


def leaderboard_message(
    board: Leaderboard, channel: str, seasons: Sequence[tuple[str, Sequence[Score]]] = ()
) -> Message:
    """``seasons``: (title, board) of the current and the last season, shown when there are."""
    start = board.week_start
    week = f"This week (from {_day(start)})" if start else "This week"
    blocks: list[Block] = [
        header(":trophy: Quiz leaderboard"),
        section(f"*{week}* · {plural(board.questions_this_week, 'question')}\n{_rows(board.week)}"),
        DividerBlock(),
    ]
    for title, scores in seasons:
        blocks += [section(f"*{title}*\n{_rows(scores, streaks=False)}"), DividerBlock()]
    blocks += [
        section(
            f"*All time* · {plural(board.questions_all_time, 'question')}"
            + ("" if board.all_time else f"\n{_rows(board.all_time)}")
        ),
        context(
            f"In <#{channel}>. Points: 10 per right answer, 1 per wrong one; "
            ":fire: streak = scheduled days in a row answered right."
        ),
    ]
    top = board.all_time[0] if board.all_time else None
    text = "Quiz leaderboard" + (f": {top.user} leads with {top.points} points" if top else "")
    table = _all_time_table(board.all_time) if board.all_time else None
    return Message(text=text, blocks=to_dicts(blocks), table=table)


def _all_time_table(scores: Sequence[Score]) -> dict[str, Any]:
    """All time as a table (a message carries one: this week keeps its lines)."""
    rows = tuple(
        (
            str(i + 1),
            Mention(s.user),
            str(s.points),
            f"{s.correct}/{s.answered}",
            f"{round(100 * s.accuracy)}%",
            str(s.streak),
        )
        for i, s in enumerate(scores[:LEADERBOARD_SIZE])
    )
    header = ("#", "Person", "Points", "Right", "Accuracy", "Streak")
    return table_block(Table(header=header, rows=rows, align=("right", "left", "right", "right")))


def home_stats_blocks(per_channel: Sequence[tuple[str, Score]]) -> list[dict]:
    """The user's quiz stats for App Home (one line per channel they answered in)."""
    if not per_channel:
        body = (
            "You haven't answered a quiz question yet. Subscribe a channel with "
            "`/whoowns quiz subscribe 09:00 Europe/Berlin weekdays`, or try `/whoowns quiz now`."
        )
    else:
        body = "\n".join(
            f"<#{channel}>: *{s.points}* pts · {s.correct}/{s.answered} right "
            f"({round(100 * s.accuracy)}%) · :fire: streak {s.streak} (best {s.best_streak})"
            for channel, s in per_channel
        )
    return list(to_dicts([header(":brain: Your quiz stats"), section(body)]))


def home_seasons_blocks(lines: Sequence[str]) -> list[dict]:
    """The open seasons of the person's quiz channels on App Home (nothing when none)."""
    if not lines:
        return []
    return list(to_dicts([section(":checkered_flag: *Seasons on now*\n" + "\n".join(lines))]))


MEDALS = (":first_place_medal:", ":second_place_medal:", ":third_place_medal:")


def season_final_message(title: str, scores: Sequence[Score], channels: Sequence[str]) -> Message:
    """The end of a season or challenge: its three best, then its final board. ``title`` is
    bot-authored mrkdwn (the season's name already escaped)."""
    best = [
        f"{MEDALS[i]} <@{s.user}> — *{s.points}* pts" for i, s in enumerate(scores[: len(MEDALS)])
    ]
    podium = "\n".join(best) if best else "_Nobody answered during this one._"
    where = " ".join(f"<#{c}>" for c in channels)
    blocks: list[Block] = [
        header(":checkered_flag: The season is over"),
        section(f"*{title}* is over. The three best:\n{podium}"),
        DividerBlock(),
        section(f"*Final board*\n{_rows(scores, streaks=False)}"),
        context(f"In {where}. All-time scores go on counting every answer."),
    ]
    top = f": {scores[0].user} wins with {scores[0].points} points" if scores else ""
    return Message(text=f"{title} is over{top}", blocks=to_dicts(blocks))
