"""A dialog (a Slack modal with inputs) in the chat shell: the shell asks for each input on a
line of its own, then sends the dialog as Slack would (``view_submission``).

    form = Form.of(view)          # None: the view has no input to fill
    print(form.prompt())          # "What is wrong or unclear? (optional): type one line …"
    form.answer("the owner is wrong")
    form.done, form.values()      # Slack's view.state.values once every input is answered

A one-line text input takes the line as typed (an empty line leaves it empty); checkboxes
ask "y/N" for each option.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

YES = frozenset({"y", "yes"})


@dataclass(frozen=True)
class Field:
    block_id: str
    action_id: str
    kind: str  # "plain_text_input" | "checkboxes"
    label: str
    option: Mapping[str, Any] | None = None  # the checkbox asked about


def _text(obj: Any) -> str:
    return str(obj.get("text", "")) if isinstance(obj, Mapping) else ""


def _fields(block: Mapping[str, Any]) -> list[Field]:
    element = block.get("element") or {}
    kind, ids = element.get("type"), (str(block.get("block_id")), str(element.get("action_id")))
    if kind == "plain_text_input":
        return [Field(*ids, kind, _text(block.get("label")))]
    if kind == "checkboxes":
        return [Field(*ids, kind, _text(o.get("text")), o) for o in element.get("options", [])]
    return []


@dataclass
class Form:
    view: Mapping[str, Any]
    fields: list[Field]
    answers: list[str] = field(default_factory=list)

    @classmethod
    def of(cls, view: Mapping[str, Any]) -> Form | None:
        found = [f for b in view.get("blocks", []) if b.get("type") == "input" for f in _fields(b)]
        return cls(view, found) if found else None

    @property
    def done(self) -> bool:
        return len(self.answers) >= len(self.fields)

    def prompt(self) -> str:
        current = self.fields[len(self.answers)]
        if current.kind == "checkboxes":
            return f"{current.label}? y/N (/cancel closes the dialog)"
        return f"{current.label}: type one line (Enter for none, /cancel closes the dialog)"

    def answer(self, line: str) -> None:
        self.answers.append(line)

    def values(self) -> dict[str, Any]:
        """Slack's ``view.state.values`` for what was answered."""
        out: dict[str, Any] = {}
        for f, typed in zip(self.fields, self.answers, strict=False):
            slot = out.setdefault(f.block_id, {})
            if f.kind == "plain_text_input":
                slot[f.action_id] = {"type": f.kind, "value": typed or None}
                continue
            chosen = slot.setdefault(f.action_id, {"type": f.kind, "selected_options": []})
            if typed.strip().lower() in YES and f.option is not None:
                chosen["selected_options"].append(dict(f.option))
        return out
