"""Button numbers in `whoowns chat` stay what the screen shows: a lesson's buttons keep theirs
after each answer, an updated message keeps its buttons' numbers, a changed one retires them."""

from __future__ import annotations

import re

from bot.chat.screen import Clickable, Screen
from bot.render.terminal import Button
from tests.support.processes import run_whoowns, whoowns_env


def buttons_after(screen: str, heading: str) -> list[str]:
    """The ``[n] Label`` buttons on the line after the first ``heading`` in ``screen``."""
    after = screen.split(heading, 1)[1].strip().split("\n", 1)[0]
    return re.findall(r"\[\d+\] [^\[]+?(?=  \[|$)", after)


def test_a_lessons_buttons_keep_their_numbers_after_an_answer(tmp_path):
    env = whoowns_env(tmp_path)
    typed = ["/whoowns onboard", "1", "2"]  # the welcome DM, Start, question 1's first option
    first = run_whoowns("chat", env=env, input="".join(f"{t}\n" for t in typed))
    assert first.returncode == 0, first.stderr
    lesson, feedback = first.stdout.split("you › 2", 1)
    q2 = "2. For Managed database services, who owns Patching & Updates?"
    on_the_lesson = buttons_after(lesson, q2)
    assert len(on_the_lesson) == 3
    assert buttons_after(feedback, q2) == on_the_lesson  # the same numbers, not [1]–[3]

    # question 2's first button as the lesson shows it answers question 2
    number = on_the_lesson[0].split("]")[0].lstrip("[")
    again = run_whoowns(
        "chat",
        env=whoowns_env(tmp_path / "again"),
        input="".join(f"{t}\n" for t in typed) + f"{number}\n",
    )
    answered = again.stdout.rsplit(f"you › {number}", 1)[1]
    assert "No button" not in answered
    assert "3. In the shared security model" in answered  # question 3 comes next


def button(value: str) -> Button:
    return Button(label=value.title(), action_id="pick", value=value, block_id="b")


def test_an_updated_message_keeps_its_buttons_numbers_and_retires_the_gone_ones():
    screen = Screen()
    source = {"key": "msg:C1:1"}
    a, b, c = button("a"), button("b"), button("c")
    assert [screen.number_for(x) for x in (a, b)] == [1, 2]
    screen.show("msg:C1:1", [Clickable(a, source), Clickable(b, source)])
    screen.show("msg:C1:2", [Clickable(c, {"key": "msg:C1:2"})])
    assert screen.number_for(c) == 3
    # the first message is updated: b stays [2], a is gone
    updated = {"key": "msg:C1:1", "version": 2}
    screen.show("msg:C1:1", [Clickable(b, updated)])
    assert screen.find(1) is None
    assert screen.describe("1") == (
        "Button 1 is no longer on screen: its message changed (buttons on screen: 2–3)."
    )
    found = screen.find(2)
    assert found is not None and found.source == updated
    assert screen.describe("9") == "No button 9 (buttons on screen: 2–3)."
    screen.remove("msg:C1:2")
    assert screen.find(3) is None
