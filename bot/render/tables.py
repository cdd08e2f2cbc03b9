"""Slack's Table block: the model every renderer builds a table with, and the limits Slack
sets on it, checked here before anything is sent (slack_sdk checks only that rows exist).

Slack shows a table only in a message, only inside the message's ``attachments`` (not among
its top-level ``blocks``), at most one per message, with at most 100 rows of at most 20 cells
(``column_settings`` at most 20 too). Home tabs and modals have no table: their renderers keep
sections. Cells are ``rich_text`` (so a header can be bold and a person a mention).

    table = Table(header=("Duty", "RDS", "DynamoDB"), rows=(("Patching", "AWS", "AWS"),))
    block = table_block(fit(table, more="ask about one of them by name"))
    check_tables({"text": "…", "attachments": [{"blocks": [block]}]})   # raises if over
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any, Literal

from slack_sdk.models.blocks import (
    RichTextBlock,
    RichTextElementParts,
    RichTextSectionElement,
    TableBlock,
    TableBlockColumnSettings,
)

MAX_TABLE_ROWS = 100  # header row included
MAX_TABLE_CELLS = 20  # per row
MAX_COLUMN_SETTINGS = 20
MAX_TABLES_PER_MESSAGE = 1
EMPTY_CELL = "—"  # Slack refuses an empty cell
TABLES_KEPT = 256  # rendered tables kept, by value (a table is the same whoever asks, however)

Align = Literal["left", "center", "right"]


class TableLimitError(ValueError):
    """A payload Slack would refuse for its tables; the message names every problem."""


@dataclass(frozen=True)
class Mention:
    """A cell showing a person (``<@U…>`` in Slack, their name in the terminal)."""

    user_id: str


Cell = str | Mention


@dataclass(frozen=True)
class Table:
    """A header row and data rows (plain text or a :class:`Mention` per cell)."""

    header: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    align: tuple[Align, ...] = ()  # per column from the left; the rest are left-aligned


def fit(table: Table, *, more: str) -> Table:
    """The table within Slack's row limit: past it, the last row says "… and N more" and
    ``more`` (where to see them all)."""
    room = MAX_TABLE_ROWS - 1  # the header
    if len(table.rows) <= room:
        return table
    shown = table.rows[: room - 1]
    hidden = len(table.rows) - len(shown)
    width = len(table.header)
    note: tuple[Cell, ...] = (f"… and {hidden} more: {more}", *([""] * (width - 1)))
    return replace(table, rows=(*shown, note))


def _cell(value: Cell, *, bold: bool = False) -> RichTextBlock:
    part: Any
    if isinstance(value, Mention):
        part = RichTextElementParts.User(user_id=value.user_id)
    else:
        style = {"bold": True} if bold else None
        part = RichTextElementParts.Text(text=value or EMPTY_CELL, style=style)
    return RichTextBlock(elements=[RichTextSectionElement(elements=[part])])


def table_block(table: Table) -> dict[str, Any]:
    """The Table block as Slack takes it (validated by slack_sdk and by :func:`table_problems`).

    Building and validating a table's cells is most of a card's cost; the same table (a
    comparison asked in other words) is built once while it is among the last
    :data:`TABLES_KEPT`. The dict returned is shared: read it, never change it."""
    return _table_block(table)


@lru_cache(maxsize=TABLES_KEPT)
def _table_block(table: Table) -> dict[str, Any]:
    rows = [[_cell(h, bold=True) for h in table.header]]
    rows += [[_cell(c) for c in row] for row in table.rows]
    settings = [TableBlockColumnSettings(align=a) for a in table.align] or None
    block = TableBlock(rows=rows, column_settings=settings).to_dict()
    problems = table_problems(block)
    if problems:
        raise TableLimitError("; ".join(problems))
    return block


def table_problems(block: Mapping[str, Any]) -> list[str]:
    """What Slack would refuse in one table block (empty: nothing)."""
    rows = block.get("rows") or []
    problems = []
    if not rows:
        problems.append("a table needs at least one row")
    if len(rows) > MAX_TABLE_ROWS:
        problems.append(f"a table has {len(rows)} rows (at most {MAX_TABLE_ROWS})")
    wide = max((len(r) for r in rows), default=0)
    if wide > MAX_TABLE_CELLS:
        problems.append(f"a table row has {wide} cells (at most {MAX_TABLE_CELLS})")
    settings = block.get("column_settings") or []
    if len(settings) > MAX_COLUMN_SETTINGS:
        problems.append(f"{len(settings)} column settings (at most {MAX_COLUMN_SETTINGS})")
    return problems


def attachment_blocks(payload: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """The blocks inside a message's ``attachments`` (where Slack shows a table)."""
    out: list[Mapping[str, Any]] = []
    for attachment in payload.get("attachments") or []:
        if isinstance(attachment, Mapping):
            out += [b for b in attachment.get("blocks") or [] if isinstance(b, Mapping)]
    return out


def check_tables(payload: Mapping[str, Any]) -> None:
    """Raise :class:`TableLimitError` for a message Slack would refuse for its tables: a table
    among the top-level blocks, more than one table, or one over the row / cell limits."""
    top: Sequence[Any] = payload.get("blocks") or []
    problems = [
        "a table belongs in the message's attachments, not its blocks"
        for b in top
        if isinstance(b, Mapping) and b.get("type") == "table"
    ][:1]
    tables = [b for b in attachment_blocks(payload) if b.get("type") == "table"]
    if len(tables) > MAX_TABLES_PER_MESSAGE:
        problems.append(f"{len(tables)} tables in one message (at most {MAX_TABLES_PER_MESSAGE})")
    for block in tables:
        problems += table_problems(block)
    if problems:
        raise TableLimitError("; ".join(problems))
