"""Baseline for the benchmark: the same question -> Query job with the standard library only.

Written simply and fairly: the same aliases (plus names and ids) as the real matcher, the same
intent rules, but matching is ``difflib.get_close_matches`` over the whole alias list for every
1-3 word span of the question (longest spans first, spans may not overlap).
"""

from __future__ import annotations

import difflib
import re

from bot.intent import Query
from bot.kb.models import Knowledge

_WORD = re.compile(r"[a-z0-9]+")
_CLASSIFY = {"kind", "type", "category", "classified", "classify", "classification"}
_HELP = {"help", "usage", "hi", "hello"}


class DifflibMatcher:
    def __init__(self, knowledge: Knowledge, cutoff: float = 0.8) -> None:
        self._kb = knowledge
        self._cutoff = cutoff
        self._aliases: dict[str, tuple[str, str]] = {}
        for kind, entities in (
            ("service", knowledge.services.values()),
            ("group", knowledge.groups.values()),
            ("duty", knowledge.duties.values()),
            ("category", knowledge.categories.values()),
        ):
            for e in entities:
                for text in (*e.aliases, e.name, e.id.replace("-", " ")):
                    norm = " ".join(_WORD.findall(text.lower()))
                    self._aliases.setdefault(norm, (kind, e.id))
        self._choices = list(self._aliases)

    def parse(self, text: str) -> Query:
        words = _WORD.findall(text.lower())
        if not words or set(words) <= _HELP:
            return Query(text=text, intent="help", confidence=1.0)
        used = [False] * len(words)
        found: list[tuple[int, str, str]] = []
        for n in (3, 2, 1):
            for i in range(len(words) - n + 1):
                if any(used[i : i + n]):
                    continue
                span = " ".join(words[i : i + n])
                best = difflib.get_close_matches(span, self._choices, n=1, cutoff=self._cutoff)
                if best:
                    kind, ident = self._aliases[best[0]]
                    found.append((i, kind, ident))
                    for j in range(i, i + n):
                        used[j] = True
        found.sort()
        services: list[str] = []
        group = duty = category = None
        for _, kind, ident in found:
            if kind == "service" and ident not in services:
                services.append(ident)
            elif kind == "group":
                group = group or ident
                services += [s for s in self._kb.groups[ident].members if s not in services]
            elif kind == "duty":
                duty = duty or ident
            elif kind == "category":
                category = category or ident
        if services:
            if duty:
                intent = "who_owns"
            elif category or set(words) & _CLASSIFY:
                intent = "classify"
            else:
                intent = "overview"
        elif duty:
            intent = "duty"
        elif category:
            intent = "explain"
        else:
            intent = "unknown"
        return Query(
            text=text,
            intent=intent,
            duty=duty,
            services=tuple(services),
            group=group if services else None,
            category=category,
            confidence=1.0 if found else 0.0,
        )
