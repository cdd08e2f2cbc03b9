"""The buttons the chat shell has on screen, and the numbers the user types to click them.

A button keeps its number for the whole session: the same button (same ``action_id`` and
``value``) shown again — in an updated message, in a reply that repeats a lesson's next
question, on a Home tab opened again — gets the number it had, and a new button the next free
number. So every ``[n]`` still on screen clicks what it says. A number works while a message on
screen shows its button; a message that is updated, replaced or deleted stops showing its old
buttons (its new version shows its own).

    screen = Screen()
    with screen.lock:
        shown = render_blocks(blocks, numbering=screen.number_for)
        screen.show("msg:C1:1700000000.000100", [Clickable(b, source) for b in shown.buttons])
    screen.find(4)      # the Clickable, or None (see ``describe`` for why)
"""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from bot.render.terminal import Button


@dataclass(frozen=True)
class Clickable:
    """A button on screen and where it lives (for the block_actions payload); ``source["key"]``
    names the message that shows it."""

    button: Button
    source: Mapping[str, Any]


def _identity(button: Button) -> tuple[str, str]:
    return button.action_id, button.value


class Screen:
    """Button numbers and the messages showing them. LocalSlack's thread prints too: hold
    ``lock`` around rendering and :meth:`show` so numbers and screen agree."""

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self._numbers: dict[tuple[str, str], int] = {}
        self._messages: dict[str, dict[int, Clickable]] = {}  # message key -> its buttons

    def number_for(self, button: Button) -> int:
        """The button's number: the one it had before, else the next free one."""
        with self.lock:
            return self._numbers.setdefault(_identity(button), len(self._numbers) + 1)

    def show(self, key: str, clickables: Sequence[Clickable]) -> None:
        """Message ``key`` now shows ``clickables`` (its earlier version, if any, is gone)."""
        with self.lock:
            self._messages.pop(key, None)  # the newest version goes last
            self._messages[key] = {self.number_for(c.button): c for c in clickables}

    def remove(self, key: str) -> None:
        """Message ``key`` was deleted."""
        with self.lock:
            self._messages.pop(key, None)

    def find(self, number: int) -> Clickable | None:
        """The button shown as ``[number]`` (in the newest message showing it), if any is."""
        with self.lock:
            for buttons in reversed(self._messages.values()):
                if number in buttons:
                    return buttons[number]
        return None

    def describe(self, typed: str) -> str:
        """Why ``typed`` clicks nothing, and which numbers would."""
        with self.lock:
            live = sorted({n for buttons in self._messages.values() for n in buttons})
            given = len(self._numbers)
        on_screen = f"buttons on screen: {_ranges(live)}" if live else "no buttons on screen"
        if typed.isdigit() and 1 <= int(typed) <= given:
            return f"Button {typed} is no longer on screen: its message changed ({on_screen})."
        return f"No button {typed} ({on_screen})."


def _ranges(numbers: Sequence[int]) -> str:
    """``[1, 2, 3, 5, 7, 8]`` as ``1–3, 5, 7–8``."""
    spans: list[list[int]] = []
    for n in numbers:
        if spans and n == spans[-1][1] + 1:
            spans[-1][1] = n
        else:
            spans.append([n, n])
    return ", ".join(f"{a}–{b}" if b > a else str(a) for a, b in spans)
