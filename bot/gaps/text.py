"""What a recorded gap keeps of a question, and what kind of gap it is. Pure.

``normalise`` keeps only the words: Slack markup (mentions, channel links, special mentions,
links), bare URLs, e-mail addresses, emoji codes and anything shaped like a Slack user or
channel id are removed, then punctuation; the rest is lower-cased, single-spaced and cut at
:data:`MAX_TEXT` characters. So a gap never names who asked or where.
"""

from __future__ import annotations

import re
from typing import Literal

from bot.answers import Answer

GapKind = Literal["unknown_term", "no_intent", "low_confidence"]
KINDS: tuple[GapKind, ...] = ("unknown_term", "no_intent", "low_confidence")

MAX_TEXT = 200  # characters of a question kept
# Below this the bot answered, but from a guess (a word that names several services, a duty
# with an unknown word beside it); a corrected typo scores above it.
LOW_CONFIDENCE = 0.7

_MARKUP = re.compile(r"<([^<>|]*)(?:\|([^<>]*))?>")
_URL = re.compile(r"\b(?:https?://|www\.)\S+", re.IGNORECASE)
_HOST = re.compile(r"^(?:https?://)?[\w-]+(?:\.[\w-]+)+(?:/\S*)?$", re.IGNORECASE)
_EMAIL = re.compile(r"\S+@\S+\.\S+")
_EMOJI = re.compile(r":[a-z0-9_+'-]+:", re.IGNORECASE)
_SLACK_ID = re.compile(r"\b[UWCGD](?=[A-Z0-9]*[0-9])[A-Z0-9]{8,}\b")  # U0123ABCD, C0GENERAL1
_NOT_WORD = re.compile(r"[^\w]+|_+")


def _markup(match: re.Match[str]) -> str:
    target, label = match.group(1), match.group(2)
    if target[:1] in ("@", "#", "!") or not label or _HOST.match(label.strip()):
        return " "  # a mention, or a link whose label is itself an address
    return f" {label} "


def normalise(text: str) -> str:
    """The words of ``text`` as a gap keeps them ("" when nothing is left)."""
    text = _MARKUP.sub(_markup, text)
    text = text.replace("&amp;", "&").replace("&lt;", " ").replace("&gt;", " ")
    for pattern in (_URL, _EMAIL, _EMOJI, _SLACK_ID):
        text = pattern.sub(" ", text)
    words = _NOT_WORD.sub(" ", text.replace("'", "").replace("’", "")).lower().split()
    return " ".join(words)[:MAX_TEXT].rstrip()


def gap_kind(answer: Answer) -> GapKind | None:
    """What the bot could not do for this question, or None when it answered fully (help and
    greetings are never gaps)."""
    if answer.intent == "help" or answer.query.intent == "help":
        return None
    if answer.unknown_terms:
        return "unknown_term"
    if answer.intent == "unknown":
        return "no_intent"
    if answer.query.confidence < LOW_CONFIDENCE:
        return "low_confidence"
    return None
