"""Onboarding messages as Block Kit (``slack_sdk.models`` via :mod:`bot.render.primitives`). Pure.

Every message has a text fallback and stays below 50 blocks (the App Home section is a list
of block dicts for :func:`bot.render.home.build_home_view`). Knowledge text is escaped like
user text (``&``, ``<``, ``>``), so ``Patching & Updates`` shows as written and nothing in a
knowledge file can ping a channel.

Buttons and their values (the listeners in :mod:`bot.listeners.onboarding` parse them here):

* ``onb_start`` — Start (welcome DM)
* ``onb_next_lesson`` — Next lesson
* ``onb_review_now`` — Review now (App Home, completion of a lesson, progress)
* ``onb_lesson_answer_Q_O`` — value ``LESSON|Q|OPTION``
* ``onb_review_answer_C_O`` — value ``SEND_ID|CARD_ID|OPTION``
* ``onb_hint_C`` — value ``SEND_ID|CARD_ID``
* ``onb_quiz_me`` — "Quiz me on this" under a ``/whoowns`` answer; value: the question asked
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from slack_sdk.models.blocks import ActionsBlock, Block, ButtonElement, DividerBlock

from bot.bank import Question
from bot.kb.models import Category, Knowledge
from bot.onboarding.lessons import Lesson, Section
from bot.onboarding.progress import Progress
from bot.onboarding.results import AskedQuestion, FollowUp
from bot.onboarding.timing import zone
from bot.render.mrkdwn import escape_mrkdwn
from bot.render.primitives import Message, button, context, header, section, to_dicts

START_ACTION = "onb_start"
NEXT_LESSON_ACTION = "onb_next_lesson"
REVIEW_NOW_ACTION = "onb_review_now"
LESSON_ANSWER_ACTION = "onb_lesson_answer"
REVIEW_ANSWER_ACTION = "onb_review_answer"
HINT_ACTION = "onb_hint"
QUIZ_ME_ACTION = "onb_quiz_me"


def _md(text: str) -> str:
    """Knowledge text for mrkdwn: escaped; ``*bold*`` from the bank survives."""
    return escape_mrkdwn(text)


def _plain(text: str) -> str:
    return text.replace("*", "")


def _label_line(line: str) -> str:
    label, sep, rest = line.partition(": ")
    if sep and len(label) <= 40:
        return f"• *{_md(label)}*: {_md(rest)}"
    return f"• {_md(line)}"


def when(moment: datetime, tz: str) -> str:
    """``Tue 3 Mar, 10:00 (Europe/Berlin)`` in the user's zone."""
    local = moment.astimezone(zone(tz))
    return f"{local:%a} {local.day} {local:%b}, {local:%H:%M} ({tz})"


# -- values of buttons -----------------------------------------------------------------------


def lesson_answer_value(lesson_id: str, index: int, option: str) -> str:
    return f"{lesson_id}|{index}|{option}"


def parse_lesson_answer(value: str) -> tuple[str, int, str] | None:
    parts = value.split("|")
    if len(parts) != 3 or not parts[1].isdigit():
        return None
    return parts[0], int(parts[1]), parts[2]


def review_answer_value(send_id: str, card_id: str, option: str) -> str:
    return f"{send_id}|{card_id}|{option}"


def parse_review_answer(value: str) -> tuple[str, str, str] | None:
    parts = value.split("|")
    if len(parts) != 3 or not all(parts):
        return None
    return parts[0], parts[1], parts[2]


def parse_hint(value: str) -> tuple[str, str] | None:
    send_id, _, card_id = value.partition("|")
    return (send_id, card_id) if send_id and card_id else None


# -- welcome, lessons, reviews ---------------------------------------------------------------


def welcome_message(knowledge: Knowledge, lessons_total: int, *, by: str | None) -> Message:
    """The one-screen primer with a Start button."""
    sec = knowledge.security
    cats = list(knowledge.categories.values())
    invited = f"<@{escape_mrkdwn(by)}> signed you up. " if by else ""
    blocks: list[Block] = [
        header(":wave: Welcome! Who owns what in AWS databases"),
        section(
            f"{invited}This short track teaches the AWS shared responsibility model for "
            "databases: for each duty (patching, backups, scaling, …) who owns it — AWS, you, "
            "or both."
        ),
        section("*The one idea:*\n" + "\n".join(_label_line(x) for x in (sec.aws, sec.customer))),
        section("*Three categories:*\n" + "\n".join(_primer_line(c, knowledge) for c in cats)),
        context(
            f"{lessons_total} lessons of about two minutes, one a working day at 10:00 your "
            "time (or faster: press *Next lesson*), each ending in 3 questions. Then short "
            "reviews of what you got wrong, at growing intervals. Stop any time: "
            "`/whoowns onboarding stop`."
        ),
        ActionsBlock(
            block_id="onb_welcome",
            elements=[button("Start", START_ACTION, "start", primary=True)],
        ),
    ]
    text = (
        "Welcome! A short track on who owns what in AWS databases: AWS secures the cloud, you "
        "secure in the cloud. Press Start to begin."
    )
    return Message(text=text, blocks=to_dicts(blocks))


def _primer_line(cat: Category, knowledge: Knowledge) -> str:
    """One line per category for the welcome: its "Must Remember" point ("Fully Managed =
    Least Customer Responsibility"), else its cost line, and two example services. Lesson 1
    shows the full descriptions right after."""
    gist = cat.cost[:1].lower() + cat.cost[1:]
    for point in knowledge.exam_points:
        lhs, eq, rhs = point.text.partition(" = ")
        if eq and lhs.strip().lower() == cat.name.lower():
            gist = rhs.strip().lower()  # "Least Customer Responsibility" is a heading's case
            break
    examples = [s.name for s in knowledge.services.values() if s.category == cat.id][:2]
    tail = f" (e.g. {', '.join(examples)})" if examples else ""
    return f"• *{_md(cat.name)}*: {_md(gist)}{_md(tail)}"


def _section_blocks(s: Section) -> list[Block]:
    if s.style == "text":
        return [section(_md(" ".join(s.lines)))]
    if s.style == "warning":
        body = "\n".join(f"*{_md(line)}*" for line in s.lines)
        return [section(f":warning: *{_md(s.heading)}:* {body}")]
    lines = "\n".join(_label_line(line) for line in s.lines)
    return [section(f"*{_md(s.heading)}*\n{lines}" if s.heading else lines)]


def lesson_message(
    lesson: Lesson,
    total: int,
    sections: Sequence[Section],
    questions: Sequence[AskedQuestion],
    *,
    has_next: bool,
) -> Message:
    blocks: list[Block] = [header(f"Lesson {lesson.number} of {total}: {lesson.title}")]
    for s in sections:
        blocks.extend(_section_blocks(s))
    blocks.append(DividerBlock())
    blocks.append(section("*Check yourself* — answer privately, you'll know at once:"))
    for qi, asked in enumerate(questions):
        blocks.extend(lesson_question_blocks(lesson.id, qi, asked))
    if has_next:
        blocks.append(
            ActionsBlock(
                block_id="onb_lesson_next",
                elements=[button("Next lesson", NEXT_LESSON_ACTION, lesson.id)],
            )
        )
        blocks.append(
            context("The next lesson comes on the next working day, or now: *Next lesson*.")
        )
    else:
        blocks.append(context("That was the last lesson. Reviews of what you miss follow."))
    text = f"Lesson {lesson.number} of {total}: {lesson.title}"
    return Message(text=text, blocks=to_dicts(blocks))


def lesson_question_blocks(lesson_id: str, qi: int, asked: AskedQuestion) -> list[Block]:
    """One lesson question: its text and a button per option."""
    return [
        section(f"*{qi + 1}.* {_md(asked.question.text)}"),
        ActionsBlock(
            block_id=f"onb_lq_{qi}",
            elements=[
                button(
                    _plain(o.label),
                    f"{LESSON_ANSWER_ACTION}_{qi}_{oi}",
                    lesson_answer_value(lesson_id, qi, o.key),
                )
                for oi, o in enumerate(asked.options)
            ],
        ),
    ]


def review_card_blocks(
    send_id: str, ci: int, card_id: str, asked: AskedQuestion, hintable: bool
) -> list[Block]:
    """One card of a review DM: its question, a button per option, and Hint where it helps."""
    elements: list[ButtonElement] = [
        button(
            _plain(o.label),
            f"{REVIEW_ANSWER_ACTION}_{ci}_{oi}",
            review_answer_value(send_id, card_id, o.key),
        )
        for oi, o in enumerate(asked.options)
    ]
    if hintable:
        elements.append(button("Hint", f"{HINT_ACTION}_{ci}", f"{send_id}|{card_id}"))
    return [
        section(f"*{ci + 1}.* {_md(asked.question.text)}"),
        ActionsBlock(block_id=f"onb_rv_{ci}", elements=elements),
    ]


def review_message(
    send_id: str,
    items: Sequence[tuple[str, AskedQuestion, bool]],
    *,
    due_total: int,
) -> Message:
    """Up to five cards; each: question, option buttons, and a Hint button where one helps."""
    n = len(items)
    blocks: list[Block] = [
        header(f":repeat: Review: {n} card{'s' if n != 1 else ''}"),
        context("Quick answers count most: a right answer within 15 s spaces the card out most."),
    ]
    for ci, (card_id, asked, hintable) in enumerate(items):
        blocks.extend(review_card_blocks(send_id, ci, card_id, asked, hintable))
    more = due_total - n
    if more > 0:
        blocks.append(context(f"{more} more due; they come next time (or press *Review now*)."))
    text = f"Review: {n} card{'s' if n != 1 else ''} due"
    return Message(text=text, blocks=to_dicts(blocks))


def feedback_message(
    question: Question,
    chosen: str,
    *,
    first: bool,
    correct: bool,
    next_due: datetime | None = None,
    tz: str = "UTC",
    follow_up: FollowUp | None = None,
) -> Message:
    """Private feedback on one answer, at once; ``follow_up``: what to answer next (the next
    open question of the lesson or review, or the Next lesson / Review now button)."""
    right = question.correct
    try:
        picked = question.option(chosen).label
    except KeyError:
        picked = chosen
    if not first:
        head = f"You already answered this one: *{_md(_plain(picked))}*" + (
            " (right)." if correct else f" — the answer is *{_md(_plain(right.label))}*."
        )
    elif correct:
        head = f":white_check_mark: Right: *{_md(_plain(right.label))}*."
    else:
        head = (
            f":x: Not quite: you picked *{_md(_plain(picked))}*; the answer is "
            f"*{_md(_plain(right.label))}*."
        )
    lines = [head, _md(question.explanation)]
    blocks: list[Block] = [section("\n".join(lines))]
    foot = [f":books: {_md(question.source)}"]
    if first and next_due is not None:
        foot.append(f"Back for review: {when(next_due, tz)}")
    blocks.append(context(" · ".join(foot)))
    blocks.extend(follow_up_blocks(follow_up))
    text = _plain(head)
    return Message(text=text, blocks=to_dicts(blocks))


def follow_up_blocks(follow_up: FollowUp | None) -> list[Block]:
    """What to answer next, under a feedback: the next open question, else a button."""
    if follow_up is None:
        return []
    q = follow_up.question
    if q is not None and q.card_id is None:
        return lesson_question_blocks(q.lesson_id, q.index, q.asked)
    if q is not None and q.card_id is not None:
        return review_card_blocks(q.send_id, q.index, q.card_id, q.asked, q.hintable)
    if follow_up.button == "next-lesson":
        note = "Lesson done. The next one comes on the next working day, or now."
        return next_step_blocks("Next lesson", NEXT_LESSON_ACTION, follow_up.value, note)
    if follow_up.button == "review-after-last-lesson":
        note = "That was the last lesson. Reviews keep it fresh: they come by DM."
        return next_step_blocks("Review now", REVIEW_NOW_ACTION, "lesson", note)
    note = "All cards of this review answered. More today? Review now."
    return next_step_blocks("Review now", REVIEW_NOW_ACTION, "review", note)


def next_step_blocks(label: str, action_id: str, value: str, note: str) -> list[Block]:
    return [
        ActionsBlock(block_id="onb_next_step", elements=[button(label, action_id, value)]),
        context(note),
    ]


def notice(text: str) -> Message:
    """Bot-authored mrkdwn (callers escape any user text in it)."""
    return Message(text=_plain(text), blocks=to_dicts([section(text)]))


def notice_with_buttons(text: str, buttons: Sequence[tuple[str, str, str]]) -> Message:
    blocks: list[Block] = [section(text)]
    if buttons:
        blocks.append(
            ActionsBlock(
                block_id="onb_notice_actions",
                elements=[button(label, action, value) for label, action, value in buttons],
            )
        )
    return Message(text=_plain(text), blocks=to_dicts(blocks))


# -- progress --------------------------------------------------------------------------------


def progress_lines(p: Progress, *, whose: str | None = None) -> list[str]:
    """``whose``: someone else's mention (a manager asking), None for the user's own."""
    if not p.invited and not p.started and not p.cards_in_deck:
        if whose:
            return [
                f"{whose} has not started onboarding: `/whoowns onboard` with an @-mention "
                "of them sends them the welcome DM with a *Start* button."
            ]
        return ["Not onboarding yet. `/whoowns onboard` (or *Start*) starts the track."]
    if p.completed:
        status = ":tada: *Completed*"
    elif p.stopped:
        status = ":pause_button: Stopped (press *Resume* to go on)"
    elif p.started:
        status = ":seedling: In progress"
    elif p.invited:
        status = ":envelope: Invited (has not pressed Start yet)"
    else:
        status = ":card_index: Reviewing cards from *Quiz me on this* (the lessons: *Start*)"
    lines = [
        status,
        f"*Lessons:* {p.lessons_done} of {p.lessons_total} done"
        + (f" · next: _{_md(p.next_lesson)}_" if p.next_lesson and not p.stopped else ""),
        f"*Cards:* {p.cards_learned} learned · {p.cards_due} due · {p.cards_mastered} mastered "
        f"(of {p.cards_total})",
        f"*Table facts mastered:* {p.table_cards_mastered} of {p.table_cards_total} "
        f"(done at {p.table_cards_needed})",
        f"*Streak:* {p.streak} day{'s' if p.streak != 1 else ''}",
    ]
    if p.next_review is not None:
        lines.append(f"*Next review:* {when(p.next_review, p.tz)}")
    if p.unreachable is not None:
        lines.insert(1, unreachable_line(p, "them" if whose else "you"))
    return lines


def unreachable_line(p: Progress, whom: str) -> str:
    """``*Stopped:* Slack cannot reach them (user_not_found) since 7 Dec; cleared when they
    use the bot again``."""
    assert p.unreachable is not None
    since = p.unreachable.since.astimezone(zone(p.tz))
    who = "they use" if whom == "them" else "you use"
    return (
        f"*Stopped:* Slack cannot reach {whom} ({_md(p.unreachable.reason)}) since "
        f"{since.day} {since:%b}; cleared when {who} the bot again"
    )


def progress_blocks(p: Progress, *, own: bool, whose: str | None = None) -> list[Block]:
    lines = progress_lines(p, whose=None if own else whose)
    if whose and not own and len(lines) > 1:
        lines = [f"*{whose}*", *lines]
    blocks: list[Block] = [section("\n".join(lines))]
    if own and not p.completed:
        elements = []
        if p.next_lesson and p.started and not p.stopped:
            elements.append(button("Next lesson", NEXT_LESSON_ACTION, "home", primary=True))
        if p.stopped:
            elements.append(button("Resume", START_ACTION, "home", primary=True))
        elif not p.started:
            elements.append(button("Start", START_ACTION, "home", primary=True))
        if p.cards_due_today:  # Review now sends the cards due today: none, no button
            elements.append(button("Review now", REVIEW_NOW_ACTION, "home"))
        if elements:
            blocks.append(ActionsBlock(block_id="onb_progress_actions", elements=elements))
    blocks.append(
        context(
            "Mastered = remembered for 3 weeks or more (FSRS stability ≥ 21 days). Done = every "
            "lesson answered and 90 % of the table's facts mastered."
        )
    )
    return blocks


def home_section_blocks(p: Progress) -> list[dict[str, Any]]:
    return [b.to_dict() for b in [header("Your onboarding"), *progress_blocks(p, own=True)]]


def progress_message(p: Progress, *, own: bool, name: str) -> Message:
    # a header is plain text: a mention there would show as "<@U…>", so it goes in the section
    title = "Your onboarding" if own else "Onboarding progress"
    blocks: list[Block] = [header(title), *progress_blocks(p, own=own, whose=name)]
    text = (
        f"{'Your onboarding' if own else f'Onboarding of {name}'}: "
        f"{p.lessons_done}/{p.lessons_total} lessons, {p.cards_mastered} cards "
        f"mastered, {p.cards_due} due" + (" — completed" if p.completed else "")
    )
    return Message(text=text, blocks=to_dicts(blocks))


def progress_text(p: Progress, name: str) -> str:
    """For the terminal (``whoowns progress``)."""
    lines = [f"Onboarding of {name}"]
    lines += [
        "  " + re.sub(r"(?<!\w)_([^_]+)_(?!\w)", r"\1", _plain(line)).replace("`", "")
        for line in progress_lines(p, whose=name)
    ]
    text = "\n".join(lines)
    for emoji in (":tada: ", ":seedling: ", ":pause_button: ", ":envelope: ", ":card_index: "):
        text = text.replace(emoji, "")
    return text


def completion_message(p: Progress) -> Message:
    text = (
        f":tada: *You made it!* All {p.lessons_total} lessons done and "
        f"{p.table_cards_mastered} of {p.table_cards_total} table facts mastered: you know who "
        "owns what for AWS databases. Reviews keep coming now and then so it stays that way."
    )
    return notice(text)


def completion_note(user: str, p: Progress) -> Message:
    text = (
        f":tada: <@{escape_mrkdwn(user)}> completed onboarding: {p.lessons_total} lessons, "
        f"{p.table_cards_mastered} of {p.table_cards_total} table facts mastered."
    )
    return notice(text)


def quiz_me_button(question: str) -> ButtonElement:
    return button("Quiz me on this", QUIZ_ME_ACTION, question)


def added_cards_message(labels: Sequence[str], already: int, next_review: str | None) -> Message:
    if not labels and not already:
        return notice("There is no single fact to learn in this answer; ask about a service.")
    parts = []
    if labels:
        shown = ", ".join(_md(x) for x in labels[:5]) + ("…" if len(labels) > 5 else "")
        parts.append(
            f":heavy_plus_sign: Added {len(labels)} card{'s' if len(labels) != 1 else ''} to "
            f"your review deck: {shown}."
        )
    if already:
        parts.append(f"{already} already in your deck.")
    if next_review:
        parts.append(f"Next review: {next_review} — or press *Review now*.")
    return notice_with_buttons(" ".join(parts), [("Review now", REVIEW_NOW_ACTION, "quiz-me")])
