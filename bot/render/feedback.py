"""The "Wrong or unclear?" control under every answer card, and what a click opens: a dialog
(a Slack modal) for an optional one-line reason and a "you may contact me" tick, then one
line of thanks. Pure: Block Kit through ``slack_sdk`` models, and the codec of what the
button and the dialog carry.

    report_button(answer)                      # under the card (bot.render.blocks)
    asked = decode(action["value"])            # Reported, or None for a value we never made
    view = report_modal(asked, channel="C1", card_ts="1.2")   # for views.open
    asked, channel, card_ts = decode_metadata(view["private_metadata"])
    reason_of(view["state"]["values"]), contact_of(view["state"]["values"])
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from slack_sdk.models.blocks import (
    ButtonElement,
    CheckboxesElement,
    ContextBlock,
    InputBlock,
    MarkdownTextObject,
    Option,
    PlainTextInputElement,
    PlainTextObject,
    SectionBlock,
)
from slack_sdk.models.views import View

from bot.answers import Answer
from bot.render.mrkdwn import echo

REPORT_ACTION = "report_answer"  # the button's action id
REPORT_VIEW = "report_answer"  # the dialog's callback id
REASON_BLOCK, REASON_ACTION = "reason", "reason_text"
CONTACT_BLOCK, CONTACT_ACTION, CONTACT_VALUE = "contact", "contact_ok", "yes"
BUTTON_LABEL = "Wrong or unclear?"
REASON_LIMIT = 200  # characters of a reason: the input's max_length; longer is cut
VALUE_LIMIT = 2000  # a button's value (Slack's limit)
METADATA_LIMIT = 3000  # a view's private_metadata (Slack's limit)
MAX_SERVICES = 20  # service ids a report keeps
MAX_INTENT = 32

THANKS = (
    ":white_check_mark: Thanks: your report on this answer was recorded privately for the "
    "people who keep the knowledge."
)
NOT_RECORDED = (
    ":warning: Sorry, your report was *not* recorded: the database is not answering. "
    "Please try again in a few minutes."
)
ALREADY = ":white_check_mark: Thanks: you reported this answer already; it is recorded once."
UNREADABLE = (
    ":warning: Sorry, I could not read that report, so it was not recorded. "
    "Ask the question again and use the button under the new answer."
)
OUTCOMES = {"recorded": THANKS, "already": ALREADY, "not_recorded": NOT_RECORDED}
_ID = re.compile(r"[a-z0-9][a-z0-9_.-]{0,63}")


@dataclass(frozen=True)
class Reported:
    """What a report is about: the question as asked, the answer's intent and services."""

    question: str
    intent: str
    services: tuple[str, ...] = ()


def reported_of(answer: Answer) -> Reported:
    return Reported(answer.query.text, answer.intent, tuple(answer.query.services))


def _fit(payload: dict[str, Any], limit: int) -> str:
    """``payload`` as JSON of at most ``limit`` characters, the question cut to fit."""
    text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    while len(text) > limit and payload["q"]:
        payload["q"] = payload["q"][: max(0, len(payload["q"]) - (len(text) - limit))]
        text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    return text


def _payload(asked: Reported) -> dict[str, Any]:
    return {"q": asked.question, "i": asked.intent, "s": list(asked.services[:MAX_SERVICES])}


def encode(asked: Reported) -> str:
    """The button's value (at most Slack's 2,000 characters: the question is cut)."""
    return _fit(_payload(asked), VALUE_LIMIT)


def _parse(data: Any) -> Reported | None:
    if not isinstance(data, dict):
        return None
    question, intent, services = data.get("q"), data.get("i"), data.get("s")
    if (
        not isinstance(question, str)
        or not isinstance(intent, str)
        or not isinstance(services, list)
    ):
        return None
    if not _ID.fullmatch(intent) or len(intent) > MAX_INTENT or len(services) > MAX_SERVICES:
        return None
    if not all(isinstance(s, str) and _ID.fullmatch(s) for s in services):
        return None
    return Reported(question[:VALUE_LIMIT], intent, tuple(services))


def _loads(text: Any) -> Any:
    try:
        return json.loads(text) if isinstance(text, str) else None
    except ValueError:
        return None


def decode(value: Any) -> Reported | None:
    """What a button's value carries; None for anything this module did not make."""
    return _parse(_loads(value))


def report_button(answer: Answer) -> ButtonElement:
    """The unobtrusive control (a plain button) every answer card carries."""
    return ButtonElement(
        text=PlainTextObject(text=BUTTON_LABEL, emoji=True),
        action_id=REPORT_ACTION,
        value=encode(reported_of(answer)),
    )


def report_modal(asked: Reported, *, channel: str, card_ts: str) -> dict[str, Any]:
    """The dialog a click opens; ``private_metadata`` says what and where (for the thanks)."""
    meta = {**_payload(asked), "c": channel, "t": card_ts}
    view = View(
        type="modal",
        callback_id=REPORT_VIEW,
        title=PlainTextObject(text="Wrong or unclear?"),
        submit=PlainTextObject(text="Send"),
        close=PlainTextObject(text="Cancel"),
        private_metadata=_fit(meta, METADATA_LIMIT),
        blocks=[
            SectionBlock(text=MarkdownTextObject(text=f"*You asked:* {echo(asked.question)}")),
            InputBlock(
                block_id=REASON_BLOCK,
                label=PlainTextObject(text="What is wrong or unclear? (optional)"),
                element=PlainTextInputElement(
                    action_id=REASON_ACTION, multiline=False, max_length=REASON_LIMIT
                ),
                hint=PlainTextObject(text=f"One line, up to {REASON_LIMIT} characters."),
                optional=True,
            ),
            InputBlock(
                block_id=CONTACT_BLOCK,
                label=PlainTextObject(text="Follow-up"),
                element=CheckboxesElement(
                    action_id=CONTACT_ACTION,
                    options=[Option(value=CONTACT_VALUE, text="You may contact me about this")],
                ),
                optional=True,
            ),
            ContextBlock(
                elements=[
                    MarkdownTextObject(
                        text="Your name is kept with the report only if you tick the box."
                    )
                ]
            ),
        ],
    )
    return view.to_dict()


def decode_metadata(text: Any) -> tuple[Reported, str, str] | None:
    """The dialog's ``private_metadata``: what was reported, the card's channel and ts."""
    data = _loads(text)
    asked = _parse(data)
    if asked is None:
        return None
    channel, card_ts = data.get("c"), data.get("t")
    if not isinstance(channel, str) or not isinstance(card_ts, str):
        return None
    return asked, channel, card_ts


def _state(values: Any, block: str, action: str) -> dict[str, Any]:
    found = (values or {}).get(block, {}).get(action) if isinstance(values, dict) else None
    return found if isinstance(found, dict) else {}


def reason_of(values: Any) -> str:
    """The reason typed: one line (whitespace and line breaks folded), cut at the limit."""
    typed = _state(values, REASON_BLOCK, REASON_ACTION).get("value")
    line = " ".join(str(typed or "").split())
    return line if len(line) <= REASON_LIMIT else line[: REASON_LIMIT - 1].rstrip() + "…"


def contact_of(values: Any) -> bool:
    """Did the person tick "you may contact me"?"""
    chosen = _state(values, CONTACT_BLOCK, CONTACT_ACTION).get("selected_options") or []
    return any(isinstance(o, dict) and o.get("value") == CONTACT_VALUE for o in chosen)
