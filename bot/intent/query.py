"""What a question asks: the value objects the intent layer returns."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Intent = Literal[
    "who_owns",
    "overview",
    "duty",
    "classify",
    "explain",
    "compare",
    "choose",
    "team",
    "my_resources",
    "help",
    "smalltalk",
    "unknown",
]

INTENTS: tuple[Intent, ...] = (
    "who_owns",
    "overview",
    "duty",
    "classify",
    "explain",
    "compare",
    "choose",
    "team",
    "my_resources",
    "help",
    "smalltalk",
    "unknown",
)


@dataclass(frozen=True)
class Suggestion:
    """A "did you mean" candidate: re-asking ``text`` asks the suggested question."""

    kind: str  # "service" | "group" | "duty" | "category" | "resource" | "team"
    id: str
    label: str  # display name ("Amazon DynamoDB")
    text: str  # the full question to re-ask ("patching dynamodb")


@dataclass(frozen=True)
class Query:
    text: str  # what the user typed (raw, unescaped)
    intent: Intent  # one of INTENTS
    duty: str | None = None  # duty id
    services: tuple[str, ...] = ()  # service ids, a group expanded to its members
    group: str | None = None  # group id when the question named a group ("aurora")
    category: str | None = None  # category asked about (explain, or "is X fully managed")
    confidence: float = 0.0  # 0..1
    suggestions: tuple[Suggestion, ...] = ()
    unknown_terms: tuple[str, ...] = ()  # words that look like a service we do not know ("qldb")
    categories: tuple[str, ...] = ()  # compare: the categories compared (named ones)
    engine: str | None = None  # engine id when an engine word named the services ("mysql")
    # The organisation's: resources named ("orders-db"; their services are in ``services``),
    # the team asked about (intent ``team``)
    resources: tuple[str, ...] = ()
    team: str | None = None
    smalltalk: str | None = None  # intent smalltalk: "greeting" | "thanks" | "ack"
    foreign: bool = False  # asked in another language: answered from the words recognised
    # intent choose: the situations named (scenario ids), else the words that described a
    # situation the knowledge has no scenario for ("web shop"; raw, unescaped)
    scenarios: tuple[str, ...] = ()
    situation: tuple[str, ...] = ()
