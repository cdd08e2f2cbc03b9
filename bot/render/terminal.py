"""Block Kit -> readable terminal text (the chat shell shows what Slack would show).

    shown = render_blocks(payload["blocks"], fallback=payload.get("text", ""), color=False)
    print(shown.text)
    shown.buttons   # the buttons, in order, for the shell to number and click

Pure: no I/O. Handles the blocks this bot sends (header, section with text/fields/accessory,
context, divider, actions, image, a dialog's input, a table as aligned columns) and degrades
gracefully on others (their text, if any). ``message_blocks(payload)`` adds the blocks of a
message's ``attachments`` (where Slack shows a table) after its own.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from bot.render.tables import attachment_blocks

EMOJI = {
    "cloud": "☁️ ",
    "hourglass_flowing_sand": "⏳",
    "checkered_flag": "🏁",
    "first_place_medal": "🥇",
    "second_place_medal": "🥈",
    "third_place_medal": "🥉",
    "wrench": "🔧",
    "bust_in_silhouette": "👤",
    "handshake": "🤝",
    "grey_question": "❔",
    "bulb": "💡",
    "warning": "⚠️ ",
    "books": "📚",
    "white_check_mark": "✅",
    "moneybag": "💰",
    "dart": "🎯",
    "memo": "📝",
    "tada": "🎉",
    "fire": "🔥",
    "trophy": "🏆",
    "x": "❌",
    "heavy_check_mark": "✔️ ",
    "calendar": "📅",
    "wave": "👋",
    "mortar_board": "🎓",
    "brain": "🧠",
    "busts_in_silhouette": "👥",
    "clock9": "🕘",
    "alarm_clock": "⏰",
    "star": "⭐",
    "rocket": "🚀",
    "seedling": "🌱",
    "repeat": "🔁",
    "chart_with_upwards_trend": "📈",
    "large_green_circle": "🟢",
    "red_circle": "🔴",
    "point_right": "👉",
    "pause_button": "⏸️ ",
    "arrow_forward": "▶️ ",
    "envelope": "✉️ ",
    "envelope_with_arrow": "📩",
    "card_index": "📇",
    "lock": "🔒",
    "heavy_plus_sign": "➕",
}
_SHORTCODE = re.compile(r":([a-z0-9_+-]+):")


def emojify(text: str) -> str:
    """Known ``:shortcode:`` emoji as characters; unknown ones stay as typed."""
    return _SHORTCODE.sub(lambda m: EMOJI.get(m.group(1), m.group(0)), text)


_BOLD, _DIM, _CYAN, _RESET = "\033[1m", "\033[2m", "\033[36m", "\033[0m"


@dataclass(frozen=True)
class Button:
    label: str
    action_id: str
    value: str
    block_id: str
    style: str | None = None


Numbering = Callable[[Button], int]  # a button's number on screen


@dataclass(frozen=True)
class Rendered:
    text: str
    buttons: tuple[Button, ...] = ()


def _link(match: re.Match[str], names: Mapping[str, str]) -> str:
    inner = match.group(1)
    target, _, label = inner.partition("|")
    if target.startswith("@"):
        uid = target[1:]
        return "@" + (label or names.get(uid, uid))
    if target.startswith("#"):
        cid = target[1:]
        return "#" + (label or names.get(cid, cid))
    if target.startswith("!"):
        special, _, group = target[1:].partition("^")  # <!here>, <!subteam^S…>
        return "@" + (label or names.get(group) or special)
    return f"{label} ({target})" if label and label != target else target


def mrkdwn_to_text(
    text: str, *, color: bool = False, names: Mapping[str, str] | None = None
) -> str:
    """Slack mrkdwn as plain terminal text (ANSI bold/dim when ``color``)."""
    names = names or {}
    out = re.sub(r"<([^<>\n]+)>", lambda m: _link(m, names), text)
    out = emojify(out)
    bold = (_BOLD, _RESET) if color else ("", "")
    code = (_CYAN, _RESET) if color else ("", "")
    out = re.sub(r"(?<![\w*])\*(?=\S)([^*\n]*?\S)\*(?![\w*])", rf"{bold[0]}\1{bold[1]}", out)
    out = re.sub(r"(?<![\w])_(?=\S)([^_\n]*?\S)_(?![\w])", r"\1", out)
    out = re.sub(r"(?<![\w])~(?=\S)([^~\n]*?\S)~(?![\w])", r"\1", out)
    out = re.sub(r"```\n?(.*?)```", r"\1", out, flags=re.S)
    out = re.sub(r"`([^`\n]+)`", rf"{code[0]}\1{code[1]}", out)
    return html.unescape(out) if "&" in out else out


def _text_of(obj: Any, color: bool, names: Mapping[str, str]) -> str:
    if isinstance(obj, Mapping):
        if obj.get("type") == "mrkdwn":
            return mrkdwn_to_text(str(obj.get("text", "")), color=color, names=names)
        if "text" in obj:
            value = obj["text"]
            if isinstance(value, Mapping):
                return _text_of(value, color, names)
            return emojify(str(value)) if obj.get("emoji", True) else str(value)
        if obj.get("type") == "image":
            return str(obj.get("alt_text", ""))
    return str(obj) if isinstance(obj, str) else ""


def _indent(text: str, prefix: str) -> str:
    return "\n".join(prefix + line if line else line for line in text.splitlines())


def _element_button(el: Mapping[str, Any], block_id: str) -> Button | None:
    if el.get("type") != "button":
        return None
    return Button(
        label=str((el.get("text") or {}).get("text", "")),
        action_id=str(el.get("action_id", "")),
        value=str(el.get("value", "")),
        block_id=block_id,
        style=el.get("style"),
    )


def message_blocks(payload: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """A message's blocks as Slack shows them: its own, then those of its attachments."""
    return [*(payload.get("blocks") or []), *attachment_blocks(payload)]


def render_blocks(
    blocks: Sequence[Mapping[str, Any]] | None,
    *,
    fallback: str = "",
    color: bool = False,
    names: Mapping[str, str] | None = None,
    first_button: int = 1,
    numbering: Numbering | None = None,
) -> Rendered:
    """Blocks as text; buttons are shown as ``[n] Label`` numbered from ``first_button``, or
    by ``numbering`` (a button's number) when given."""
    names = names or {}
    if not blocks:
        return Rendered(mrkdwn_to_text(fallback, color=color, names=names))
    out = _BlockText(color, names, first_button, numbering)
    lines: list[str] = []
    for block in blocks:
        text = out.block(block)
        if text is not None:
            lines.append(text)
        lines.append("")
    while lines and not lines[-1]:
        lines.pop()
    return Rendered("\n".join(lines), tuple(out.buttons))


@dataclass
class _BlockText:
    """One message's blocks as text, numbering its buttons as they come."""

    color: bool
    names: Mapping[str, str]
    first_button: int
    numbering: Numbering | None
    buttons: list[Button] = field(default_factory=list)

    def text(self, obj: Any) -> str:
        return _text_of(obj, self.color, self.names)

    def button_row(self, elements: Iterable[Mapping[str, Any]], block_id: str) -> str:
        labels = []
        for el in elements:
            btn = _element_button(el, block_id)
            if btn is None:
                text = self.text(el.get("placeholder") or el)
                labels.append(f"[{text or el.get('type', 'element')}]")
                continue
            self.buttons.append(btn)
            number = (
                self.numbering(btn) if self.numbering else self.first_button + len(self.buttons) - 1
            )
            labels.append(f"[{number}] {btn.label}")
        return "  ".join(labels)

    def block(self, block: Mapping[str, Any]) -> str | None:
        """The block's text (None: nothing to show but the blank line after it)."""
        kind = block.get("type")
        block_id = str(block.get("block_id", ""))
        if kind == "header":
            title = self.text(block.get("text"))
            shown = f"{_BOLD}{title}{_RESET}" if self.color else title
            return shown + "\n" + "─" * min(len(title), 60)
        if kind == "section":
            return self.section(block, block_id)
        if kind == "context":
            text = "  ".join(self.text(el) for el in block.get("elements") or [])
            return f"{_DIM}{text}{_RESET}" if self.color else text
        if kind == "divider":
            return "─" * 40
        if kind == "actions":
            return self.button_row(block.get("elements") or [], block_id) or None
        if kind == "image":
            return f"[image: {block.get('alt_text', '')}]"
        if kind == "table":
            return self.table(block)
        if kind == "input":  # a dialog's field: its label and hint (the shell asks for it)
            hint = self.text(block.get("hint")) if block.get("hint") else ""
            return f"▸ {self.text(block.get('label'))}" + (f" ({hint})" if hint else "")
        return (self.text(block.get("text")) if block.get("text") else "") or None

    def cell(self, cell: Any) -> str:
        """A table cell's text: ``raw_text`` / ``raw_number``, or a ``rich_text``'s parts."""
        if not isinstance(cell, Mapping):
            return ""
        if cell.get("type") != "rich_text":
            return str(cell.get("text", ""))
        parts = []
        for element in cell.get("elements") or []:
            for part in element.get("elements") or []:
                if part.get("type") == "user":
                    uid = str(part.get("user_id", ""))
                    parts.append("@" + self.names.get(uid, uid))
                else:
                    parts.append(emojify(str(part.get("text", ""))))
        return "".join(parts)

    def table(self, block: Mapping[str, Any]) -> str:
        """The table as aligned columns, a rule under the header row."""
        rows = [[self.cell(c) for c in row] for row in block.get("rows") or []]
        if not rows:
            return ""
        count = max(len(r) for r in rows)
        rows = [r + [""] * (count - len(r)) for r in rows]
        widths = [max(display_width(r[i]) for r in rows) for i in range(count)]
        aligns = [(s or {}).get("align", "left") for s in block.get("column_settings") or []]
        lines = []
        for n, row in enumerate(rows):
            cells = []
            for i, text in enumerate(row):
                pad = " " * (widths[i] - display_width(text))
                right = i < len(aligns) and aligns[i] == "right"
                cells.append(pad + text if right else text + pad)
            lines.append("  ".join(cells).rstrip())
            if n == 0:
                lines.append("  ".join("─" * w for w in widths))
        return "\n".join(lines)

    def section(self, block: Mapping[str, Any], block_id: str) -> str:
        parts = [self.text(block["text"])] if block.get("text") else []
        parts += [self.text(f) for f in block.get("fields") or []]
        accessory = block.get("accessory")
        if isinstance(accessory, Mapping):
            parts.append(self.button_row([accessory], block_id))
        return "\n\n".join(p for p in parts if p)


def render_view(
    view: Mapping[str, Any],
    *,
    color: bool = False,
    names: Mapping[str, str] | None = None,
    first_button: int = 1,
    numbering: Numbering | None = None,
) -> Rendered:
    """A Home tab or modal view."""
    title = _text_of(view.get("title"), color, {}) if view.get("title") else ""
    shown = render_blocks(
        view.get("blocks") or [],
        color=color,
        names=names,
        first_button=first_button,
        numbering=numbering,
    )
    if title:
        return Rendered(f"{title}\n\n{shown.text}", shown.buttons)
    return shown


def indent(text: str, prefix: str = "  ") -> str:
    return _indent(text, prefix)


# -- wrapping to the terminal's width ------------------------------------------------------
_ANSI = re.compile(r"\033\[[0-9;]*m")
_BUTTON_ROW = re.compile(r"\s*\[\d+\] ")
_TERM_AND_TEXT = re.compile(r"(\s*\S.*?\S {3,})\S")  # help lines: "  /home       open …"
_MARKER = re.compile(r"(\s*(?:[•*-]|\d+\.|[^\w\s\[(\"'“‘]+) +)\S")  # "• ", "1. ", "💡 "
_TERM_DASH = re.compile(r"(\s*(?:\S+ ){0,3}\S+ — )\S")  # a short term's row: "  Backups — …"
_KEEP = "\x00"  # a space inside a button label while wrapping (never a break)
MIN_TEXT_WIDTH = 20  # a hanging indent never leaves less than this for the text


def display_width(text: str) -> int:
    """Terminal cells ``text`` takes: colour codes none, wide (East Asian) characters and emoji
    shown as pictures (with U+FE0F) two, combining marks and joiners none."""
    width = 0
    previous = 0
    for char in _ANSI.sub("", text):
        if char == "\ufe0f":  # an emoji's picture form: as wide as a wide character
            width += 2 - previous if previous else 0
            previous = 2 if previous else 0
            continue
        if unicodedata.combining(char) or char == "\u200d":
            continue
        previous = 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
        width += previous
    return width


def wrap(text: str, width: int) -> str:
    """``text`` wrapped to ``width`` cells (0: as it is), every line on its own: words are never
    cut, a continuation hangs under the text after a bullet, number, emoji, a help line's term
    or a short term and its dash ("Backups — …"), a row of buttons breaks between buttons, a
    rule (───) is shortened."""
    if width <= 0:
        return text
    return "\n".join(_wrap_line(line, width) for line in text.split("\n"))


def _hang(plain: str, width: int) -> int:
    """Where a long line's continuation lines start (``plain``: without colour codes)."""
    lead = len(plain) - len(plain.lstrip(" "))
    if _BUTTON_ROW.match(plain):
        return lead
    found = _TERM_AND_TEXT.match(plain) or _MARKER.match(plain) or _TERM_DASH.match(plain)
    hang = display_width(found.group(1)) if found else lead
    return hang if hang <= width - MIN_TEXT_WIDTH else lead


def _wrap_line(line: str, width: int) -> str:
    if display_width(line) <= width:
        return line
    plain = _ANSI.sub("", line)
    if plain.strip() and set(plain.strip()) == {"─"}:
        return line.replace("─" * (display_width(line) - width), "", 1)
    hang = " " * _hang(plain, width)
    lead = line[: len(line) - len(line.lstrip(" "))]
    body = line[len(lead) :]
    if _BUTTON_ROW.match(plain):  # keep each "[n] Label" whole
        body = re.sub(r"(?<=\S) (?! )(?!\[\d+\] )", _KEEP, body)
    lines: list[str] = []
    current, used = lead, display_width(lead)
    for word, gap in re.findall(r"(\S+)( *)", body):
        size = display_width(word)
        if current.strip() and used + size > width:
            lines.append(current.rstrip(" "))
            current, used = hang, len(hang)
        current += word + gap
        used += size + len(gap)
    lines.append(current.rstrip(" "))
    return "\n".join(lines).replace(_KEEP, " ")
