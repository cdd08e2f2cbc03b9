"""Categories as Block Kit: a category explained, and which category a service is in."""

from __future__ import annotations

from slack_sdk.models.blocks import Block, DividerBlock

from bot.answers import Answer
from bot.kb.models import Category
from bot.render.mrkdwn import bullet_list, escape_mrkdwn
from bot.render.primitives import context, fields_section, header, section, source_line


def _category_name(answer: Answer, category_id: str) -> str:
    for cat in answer.categories:
        if cat.id == category_id:
            return cat.name
    for cls in answer.classifications:
        if cls.category == category_id:
            return cls.category_name
    return category_id.replace("-", " ").title()


def classify_blocks(answer: Answer) -> list[Block]:
    blocks: list[Block] = []
    for cls in answer.classifications:
        name = escape_mrkdwn(cls.service_name)
        category = f"*{escape_mrkdwn(cls.category_name)}*"
        if cls.asked_category is not None and cls.matches is not None:
            asked = _category_name(answer, cls.asked_category)
            blocks.append(header(f"Is {cls.service_name} {asked}?"))
            if cls.matches:
                verdict = f"*Yes* — {name} is {category}."
            else:
                verdict = f"*No* — {name} is {category}, not {escape_mrkdwn(asked)}."
        else:
            blocks.append(header(f"{cls.service_name}: which category?"))
            verdict = f"{name} is {category}."
        kind = f" ({escape_mrkdwn(cls.kind)})" if cls.kind else ""
        text = f"{verdict}{kind}\n_{escape_mrkdwn(cls.category_name)}:_ "
        text += escape_mrkdwn(cls.category_summary)
        if cls.note:
            text += f"\n:warning: *Exam note:* {escape_mrkdwn(cls.note)}"
        blocks.append(section(text))
    return blocks


def category_blocks(cat: Category) -> list[Block]:
    """A category explained: description, who does what, cost, when to choose, practices."""
    blocks: list[Block] = [header(cat.name), section(escape_mrkdwn(cat.description))]
    blocks.append(
        fields_section(
            [
                ":cloud: *AWS does*\n" + escape_mrkdwn(bullet_list(cat.aws_does)),
                ":bust_in_silhouette: *You do*\n" + escape_mrkdwn(bullet_list(cat.customer_does)),
            ]
        )
    )
    if cat.characteristics:
        blocks.append(
            section("*Key characteristics*\n" + escape_mrkdwn(bullet_list(cat.characteristics)))
        )
    more = [f":moneybag: *Cost:* {escape_mrkdwn(cat.cost)}"] if cat.cost else []
    if cat.when_to_choose:
        more.append("*When to choose it*\n" + escape_mrkdwn(bullet_list(cat.when_to_choose)))
    if cat.best_practices:
        more.append("*Best practices*\n" + escape_mrkdwn(bullet_list(cat.best_practices)))
    if more:
        blocks.append(section("\n\n".join(more)))
    blocks.append(context(source_line(cat.source)))
    return blocks


def explain_blocks(answer: Answer) -> list[Block]:
    blocks: list[Block] = []
    for cat in answer.categories:
        if blocks:
            blocks.append(DividerBlock())
        blocks += category_blocks(cat)
    return blocks
