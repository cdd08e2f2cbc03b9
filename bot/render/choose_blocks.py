""" "Which should I choose?" as Block Kit. Pure; at most 8 blocks.

The situation in the course material's words (quoted), the category it points to, where each
named service falls (with its exam note), then the "When to Choose" lines when no situation
was matched, and the cost of each category in play. Built with ``slack_sdk`` models directly;
every piece of user text goes through :func:`bot.render.mrkdwn.echo`.
"""

from __future__ import annotations

from slack_sdk.models.blocks import (
    Block,
    HeaderBlock,
    MarkdownTextObject,
    PlainTextObject,
    SectionBlock,
)

from bot.answers import Answer, Choice
from bot.render.choose_text import NO_SITUATION, choice_title, instead_line, unmatched_line
from bot.render.mrkdwn import bullet_list, escape_mrkdwn, trim

# Slack's limits for these blocks (section text, section field, header)
_TEXT_LIMIT = 3000
_FIELD_LIMIT = 2000
_HEADER_LIMIT = 150
_FIELDS_PER_SECTION = 10
FITS_MARK = ":white_check_mark:"


def _section(text: str) -> SectionBlock:
    return SectionBlock(text=MarkdownTextObject(text=trim(text, _TEXT_LIMIT)))


def _fields(texts: list[str]) -> list[Block]:
    """Texts two by two (side by side on desktop), at most ten fields a section."""
    fields = [MarkdownTextObject(text=trim(t, _FIELD_LIMIT)) for t in texts]
    step = _FIELDS_PER_SECTION
    return [SectionBlock(fields=fields[i : i + step]) for i in range(0, len(fields), step)]


def choose_blocks(answer: Answer) -> list[Block]:
    choice = answer.choice
    if choice is None:
        return []
    title = f"Which should I choose? {choice_title(choice)}"
    blocks: list[Block] = [HeaderBlock(text=PlainTextObject(text=trim(title, _HEADER_LIMIT)))]
    blocks.append(_section(_situation_text(choice)))
    notes = {c.service: c.note for c in answer.classifications if c.note}
    placed = [
        _placement_text(choice, i, notes.get(p.service.id)) for i, p in enumerate(choice.placements)
    ]
    placed += [_category_text(choice, i) for i in range(len(choice.named_categories))]
    blocks += _fields(placed)
    if choice.instead:
        blocks.append(_section(escape_mrkdwn(instead_line(choice))))
    if not choice.scenarios:
        blocks += _fields(
            [
                f"*Choose {escape_mrkdwn(c.name)} for*\n"
                + escape_mrkdwn(bullet_list(c.when_to_choose))
                for c in choice.categories
                if c.when_to_choose
            ]
        )
    cost = [
        f":moneybag: *{escape_mrkdwn(c.name)}:* {escape_mrkdwn(c.cost)}"
        for c in choice.categories
        if c.cost
    ]
    if cost:
        blocks.append(_section("\n".join(cost)))
    return blocks


def choose_fallback(choice: Choice) -> str:
    """The ``text`` fallback (mrkdwn-escaped): the situation's category, where each falls."""
    parts = [f"{s.name}: choose {s.category.replace('-', ' ').title()}" for s in choice.scenarios]
    parts += [f"{p.service.name} is {p.category.name}" for p in choice.placements]
    return escape_mrkdwn(f"Which to choose — {choice_title(choice)}. " + "; ".join(parts))


def _situation_text(choice: Choice) -> str:
    if choice.scenarios:
        quoted = [
            f"> {escape_mrkdwn(s.line)}\n_{escape_mrkdwn(s.source.rpartition(': ')[2])}_"
            for s in choice.scenarios
        ]
        names = " and ".join(f"*{escape_mrkdwn(c.name)}*" for c in choice.recommended)
        return "\n".join([":dart: *Your situation*, in the course material's words:", *quoted]) + (
            f"\nIt points to {names}."
        )
    if choice.situation:  # the typed words, escaped
        return escape_mrkdwn(unmatched_line(choice))
    return escape_mrkdwn(NO_SITUATION)


def _placement_text(choice: Choice, index: int, note: str | None) -> str:
    p = choice.placements[index]
    mark = f" {FITS_MARK} fits" if p.fits else ""
    lines = [f"*{escape_mrkdwn(p.service.name)}*", f"{escape_mrkdwn(p.category.name)}{mark}"]
    if note:
        lines.append(f"_{escape_mrkdwn(note)}_")
    return "\n".join(lines)


def _category_text(choice: Choice, index: int) -> str:
    c = choice.named_categories[index]
    fits = any(r.id == c.id for r in choice.recommended)
    return f"*{escape_mrkdwn(c.name)}*" + (f" {FITS_MARK} fits" if fits else "")
