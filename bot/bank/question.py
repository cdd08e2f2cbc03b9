"""One question of the bank: text, options, the right answer, where it comes from. Pure."""

from __future__ import annotations

import hashlib
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

MIN_OPTIONS, MAX_OPTIONS = 2, 5


@dataclass(frozen=True)
class Option:
    key: str  # stable within its question ("aws", "managed", "true", "dynamodb", "a")
    label: str


@dataclass(frozen=True)
class Question:
    id: str
    kind: str
    text: str
    options: tuple[Option, ...]  # canonical order; shuffled per post by options_for()
    answer: str  # key of the correct option
    explanation: str
    source: str  # seed section (or the team's reference for custom questions)
    topic: str = ""  # the fact asked about (TOPIC_FORMS); "" for custom questions

    @property
    def correct(self) -> Option:
        return self.option(self.answer)

    def option(self, key: str) -> Option:
        for opt in self.options:
            if opt.key == key:
                return opt
        raise KeyError(key)

    def options_for(self, post_id: str) -> tuple[Option, ...]:
        """The options in the order one post shows them: shuffled, same order for ``post_id``."""
        order = list(self.options)
        random.Random(digest(f"{post_id}\n{self.id}")).shuffle(order)
        return tuple(order)

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "kind": self.kind,
            "text": self.text,
            "options": [{"key": o.key, "label": o.label} for o in self.options],
            "answer": self.answer,
            "explanation": self.explanation,
            "source": self.source,
            "topic": self.topic,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, object]) -> Question:
        options = data["options"]
        assert isinstance(options, list)
        return cls(
            id=str(data["id"]),
            kind=str(data["kind"]),
            text=str(data["text"]),
            options=tuple(Option(str(o["key"]), str(o["label"])) for o in options),
            answer=str(data["answer"]),
            explanation=str(data["explanation"]),
            source=str(data["source"]),
            topic=str(data.get("topic") or ""),
        )


def digest(text: str) -> int:
    """A stable 64-bit number for ``text`` (the same on every instance and after restarts)."""
    return int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "big")


def make(
    kind: str,
    text: str,
    options: Sequence[tuple[str, str]],
    answer: str,
    explanation: str,
    source: str,
    qid: str | None = None,
    topic: str = "",
) -> Question:
    opts = tuple(Option(k, v) for k, v in options)
    if not MIN_OPTIONS <= len(opts) <= MAX_OPTIONS:
        raise ValueError(f"{kind}: {len(opts)} options for {text!r}")
    if answer not in {o.key for o in opts}:
        raise ValueError(f"{kind}: answer {answer!r} not among the options of {text!r}")
    if qid is None:
        content = "\n".join([kind, text, answer, *(f"{o.key}={o.label}" for o in opts)])
        qid = f"{kind}-{hashlib.sha256(content.encode()).hexdigest()[:10]}"
    return Question(qid, kind, text, opts, answer, explanation, source, topic)
