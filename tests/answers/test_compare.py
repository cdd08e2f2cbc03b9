"""The compare intent: categories, or services through their categories, side by
side over every duty; the JSON contract of `whoowns ask --json`; Slack and terminal renderings.
Expected owners and texts are read from the knowledge (which traces every fact to the seed)."""

from __future__ import annotations

import json

import pytest

from bot.answers import build_answer
from bot.cli import main
from bot.render.blocks import answer_message, shared_message
from bot.render.mrkdwn import escape_mrkdwn
from bot.render.primitives import MAX_BLOCKS
from bot.render.text import render_answer
from tests.support.payloads import all_text, assert_valid_message

ANSWER_KEYS = {"category", "duty", "owner", "aws", "customer", "differs"}


def ask_json(capsys, text: str) -> dict:
    assert main(["ask", "--json", text]) == 0
    return json.loads(capsys.readouterr().out)


def owners_of(knowledge, duty: str, categories: list[str]) -> list[str | None]:
    return [knowledge.duties[duty].cell(c).owner for c in categories]


@pytest.mark.parametrize(
    ("text", "categories"),
    [
        ("difference between managed and fully managed", ["managed", "fully-managed"]),
        ("managed vs unmanaged", ["managed", "unmanaged"]),
        ("compare fully managed, managed and unmanaged", ["fully-managed", "managed", "unmanaged"]),
    ],
)
def test_categories_side_by_side_over_every_duty(capsys, knowledge, text, categories):
    data = ask_json(capsys, text)
    assert (data["intent"], data["categories"], data["duty"]) == ("compare", categories, None)
    answers = data["answers"]
    assert all(set(a) >= ANSWER_KEYS and "service" not in a for a in answers)
    duties = list(dict.fromkeys(a["duty"] for a in answers))
    assert {d.id for d in knowledge.table_duties} <= set(duties)  # every duty of the table
    for duty in duties:
        rows = [a for a in answers if a["duty"] == duty]
        assert [a["category"] for a in rows] == categories  # one per (category, duty)
        owners = owners_of(knowledge, duty, categories)
        assert [a["owner"] for a in rows] == owners
        differs = None not in owners and len(set(owners)) > 1
        assert {a["differs"] for a in rows} == {differs}
        for a in rows:  # every text is the knowledge's own
            cell = knowledge.duties[duty].cell(a["category"])
            assert (a["aws"], a["customer"]) == (cell.aws, cell.customer)
    flags = [next(a["differs"] for a in answers if a["duty"] == d) for d in duties]
    assert flags == sorted(flags, reverse=True)  # the duties that differ come first
    assert any(flags) and not all(flags)


def test_a_duty_narrows_the_comparison(capsys, knowledge):
    data = ask_json(capsys, "fully managed vs managed backups")
    assert (data["intent"], data["categories"], data["duty"]) == (
        "compare",
        ["fully-managed", "managed"],
        "backups",
    )
    assert [(a["category"], a["owner"], a["differs"]) for a in data["answers"]] == [
        (c, knowledge.duties["backups"].cell(c).owner, True) for c in ("fully-managed", "managed")
    ]


def test_two_services_without_a_duty_compare_through_their_categories(capsys, knowledge):
    data = ask_json(capsys, "rds vs dynamodb")
    assert (data["intent"], data["services"], data["duty"]) == (
        "compare",
        ["rds", "dynamodb"],
        None,
    )
    assert data["categories"] == ["managed", "fully-managed"]
    for a in data["answers"]:
        assert a["category"] == knowledge.services[a["service"]].category
        assert a["owner"] == knowledge.duties[a["duty"]].cell(a["category"]).owner
    patching = [a for a in data["answers"] if a["duty"] == "patching"]
    assert [a["service"] for a in patching] == ["rds", "dynamodb"] and patching[0]["differs"]


def test_two_services_with_a_duty_stay_a_who_owns_answer(capsys):
    data = ask_json(capsys, "rds vs dynamodb backups")
    assert (data["intent"], data["services"], data["categories"]) == (
        "who_owns",
        ["rds", "dynamodb"],
        [],
    )
    assert [a["service"] for a in data["answers"]] == ["rds", "dynamodb"]


@pytest.mark.parametrize(
    "text",
    [
        "managed vs unmanaged",
        "compare fully managed, managed and unmanaged",
        "fully managed vs managed backups",
        "rds vs dynamodb",
        "compare aurora, rds, redshift and dynamodb",
    ],
)
def test_the_slack_card_is_valid_block_kit_with_differences_first(knowledge, matcher, text):
    answer = build_answer(matcher.parse(text), knowledge)
    assert answer.intent == "compare"
    for message in (answer_message(answer), shared_message(answer, user_id="U0ALICE")):
        blocks = assert_valid_message(message.kwargs())
        assert len(blocks) <= MAX_BLOCKS
        assert message.text  # the fallback says how many duties differ
    shown = all_text(answer_message(answer).kwargs())
    comparison = answer.comparison
    for category in comparison.categories:  # what each side does, cost, when to choose
        assert category.cost in shown
        for line in (category.when_to_choose[0], category.aws_does[0], category.customer_does[0]):
            label, _, rest = line.partition(": ")
            assert f"*{label}*: {rest}" in shown  # a bullet with its label in bold
    differing = [r.duty_name for r in comparison.rows if r.differs]
    assert differing
    if comparison.duty is not None:  # one duty: each side marked, in sections
        for side in comparison.sides:
            name = escape_mrkdwn(differing[0])
            assert f":point_right: *{escape_mrkdwn(side.name)}* ({name}):" in shown
        return
    # every duty: a table under the card, the differing duties first and marked "yes"
    (table,) = answer_message(answer).kwargs()["attachments"][0]["blocks"]
    rows = [[cell_text(c) for c in row] for row in table["rows"]]
    assert rows[0] == ["Duty", *(s.name for s in comparison.sides), "Owner differs"]
    assert [r[0] for r in rows[1 : 1 + len(differing)]] == differing
    assert all(r[-1] == "yes" for r in rows[1 : 1 + len(differing)])
    assert all(r[-1] == "—" for r in rows[1 + len(differing) :])


def cell_text(cell: dict) -> str:
    return "".join(p.get("text", "") for e in cell["elements"] for p in e["elements"])


def test_the_terminal_marks_the_duties_that_differ_first(knowledge, matcher):
    out = render_answer(build_answer(matcher.parse("managed vs unmanaged"), knowledge))
    lines = out.splitlines()
    assert lines[0] == "Managed vs Unmanaged — who owns what"
    end = next(i for i, line in enumerate(lines) if line.startswith("  * the owner differs"))
    table = lines[2:end]  # after the title and the column names
    marks = [line.startswith("  * ") for line in table]
    assert any(marks) and not all(marks)
    assert marks == sorted(marks, reverse=True)  # every marked row before the others
    patching = next(line for line in lines if "Patching & Updates" in line)
    assert patching.startswith("  * ") and patching.split()[-2:] == ["Shared", "Customer"]
    for category in ("managed", "unmanaged"):
        c = knowledge.categories[category]
        assert f"Cost: {c.cost}" in out and c.when_to_choose[0] in out
