"""A comparison as Block Kit: the owners side by side per duty (the differing ones first and
marked), then what each category does, its cost and when to choose it. Pure.

Used by :mod:`bot.render.blocks` for the ``compare`` intent; at most 12 blocks, whatever the
number of duties (rows are lines of one section, never a block each).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from slack_sdk.models.blocks import Block, DividerBlock

from bot.answers import Answer, CompareRow, Comparison
from bot.kb.models import Category
from bot.render.mrkdwn import OWNER_BADGES, badge, bullet_list, escape_mrkdwn
from bot.render.primitives import context, fields_section, header, section
from bot.render.tables import Table
from bot.render.wording import STILL_CONFIGURE, still_configured

DIFFERS_MARK = ":point_right:"  # the rows where the owners differ


def compare_sources(comparison: Comparison) -> list[str]:
    """The seed sections of every cell shown, then of each category's own texts."""
    parts = [p for r in comparison.rows for c in r.cells for p in c.source.split(";")]
    parts += [c.source for c in comparison.categories]
    return [p for p in dict.fromkeys(p.strip() for p in parts) if p]


def compare_title(comparison: Comparison) -> str:
    return " vs ".join(s.name for s in comparison.sides)


def compare_text(answer: Answer) -> str:
    """The ``text`` fallback: the sides and how many duties differ (mrkdwn-escaped)."""
    comparison = answer.comparison
    if comparison is None:
        return ""
    differing = comparison.differing
    names = ", ".join(r.duty_name for r in differing[:6]) + ("…" if len(differing) > 6 else "")
    text = f"{compare_title(comparison)}: the owner differs for {len(differing)} of "
    text += f"{len(comparison.rows)} duties" + (f" ({names})" if names else "")
    return escape_mrkdwn(text)


def _word(owner: str | None) -> str:
    return OWNER_BADGES.get(owner, OWNER_BADGES[None])[1]


def compare_table(answer: Answer) -> Table | None:
    """Every duty × the sides compared, the differing duties first (None: one duty asked)."""
    comparison = answer.comparison
    if comparison is None or comparison.duty is not None or not comparison.rows:
        return None
    rows = sorted(comparison.rows, key=lambda r: (not r.differs, not r.stated))
    return Table(
        header=("Duty", *(s.name for s in comparison.sides), "Owner differs"),
        rows=tuple(
            (r.duty_name, *(_word(c.owner) for c in r.cells), "yes" if r.differs else "")
            for r in rows
        ),
    )


def compare_blocks(answer: Answer, *, tabled: bool = False) -> list[Block]:
    """``tabled``: the duties are in :func:`compare_table`, shown under these blocks."""
    comparison = answer.comparison
    if comparison is None:
        return []
    blocks: list[Block] = [header(compare_title(comparison))]
    if any(s.service for s in comparison.sides):
        through = " · ".join(
            f"*{escape_mrkdwn(s.name)}* is {escape_mrkdwn(s.category.name)}"
            for s in comparison.sides
        )
        blocks.append(section(f"{through} — compared through their categories."))
    if comparison.duty is not None:
        for row in comparison.rows:
            blocks.append(
                fields_section([_cell_text(comparison, row, i) for i in range(len(row.cells))])
            )
    elif not tabled:
        blocks += [section(text) for text in _row_groups(comparison)]
    else:
        blocks.append(section(_differ_line(comparison)))
    blocks.append(DividerBlock())
    blocks += _categories(comparison.categories, fields_section)
    sources = compare_sources(comparison)
    legend = "  ".join(f"{emoji} {word}" for emoji, word in OWNER_BADGES.values())
    blocks.append(context(f"{DIFFERS_MARK} the owner differs   {legend}"))
    blocks.append(context(f":books: Source: {escape_mrkdwn('; '.join(sources))}"))
    return blocks


def _differ_line(comparison: Comparison) -> str:
    differing = len(comparison.differing)
    total = len(comparison.rows)
    return (
        f"{DIFFERS_MARK} Who owns each duty: the table below "
        f"(the owner differs for {differing} of the {total} duties)"
    )


def _row_groups(comparison: Comparison) -> list[str]:
    """The rows as lines, in three groups: owners differ, the same, not stated everywhere."""
    rows = comparison.rows
    differ = [r for r in rows if r.differs]
    same = [r for r in rows if r.stated and not r.differs]
    open_ = [r for r in rows if not r.stated]
    total = len(rows)
    out = []
    if differ:
        title = f"{DIFFERS_MARK} *Where the owner differs* ({len(differ)} of the {total} duties)"
        out.append("\n".join([title, *(_row_line(comparison, r) for r in differ)]))
    if same:
        lines = [f"*{escape_mrkdwn(r.duty_name)}* — {badge(r.cells[0].owner)}" for r in same]
        out.append("\n".join([f"*The same owner* ({len(same)})", *lines]))
    if open_:
        title = f"*The course material does not state every owner* ({len(open_)})"
        out.append("\n".join([title, *(_row_line(comparison, r) for r in open_)]))
    return out


def _row_line(comparison: Comparison, row: CompareRow) -> str:
    owners = " · ".join(
        f"{escape_mrkdwn(side.name)} {badge(c.owner)}"
        for side, c in zip(comparison.sides, row.cells, strict=True)
    )
    mark = f"{DIFFERS_MARK} " if row.differs else ""
    return f"{mark}*{escape_mrkdwn(row.duty_name)}* — {owners}"


def _cell_text(comparison: Comparison, row: CompareRow, i: int) -> str:
    """One side of the one duty asked about: the owner and what each side does."""
    side, c = comparison.sides[i], row.cells[i]
    mark = f"{DIFFERS_MARK} " if row.differs else ""
    lines = [
        f"{mark}*{escape_mrkdwn(side.name)}* ({escape_mrkdwn(row.duty_name)}): {badge(c.owner)}"
    ]
    configured = still_configured(c)
    if configured:
        lines[0] += f" {STILL_CONFIGURE} {escape_mrkdwn(configured)}"
    if c.aws:
        lines.append(f":cloud: *AWS does:* {escape_mrkdwn(c.aws)}")
    if c.customer and not configured:
        lines.append(f":bust_in_silhouette: *You do:* {escape_mrkdwn(c.customer)}")
    if c.owner is None:
        lines.append("_The course material does not state who owns this here._")
    return "\n".join(lines)


def _categories(
    categories: tuple[Category, ...], fields: Callable[[Sequence[str]], Block]
) -> list[Block]:
    """What each category does, its cost and when to choose it: one field per category."""
    does = [
        f"*{escape_mrkdwn(c.name)}*\n:cloud: *AWS does*\n{escape_mrkdwn(bullet_list(c.aws_does))}"
        f"\n:bust_in_silhouette: *You do*\n{escape_mrkdwn(bullet_list(c.customer_does))}"
        for c in categories
    ]
    cost = [f":moneybag: *{escape_mrkdwn(c.name)}:* {escape_mrkdwn(c.cost)}" for c in categories]
    choose = [
        f"*Choose {escape_mrkdwn(c.name)} for*\n{escape_mrkdwn(bullet_list(c.when_to_choose))}"
        for c in categories
        if c.when_to_choose
    ]
    return [fields(does), fields(cost), *([fields(choose)] if choose else [])]
