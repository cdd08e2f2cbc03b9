""" "Did you mean" suggestions: the question to re-ask, for an entity of the knowledge."""

from __future__ import annotations

from collections.abc import Collection, Iterable

from bot.intent.index import AliasIndex, Entity
from bot.intent.query import Suggestion
from bot.intent.scores import LOOSE_CANDIDATES, LOOSE_RATIO, LOOSE_SUGGESTIONS
from bot.intent.typos import same_start


def label(index: AliasIndex, kind: str, ident: str) -> str:
    kb = index.kb
    if kind == "service":
        return kb.services[ident].name
    if kind == "group":
        return kb.groups[ident].name
    if kind == "engine":
        return kb.engines[ident].name
    if kind == "duty":
        return kb.duties[ident].name
    return kb.categories[ident].name


def suggest(
    index: AliasIndex, kind: str, ident: str, duty: str | None, category: str | None
) -> Suggestion:
    name = label(index, kind, ident)
    if duty:
        text = f"{index.kb.duties[duty].name} for {name}"
    elif category:
        text = f"is {name} {index.kb.categories[category].name}"
    else:
        text = name
    return Suggestion(kind=kind, id=ident, label=name, text=text)


def suggest_duty(
    index: AliasIndex, duty: str, group: str | None, services: Iterable[str]
) -> Suggestion:
    name = index.kb.duties[duty].name
    if group:
        target = index.kb.groups[group].name
    else:
        target = " and ".join(index.kb.services[s].name for s in services)
    return Suggestion(kind="duty", id=duty, label=name, text=f"{name} for {target}")


def loose_suggestions(
    index: AliasIndex,
    unknown: Iterable[str],
    duty: str | None,
    category: str | None,
    skip: Collection[Entity],
) -> list[Suggestion]:
    """Names spelled like the unknown words (same first letter, or the first two swapped)."""
    from rapidfuzz import fuzz
    from rapidfuzz.process import extract

    found: dict[Entity, tuple[float, int]] = {}
    for word in unknown:
        hits = extract(
            word,
            index.loose_words,
            scorer=fuzz.ratio,
            score_cutoff=LOOSE_RATIO,
            limit=LOOSE_CANDIDATES,
        )
        for choice, score, _ in hits:
            if not same_start(word, choice):
                continue  # "streams" is not spelled like "postgres"
            for entity, rank in index.loose[choice]:
                if entity in skip:
                    continue
                if entity not in found or score > found[entity][0]:
                    found[entity] = (score, rank)
    ordered = sorted(found, key=lambda e: (-found[e][0], found[e][1]))
    return [suggest(index, k, i, duty, category) for k, i in ordered[:LOOSE_SUGGESTIONS]]
