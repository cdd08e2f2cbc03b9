"""What a new engineer reads about the organisation's databases: whose side a team answer
speaks of, and which notes a resource of a group carries."""

from __future__ import annotations

from bot.answers import build_answer
from bot.render.blocks import answer_message
from bot.render.terminal import render_blocks
from bot.render.text import render_answer


def ask(org_matcher, org_kb, text, **kwargs):
    return build_answer(org_matcher.parse(text), org_kb, **kwargs)


def test_a_team_answer_says_your_side_only_to_a_member(org_matcher, org_kb):
    outsider = ask(org_matcher, org_kb, "what does platform-db own", my_teams=("sre",))
    out = render_answer(outsider)
    assert "Platform DB's side of: Patching & Updates" in out
    assert "Your side of" not in out
    shown = render_blocks(answer_message(outsider).kwargs()["blocks"], color=False).text
    assert "Platform DB's side of:" in shown and "Your side of" not in shown

    member = ask(org_matcher, org_kb, "what does platform-db own", my_teams=("platform-db",))
    assert "Your side of: Patching & Updates" in render_answer(member)


def test_an_unknown_asker_gets_the_team_by_name(org_matcher, org_kb):
    out = render_answer(ask(org_matcher, org_kb, "what does sre own"))
    assert "SRE's side of:" in out and "Your side of" not in out


def test_a_resource_of_the_aurora_group_has_its_own_note_not_the_typed_aurora_note(
    org_matcher, org_kb
):
    aurora_note = org_kb.groups["aurora"].note
    answer = ask(org_matcher, org_kb, "patching search-aurora")
    assert [r.resource for r in answer.rows] == ["search-aurora", "search-aurora"]
    assert aurora_note not in answer.notes
    out = render_answer(answer)
    notes = [line for line in out.splitlines() if "Note" in line]
    assert notes == [
        "Note (search-aurora): Mixed cluster (provisioned writer, Serverless v2 readers), so both"
        " Aurora variants apply."
    ]
    assert "alone does not say which variant" not in out


def test_typing_aurora_keeps_the_note(org_matcher, org_kb):
    answer = ask(org_matcher, org_kb, "patching aurora")
    assert org_kb.groups["aurora"].note in answer.notes
