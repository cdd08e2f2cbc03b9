"""The Block Kit primitives every renderer builds with: sections, headers, context lines,
buttons, and the message they end up in. Pure; built only with ``slack_sdk.models.blocks``,
whose ``to_dict()`` checks Slack's limits (a payload Slack would refuse fails here, in the
tests). Every :class:`Message` has a top-level ``text`` and at most :data:`MAX_BLOCKS` blocks.

    blocks = [header("Who owns patching?"), section("*Aurora* …"), context(source_line(src))]
    message = Message(text="…", blocks=to_dicts(blocks))
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from slack_sdk.models.blocks import (
    Block,
    ButtonElement,
    ContextBlock,
    HeaderBlock,
    MarkdownTextObject,
    PlainTextObject,
    SectionBlock,
)

from bot.render.mrkdwn import escape_mrkdwn, trim
from bot.render.tables import check_tables

MAX_BLOCKS = 50  # per message
SECTION_TEXT_LIMIT = 3000
FIELD_LIMIT = 2000
HEADER_LIMIT = 150
BUTTON_TEXT_LIMIT = 75
BUTTON_VALUE_LIMIT = 2000


@dataclass(frozen=True)
class Message:
    """A message payload: ``text`` fallback + Block Kit ``blocks`` (dicts, validated), and at
    most one ``table`` block (:mod:`bot.render.tables`), which Slack takes in ``attachments``
    and shows under the blocks. Slack's table limits are checked when the message is built."""

    text: str
    blocks: tuple[dict[str, Any], ...] = ()
    table: dict[str, Any] | None = None

    def __post_init__(self) -> None:
        check_tables(self.kwargs())

    def kwargs(self) -> dict[str, Any]:
        """Keyword arguments for ``ack``/``respond``/``chat_postMessage``."""
        out: dict[str, Any] = {"text": self.text, "blocks": list(self.blocks)}
        if self.table is not None:
            out["attachments"] = [{"blocks": [self.table]}]
        return out


def _md(text: str) -> MarkdownTextObject:
    return MarkdownTextObject(text=text)


def section(text: str) -> SectionBlock:
    return SectionBlock(text=_md(trim(text, SECTION_TEXT_LIMIT)))


def fields_section(fields: Sequence[str]) -> SectionBlock:
    return SectionBlock(fields=[_md(trim(f, FIELD_LIMIT)) for f in fields[:10]])


def header(text: str) -> HeaderBlock:
    return HeaderBlock(text=PlainTextObject(text=trim(text, HEADER_LIMIT), emoji=True))


def context(*parts: str) -> ContextBlock:
    return ContextBlock(elements=[_md(trim(p, SECTION_TEXT_LIMIT)) for p in parts if p][:10])


def button(text: str, action_id: str, value: str, *, primary: bool = False) -> ButtonElement:
    return ButtonElement(
        text=PlainTextObject(text=trim(text, BUTTON_TEXT_LIMIT), emoji=True),
        action_id=action_id,
        value=value[:BUTTON_VALUE_LIMIT],
        style="primary" if primary else None,
    )


def to_dicts(blocks: Iterable[Block], limit: int = MAX_BLOCKS) -> tuple[dict[str, Any], ...]:
    """Validate and serialise; beyond ``limit`` the tail is replaced by a "more" note."""
    return limited([b.to_dict() for b in blocks], limit)


def limited(out: list[dict[str, Any]], limit: int = MAX_BLOCKS) -> tuple[dict[str, Any], ...]:
    """Serialised blocks within ``limit``: beyond it the tail is replaced by a "more" note."""
    if len(out) > limit:
        out = [*out[: limit - 1], context("… (shortened: ask a narrower question)").to_dict()]
    return tuple(out)


def source_line(source: str) -> str:
    return f":books: Source: {escape_mrkdwn(source)}" if source else ""


def side_by_side(texts: Sequence[str]) -> list[Block]:
    """One text: a section. Several: sections of two fields each (side by side on desktop)."""
    if len(texts) == 1:
        return [section(texts[0])]
    return [fields_section(texts[i : i + 2]) for i in range(0, len(texts), 2)]


def notice_message(text: str) -> Message:
    """A one-line message from bot-authored mrkdwn (callers escape any user text in it)."""
    return Message(text=text, blocks=to_dicts([section(text)]))


_PLAIN = frozenset({str, int, float, bool, type(None)})


def shape_of(value: Any) -> Hashable:
    """A hashable value equal for equal buttons: the type and every attribute, nested (a
    button's ``repr`` says the same, at several times the cost: it serialises it)."""
    attributes = getattr(value, "__dict__", None)
    if attributes is not None:  # plain values (most of a button's) as they are: no call each
        return (
            type(value),
            tuple((k, v if type(v) in _PLAIN else shape_of(v)) for k, v in attributes.items()),
        )
    if isinstance(value, list | tuple):
        return tuple(shape_of(v) for v in value)
    if isinstance(value, dict):
        return (dict, tuple((k, shape_of(v)) for k, v in value.items()))
    return value if isinstance(value, Hashable) else repr(value)
