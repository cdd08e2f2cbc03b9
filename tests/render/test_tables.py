"""Slack's Table block: the limits the bot checks before sending (Slack refuses more than one
table in a message, a table among the top-level blocks, over 100 rows or over 20 cells a row;
slack_sdk checks only that rows exist), and the same table drawn in the terminal."""

from __future__ import annotations

import pytest

from bot.render.primitives import Message
from bot.render.tables import (
    MAX_TABLE_ROWS,
    Mention,
    Table,
    TableLimitError,
    check_tables,
    fit,
    table_block,
)
from bot.render.terminal import message_blocks, render_blocks
from tests.support.payloads import assert_valid_message


def small() -> dict:
    return table_block(Table(header=("Duty", "RDS"), rows=(("Patching", "AWS"),)))


def test_a_message_carries_its_table_in_the_attachments_with_a_text_fallback():
    payload = Message(text="RDS: who owns what", table=small()).kwargs()
    assert payload["attachments"] == [{"blocks": [small()]}]
    assert_valid_message(payload)


def test_a_second_table_in_one_message_is_refused_before_sending():
    payload = {"text": "x", "attachments": [{"blocks": [small(), small()]}]}
    with pytest.raises(TableLimitError, match="2 tables in one message"):
        check_tables(payload)


def test_a_table_among_the_top_level_blocks_is_refused():
    with pytest.raises(TableLimitError, match="belongs in the message's attachments"):
        Message(text="x", blocks=(small(),))


def test_too_many_rows_or_cells_are_refused():
    long = Table(header=("A",), rows=tuple((str(i),) for i in range(MAX_TABLE_ROWS)))
    with pytest.raises(TableLimitError, match="101 rows"):
        table_block(long)
    wide = Table(header=tuple(str(i) for i in range(21)), rows=())
    with pytest.raises(TableLimitError, match="21 cells"):
        table_block(wide)


def test_a_300_row_table_shows_99_rows_and_names_the_command_for_the_rest():
    rows = tuple((f"db-{i:03}", "Aurora") for i in range(300))
    block = table_block(fit(Table(header=("Database", "Service"), rows=rows), more="whoowns x"))
    assert len(block["rows"]) == MAX_TABLE_ROWS
    shown = render_blocks([block]).text
    assert "db-097" in shown and "db-098" not in shown
    assert shown.splitlines()[-1].startswith("… and 202 more: whoowns x")


def test_the_terminal_draws_the_table_in_aligned_columns_with_people_by_name():
    block = table_block(
        Table(
            header=("#", "Person", "Points"),
            rows=(("1", Mention("U1"), "120"), ("2", Mention("U22"), "9")),
            align=("right", "left", "right"),
        )
    )
    payload = Message(text="Quiz leaderboard", table=block).kwargs()
    shown = render_blocks(message_blocks(payload), names={"U1": "alice", "U22": "bob"}).text
    assert shown.splitlines() == [
        "#  Person  Points",
        "─  ──────  ──────",
        "1  @alice     120",
        "2  @bob         9",
    ]
