"""A comparison as plain terminal text (``whoowns ask``): a table of owners per duty, the rows
that differ first and marked with ``*``, then what each category does, its cost and when to
choose it. Pure; no colour, no Slack markup."""

from __future__ import annotations

from collections.abc import Iterable

from bot.answers import Answer, CompareRow, Comparison, OwnerCell
from bot.kb.models import OWNER_LABELS
from bot.render.wording import STILL_CONFIGURE, still_configured

INDENT = "  "
DIFFERS = "*"  # marks a row whose owners differ


def compare_lines(answer: Answer) -> list[str]:
    comparison = answer.comparison
    if comparison is None:
        return []
    sides = comparison.sides
    lines = [" vs ".join(s.name for s in sides) + " — who owns what"]
    if any(s.service for s in sides):
        through = "; ".join(f"{s.name} is {s.category.name}" for s in sides)
        lines.append(f"{INDENT}Compared through their categories: {through}.")
    lines += _table(comparison)
    lines.append("")
    for i, category in enumerate(comparison.categories):
        lines += [""] if i else []
        lines.append(category.name)
        lines += _bullets("AWS does", category.aws_does)
        lines += _bullets("You do", category.customer_does)
        if category.cost:
            lines.append(f"{INDENT}Cost: {category.cost}")
        lines += _bullets("When to choose it", category.when_to_choose)
    sources = [c.source for c in comparison.categories]
    parts = [p for r in comparison.rows for c in r.cells for p in c.source.split(";")]
    lines.append(
        "Sources: "
        + "; ".join(p for p in dict.fromkeys(p.strip() for p in (*parts, *sources)) if p)
    )
    return lines


def _table(comparison: Comparison) -> list[str]:
    rows = comparison.rows
    names = [s.name for s in comparison.sides]
    duty_width = max(len(r.duty_name) for r in rows)
    widths = [max(len(n), 10) for n in names]
    head = " " * (len(INDENT) + 2 + duty_width)
    columns = "  ".join(f"{n:<{w}}" for n, w in zip(names, widths, strict=True))
    out = [f"{head}  {columns}".rstrip()]
    for row in rows:
        mark = DIFFERS if row.differs else " "
        owners = "  ".join(f"{_owner(c):<{w}}" for c, w in zip(row.cells, widths, strict=True))
        out.append(f"{INDENT}{mark} {row.duty_name:<{duty_width}}  {owners}".rstrip())
        if comparison.duty is not None:
            out += _details(comparison, row)
    differing = len(comparison.differing)
    out.append(f"{INDENT}{DIFFERS} the owner differs ({differing} of {len(rows)} duties)")
    return out


def _details(comparison: Comparison, row: CompareRow) -> list[str]:
    """What each side does, for the one duty asked about."""
    out = []
    for side, c in zip(comparison.sides, row.cells, strict=True):
        out.append(f"{INDENT * 3}{side.name}:")
        configured = still_configured(c)
        if c.aws:
            out.append(f"{INDENT * 4}AWS: {c.aws}")
        if configured:
            out.append(f"{INDENT * 4}AWS {STILL_CONFIGURE} {configured}")
        elif c.customer:
            out.append(f"{INDENT * 4}You: {c.customer}")
    return out


def _owner(c: OwnerCell) -> str:
    return OWNER_LABELS.get(c.owner, "Not stated") if c.owner else "Not stated"


def _bullets(title: str, items: Iterable[str]) -> list[str]:
    items = tuple(items)
    if not items:
        return []
    return [f"{INDENT}{title}:", *(f"{INDENT}  - {i}" for i in items)]
