"""What a channel's daily questions are about: ``course`` (the AWS course, the default),
``ours`` (the organisation's own databases, from the inventory) or ``mixed`` (taking turns).

    parse_topics("ours")        # -> "ours"; TopicsError for anything else
    describe_topics("mixed")    # -> "questions on the course and on your databases, in turn"
"""

from __future__ import annotations

TOPICS = ("course", "ours", "mixed")
DEFAULT_TOPICS = "course"
TOPICS_FORM = "`course` (the AWS course), `ours` (your organisation's databases) or `mixed`"
_ALIASES = {
    "course": "course",
    "aws": "course",
    "ours": "ours",
    "our": "ours",
    "org": "ours",
    "inventory": "ours",
    "mixed": "mixed",
    "mix": "mixed",
    "both": "mixed",
}


class TopicsError(ValueError):
    """Not a topics setting; the message says what is expected."""


def parse_topics(text: str) -> str:
    value = text.strip().lower()
    for prefix in ("topics:", "topics=", "topic:", "topic="):
        value = value.removeprefix(prefix)
    found = _ALIASES.get(value)
    if found is None:
        raise TopicsError(f"expected {TOPICS_FORM}")
    return found


def describe_topics(topics: str) -> str:
    if topics == "ours":
        return "questions on your organisation's databases"
    if topics == "mixed":
        return "questions on the course and on your databases, in turn"
    return "questions on the AWS course"
