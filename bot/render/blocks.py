"""Answers as Block Kit: the one dispatch from an answer to its Slack message. Pure.

Each answer kind has its renderer (``course_blocks``, ``category_blocks``, ``compare_blocks``,
``choose_blocks``, ``org_blocks``), all built on ``primitives``; this module picks the kind's
body and adds what every card has: what was not understood, "did you mean", notes, the source,
the buttons and the question asked. User text is repeated only through ``mrkdwn.echo``.

    message = answer_message(answer)               # ephemeral card with "Share in channel"
    ack(response_type="ephemeral", **message.kwargs())
"""

from __future__ import annotations

import json
from collections.abc import Hashable, Iterable, Sequence
from copy import copy
from dataclasses import replace
from functools import lru_cache
from typing import Any, NamedTuple

from slack_sdk.models.blocks import ActionsBlock, Block, ButtonElement

from bot.answers import Answer, Choice, Classification, OrgAnswer, OwnerCell
from bot.render import wording
from bot.render.category_blocks import classify_blocks, explain_blocks
from bot.render.choose_blocks import choose_blocks, choose_fallback
from bot.render.compare_blocks import compare_blocks, compare_table, compare_text
from bot.render.course_blocks import (
    course_fallback,
    covered_blocks,
    duty_blocks,
    overview_blocks,
    overview_table,
    suggestion_buttons,
    unknown_blocks,
    who_owns_blocks,
)
from bot.render.feedback import REPORT_ACTION, encode, report_button, reported_of
from bot.render.help_blocks import help_message
from bot.render.mrkdwn import echo, escape_mrkdwn, trim
from bot.render.org_blocks import org_blocks, org_fallback, team_table
from bot.render.primitives import (
    BUTTON_VALUE_LIMIT,
    SECTION_TEXT_LIMIT,
    Message,
    button,
    context,
    limited,
    notice_message,
    section,
    shape_of,
    source_line,
    to_dicts,
)
from bot.render.tables import Table, table_block
from bot.render.wording import not_covered

# the listeners register this action id (bot/listeners/actions.py)
SHARE_ACTION = "share_answer"
CARDS_KEPT = 512  # card bodies kept by meaning (see _parts)
# stands for the question's text while a body is built to be kept (see _meaning_parts)
_ASKED = "qz7319046285"

APOLOGY = (
    "Sorry, something went wrong on my side while answering that. "
    "Please try again in a moment, or try `/whoowns help` for examples."
)


def _sources(cells: Iterable[OwnerCell | Classification | Choice]) -> str:
    seen: list[str] = []
    for cell in cells:
        for part in cell.source.split(";"):
            part = part.strip()
            if part and part not in seen:
                seen.append(part)
    return ", ".join(seen)


def _notes(notes: Iterable[str]) -> list[Block]:
    lines = [f":bulb: {escape_mrkdwn(n)}" for n in notes if n]
    return [section("\n".join(lines))] if lines else []


_BODIES = {
    "who_owns": who_owns_blocks,
    "compare": compare_blocks,
    "choose": choose_blocks,
    "duty": duty_blocks,
    "overview": overview_blocks,
    "classify": classify_blocks,
    "explain": explain_blocks,
    "unknown": unknown_blocks,
}


def card_table(answer: Answer) -> Table | None:
    """The one table a message may carry: a comparison, a responsibility matrix or a team's
    databases × duties (None: the card has none; it keeps its sections)."""
    if isinstance(answer, OrgAnswer):
        return team_table(answer)
    if answer.intent == "compare":
        return compare_table(answer)
    if answer.intent == "overview":
        return overview_table(answer)
    return None


def _body(answer: Answer, *, mention: bool, tabled: bool) -> list[Block]:
    if isinstance(answer, OrgAnswer) and answer.intent != "unknown":
        blocks = org_blocks(answer, mention=mention, tabled=tabled)
        if answer.cells:  # course services named beside the resources
            blocks += _BODIES.get(answer.intent, unknown_blocks)(answer)
        return blocks
    if tabled and answer.intent == "compare":
        return compare_blocks(answer, tabled=True)
    if tabled and answer.intent == "overview":
        return overview_blocks(answer, tabled=True)
    return _BODIES.get(answer.intent, unknown_blocks)(answer)


def _card(answer: Answer, *, mention: bool = True, tabled: bool = False) -> list[Block]:
    """The answer's blocks, without buttons or the asker line. ``mention``: teams of the
    organisation by their Slack handle (the asker's private card), else by name (shared).
    ``tabled``: what :func:`card_table` holds is left out (the table shows it)."""
    blocks = _body(answer, mention=mention, tabled=tabled)
    if not blocks:  # a known intent with nothing to show: say so plainly
        return unknown_blocks(answer)
    if answer.intent != "unknown":
        terms = answer.unknown_terms or answer.query.unknown_terms
        if terms:  # part of the question was understood: say plainly what was not
            names = [f"*{echo(t, 60)}*" for t in terms[:3]]
            blocks.insert(0, section(f"{not_covered(names)} Here is what I can say:"))
        if answer.suggestions:  # a partial answer can still offer "did you mean"
            blocks += suggestion_buttons(answer)
        blocks += covered_blocks(answer)
        shown = {c.note for c in answer.classifications if c.note}
        blocks += _notes(n for n in answer.notes if n not in shown)
        choice = [answer.choice] if answer.choice is not None else []
        source = _sources([*answer.cells, *answer.classifications, *choice])
        if source:
            blocks.append(context(source_line(source)))
    else:
        blocks[-1:-1] = _notes(answer.notes)
    return blocks


def answer_text(answer: Answer) -> str:
    """The one-paragraph ``text`` fallback (notifications, screen readers); mrkdwn-escaped."""
    if isinstance(answer, OrgAnswer):
        text = org_fallback(answer)
        if text is not None:
            return text
    if answer.intent == "compare" and answer.comparison is not None:
        return compare_text(answer)
    if answer.intent == "choose" and answer.choice is not None:
        return choose_fallback(answer.choice)
    return course_fallback(answer)


def answer_message(
    answer: Answer, *, shareable: bool = True, extra_buttons: Sequence[ButtonElement] = ()
) -> Message:
    """The card for an answer; ``shareable`` adds "Share in channel" (ephemeral replies) and
    ``extra_buttons`` (features' buttons, e.g. "Quiz me on this") beside it."""
    if answer.intent == "help":
        return help_message()
    if answer.intent == "smalltalk":  # one friendly line, no card
        return notice_message(escape_mrkdwn(wording.smalltalk_line(answer.query.smalltalk)))
    parts = _parts(answer)
    shares = shareable and answer.intent != "unknown"
    blocks = limited([*parts.blocks, *_tail(answer, shares, extra_buttons)])
    return Message(text=parts.text, blocks=blocks, table=parts.table)


def tail_blocks(
    answer: Answer, shares: bool, extra_buttons: Sequence[ButtonElement]
) -> list[Block]:
    """What follows every card's body: its buttons ("Share in channel" when ``shares``, the
    features' buttons, "Wrong or unclear?") and the question asked."""
    share = [button("Share in channel", SHARE_ACTION, answer.query.text), *extra_buttons]
    return [
        _with_report(share if shares else [], answer),
        context(_asker_line(answer.query.text)),
    ]


# serialised tails by their buttons (see _tail); few: one per set of features' buttons
_TAILS: dict[Hashable, tuple[dict[str, Any], dict[str, Any]]] = {}
TAILS_KEPT = 256


def _tail(
    answer: Answer, shares: bool, extra_buttons: Sequence[ButtonElement]
) -> tuple[dict[str, Any], ...]:
    """:func:`tail_blocks`, serialised. Only the question changes it from one card to the next
    (the share button's value and any feature's button carrying the question, the report
    button's value, the asker line): the rest is serialised (and validated) once per set of
    buttons, and each card gets a copy with its own question. The values are cut to Slack's
    limits as the models cut them (the tests compare both ways)."""
    value = answer.query.text[:BUTTON_VALUE_LIMIT]
    asking = [_asking(b, value) for b in extra_buttons]
    key = (shares, tuple(shape_of(b) for b in asking))
    template = _TAILS.get(key)
    if template is None:
        asked = replace(answer, query=replace(answer.query, text=_ASKED))
        made = [b.to_dict() for b in tail_blocks(asked, shares, asking)]
        template = (made[0], made[1])
        if len(_TAILS) < TAILS_KEPT:
            _TAILS[key] = template
    actions, asked_line = template
    report = encode(reported_of(answer))
    elements = [_with_value(e, value, report) for e in actions["elements"]]
    line = {**asked_line["elements"][0], "text": _asker_line(answer.query.text)}
    return {**actions, "elements": elements}, {**asked_line, "elements": [line]}


def _asking(button: ButtonElement, value: str) -> ButtonElement:
    """``button``, with :data:`_ASKED` for its value when its value is the question."""
    if getattr(button, "value", None) != value:
        return button
    standing_in = copy(button)
    standing_in.value = _ASKED
    return standing_in


def _with_value(element: dict[str, Any], question: str, report: str) -> dict[str, Any]:
    """A serialised button of the template, with the question's value in place of
    :data:`_ASKED` and ``report`` as the report button's (a value left out when empty, as the
    models leave it out)."""
    if element.get("action_id") == REPORT_ACTION:
        value = report
    elif element.get("value") == _ASKED:
        value = question
    else:
        return element
    out = {k: v for k, v in element.items() if k != "value"}
    if value:
        out["value"] = value
    return out


def _asker_line(text: str) -> str:
    return trim(f"_You asked:_ {echo(text)}", SECTION_TEXT_LIMIT)


class _Parts(NamedTuple):
    """A card without its buttons and asker line: its blocks (serialised), fallback text and
    table."""

    blocks: tuple[dict[str, Any], ...]
    text: str
    table: dict[str, Any] | None


def _build_parts(answer: Answer) -> _Parts:
    table = card_table(answer)
    blocks = tuple(b.to_dict() for b in _card(answer, tabled=table is not None))
    return _Parts(blocks, answer_text(answer), _block(table))


def _parts(answer: Answer) -> _Parts:
    """The card's parts. Serialising (and validating) them is most of a card's cost, and they
    are the same for every phrasing of one question ("patching aurora", "Who owns patching on
    Aurora?"): they are kept by the answer's value with the question's text left out, unless
    the text shows in them (a question not understood repeats it)."""
    if answer.intent == "unknown":  # repeats the text
        return _build_parts(answer)
    try:
        found = _meaning_parts(replace(answer, query=replace(answer.query, text=_ASKED)))
    except TypeError:  # a value that cannot be a key: built each time
        found = None
    return found if found is not None else _build_parts(answer)


@lru_cache(maxsize=CARDS_KEPT)
def _meaning_parts(meaning: Answer) -> _Parts | None:
    """The parts of an answer whose text is :data:`_ASKED`; None when it shows in them."""
    parts = _build_parts(meaning)
    shown = json.dumps(parts, ensure_ascii=False).lower()
    return None if _ASKED in shown else parts


def _block(table: Table | None) -> dict[str, Any] | None:
    return table_block(table) if table is not None else None


def shared_message(answer: Answer, *, user_id: str) -> Message:
    """The answer posted in the channel: "<@U…> asked: …" and the same card, no buttons."""
    asker = f"<@{escape_mrkdwn(user_id)}>"
    asked = f"{asker} asked: {echo(answer.query.text)}"
    table = card_table(answer)
    blocks = [section(asked), *_card(answer, mention=False, tabled=table is not None)]
    blocks = [*(b for b in blocks if not isinstance(b, ActionsBlock)), _with_report([], answer)]
    text = f"{asked}\n{answer_text(answer)}"
    return Message(text=text, blocks=to_dicts(blocks), table=_block(table))


def _with_report(buttons: Sequence[ButtonElement], answer: Answer) -> ActionsBlock:
    """The card's row of buttons, ending with the "Wrong or unclear?" control every card has."""
    return ActionsBlock(block_id="answer_buttons", elements=[*buttons, report_button(answer)])


def shared_receipt() -> Message:
    """What replaces the private card once it is shared."""
    text = ":white_check_mark: Shared in the channel."
    return Message(text=text, blocks=to_dicts([context(text)]))


def apology_message() -> Message:
    """What the user sees when something failed: short, no exception text, something to try."""
    return Message(text=APOLOGY, blocks=to_dicts([section(f":warning: {APOLOGY}")]))
